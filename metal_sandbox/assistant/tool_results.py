"""Turn tool results into the final answer after a round of function calls.

JSON results are phrased by shape: weather ("It's 18°C and sunny in Paris"), time, stock
quotes and errors have their own sentences; other objects list their key values; anything
that is not JSON is quoted as it came back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.text import format_number, join_list, split_identifier


@dataclass(frozen=True)
class ToolResult:
    """A tool message with the call it answers (name and parsed arguments)."""

    name: str
    arguments: dict[str, Any]
    content: str


def answer(results: list[ToolResult]) -> Answer:
    """One reply covering every result, weather and time readings grouped into one sentence."""
    weather, clocks, others = [], [], []
    facts: dict[str, Any] = {}
    for result in results:
        data = _parse(result.content)
        if isinstance(data, dict):
            facts.update(data)
        clause = _weather(data, result) if isinstance(data, dict) else None
        clock = _clock(data, result) if isinstance(data, dict) and not clause else None
        if clause:
            weather.append(clause)
        elif clock:
            clocks.append(clock)
        else:
            others.append(_sentence(data, result))
    parts = [
        f"It's {_and_list(weather)}." if weather else "",
        f"It's {_and_list(clocks)}." if clocks else "",
        *others,
    ]
    if len(results) > 1:
        facts["results"] = [_parse(r.content) for r in results]
    return Answer(" ".join(p for p in parts if p), kind="tool_result", facts=facts)


def _and_list(clauses: list[str]) -> str:
    """ "A, and B" for two readings, which reads better than "A and B" when each has "and"."""
    if len(clauses) == 2:
        return f"{clauses[0]}, and {clauses[1]}"
    return join_list(clauses)


_MISSING = object()


def _parse(content: str) -> Any:
    try:
        return json.loads(content)
    except (ValueError, TypeError):
        return _MISSING


def _get(data: dict[str, Any], *keys: str) -> Any:
    lowered = {k.lower(): v for k, v in data.items()}
    return next((lowered[k] for k in keys if lowered.get(k) not in (None, "")), None)


def _place(data: dict[str, Any], result: ToolResult) -> str:
    place = _get(data, "location", "city", "place", "name") or _get(
        result.arguments, "location", "city", "place"
    )
    return f" in {place}" if isinstance(place, str) else ""


_UNITS = {
    "celsius": "°C",
    "c": "°C",
    "°c": "°C",
    "metric": "°C",
    "fahrenheit": "°F",
    "f": "°F",
    "°f": "°F",
    "imperial": "°F",
    "kelvin": " K",
    "k": " K",
}


def _weather(data: dict[str, Any], result: ToolResult) -> str | None:
    """ "18°C and sunny in Paris" from a weather-shaped object."""
    temperature = _get(
        data, "temperature", "temp", "temperature_c", "temperature_f", "current_temperature"
    )
    if not isinstance(temperature, int | float | str) or isinstance(temperature, bool):
        return None
    unit = str(_get(data, "unit", "units") or _get(result.arguments, "unit", "units") or "")
    symbol = _UNITS.get(
        unit.lower(),
        "°C" if "temperature_c" in data else "°F" if "temperature_f" in data else " degrees",
    )
    shown = format_number(temperature) if not isinstance(temperature, str) else temperature
    condition = _get(
        data, "condition", "conditions", "description", "weather", "summary", "forecast", "sky"
    )
    if isinstance(condition, list) and all(isinstance(c, str) for c in condition):
        condition = join_list([c.lower() for c in condition])
    middle = f" and {str(condition).lower()}" if isinstance(condition, str) else ""
    return f"{shown}{symbol}{middle}{_place(data, result)}"


def _clock(data: dict[str, Any], result: ToolResult) -> str | None:
    """ "14:05 in Tokyo" from a time-shaped object."""
    time = _get(data, "time", "current_time", "local_time", "datetime")
    if not isinstance(time, str):
        return None
    place = _get(data, "location", "city", "timezone") or _get(
        result.arguments, "location", "city", "timezone"
    )
    if isinstance(place, str) and "/" in place:
        place = place.rsplit("/", 1)[-1].replace("_", " ")
    return f"{time} in {place}" if isinstance(place, str) else time


def _sentence(data: Any, result: ToolResult) -> str:
    tool = f"{result.name} tool" if result.name else "tool"
    if data is _MISSING:
        text = result.content.strip()
        if not text:
            return f"The {tool} returned nothing."
        shown = text if len(text) <= 200 else text[:197] + "..."
        return f'The {tool} returned: "{shown}".'
    if isinstance(data, dict):
        return _object_sentence(data, tool)
    if isinstance(data, list):
        return _list_sentence(data, tool)
    return f"The {tool} returned {_value(data)}."


def _object_sentence(data: dict[str, Any], tool: str) -> str:
    """A dict result: errors and stock quotes by shape, anything else as its key values."""
    error = _get(data, "error", "error_message", "message") if "error" in data else None
    if error is not None:
        detail = error if isinstance(error, str) else _value(error)
        return f"I couldn't get that: the {tool} reported an error ({detail})."
    price = _get(data, "price", "last_price", "current_price")
    symbol = _get(data, "symbol", "ticker")
    if price is not None and symbol is not None:
        currency = _get(data, "currency")
        suffix = f" {currency}" if currency else ""
        shown = f"{price:.2f}" if isinstance(price, float) else _value(price)
        return f"{symbol} is trading at {shown}{suffix}."
    pairs = [
        f"{_label(k)} {'are' if isinstance(v, list) and len(v) > 1 else 'is'} {_value(v)}"
        for k, v in list(data.items())[:8]
    ]
    if not pairs:
        return f"The {tool} returned an empty result."
    return f"Here's what I found: {join_list(pairs)}."


def _list_sentence(data: list[Any], tool: str) -> str:
    if not data:
        return f"The {tool} found no results."
    if all(isinstance(item, dict) for item in data):
        names = [
            str(_get(item, "name", "title", "id") or f"result {i + 1}")
            for i, item in enumerate(data[:3])
        ]
        more = f" and {len(data) - 3} more" if len(data) > 3 else ""
        return (
            f"The {tool} found {len(data)} result{'s' if len(data) != 1 else ''}: "
            f"{join_list(names)}{more}."
        )
    return f"The {tool} returned {join_list([_value(v) for v in data[:8]])}."


def _label(key: str) -> str:
    words = split_identifier(key).lower().split()
    return " ".join("ID" if w == "id" else w for w in words) or key


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return format_number(value)
    if value is None:
        return "not set"
    if isinstance(value, list):
        return join_list([_value(v) for v in value[:5]]) if value else "none"
    if isinstance(value, dict):
        return "; ".join(f"{_label(k)} {_value(v)}" for k, v in list(value.items())[:4])
    return str(value)
