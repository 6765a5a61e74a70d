"""Make values fit a schema: type conversion, numeric bounds, string length, formats,
patterns, and the typed defaults used when the conversation offers nothing."""

from __future__ import annotations

import math
import re
from typing import Any

from metal_sandbox.assistant.patterns import example as pattern_example


class _Missing:
    """The "nothing found" marker; distinct from None, which is a valid JSON null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


def types_of(schema: dict[str, Any]) -> list[str]:
    """The schema's "type" as a list ("string" becomes ["string"])."""
    kind = schema.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    return [kind] if isinstance(kind, str) else []


def implied_type(schema: dict[str, Any]) -> str:
    """The type a schema without "type" describes, judged by its other keywords."""
    if "properties" in schema or "additionalProperties" in schema or "required" in schema:
        return "object"
    if "items" in schema or "prefixItems" in schema:
        return "array"
    if isinstance(schema.get("enum"), list) and schema["enum"]:
        value = schema["enum"][0]
        return {bool: "boolean", int: "integer", float: "number"}.get(type(value), "string")
    if any(k in schema for k in ("minimum", "maximum", "exclusiveMinimum", "multipleOf")):
        return "number"
    return "string" if schema else "any"


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """`value` converted to the schema's type and bounds, or MISSING if it cannot fit."""
    if value is MISSING:
        return MISSING
    kinds = types_of(schema) or [implied_type(schema)]
    if isinstance(schema.get("enum"), list) and value not in schema["enum"]:
        return MISSING
    for kind in kinds:
        converted = _convert(value, kind, schema)
        if converted is not MISSING:
            return converted
    return MISSING


def _convert(value: Any, kind: str, schema: dict[str, Any]) -> Any:
    if kind == "string":
        text = value if isinstance(value, str) else _stringify(value)
        return text if text is not None and fits_string(text, schema) else MISSING
    if kind in ("integer", "number") and not isinstance(value, bool):
        number = _to_number(value)
        return MISSING if number is None else fit_number(number, schema, kind)
    if kind == "boolean":
        return value if isinstance(value, bool) else MISSING
    if kind == "null":
        return None if value is None else MISSING
    if kind == "array":
        return value if isinstance(value, list) else MISSING
    if kind == "object":
        return value if isinstance(value, dict) and not schema.get("properties") else MISSING
    return value if kind == "any" else MISSING


def _stringify(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    is_words = isinstance(value, list) and all(isinstance(v, str) for v in value)
    return ", ".join(value) if is_words else None


def _to_number(value: Any) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    if isinstance(value, str):
        match = re.search(r"-?\d+(?:\.\d+)?", value.replace(",", ""))
        return float(match.group(0)) if match else None
    return None


def fits_string(text: str, schema: dict[str, Any]) -> bool:
    """Whether `text` meets the schema's length, pattern and format rules, so an extracted
    value is only used when it keeps the instance valid."""
    if len(text) < int(schema.get("minLength", 0)):
        return False
    if isinstance(schema.get("maxLength"), int) and len(text) > schema["maxLength"]:
        return False
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            if not re.search(pattern, text):
                return False
        except re.error:
            return True
    fmt = schema.get("format")
    checks = {
        "date": r"\d{4}-\d{2}-\d{2}",
        "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
        "date-time": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})",
        "time": r"\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?",
        "uri": r"[a-z][a-z0-9+.-]*:\S+",
    }
    return fmt not in checks or re.fullmatch(checks[fmt], text) is not None


def fit_number(value: float, schema: dict[str, Any], kind: str) -> float:
    """Clamp into [minimum, maximum] (honouring exclusive bounds and multipleOf)."""
    low, high = schema.get("minimum"), schema.get("maximum")
    above, below = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
    if isinstance(above, int | float) and (not isinstance(low, int | float) or low <= above):
        low = _inside(above, below if isinstance(below, int | float) else high, kind, upward=True)
    if isinstance(below, int | float) and (not isinstance(high, int | float) or high >= below):
        high = _inside(below, low, kind, upward=False)
    if isinstance(low, int | float) and value < low:
        value = math.ceil(low) if kind == "integer" else low
    if isinstance(high, int | float) and value > high:
        value = math.floor(high) if kind == "integer" else high
    multiple = schema.get("multipleOf")
    if isinstance(multiple, int | float) and multiple > 0:
        value = math.ceil(value / multiple) * multiple
        if isinstance(high, int | float) and value > high:
            value -= multiple
    if kind == "integer" or float(value).is_integer():
        return int(round(value))
    return round(value, 10)


def _inside(bound: float, other: Any, kind: str, *, upward: bool) -> float:
    """The nearest "round" value strictly inside an exclusive bound: one step in, or halfway
    to the other bound when a whole step would overshoot it."""
    step = 1 if upward else -1
    candidate = math.floor(bound) + 1 if upward else math.ceil(bound) - 1
    if (
        kind == "number"
        and isinstance(other, int | float)
        and ((upward and candidate >= other) or (not upward and candidate <= other))
    ):
        return (bound + other) / 2
    return candidate if kind == "integer" or candidate != bound else bound + step


def default_string(schema: dict[str, Any], text: str, formats: dict[str, str]) -> str:
    """A string for a field the conversation says nothing about: a format's example, else
    `text` (the answer, for text-like fields) or "unknown", stretched or cut to the length
    limits, or an example of the pattern."""
    if schema.get("format") in formats:
        return str(formats[schema["format"]])
    text = text or "unknown"
    if isinstance(schema.get("maxLength"), int):
        text = text[: schema["maxLength"]]
    text = text + "x" * max(0, int(schema.get("minLength", 0)) - len(text))
    if isinstance(schema.get("pattern"), str) and not fits_string(text, schema):
        return pattern_example(schema["pattern"]) or text
    return text
