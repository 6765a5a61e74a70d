"""Build a JSON value that validates against a JSON Schema, filled from the conversation.

Used for `response_format: json_schema`, for `json_object` replies that ask for keys, and for
tool-call arguments. Supports what pydantic's `model_json_schema()` and OpenAI's strict mode
emit: objects, arrays, enums, const, numeric and length bounds, formats, `anyOf`/`oneOf` with
null, `allOf`, `$defs`/`$ref` (recursion is cut off) and `additionalProperties: false`
(only declared properties are ever written). Properties come out in schema order.
"""

from __future__ import annotations

import math
import re
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.schema_values import (
    MISSING,
    FillContext,
    boolean_value,
    enum_default,
    enum_value,
    fact,
    kind_of,
    number_value,
    string_value,
)
from metal_sandbox.assistant.text import sentences, stem, words

_MAX_DEPTH = 6
_SENTENCE_LISTS = ("steps", "instructions", "sentences", "points", "facts", "reasons", "tips",
                   "ideas", "highlights", "takeaways")
_FORMAT_DEFAULTS = {
    "date": "2025-01-01", "date-time": "2025-01-01T09:00:00Z", "time": "09:00:00",
    "email": "user@example.com", "uri": "https://example.com", "url": "https://example.com",
    "uuid": "00000000-0000-4000-8000-000000000000", "ipv4": "127.0.0.1", "ipv6": "::1",
    "hostname": "example.com",
}


def fill(schema: dict[str, Any], ctx: FillContext, *, optional: bool = True) -> Any:
    """A value valid against `schema`. With optional=False, optional properties are only
    written when the conversation supplies them (tool arguments, like a real model)."""
    return _Filler(schema, ctx, optional).value(schema, "", ctx.title, 0, need=True)


class _Filler:
    """Walks one schema; holds the root (for `$ref`) and the fill policy."""

    def __init__(self, root: dict[str, Any], ctx: FillContext, optional: bool) -> None:
        self.root, self.ctx, self.optional = root, ctx, optional

    def resolve(self, schema: Any) -> dict[str, Any]:
        """Follow `$ref` and merge `allOf`, so the rest of the walk sees one plain schema."""
        if not isinstance(schema, dict):
            return {}
        for _ in range(20):
            ref = schema.get("$ref")
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            target = self._pointer(ref)
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        if isinstance(schema.get("allOf"), list):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                merged = _merge(merged, self.resolve(part))
            schema = merged
        return schema

    def _pointer(self, ref: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.lstrip("#").strip("/").split("/"):
            if not part:
                continue
            key = part.replace("~1", "/").replace("~0", "~")
            node = node.get(key, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}

    def value(self, schema: Any, name: str, parent: str, depth: int, *, need: bool) -> Any:
        """A valid value, or MISSING when `need` is false and the text offers nothing."""
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        branches = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(branches, list) and branches:
            return self._choice(schema, branches, name, parent, depth, need=need)
        types = _types(schema)
        if "null" in types and len(types) > 1:
            found = self.value({**schema, "type": [t for t in types if t != "null"]}, name,
                               parent, depth, need=False)
            return None if found is MISSING else found
        kind = types[0] if types else _implied_type(schema)
        if kind == "object":
            return self._object(schema, name, parent, depth, need=need)
        if kind == "array":
            return self._array(schema, name, parent, depth, need=need)
        found = self._scalar(schema, kind, name, parent)
        if found is not MISSING or not need:
            return found
        return self.default(schema, kind, name, depth)

    def _choice(self, schema: dict[str, Any], branches: list[Any], name: str, parent: str,
                depth: int, *, need: bool) -> Any:
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        options = [_merge(base, self.resolve(b)) for b in branches]
        real = [o for o in options if _types(o) != ["null"]]
        for option in real:
            found = self.value(option, name, parent, depth, need=False)
            if found is not MISSING:
                return found
        if len(real) < len(options):
            return None
        return self.value(real[0], name, parent, depth, need=True) if need and real else MISSING

    def _object(self, schema: dict[str, Any], name: str, parent: str, depth: int, *,
                need: bool) -> Any:
        props = schema.get("properties") or {}
        required = schema.get("required") or []
        if depth > _MAX_DEPTH:
            return {} if need else MISSING
        title = schema.get("title") or name or parent
        out: dict[str, Any] = {}
        for key, sub in props.items():
            must = key in required or self.optional
            found = self.value(sub, key, title, depth + 1, need=must)
            if found is not MISSING:
                out[key] = found
        return MISSING if not need and not out else out

    def _array(self, schema: dict[str, Any], name: str, parent: str, depth: int, *,
               need: bool) -> Any:
        items = self.resolve(schema.get("items", {}))
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            return [self.value(p, name, parent, depth + 1, need=True) for p in prefix]
        values = self.elements(items, name, depth, need=need) if depth <= _MAX_DEPTH else []
        if not values and not need:
            return MISSING
        values = _unique(values) if schema.get("uniqueItems") else values
        low, high = int(schema.get("minItems", 0)), schema.get("maxItems")
        while len(values) < low:
            values.append(self._padding(items, name, len(values), depth))
        return values[: int(high)] if isinstance(high, int) else values

    def _padding(self, items: dict[str, Any], name: str, index: int, depth: int) -> Any:
        kind = (_types(items) or [_implied_type(items)])[0]
        if isinstance(items.get("enum"), list) and items["enum"]:
            return items["enum"][index % len(items["enum"])]
        if kind == "string" and "format" not in items:
            return f"{stem(name) or 'item'} {index + 1}"
        if kind in ("integer", "number"):
            return _fit_number(index + 1, items, kind)
        return self.value(items, name, name, depth + 1, need=True)

    def elements(self, items: dict[str, Any], name: str, depth: int, *,
                 need: bool) -> list[Any]:
        """Array items from facts, from a list in the text, or one per person named."""
        known = fact(name, self.ctx)
        if isinstance(known, list) and known:
            return [self._element(items, v, name, depth) for v in known[:20]]
        kind = (_types(items) or [_implied_type(items)])[0]
        if isinstance(items.get("enum"), list):
            return self._enum_elements(items["enum"])
        if kind in ("integer", "number"):
            return [_fit_number(n, items, kind) for n in entities.numbers(self.ctx.text)[:10]]
        phrases = self._phrases(name)
        if kind == "string":
            return [p for p in phrases if _fits_string(p, items)]
        if kind == "object" and phrases:
            return [self._narrow(items, phrase, name, depth) for phrase in phrases[:10]]
        if kind == "object" and need and depth <= 1:
            return [self.value(items, stem(name), stem(name), depth + 1, need=True)]
        return []

    def _element(self, items: dict[str, Any], known: Any, name: str, depth: int) -> Any:
        if isinstance(known, dict) and _types(items) == ["string"]:
            return ": ".join(str(v).rstrip(".") for v in known.values())
        if isinstance(known, dict):
            sub = _Filler(self.root, self.ctx.narrowed("", known), self.optional)
            return sub.value(items, name, name, depth + 1, need=True)
        coerced = coerce(known, items)
        return coerced if coerced is not MISSING else self._narrow(items, str(known), name, depth)

    def _narrow(self, items: dict[str, Any], phrase: str, name: str, depth: int) -> Any:
        facts = {"name": phrase} if kind_of(name) == "person" else {}
        sub = _Filler(self.root, self.ctx.narrowed(phrase, facts), self.optional)
        return sub.value(items, stem(name), stem(name), depth + 1, need=True)

    def _enum_elements(self, options: list[Any]) -> list[Any]:
        lowered = self.ctx.text.lower()
        hits = [(lowered.find(str(o).lower()), i) for i, o in enumerate(options)
                if re.search(rf"\b{re.escape(str(o).lower())}\b", lowered)]
        return [options[i] for _, i in sorted(hits)]

    def _phrases(self, name: str) -> list[str]:
        """Strings for an array property, chosen by what its name asks for."""
        kind, text = kind_of(name), self.ctx.text
        if kind == "person":
            return entities.person_names(text)
        if kind == "place":
            return entities.places(text)
        if kind == "email":
            return entities.emails(text)
        if kind == "date":
            return entities.date_phrases(text)
        if kind == "url":
            return entities.urls(text)
        tokens = words(name)
        if tokens and tokens[-1] in ("tags", "keywords", "topics", "labels", "categories"):
            return entities.keywords(text)
        if tokens and tokens[-1] in _SENTENCE_LISTS and self.ctx.answer:
            return sentences(self.ctx.answer)
        for key in (name, stem(name), *(stem(t) for t in tokens)):
            found = entities.items_after(text, key) if len(key) > 2 else []
            if found:
                return found
        return entities.any_list(text)

    def _scalar(self, schema: dict[str, Any], kind: str, name: str, parent: str) -> Any:
        known = coerce(fact(name, self.ctx), schema)
        if known is not MISSING:
            return known
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return enum_value(schema["enum"], name, self.ctx)
        if kind == "string":
            found = string_value(name, schema, self.ctx, parent)
        elif kind in ("integer", "number"):
            found = number_value(name, schema, self.ctx)
        elif kind == "boolean":
            found = boolean_value(name, self.ctx)
        else:
            return None if kind == "null" else MISSING
        return coerce(found, schema)

    def default(self, schema: dict[str, Any], kind: str, name: str, depth: int) -> Any:
        """A typed value that satisfies the schema when the text gives nothing."""
        if "default" in schema and coerce(schema["default"], schema) is not MISSING:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return enum_default(schema["enum"], self.ctx)
        if kind == "string":
            return _default_string(schema, name, self.ctx)
        if kind in ("integer", "number"):
            return _fit_number(0, schema, kind)
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return self.ctx.answer or None if not schema else _default_string(schema, name, self.ctx)


def _types(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, list):
        return [str(k) for k in kind]
    return [kind] if isinstance(kind, str) else []


def _implied_type(schema: dict[str, Any]) -> str:
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


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **extra}
    if "properties" in base and "properties" in extra:
        merged["properties"] = {**base["properties"], **extra["properties"]}
        merged["required"] = [*base.get("required", []), *extra.get("required", [])]
    return merged


def _unique(values: list[Any]) -> list[Any]:
    out: list[Any] = []
    for value in values:
        if value not in out:
            out.append(value)
    return out


def coerce(value: Any, schema: dict[str, Any]) -> Any:
    """`value` converted to the schema's type and bounds, or MISSING if it cannot fit."""
    if value is MISSING:
        return MISSING
    kinds = _types(schema) or [_implied_type(schema)]
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
        return text if text is not None and _fits_string(text, schema) else MISSING
    if kind in ("integer", "number") and not isinstance(value, bool):
        number = _to_number(value)
        return MISSING if number is None else _fit_number(number, schema, kind)
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
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    return None


def _to_number(value: Any) -> float | None:
    if isinstance(value, int | float) and math.isfinite(value):
        return value
    if isinstance(value, str):
        match = re.search(r"-?\d+(?:\.\d+)?", value.replace(",", ""))
        return float(match.group(0)) if match else None
    return None


def _fits_string(text: str, schema: dict[str, Any]) -> bool:
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
    checks = {"date": r"\d{4}-\d{2}-\d{2}", "email": r"[^@\s]+@[^@\s]+\.[^@\s]+",
              "date-time": r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})",
              "time": r"\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})?", "uri": r"[a-z][a-z0-9+.-]*:\S+"}
    return fmt not in checks or re.fullmatch(checks[fmt], text) is not None


def _fit_number(value: float, schema: dict[str, Any], kind: str) -> float:
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
    if kind == "number" and isinstance(other, int | float) and (
            (upward and candidate >= other) or (not upward and candidate <= other)):
        return (bound + other) / 2
    return candidate if kind == "integer" or candidate != bound else bound + step


def _default_string(schema: dict[str, Any], name: str, ctx: FillContext) -> str:
    fmt = schema.get("format")
    if fmt in _FORMAT_DEFAULTS:
        return _FORMAT_DEFAULTS[fmt]
    wants_text = kind_of(name) == "text" or not name
    text = ctx.answer if wants_text and ctx.answer else "unknown"
    if isinstance(schema.get("maxLength"), int):
        text = text[: schema["maxLength"]]
    low = int(schema.get("minLength", 0))
    return text + "x" * max(0, low - len(text))
