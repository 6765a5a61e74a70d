"""Build a JSON value that validates against a JSON Schema, filled from the conversation.

Used for `response_format: json_schema`, for JSON asked for in the prompt, and for tool-call
arguments. Supports what pydantic's `model_json_schema()` and OpenAI's strict mode emit:
objects, arrays, enums, const, numeric and length bounds, formats, patterns, `anyOf`/`oneOf`
with null, `allOf`, `$defs`/`$ref` (recursion is cut off) and `additionalProperties: false`
(only declared properties are written). Values come from facts (a table entry's, or a tool
result's) by property name, then from the question by what the name asks for (a city, a
person, a date, a number), then from typed defaults. The request's schema was checked
against the hardening bounds (metal_sandbox/json_schema.py) before it gets here, so the
walk is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from metal_sandbox.assistant.constraints import (
    MISSING,
    coerce,
    default_string,
    fit_number,
    implied_type,
    types_of,
)
from metal_sandbox.assistant.table import load
from metal_sandbox.assistant.text import places, proper_nouns, stem, words

_MAX_DEPTH = 6
_FORMATS = {"email": "email", "uri": "url", "url": "url", "date": "date"}


@dataclass(frozen=True)
class Context:
    """What a value may come from: the user's words, the text answer, and known facts."""

    text: str
    answer: str = ""
    facts: dict[str, Any] = field(default_factory=dict)


def kind_of(name: str) -> str:
    """What a property's name asks for: "place" for `city`, "person" for `participants`."""
    last = [stem(w) for w in words(name)][-1:]
    kinds = load().raw["values"]["kinds"]
    return next((kind for kind, names in kinds.items() if last and last[0] in names), "")


def found_in_text(kind: str, text: str) -> list[str]:
    """The values of one kind that the text mentions, in order."""
    if kind == "place":
        return places(text) or proper_nouns(text)
    if kind == "person":
        return [n for n in proper_nouns(text) if n not in places(text)]
    finder = load().raw["values"]["finders"].get(kind)
    return [m.group(0) for m in re.finditer(finder, text, re.I)] if finder else []


def fill(schema: dict[str, Any], ctx: Context, *, optional: bool = True) -> Any:
    """A value valid against `schema`. With optional=False, optional properties are only
    written when the conversation supplies them (tool arguments, like a real model)."""
    return _Filler(schema, ctx, optional).value(schema, "", 0, need=True)


class _Filler:
    """Walks one schema; holds the root (for `$ref`) and the fill policy."""

    def __init__(self, root: dict[str, Any], ctx: Context, optional: bool) -> None:
        self.root, self.ctx, self.optional = root, ctx, optional

    def resolve(self, schema: Any) -> dict[str, Any]:
        """Follow `$ref` and merge `allOf`, so the rest of the walk sees one plain schema."""
        if not isinstance(schema, dict):
            return {}
        for _ in range(20):
            ref = schema.get("$ref")
            if not isinstance(ref, str) or not ref.startswith("#"):
                break
            node: Any = self.root
            for part in ref.lstrip("#").strip("/").split("/"):
                key = part.replace("~1", "/").replace("~0", "~")
                node = node.get(key, {}) if isinstance(node, dict) and part else node
            target = node if isinstance(node, dict) else {}
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        if isinstance(schema.get("allOf"), list):
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in schema["allOf"]:
                merged = _merge(merged, self.resolve(part))
            schema = merged
        return schema

    def value(self, schema: Any, name: str, depth: int, *, need: bool) -> Any:
        """A valid value, or MISSING when `need` is false and the conversation offers none."""
        schema = self.resolve(schema)
        if "const" in schema:
            return schema["const"]
        branches = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(branches, list) and branches:
            base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
            options = [_merge(base, self.resolve(b)) for b in branches]
            real = [o for o in options if types_of(o) != ["null"]]
            for option in real:
                found = self.value(option, name, depth, need=False)
                if found is not MISSING:
                    return found
            if len(real) < len(options):
                return None
            return self.value(real[0], name, depth, need=True) if need and real else MISSING
        types = types_of(schema)
        if "null" in types and len(types) > 1:
            rest = {**schema, "type": [t for t in types if t != "null"]}
            found = self.value(rest, name, depth, need=False)
            return None if found is MISSING else found
        kind = types[0] if types else implied_type(schema)
        if kind == "object":
            return self._object(schema, name, depth, need=need)
        if kind == "array":
            return self._array(schema, name, depth, need=need)
        found = self._scalar(schema, kind, name)
        if found is not MISSING or not need:
            return found
        return self._default(schema, kind, name)

    def _object(self, schema: dict[str, Any], name: str, depth: int, *, need: bool) -> Any:
        props = schema.get("properties") or {}
        required = schema.get("required") or []
        if depth > _MAX_DEPTH:
            return {} if need else MISSING
        if not need and all(
            self.value(sub, key, depth + 1, need=False) is MISSING for key, sub in props.items()
        ):
            return MISSING
        out: dict[str, Any] = {}
        for key, sub in props.items():
            found = self.value(sub, key, depth + 1, need=key in required or self.optional)
            if found is not MISSING:
                out[key] = found
        return out

    def _array(self, schema: dict[str, Any], name: str, depth: int, *, need: bool) -> Any:
        items = self.resolve(schema.get("items", {}))
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            return [self.value(p, name, depth + 1, need=True) for p in prefix]
        values = self._elements(items, name, depth) if depth <= _MAX_DEPTH else []
        if not values and not need:
            return MISSING
        if schema.get("uniqueItems"):
            values = [v for i, v in enumerate(values) if v not in values[:i]]
        low, high = int(schema.get("minItems", 0)), schema.get("maxItems")
        while len(values) < low:
            values.append(self._padding(items, name, len(values), depth))
        return values[: int(high)] if isinstance(high, int) else values

    def _elements(self, items: dict[str, Any], name: str, depth: int) -> list[Any]:
        """Array items from a list fact, else the text's values of the kind the name asks."""
        known = self._fact(name)
        if isinstance(known, list):
            return [self._element(items, v, name, depth) for v in known[:20]]
        kind = (types_of(items) or [implied_type(items)])[0]
        if isinstance(items.get("enum"), list):
            lowered = self.ctx.text.lower()
            return [
                o for o in items["enum"] if re.search(rf"\b{re.escape(str(o).lower())}\b", lowered)
            ]
        if kind == "string":
            found = [coerce(v, items) for v in found_in_text(kind_of(name), self.ctx.text)]
            return [v for v in found if v is not MISSING][:20]
        return []

    def _element(self, items: dict[str, Any], known: Any, name: str, depth: int) -> Any:
        if isinstance(known, dict):
            sub = _Filler(self.root, Context(self.ctx.text, "", known), self.optional)
            return sub.value(items, name, depth + 1, need=True)
        fitted = coerce(known, items)
        return fitted if fitted is not MISSING else self.value(items, name, depth + 1, need=True)

    def _padding(self, items: dict[str, Any], name: str, index: int, depth: int) -> Any:
        """The `index`th made-up item of an array that needs more than the text gives."""
        kind = (types_of(items) or [implied_type(items)])[0]
        if isinstance(items.get("enum"), list) and items["enum"]:
            return items["enum"][index % len(items["enum"])]
        if kind == "string" and not {"format", "pattern", "minLength", "maxLength"} & set(items):
            return f"{stem(name) or 'item'} {index + 1}"
        numeric = kind in ("integer", "number")
        return (
            fit_number(index + 1, items, kind)
            if numeric
            else self.value(items, name, depth + 1, need=True)
        )

    def _fact(self, name: str) -> Any:
        table = {_norm(k): v for k, v in self.ctx.facts.items()}
        for key in (name, *load().raw["values"]["aliases"].get(_norm(name), ())):
            if _norm(key) in table:
                return table[_norm(key)]
        return MISSING

    def _scalar(self, schema: dict[str, Any], kind: str, name: str) -> Any:
        known = coerce(self._fact(name), schema)
        if known is not MISSING:
            return known
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            lowered = self.ctx.text.lower()
            named = [o for o in schema["enum"] if str(o).lower() in lowered]
            return named[0] if named else MISSING
        if kind == "string":
            wanted = kind_of(name) or _FORMATS.get(str(schema.get("format")), "")
            for found in found_in_text(wanted, self.ctx.text):
                if coerce(found, schema) is not MISSING:
                    return coerce(found, schema)
            if kind_of(name) == "text" and self.ctx.answer:
                return coerce(self.ctx.answer, schema)
        if kind in ("integer", "number"):
            numbers = re.findall(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w|\.\d)", self.ctx.text)
            return coerce(numbers[0], schema) if numbers else MISSING
        return None if kind == "null" else MISSING

    def _default(self, schema: dict[str, Any], kind: str, name: str) -> Any:
        """A typed value that satisfies the schema when the conversation gives nothing."""
        if "default" in schema and coerce(schema["default"], schema) is not MISSING:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return schema["enum"][0]
        if kind == "string":
            text = self.ctx.answer if kind_of(name) == "text" or not name else ""
            return default_string(schema, text, load().raw["values"]["formats"])
        if kind in ("integer", "number"):
            return fit_number(0, schema, kind)
        if kind == "boolean":
            return False
        return None if kind == "null" or schema else (self.ctx.answer or None)


def _norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **extra}
    if "properties" in base and "properties" in extra:
        merged["properties"] = {**base["properties"], **extra["properties"]}
        merged["required"] = [*base.get("required", []), *extra.get("required", [])]
    return merged
