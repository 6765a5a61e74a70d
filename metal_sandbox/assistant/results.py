"""The answer after a round of function calls, in words, from the tool results.

A weather reading becomes "18°C and sunny in Paris", a time "14:05 in Tokyo" (several of
them in one sentence); an error is reported as one; any other object lists its values; text
that is not JSON is quoted as it came back.
"""

from __future__ import annotations

import json
from typing import Any

from metal_sandbox.assistant.conversation import ToolResult
from metal_sandbox.assistant.text import join_list, split_identifier

_UNITS = {"celsius": "°C", "c": "°C", "metric": "°C", "fahrenheit": "°F", "f": "°F"}
_UNITS |= {"imperial": "°F", "kelvin": " K", "k": " K"}
_MISSING = object()


def answer(results: list[ToolResult]) -> tuple[str, dict[str, Any]]:
    """The reply text, and the results' values (for a JSON schema that asks for them)."""
    readings, others = [], []
    facts: dict[str, Any] = {}
    for result in results:
        data = _parse(result.content)
        if isinstance(data, dict):
            facts.update(data)
            reading = _weather(data, result) or _clock(data, result)
            if reading:
                readings.append(reading)
                continue
        others.append(_sentence(data, result))
    if len(readings) == 2:
        lead = f"It's {readings[0]}, and {readings[1]}."
    else:
        lead = f"It's {join_list(readings)}." if readings else ""
    return " ".join(p for p in (lead, *others) if p), facts


def _parse(content: str) -> Any:
    try:
        return json.loads(content)
    except ValueError:
        return _MISSING


def _get(data: dict[str, Any], *keys: str) -> Any:
    lowered = {str(k).lower(): v for k, v in data.items()}
    return next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), None)


def _place(data: dict[str, Any], result: ToolResult) -> str:
    keys = ("location", "city", "place", "name")
    place = _get(data, *keys) or _get(result.arguments, *keys)
    return f" in {place}" if isinstance(place, str) else ""


def _number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _weather(data: dict[str, Any], result: ToolResult) -> str | None:
    temperature = _get(data, "temperature", "temp", "temperature_c", "temperature_f")
    if isinstance(temperature, bool) or not isinstance(temperature, int | float | str):
        return None
    unit = str(_get(data, "unit", "units") or _get(result.arguments, "unit", "units") or "")
    fallback = "°C" if "temperature_c" in data else "°F" if "temperature_f" in data else " degrees"
    condition = _get(data, "condition", "conditions", "description", "weather", "summary")
    middle = f" and {condition.lower()}" if isinstance(condition, str) else ""
    symbol = _UNITS.get(unit.lower(), fallback)
    return f"{_number(temperature)}{symbol}{middle}{_place(data, result)}"


def _clock(data: dict[str, Any], result: ToolResult) -> str | None:
    time = _get(data, "time", "current_time", "local_time", "datetime")
    if not isinstance(time, str):
        return None
    keys = ("location", "city", "timezone")
    place = _get(data, *keys) or _get(result.arguments, *keys)
    if isinstance(place, str):
        return f"{time} in {place.rsplit('/', 1)[-1].replace('_', ' ')}"
    return time


def _sentence(data: Any, result: ToolResult) -> str:
    tool = f"{result.name} tool" if result.name else "tool"
    if data is _MISSING:
        text = result.content.strip()
        if not text:
            return f"The {tool} returned nothing."
        return f'The {tool} returned: "{text if len(text) <= 200 else text[:197] + "..."}".'
    if isinstance(data, dict):
        if "error" in data:
            detail = _get(data, "error", "message")
            return f"I couldn't get that: the {tool} reported an error ({_value(detail)})."
        pairs = [f"{_label(k)} is {_value(v)}" for k, v in list(data.items())[:8]]
        return (
            f"Here's what I found: {join_list(pairs)}."
            if pairs
            else f"The {tool} returned nothing."
        )
    if isinstance(data, list):
        if not data:
            return f"The {tool} found no results."
        return f"The {tool} returned {join_list([_value(v) for v in data[:8]])}."
    return f"The {tool} returned {_value(data)}."


def _label(key: str) -> str:
    return " ".join(split_identifier(str(key)).lower().split()) or str(key)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "not set"
    if isinstance(value, list):
        return join_list([_value(v) for v in value[:5]]) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)} {_value(v)}" for k, v in list(value.items())[:4])
    return _number(value)
