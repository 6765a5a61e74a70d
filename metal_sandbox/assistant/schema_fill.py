"""A JSON value valid against a JSON Schema, filled from the conversation, in linear time.

Used for `response_format` (`json_schema`, `json_object` with keys), for schemas and JSON a
prompt carries itself, and for tool-call arguments. Values come from what the conversation
gives (`extract.Context`: known facts first, then the text), checked against the schema;
anything else gets a typed default that satisfies the schema's bounds.

The work is proportional to the instance written, never more: a `minLength` of 100,000 is
one string multiplication, `minItems` pads with one cheap value per item, and every value
spends from a budget, so a schema whose smallest instance is too large raises
`SchemaTooLarge` before the memory is used. Keywords of the wrong type are ignored.
"""

from __future__ import annotations

import math
import re
import re._parser as sre  # the stdlib's regex parser: no public API walks a pattern
from typing import Any

from metal_sandbox.assistant.extract import Context, kind_of
from metal_sandbox.assistant.text import first_sentence, stem, words

#: Units (characters, items, properties) a filled instance may hold.
BUDGET = 2_000_000
_MAX_DEPTH = 48
_OPTIONAL_DEPTH = 6  # optional properties are written down to this depth
_CHECKED_PATTERN = 1000  # strings longer than this are built to match, not checked
MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
_FORMATS = {
    "date": "2025-01-01",
    "date-time": "2025-01-01T00:00:00Z",
    "time": "00:00:00Z",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uri-reference": "https://example.com",
    "iri": "https://example.com",
    "iri-reference": "https://example.com",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "duration": "P1D",
    "json-pointer": "/",
    "relative-json-pointer": "0",
    "regex": ".*",
}
_FORMAT_CHECKS = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    "uri": re.compile(r"https?://[^\s]+"),
    "url": re.compile(r"https?://[^\s]+"),
}
_FORMAT_KINDS = {
    "email": "email",
    "idn-email": "email",
    "uri": "url",
    "url": "url",
    "iri": "url",
}


class SchemaTooLarge(ValueError):
    """The smallest instance of the schema is larger than the budget."""


def fill(
    schema: Any,
    ctx: Context,
    *,
    only_known: bool = False,
    budget: int = BUDGET,
) -> Any:
    """A value valid against `schema`. With `only_known` (tool arguments, as a model would),
    optional properties are written only when the conversation supplies them."""
    filler = _Filler(schema if isinstance(schema, dict) else {}, ctx, only_known, budget)
    return filler.value(schema, "", ctx.facts, 0, need=True)


def _int(schema: dict[str, Any], key: str) -> int | None:
    value = schema.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _num(schema: dict[str, Any], key: str) -> float | None:
    value = schema.get(key)
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    return value if ok else None


def norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", str(key).lower())


def lookup(facts: dict[str, Any], name: str) -> Any:
    if not name or not facts:
        return MISSING
    wanted = norm(name)
    return next((v for k, v in facts.items() if norm(k) == wanted), MISSING)


def types_of(schema: dict[str, Any]) -> list[str]:
    kind = schema.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list) and kind:
        return [k for k in kind if isinstance(k, str)]
    if any(k in schema for k in ("properties", "required", "additionalProperties")):
        return ["object"]
    if any(k in schema for k in ("items", "prefixItems", "minItems", "maxItems")):
        return ["array"]
    if any(k in schema for k in ("minLength", "maxLength", "pattern", "format")):
        return ["string"]
    if any(k in schema for k in ("minimum", "maximum", "multipleOf")):
        return ["number"]
    return []


def fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a scalar found in the conversation satisfies the schema's own keywords."""
    if isinstance(schema.get("enum"), list):
        return value in schema["enum"]
    if "const" in schema:
        return bool(value == schema["const"])
    types = types_of(schema)
    if isinstance(value, bool):
        return not types or "boolean" in types
    if isinstance(value, str):
        return (not types or "string" in types) and _string_fits(value, schema)
    if isinstance(value, int | float):
        integral = float(value).is_integer()
        typed = not types or "number" in types or ("integer" in types and integral)
        return typed and _number_fits(value, schema)
    if value is None:
        return "null" in types
    return False


def _string_fits(value: str, schema: dict[str, Any]) -> bool:
    low, high = _int(schema, "minLength"), _int(schema, "maxLength")
    if (low is not None and len(value) < low) or (high is not None and len(value) > high):
        return False
    pattern = schema.get("pattern")
    if isinstance(pattern, str):
        try:
            return len(value) <= _CHECKED_PATTERN and re.search(pattern, value) is not None
        except re.error:
            return False
    fmt = schema.get("format")
    if not isinstance(fmt, str) or fmt not in _FORMATS:
        return True
    check = _FORMAT_CHECKS.get(fmt)
    return bool(check.fullmatch(value)) if check else value == _FORMATS[fmt]


def _number_fits(value: float, schema: dict[str, Any]) -> bool:
    low, high = _num(schema, "minimum"), _num(schema, "maximum")
    xlow, xhigh = _num(schema, "exclusiveMinimum"), _num(schema, "exclusiveMaximum")
    step = _num(schema, "multipleOf")
    return not (
        (low is not None and value < low)
        or (high is not None and value > high)
        or (xlow is not None and value <= xlow)
        or (xhigh is not None and value >= xhigh)
        or (step is not None and step > 0 and not _multiple(value, step))
    )


def _multiple(value: float, step: float) -> bool:
    """As jsonschema checks it: the quotient is a whole number."""
    quotient = value / step
    return math.isfinite(quotient) and int(quotient) == quotient


def fit_number(value: float, schema: dict[str, Any], integer: bool) -> int | float:
    """The value, moved inside the schema's bounds onto its `multipleOf` grid."""
    low = _num(schema, "minimum")
    high = _num(schema, "maximum")
    xlow, xhigh = _num(schema, "exclusiveMinimum"), _num(schema, "exclusiveMaximum")
    tiny = 1 if integer else 1e-6
    if xlow is not None:
        low = max(low if low is not None else -math.inf, xlow + tiny)
    if xhigh is not None:
        high = min(high if high is not None else math.inf, xhigh - tiny)
    if low is not None and value < low:
        value = math.ceil(low) if integer else low
    if high is not None and value > high:
        value = math.floor(high) if integer else high
    step = _num(schema, "multipleOf")
    if step and step > 0 and not _multiple(value, step):
        start = math.ceil(value / step)
        for k in (start, start + 1, start - 1, start + 2):
            candidate = round(k * step, 12)
            if _multiple(candidate, step) and _number_fits(candidate, schema):
                value = candidate
                break
    if integer or float(value).is_integer():
        return int(value)
    return value


class _Filler:
    """Walks one schema; holds the root (for `$ref`), the policy and the budget."""

    def __init__(self, root: dict[str, Any], ctx: Context, only_known: bool, budget: int) -> None:
        self.root, self.ctx, self.only_known, self.budget = (
            root,
            ctx,
            only_known,
            budget,
        )
        self.defaults: dict[int, Any] = {}

    def spend(self, units: int) -> None:
        self.budget -= units
        if self.budget < 0:
            raise SchemaTooLarge("the smallest valid instance of the schema is too large")

    def resolve(self, schema: Any, hops: int = 0) -> dict[str, Any]:
        """`$ref` followed and `allOf` merged, so the walk sees one plain schema."""
        if not isinstance(schema, dict):
            return {}
        while isinstance(schema.get("$ref"), str) and hops < 32:
            hops += 1
            target = self._pointer(schema["$ref"])
            schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
        parts = schema.get("allOf")
        if isinstance(parts, list) and hops < 32:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            for part in parts:
                merged = _merge(merged, self.resolve(part, hops + 1))
            schema = merged
        return schema

    def _pointer(self, ref: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.lstrip("#").strip("/").split("/"):
            if part:
                key = part.replace("~1", "/").replace("~0", "~")
                node = node.get(key, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}

    def value(self, raw: Any, name: str, facts: dict[str, Any], depth: int, *, need: bool) -> Any:
        """A valid value, or MISSING when `need` is false and the conversation has none."""
        schema = self.resolve(raw)
        known = lookup(facts, name)
        if "const" in schema:
            return schema["const"]
        if isinstance(schema.get("enum"), list) and schema["enum"]:
            return self._enum(schema["enum"], known, need)
        branches = schema.get("anyOf") or schema.get("oneOf")
        if isinstance(branches, list) and branches:
            base = {k: v for k, v in schema.items() if k not in ("anyOf", "oneOf")}
            return self._choice(base, branches, name, facts, depth, need=need)
        types = types_of(schema)
        if "null" in types and (len(types) == 1 or known is None):
            return None
        kinds = [t for t in types if t != "null"]
        if "null" in types:
            found = self.value({**schema, "type": kinds}, name, facts, depth, need=False)
            return None if found is MISSING else found
        kind = kinds[0] if kinds else ""
        self.spend(1)
        if kind == "object" or (not kind and isinstance(known, dict)):
            return self._object(schema, name, facts, known, depth, need=need)
        if kind == "array" or (not kind and isinstance(known, list)):
            return self._array(schema, name, facts, known, depth, need=need)
        if known is not MISSING and fits(known, {**schema, "type": kinds} if kinds else schema):
            return fit_number(known, schema, kind == "integer") if _numeric(known) else known
        found = self._found(schema, kind, name)
        if found is not MISSING or not need:
            return found
        return self._default(schema, kind, name)

    def _enum(self, options: list[Any], known: Any, need: bool) -> Any:
        if known is not MISSING and known in options:
            return known
        lowered = self.ctx.text.lower()
        for option in options:
            label = str(option).lower()
            if len(label) > 2 and re.search(rf"(?<!\w){re.escape(label)}(?!\w)", lowered):
                return option
        return options[0] if need else MISSING

    def _choice(
        self,
        base: dict[str, Any],
        branches: list[Any],
        name: str,
        facts: dict[str, Any],
        depth: int,
        *,
        need: bool,
    ) -> Any:
        options = [_merge(base, self.resolve(b)) for b in branches]
        real = [o for o in options if types_of(o) != ["null"]]
        known = lookup(facts, name)
        for option in real:
            if known is not MISSING and fits(known, option):
                return known
        if len(real) < len(options) or not real:
            found = self.value(real[0], name, facts, depth, need=False) if real else MISSING
            return None if found is MISSING else found
        return self.value(real[0], name, facts, depth, need=need)

    def _object(
        self,
        schema: dict[str, Any],
        name: str,
        facts: dict[str, Any],
        known: Any,
        depth: int,
        *,
        need: bool,
    ) -> Any:
        if not need and not isinstance(known, dict):
            return MISSING
        inner = known if isinstance(known, dict) else facts
        props = schema.get("properties")
        props = props if isinstance(props, dict) else {}
        required = [r for r in schema.get("required") or [] if isinstance(r, str)]
        out: dict[str, Any] = {}
        if depth >= _MAX_DEPTH:
            return out
        for key, sub in props.items():
            must = key in required or (not self.only_known and depth < _OPTIONAL_DEPTH)
            found = self.value(sub, key, inner, depth + 1, need=must)
            if found is not MISSING:
                out[key] = found
        extra = schema.get("additionalProperties")
        extra_schema = extra if isinstance(extra, dict) else {}
        for key in required:
            if key not in out:
                out[key] = self.value(extra_schema, key, inner, depth + 1, need=True)
        wanted = _int(schema, "minProperties") or 0
        if wanted > len(out) and extra is not False:
            self.spend(wanted - len(out))
            index = 0
            while len(out) < wanted:
                index += 1
                key = f"{stem(name) or 'key'}_{index}"
                if key not in out:
                    out[key] = self._default_of(extra_schema, key, depth + 1)
        return out

    def _array(
        self,
        schema: dict[str, Any],
        name: str,
        facts: dict[str, Any],
        known: Any,
        depth: int,
        *,
        need: bool,
    ) -> Any:
        raw_items = schema.get("items")
        items = self.resolve(raw_items) if isinstance(raw_items, dict) else {}
        high = _int(schema, "maxItems")
        prefix = schema.get("prefixItems")
        if isinstance(prefix, list):
            out = [self.value(p, name, facts, depth + 1, need=True) for p in prefix[:high]]
            return out
        if isinstance(known, list):
            values = [self._element(items, v, name, facts, depth) for v in known[:high]]
        elif depth < _MAX_DEPTH:
            values = self._found_items(items, name)
        else:
            values = []
        if not values and not need:
            return MISSING
        if schema.get("uniqueItems") is True:
            values = _unique(values)
        low = _int(schema, "minItems") or 0
        if raw_items is False:
            low = 0
        if len(values) < low:
            self.spend(low - len(values))
            values += self._padding(items, name, len(values), low, depth)
        return values[:high] if high is not None else values

    def _element(
        self,
        items: dict[str, Any],
        known: Any,
        name: str,
        facts: dict[str, Any],
        depth: int,
    ) -> Any:
        if isinstance(known, dict | list):
            return self.value(items, name, {name: known}, depth + 1, need=True)
        if fits(known, items):
            return known
        return self.value(items, stem(name), facts, depth + 1, need=True)

    def _found_items(self, items: dict[str, Any], name: str) -> list[Any]:
        """Array items the text gives: the people or places it names, the options it says."""
        if isinstance(items.get("enum"), list):
            lowered = self.ctx.text.lower()
            return [o for o in items["enum"] if len(str(o)) > 2 and str(o).lower() in lowered]
        kind = (types_of(items) or ["string"])[0]
        if kind != "string":
            return []
        return [s for s in self.ctx.strings(kind_of(name)) if fits(s, items)][:50]

    def _padding(
        self, items: dict[str, Any], name: str, start: int, stop: int, depth: int
    ) -> list[Any]:
        """Items `start` to `stop`, distinct where that is cheap, each in constant time."""
        options = items.get("enum")
        if isinstance(options, list) and options:
            return [options[i % len(options)] for i in range(start, stop)]
        kind = (types_of(items) or ["string"])[0]
        label = " ".join(words(stem(name))) or "item"
        plain = not any(k in items for k in ("pattern", "format", "minLength", "maxLength"))
        if kind == "string" and plain and "const" not in items:
            return [f"{label} {i + 1}" for i in range(start, stop)]
        if kind in ("integer", "number") and not items.get("multipleOf"):
            first = fit_number(start + 1, items, kind == "integer")
            if _number_fits(first + stop, items):
                return [first + i for i in range(stop - start)]
        default = self._default_of(items, stem(name), depth + 1)
        return [default] * (stop - start)

    def _default_of(self, schema: Any, name: str, depth: int) -> Any:
        """The default instance of a sub-schema, worked out once per schema object."""
        key = id(schema)
        if key not in self.defaults:
            self.defaults[key] = self.value(schema, name, {}, depth, need=True)
        return self.defaults[key]

    def _found(self, schema: dict[str, Any], kind: str, name: str) -> Any:
        """A scalar for property `name` from the text, or MISSING."""
        ctx = self.ctx
        if kind == "string":
            fmt = schema.get("format")
            want = _FORMAT_KINDS.get(fmt, "") if isinstance(fmt, str) else ""
            want = want or kind_of(name)
            if want == "text":
                candidates = [ctx.answer]
            elif want == "query":
                candidates = [first_sentence(ctx.text).rstrip("?.! ")]
            else:
                candidates = ctx.strings(want)
            return next((c for c in candidates if c and fits(c, schema)), MISSING)
        if kind in ("integer", "number"):
            number = ctx.number_for(name)
            if number is not None and fits(number, {**schema, "type": kind}):
                return fit_number(number, schema, kind == "integer")
        return MISSING

    def _default(self, schema: dict[str, Any], kind: str, name: str) -> Any:
        """A typed value that satisfies the schema when the conversation gives nothing."""
        if "default" in schema and fits(schema["default"], schema):
            return schema["default"]
        if kind == "string":
            return self._string(schema, name)
        if kind in ("integer", "number"):
            return fit_number(0, schema, kind == "integer")
        if kind == "boolean":
            return False
        return self.ctx.answer or None

    def _string(self, schema: dict[str, Any], name: str) -> str:
        fmt = schema.get("format")
        pattern = schema.get("pattern")
        low, high = _int(schema, "minLength") or 0, _int(schema, "maxLength")
        self.spend(low)
        if isinstance(pattern, str):
            made = _matching(pattern, low, self.budget)
            if made is not None:
                return made
        text = _FORMATS.get(fmt, "") if isinstance(fmt, str) else ""
        text = text or (first_sentence(self.ctx.answer) if kind_of(name) == "text" else "")
        text = (text or "unknown")[:high]
        if len(text) < low:
            unit = text + " " if text else "x"
            text = (unit * (low // len(unit) + 1))[:low]
        return text


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    merged = {**base, **extra}
    props = (base.get("properties"), extra.get("properties"))
    if isinstance(props[0], dict) and isinstance(props[1], dict):
        merged["properties"] = {**props[0], **props[1]}
    required = (base.get("required"), extra.get("required"))
    if isinstance(required[0], list) and isinstance(required[1], list):
        merged["required"] = [*required[0], *required[1]]
    return merged


def _unique(values: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = repr(value)
        if key not in seen:
            seen.add(key)
            out.append(value)
    return out


# --- strings that match a pattern -------------------------------------------------------


def _matching(pattern: str, length: int, limit: int) -> str | None:
    """The shortest string matching `pattern` that is at least `length` long, or None for a
    pattern this cannot read (lookarounds, back-references)."""
    try:
        parsed = sre.parse(pattern)
    except (re.error, RecursionError, OverflowError):
        return None
    items = list(parsed)
    anchored_end = bool(items) and items[-1][0] is sre.AT
    maker = _Maker(length if anchored_end else 0, limit)
    made = maker.emit(items)
    if made is None:
        return None
    if len(made) < length:
        pad = "x" * (length - len(made))
        anchored_start = bool(items) and items[0][0] is sre.AT
        if anchored_end and anchored_start:
            return None
        made = pad + made if anchored_end else made + pad
    if len(made) <= _CHECKED_PATTERN:
        try:
            return made if re.search(pattern, made) else None
        except re.error:
            return None
    return made


class _Maker:
    """Writes the smallest string of a parsed pattern; the first open-ended repeat grows to
    make up `want` characters (for `^[a-z]+$` with a `minLength`)."""

    def __init__(self, want: int, limit: int) -> None:
        self.want, self.limit = want, limit

    def emit(self, items: Any) -> str | None:
        out: list[str] = []
        for op, arg in items:
            piece = self._one(op, arg)
            if piece is None:
                return None
            out.append(piece)
        return "".join(out)

    def _one(self, op: Any, arg: Any) -> str | None:
        if op is sre.LITERAL:
            return chr(arg)
        if op is sre.NOT_LITERAL:
            return "a" if arg != ord("a") else "b"
        if op is sre.ANY:
            return "a"
        if op is sre.IN:
            return _in_class(arg)
        if op is sre.CATEGORY:
            return _category(arg)
        if op is sre.AT:
            return ""
        if op is sre.SUBPATTERN:
            return self.emit(arg[-1])
        if op is sre.BRANCH:
            return self.emit(arg[1][0])
        if op in (
            sre.MAX_REPEAT,
            sre.MIN_REPEAT,
            getattr(sre, "POSSESSIVE_REPEAT", None),
        ):
            low, high, sub = arg
            unit = self.emit(sub)
            if unit is None:
                return None
            count = low
            if self.want and unit and high > low:
                count = min(high, low + -(-self.want // len(unit)))
                self.want = 0
            if len(unit) * count > self.limit:
                raise SchemaTooLarge("the pattern's shortest match is too long")
            return unit * count
        return None


def _in_class(items: Any) -> str | None:
    if items and items[0][0] is sre.NEGATE:
        banned = {chr(arg) for op, arg in items[1:] if op is sre.LITERAL}
        return next((c for c in "ax0_ -~" if c not in banned), None)
    for op, arg in items:
        if op is sre.LITERAL:
            return chr(arg)
        if op is sre.RANGE:
            return chr(arg[0])
        if op is sre.CATEGORY:
            return _category(arg)
    return None


def _category(category: Any) -> str:
    name = str(category)
    if "NOT_DIGIT" in name or "NOT_SPACE" in name:
        return "a"
    if "DIGIT" in name:
        return "0"
    if "SPACE" in name:
        return " "
    return "a" if "NOT_WORD" not in name else "-"
