"""Build a JSON value that validates against a JSON Schema, filled from the conversation.

Used for `response_format: json_schema`, for `json_object` replies that ask for keys, and for
tool-call arguments. Supports what pydantic's `model_json_schema()` and OpenAI's strict mode
emit: objects, arrays, enums, const, numeric and length bounds, formats, `anyOf`/`oneOf` with
null, `allOf`, `$defs`/`$ref` (recursion is cut off) and `additionalProperties: false`
(only declared properties are ever written). Properties come out in schema order.
"""

from __future__ import annotations

import re
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.constraints import (
    coerce,
    default_string,
    fit_number,
    fits_string,
    implied_type,
    pattern_in_text,
    types_of,
)
from metal_sandbox.assistant.schema_values import (
    MISSING,
    FillContext,
    boolean_value,
    enum_default,
    enum_value,
    fact,
    kind_of,
    number_value,
)
from metal_sandbox.assistant.string_values import string_value
from metal_sandbox.assistant.text import sentences, stem, words

_MAX_DEPTH = 6
_SENTENCE_LISTS = (
    "steps",
    "instructions",
    "sentences",
    "points",
    "facts",
    "reasons",
    "tips",
    "ideas",
    "highlights",
    "takeaways",
)


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
        types = types_of(schema)
        if "null" in types and len(types) > 1:
            found = self.value(
                {**schema, "type": [t for t in types if t != "null"]},
                name,
                parent,
                depth,
                need=False,
            )
            return None if found is MISSING else found
        kind = types[0] if types else implied_type(schema)
        if kind == "object":
            return self._object(schema, name, parent, depth, need=need)
        if kind == "array":
            return self._array(schema, name, parent, depth, need=need)
        found = self._scalar(schema, kind, name, parent)
        if found is not MISSING or not need:
            return found
        return self.default(schema, kind, name, depth)

    def _choice(
        self,
        schema: dict[str, Any],
        branches: list[Any],
        name: str,
        parent: str,
        depth: int,
        *,
        need: bool,
    ) -> Any:
        base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
        options = [_merge(base, self.resolve(b)) for b in branches]
        real = [o for o in options if types_of(o) != ["null"]]
        for option in real:
            found = self.value(option, name, parent, depth, need=False)
            if found is not MISSING:
                return found
        if len(real) < len(options):
            return None
        return self.value(real[0], name, parent, depth, need=True) if need and real else MISSING

    def _object(
        self, schema: dict[str, Any], name: str, parent: str, depth: int, *, need: bool
    ) -> Any:
        props = schema.get("properties") or {}
        required = schema.get("required") or []
        if depth > _MAX_DEPTH:
            return {} if need else MISSING
        title = schema.get("title") or name or parent
        if not need and all(
            self.value(sub, key, title, depth + 1, need=False) is MISSING
            for key, sub in props.items()
        ):
            return MISSING
        out: dict[str, Any] = {}
        for key, sub in props.items():
            must = key in required or self.optional
            found = self.value(sub, key, title, depth + 1, need=must)
            if found is not MISSING:
                out[key] = found
        return out

    def _array(
        self, schema: dict[str, Any], name: str, parent: str, depth: int, *, need: bool
    ) -> Any:
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
        kind = (types_of(items) or [implied_type(items)])[0]
        if isinstance(items.get("enum"), list) and items["enum"]:
            return items["enum"][index % len(items["enum"])]
        if kind == "string" and "format" not in items:
            return f"{stem(name) or 'item'} {index + 1}"
        if kind in ("integer", "number"):
            return fit_number(index + 1, items, kind)
        return self.value(items, name, name, depth + 1, need=True)

    def elements(self, items: dict[str, Any], name: str, depth: int, *, need: bool) -> list[Any]:
        """Array items from facts, from a list in the text, or one per person named."""
        known = fact(name, self.ctx)
        if isinstance(known, list) and known:
            return [self._element(items, v, name, depth) for v in known[:20]]
        kind = (types_of(items) or [implied_type(items)])[0]
        if isinstance(items.get("enum"), list):
            return self._enum_elements(items["enum"])
        if kind in ("integer", "number"):
            return [fit_number(n, items, kind) for n in entities.numbers(self.ctx.text)[:10]]
        phrases = self._phrases(name)
        if kind == "string":
            return [p for p in phrases if fits_string(p, items)]
        if kind == "object" and phrases:
            return [self._narrow(items, phrase, name, depth) for phrase in phrases[:10]]
        if kind == "object" and need and depth <= 1:
            return [self.value(items, stem(name), stem(name), depth + 1, need=True)]
        return []

    def _element(self, items: dict[str, Any], known: Any, name: str, depth: int) -> Any:
        if isinstance(known, dict) and types_of(items) == ["string"]:
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
        hits = [
            (lowered.find(str(o).lower()), i)
            for i, o in enumerate(options)
            if re.search(rf"\b{re.escape(str(o).lower())}\b", lowered)
        ]
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
        fitted = coerce(found, schema)
        if fitted is MISSING and kind == "string" and isinstance(schema.get("pattern"), str):
            return pattern_in_text(schema, self.ctx.text)
        return fitted

    def default(self, schema: dict[str, Any], kind: str, name: str, depth: int) -> Any:
        """A typed value that satisfies the schema when the text gives nothing."""
        if "default" in schema and coerce(schema["default"], schema) is not MISSING:
            return schema["default"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return enum_default(schema["enum"], self.ctx)
        if kind == "string":
            return default_string(schema, name, self.ctx)
        if kind in ("integer", "number"):
            return fit_number(0, schema, kind)
        if kind == "boolean":
            return False
        if kind == "null":
            return None
        return self.ctx.answer or None if not schema else default_string(schema, name, self.ctx)


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
