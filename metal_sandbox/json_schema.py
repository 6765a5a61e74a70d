"""Check a JSON Schema from a request before any work starts: keyword types, and bounds.

A schema in `response_format` or a tool's `parameters` is a program the reply model runs:
it fills the schema with a value, so `minLength: 2000000` or `minItems: 1000000000` would
make a request of a hundred bytes cost seconds of CPU or gigabytes of memory, and a
keyword of the wrong type (`required: "a"`) would fail deep inside the filler. Here every
keyword is checked against the JSON Schema 2020-12 metaschema (jsonschema-rs: a fraction
of a millisecond, where the pure-Python `jsonschema` takes 60 ms for 100 properties), then
walked once, with `$ref` followed, to measure what filling it costs.

The limits are OpenAI's for structured outputs as first published (100 properties, 5
levels of nesting, 500 enum values, 15,000 characters of names and values; OpenAI has
since raised them), plus bounds of the sandbox's own on the size of the smallest valid
instance and on the work a request's schemas ask for, chosen so that the worst schema they
allow costs the reply model milliseconds (measured in `bench/sandbox_load.py`).
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, TypeGuard

import jsonschema_rs

from metal_sandbox import schema_patterns

#: Levels of nested objects and arrays, the root object included.
MAX_LEVELS = 5
#: Properties over the whole schema, each `$ref` counted where it is used.
MAX_PROPERTIES = 100
#: `enum` values over the whole schema.
MAX_ENUM_VALUES = 500
#: Characters of property names, `$defs` names, and enum and const values.
MAX_STRING_CHARS = 15_000
#: Characters of one string `enum` with more than `LARGE_ENUM` values.
MAX_LARGE_ENUM_CHARS = 7_500
LARGE_ENUM = 250
#: Bytes of the smallest valid instance (as JSON, with every declared property written).
MAX_INSTANCE_BYTES = 4_096
#: Subschemas (after following `$ref`) plus values of the smallest instance, over all the
#: schemas of one request, counted once per choice (`n`): what the reply model walks.
MAX_WORK = 1_000
#: Characters of one `pattern`; patterns per request, counted once per choice.
MAX_PATTERN_CHARS = 1_000
MAX_PATTERNS = 8
#: The largest magnitude of a number in the schema, and the smallest `multipleOf`.
MAX_NUMBER = 1e15
MIN_MULTIPLE = 1e-9
#: How far a recursive `$ref` is followed: as deep as the reply model fills one.
_RECURSION_LEVELS = 7

def largest_allowed() -> dict[str, Any]:
    """The costliest schema these limits allow: `MAX_LEVELS` levels of objects and
    `MAX_PROPERTIES` properties in all, strict, with a smallest instance near
    `MAX_INSTANCE_BYTES`. The tests and the bench's hostile scenario send it."""
    wrappers = [chr(ord("a") + level) for level in range(MAX_LEVELS - 1)]
    leaves = {
        f"p{i}": {"type": "string", "minLength": 30, "maxLength": 30}
        for i in range(MAX_PROPERTIES - len(wrappers))
    }
    node: dict[str, Any] = {
        "type": "object",
        "properties": leaves,
        "required": list(leaves),
        "additionalProperties": False,
    }
    for name in reversed(wrappers):
        node = {
            "type": "object",
            "properties": {name: node},
            "required": [name],
            "additionalProperties": False,
        }
    return node


_FORMAT_BYTES = {"date-time": 22, "uuid": 38, "hostname": 13, "uri": 21, "url": 21}
_NUMERIC = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
_BOUND_PAIRS = (
    ("minLength", "maxLength"),
    ("minItems", "maxItems"),
    ("minProperties", "maxProperties"),
    ("minimum", "maximum"),
)
_SUBSCHEMA_MAPS = (
    "properties",
    "$defs",
    "definitions",
    "patternProperties",
    "dependentSchemas",
)
_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_ONE = (
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
)


def _no_retrieval(uri: str) -> Any:
    raise ValueError(f"the sandbox does not fetch schemas ({uri})")


#: The 2020-12 metaschema, whatever `$schema` the client names: nothing is ever fetched.
_METASCHEMA = jsonschema_rs.Draft202012Validator(
    {"$ref": "https://json-schema.org/draft/2020-12/schema"}, retriever=_no_retrieval
)


class SchemaProblem(ValueError):
    """What is wrong with a schema, and where (`root.properties.a.minLength`)."""

    def __init__(self, reason: str, path: str = "root") -> None:
        super().__init__(f"{reason} (at {path}).")
        self.reason, self.path = reason, path


@dataclass
class Size:
    """What a schema costs, measured with every `$ref` followed."""

    properties: int = 0
    enum_values: int = 0
    string_chars: int = 0
    levels: int = 0
    subschemas: int = 0
    patterns: int = 0
    instance_bytes: int = 0
    instance_values: int = 0
    defined: set[str] = field(default_factory=set)

    @property
    def work(self) -> int:
        return self.subschemas + self.instance_values


def check(schema: dict[str, Any]) -> Size:
    """Raise SchemaProblem for a schema the sandbox refuses; else what it costs."""
    _check_keywords(schema)
    size = Size()
    _Measure(schema, size).run()
    _within_limits(size)
    return size


def check_request(sizes: list[Size], choices: int) -> None:
    """The bound on a whole request: its schemas, once per choice."""
    work = sum(s.work for s in sizes) * choices
    if work > MAX_WORK:
        raise SchemaProblem(
            f"the request's schemas ask for {work} units of work (subschemas with every "
            f"$ref followed, plus values of the smallest instance, times n={choices}); "
            f"the limit is {MAX_WORK}",
            "request",
        )
    patterns = sum(s.patterns for s in sizes) * choices
    if patterns > MAX_PATTERNS:
        raise SchemaProblem(
            f"the request's schemas use {patterns} patterns (times n={choices}); the limit "
            f"is {MAX_PATTERNS}",
            "request",
        )


# --- keyword types and ranges ------------------------------------------------------------


def _check_keywords(schema: dict[str, Any]) -> None:
    errors = _METASCHEMA.iter_errors(schema)
    first = next(errors, None)
    if first is not None:
        raise SchemaProblem(_lower(first.message), _path(first.instance_path))
    for path, node in _nodes(schema, "root"):
        _check_node(node, path)


def _nodes(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every subschema written in the schema (not following `$ref`), with its path."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in _SUBSCHEMA_MAPS:
        for name, child in (node.get(key) or {}).items():
            yield from _nodes(child, f"{path}.{key}.{name}")
    for key in _SUBSCHEMA_LISTS:
        for i, child in enumerate(node.get(key) or ()):
            yield from _nodes(child, f"{path}.{key}[{i}]")
    for key in _SUBSCHEMA_ONE:
        yield from _nodes(node.get(key), f"{path}.{key}")


def _check_node(node: dict[str, Any], path: str) -> None:
    for key in _NUMERIC:
        value = node.get(key)
        if _number(value) and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
            raise SchemaProblem(
                f"'{key}' must be between -{MAX_NUMBER:.0e} and {MAX_NUMBER:.0e}",
                f"{path}.{key}",
            )
    multiple = node.get("multipleOf")
    if isinstance(multiple, int | float) and multiple < MIN_MULTIPLE:
        raise SchemaProblem(f"'multipleOf' must be at least {MIN_MULTIPLE:g}", f"{path}.multipleOf")
    for low, high in _BOUND_PAIRS:
        if _number(node.get(low)) and _number(node.get(high)) and node[low] > node[high]:
            raise SchemaProblem(
                f"'{low}' ({node[low]}) is greater than '{high}' ({node[high]}): no value "
                "can match",
                path,
            )
    ref = node.get("$ref")
    if isinstance(ref, str) and not ref.startswith("#"):
        raise SchemaProblem(
            f"'$ref' {json.dumps(ref)} is not local: only references inside the schema "
            "('#/$defs/...') are supported",
            f"{path}.$ref",
        )
    pattern = node.get("pattern")
    if isinstance(pattern, str):
        if len(pattern) > MAX_PATTERN_CHARS:
            raise SchemaProblem(
                f"'pattern' has {len(pattern)} characters; the limit is {MAX_PATTERN_CHARS}",
                f"{path}.pattern",
            )
        try:
            schema_patterns.check(pattern)
        except schema_patterns.UnsafePattern as exc:
            raise SchemaProblem(f"'pattern' {exc}", f"{path}.pattern") from None


def _number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _path(location: list[str | int]) -> str:
    path = "root"
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def _lower(message: str) -> str:
    return message[:1].lower() + message[1:]


# --- bounds ---------------------------------------------------------------------------------


class _Measure:
    """One walk of the schema as the reply model walks it: `$ref` followed (a recursive one
    for `_RECURSION_LEVELS` levels), counting what `Size` holds and the smallest instance.
    """

    def __init__(self, root: dict[str, Any], size: Size) -> None:
        self.root, self.size = root, size

    def run(self) -> None:
        self._names(self.root)
        self.size.instance_bytes, self.size.instance_values = self.smallest(
            self.root, "root", 1, ()
        )

    def _names(self, root: dict[str, Any]) -> None:
        """Characters of names and values, counted as written (OpenAI's measure)."""
        for _path, node in _nodes(root, "root"):
            for key in ("$defs", "definitions", "properties"):
                self.size.string_chars += sum(len(name) for name in node.get(key) or {})
            enum = node.get("enum")
            if isinstance(enum, list):
                self._enum(enum, _path)
            if "const" in node:
                self.size.string_chars += len(_text(node["const"]))

    def _enum(self, values: list[Any], path: str) -> None:
        chars = sum(len(_text(v)) for v in values)
        self.size.string_chars += chars
        strings = all(isinstance(v, str) for v in values)
        if strings and len(values) > LARGE_ENUM and chars > MAX_LARGE_ENUM_CHARS:
            raise SchemaProblem(
                f"an enum of more than {LARGE_ENUM} strings may have at most "
                f"{MAX_LARGE_ENUM_CHARS} characters in total; this one has {chars}",
                f"{path}.enum",
            )

    def resolve(self, ref: str, path: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.lstrip("#").strip("/").split("/"):
            if not part:
                continue
            key = part.replace("~1", "/").replace("~0", "~")
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise SchemaProblem(f"'$ref' {json.dumps(ref)} points to no schema", f"{path}.$ref")
        return node

    def smallest(self, node: Any, path: str, level: int, refs: tuple[str, ...]) -> tuple[int, int]:
        """(bytes, values) of the smallest instance of `node`, counting its subschemas."""
        self.size.subschemas += 1
        if self.size.subschemas > MAX_WORK:
            raise SchemaProblem(
                f"the schema has more than {MAX_WORK} subschemas with every $ref followed",
                path,
            )
        if not isinstance(node, dict):
            return 4, 1  # true or false: null will do
        ref = node.get("$ref")
        if isinstance(ref, str):
            if refs.count(ref) and level > _RECURSION_LEVELS:
                return 2, 1  # the reply model cuts recursion off with an empty value
            target = self.resolve(ref, path)
            rest = {k: v for k, v in node.items() if k != "$ref"}
            return self.smallest({**target, **rest}, path, level, (*refs, ref))
        if isinstance(node.get("enum"), list):
            self.size.enum_values += len(node["enum"])
        if "const" in node:
            return len(_text(node["const"])), 1
        if isinstance(node.get("enum"), list) and node["enum"]:
            return min(len(_text(v)) for v in node["enum"]), 1
        branches = node.get("anyOf") or node.get("oneOf")
        if isinstance(branches, list) and branches:
            key = "anyOf" if node.get("anyOf") else "oneOf"
            base = {k: v for k, v in node.items() if k not in ("anyOf", "oneOf")}
            sizes = [
                self.smallest({**base, **_dict(b)}, f"{path}.{key}[{i}]", level, refs)
                for i, b in enumerate(branches)
            ]
            return min(sizes)
        for i, part in enumerate(node.get("allOf") or ()):
            self.smallest(part, f"{path}.allOf[{i}]", level, refs)
        return self._typed(node, path, level, refs)

    def _typed(
        self, node: dict[str, Any], path: str, level: int, refs: tuple[str, ...]
    ) -> tuple[int, int]:
        kinds = node.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds] if kinds else [_implied(node)]
        if "null" in kinds and len(kinds) > 1:
            kinds = [k for k in kinds if k != "null"]  # the reply fills the other type
        kind = kinds[0]
        if kind in ("object", "array"):
            self._level(level, path, recursive=bool(refs) and len(set(refs)) < len(refs))
        if kind == "object":
            return self._object(node, path, level, refs)
        if kind == "array":
            return self._array(node, path, level, refs)
        if kind == "string":
            return self._string(node, path), 1
        if kind in ("integer", "number"):
            low = node.get("minimum", node.get("exclusiveMinimum", 0))
            return len(_text(low)) + 2, 1
        return 5, 1  # false, null, or any value

    def _level(self, level: int, path: str, *, recursive: bool) -> None:
        self.size.levels = max(self.size.levels, level if not recursive else 0)
        if level > MAX_LEVELS and not recursive:
            raise SchemaProblem(
                f"{level} levels of nesting exceeds the limit of {MAX_LEVELS}", path
            )

    def _object(
        self, node: dict[str, Any], path: str, level: int, refs: tuple[str, ...]
    ) -> tuple[int, int]:
        props = node.get("properties") or {}
        self.size.properties += len(props)
        if self.size.properties > MAX_PROPERTIES:
            raise SchemaProblem(
                f"the schema has more than {MAX_PROPERTIES} properties (each $ref counted "
                "where it is used)",
                path,
            )
        total, values = 2 + max(0, len(props) - 1), 1
        for name, sub in props.items():
            nbytes, nvalues = self.smallest(sub, f"{path}.properties.{name}", level + 1, refs)
            total, values = total + len(_text(name)) + 1 + nbytes, values + nvalues
            self._fits(total, values, path)
        return total, values

    def _array(
        self, node: dict[str, Any], path: str, level: int, refs: tuple[str, ...]
    ) -> tuple[int, int]:
        prefix = node.get("prefixItems")
        if isinstance(prefix, list):
            parts = [
                self.smallest(p, f"{path}.prefixItems[{i}]", level + 1, refs)
                for i, p in enumerate(prefix)
            ]
            total = 2 + sum(b for b, _ in parts) + max(0, len(parts) - 1)
            return self._fits(total, 1 + sum(v for _, v in parts), path)
        item_bytes, item_values = self.smallest(
            node.get("items", {}), f"{path}.items", level + 1, refs
        )
        count = int(node.get("minItems", 0))
        total = 2 + count * (item_bytes + 1)
        return self._fits(total, 1 + count * item_values, path)

    def _string(self, node: dict[str, Any], path: str) -> int:
        length = int(node.get("minLength", 0))
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            self.size.patterns += 1
            length = max(length, schema_patterns.min_length(pattern))
        length = max(length, _FORMAT_BYTES.get(str(node.get("format")), 0) - 2)
        total = length + 2
        self._fits(total, 1, path)
        return total

    def _fits(self, nbytes: int, values: int, path: str) -> tuple[int, int]:
        if nbytes > MAX_INSTANCE_BYTES:
            raise SchemaProblem(
                f"the smallest valid value is at least {nbytes} bytes of JSON; the limit is "
                f"{MAX_INSTANCE_BYTES}",
                path,
            )
        if values > MAX_WORK:
            raise SchemaProblem(
                f"the smallest valid value has {values} values; the limit is {MAX_WORK}",
                path,
            )
        return nbytes, values


def _within_limits(size: Size) -> None:
    for count, limit, what in (
        (size.enum_values, MAX_ENUM_VALUES, "enum values"),
        (
            size.string_chars,
            MAX_STRING_CHARS,
            "characters of property names, $defs names, " "enum and const values",
        ),
    ):
        if count > limit:
            raise SchemaProblem(f"the schema has {count} {what}; the limit is {limit}")


def _implied(node: dict[str, Any]) -> str:
    """The type the reply model gives a subschema without `type`."""
    if any(k in node for k in ("properties", "additionalProperties", "required")):
        return "object"
    if "items" in node or "prefixItems" in node:
        return "array"
    if any(k in node for k in _NUMERIC):
        return "number"
    return "string" if node else "any"


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)
