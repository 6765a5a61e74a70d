"""Turn tool results into the final answer after a round of function calls.

JSON results are phrased by shape: weather readings ("It's 18°C and sunny in Paris") are
grouped into one sentence, errors are reported, other objects list their key values;
anything that is not JSON is quoted as it came back.
"""

from __future__ import annotations

import json
from typing import Any

from metal_sandbox.assistant.conversation import ToolResult
from metal_sandbox.assistant.reply import Answer
from metal_sandbox.assistant.text import format_number, join_list, words

_UNITS = {"celsius": "°C", "c": "°C", "metric": "°C", "fahrenheit": "°F", "f": "°F"}
_UNITS |= {"imperial": "°F", "kelvin": " K", "k": " K"}
_PLACES = ("location", "city", "place", "name")
_MISSING = object()


def answer(results: tuple[ToolResult, ...]) -> Answer:
    """One reply covering every result, weather readings grouped into one sentence."""
    readings: list[str] = []
    others: list[str] = []
    facts: dict[str, Any] = {}
    for result in results:
        data = _parse(result.content)
        reading = _weather(data, result) if isinstance(data, dict) else None
        facts.update(data if isinstance(data, dict) else {})
        if reading:
            readings.append(reading)
        else:
            others.append(_sentence(data, result))
    parts = [f"It's {_and_list(readings)}."] if readings else []
    if len(results) > 1:
        facts["results"] = [_parse(r.content) for r in results]
    return Answer(" ".join([*parts, *others]), facts=facts)


def _and_list(clauses: list[str]) -> str:
    """ "A, and B" for two readings, which reads better than "A and B" when each has "and"."""
    return f"{clauses[0]}, and {clauses[1]}" if len(clauses) == 2 else join_list(clauses)


def _parse(content: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, TypeError):
        return _MISSING


def _get(data: dict[str, Any], *keys: str) -> Any:
    lowered = {k.lower(): v for k, v in data.items()}
    return next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), None)


def _weather(data: dict[str, Any], result: ToolResult) -> str | None:
    """ "18°C and sunny in Paris" from a weather-shaped object."""
    temperature = _get(data, "temperature", "temp", "temperature_c", "temperature_f")
    if not isinstance(temperature, int | float | str) or isinstance(temperature, bool):
        return None
    unit = str(_get(data, "unit", "units") or _get(result.arguments, "unit", "units") or "")
    fallback = "°C" if "temperature_c" in data else "°F" if "temperature_f" in data else " degrees"
    shown = temperature if isinstance(temperature, str) else format_number(temperature)
    condition = _get(data, "condition", "conditions", "description", "weather", "summary")
    middle = f" and {condition.lower()}" if isinstance(condition, str) else ""
    place = _get(data, *_PLACES) or _get(result.arguments, *_PLACES)
    where = f" in {place}" if isinstance(place, str) else ""
    return f"{shown}{_UNITS.get(unit.lower(), fallback)}{middle}{where}"


def _sentence(data: Any, result: ToolResult) -> str:
    tool = f"{result.name} tool" if result.name else "tool"
    if data is _MISSING:
        text = result.content.strip()
        shown = text if len(text) <= 200 else text[:197] + "..."
        return f'The {tool} returned: "{shown}".' if text else f"The {tool} returned nothing."
    if isinstance(data, dict) and "error" in data:
        return f"I couldn't get that: the {tool} reported an error ({_value(data['error'])})."
    if isinstance(data, dict):
        pairs = [f"{_words(k)} is {_value(v)}" for k, v in list(data.items())[:8]]
        return (
            f"Here's what I found: {join_list(pairs)}." if pairs else f"The {tool} found nothing."
        )
    if isinstance(data, list):
        return f"The {tool} returned {_value(data) if data else 'no results'}."
    return f"The {tool} returned {_value(data)}."


def _words(key: str) -> str:
    return " ".join("ID" if w == "id" else w for w in words(key)) or key


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    if value is None:
        return "not set"
    if isinstance(value, list):
        return join_list([_value(v) for v in value[:5]]) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{_words(k)} {_value(v)}" for k, v in list(value.items())[:4])
    return str(value)
