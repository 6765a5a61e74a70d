"""Tables from the contract: parameters, body fields (nested objects expanded), response
headers, and errors (from the error catalog).

Every function takes `root`, the relative path from the page that shows the table to the
docs root (`""` for a guide, `"../../"` for a reference page), for the links it writes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from api_reference import document as doc

#: The exception the `openai` SDK raises for each HTTP status.
SDK_EXCEPTIONS: dict[int, str] = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    405: "APIStatusError",
    409: "ConflictError",
    413: "APIStatusError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
    500: "InternalServerError",
    503: "InternalServerError",
}

_MAX_DEPTH = 6


def cell(text: str) -> str:
    """Text that is safe inside a Markdown table cell."""
    return " ".join(text.replace("|", "\\|").split())


def code(value: str) -> str:
    return f"``{value}``" if "`" in value else f"`{value}`"


def literal(value: Any) -> str:
    """A JSON value as inline code: `"user"`, `1024`, `true`."""
    return code(json.dumps(value, ensure_ascii=False))


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
        *("| " + " | ".join(cell(c) for c in row) + " |" for row in rows),
    ]
    return "\n".join(lines) + "\n"


# --- schemas ---------------------------------------------------------------------------


def non_null(schema: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    """(the schema without its `null` alternative, whether null is allowed)."""
    schema = doc.resolve(schema)
    for key in ("anyOf", "oneOf"):
        options = schema.get(key)
        if isinstance(options, list):
            rest = [o for o in options if doc.resolve(o).get("type") != "null"]
            if len(rest) < len(options):
                if len(rest) == 1:
                    merged = {**doc.resolve(rest[0])}
                    name = doc.ref_name(rest[0])
                    if name:
                        merged.setdefault("title", name)
                    return merged, True
                return {**schema, key: rest}, True
    return schema, schema.get("type") == "null"


def type_name(schema: dict[str, Any]) -> str:
    schema, _ = non_null(schema)
    if "const" in schema:
        return {str: "string", bool: "boolean", int: "integer", float: "number"}.get(
            type(schema["const"]), "value"
        )
    options = schema.get("oneOf") or schema.get("anyOf")
    if options:
        names: list[str] = []
        for option in options:
            name = type_name(option)
            if name not in names:
                names.append(name)
        return " or ".join(names)
    kind = schema.get("type")
    if isinstance(kind, list):
        return " or ".join(kind)
    if kind == "array":
        items = schema.get("items")
        if not items:
            return "array"
        inner = type_name(items)
        plural = {"object": "objects", "string": "strings", "integer": "integers"}
        plural |= {"number": "numbers", "boolean": "booleans"}
        if " or " in inner:
            return f"array of ({inner})"
        return f"array of {plural.get(inner, inner)}"
    if kind:
        return str(kind)
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    return "any"


def _range(low: Any, high: Any, unit: str = "") -> str | None:
    def units(count: Any) -> str:
        return "" if not unit else f" {unit.removesuffix('s') if count == 1 else unit}"

    if low is not None and high is not None:
        return f"{low} to {high}{units(high)}"
    if low is not None:
        return f"at least {low}{units(low)}"
    if high is not None:
        return f"at most {high}{units(high)}"
    return None


def constraints(schema: dict[str, Any]) -> list[str]:
    """Allowed values and ranges, as short sentences."""
    schema, _ = non_null(schema)
    notes: list[str] = []
    if "const" in schema:
        notes.append(f"Always {literal(schema['const'])}.")
    if "enum" in schema:
        notes.append("One of " + ", ".join(literal(v) for v in schema["enum"]) + ".")
    bounds = _range(
        schema.get("minimum", schema.get("exclusiveMinimum")),
        schema.get("maximum", schema.get("exclusiveMaximum")),
    )
    if bounds:
        notes.append(f"Range: {bounds}.")
    length = _range(schema.get("minLength"), schema.get("maxLength"), "characters")
    if length:
        notes.append(f"Length: {length}.")
    items = _range(schema.get("minItems"), schema.get("maxItems"), "items")
    if items:
        notes.append(f"Items: {items}.")
    if schema.get("maxProperties") is not None:
        notes.append(f"At most {schema['maxProperties']} keys.")
    if "pattern" in schema:
        notes.append(f"Pattern: {code(schema['pattern'])}.")
    if "format" in schema:
        notes.append(f"Format: {code(schema['format'])}.")
    values = schema.get("additionalProperties")
    if isinstance(values, dict) and values:
        inner = "; ".join(
            [f"values are {type_name(values)}s", *(c.rstrip(".") for c in constraints(values))]
        )
        notes.append(inner[0].upper() + inner[1:] + ".")
    for option in schema.get("anyOf") or schema.get("oneOf") or []:
        resolved = doc.resolve(option)
        if "enum" in resolved and "properties" not in resolved:
            notes.append("One of " + ", ".join(literal(v) for v in resolved["enum"]) + ".")
    return notes


@dataclass
class Row:
    name: str
    type: str
    required: bool | None
    """None for the row that introduces one variant of a union."""
    default: str
    description: str


def object_variants(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    """Objects with properties reachable from `schema`, as (suffix, object, qualifier):
    the schema itself, its array items (suffix `[]`), or each variant of a union."""
    schema, _ = non_null(schema)
    if schema.get("properties"):
        return [("", schema, "")]
    if schema.get("type") == "array" and schema.get("items"):
        return [("[]" + s, o, q) for s, o, q in object_variants(schema["items"])]
    options = schema.get("oneOf") or schema.get("anyOf")
    if not options:
        return []
    discriminator = (schema.get("discriminator") or {}).get("propertyName")
    found: list[tuple[str, dict[str, Any], str]] = []
    for option in options:
        for suffix, obj, qualifier in object_variants(option):
            if not qualifier:
                qualifier = variant_qualifier(obj, discriminator) or doc.ref_name(option) or ""
            found.append((suffix, obj, qualifier))
    return found


def variant_qualifier(obj: dict[str, Any], discriminator: str | None) -> str | None:
    keys = [discriminator] if discriminator else list(obj.get("properties", {}))
    for key in keys:
        prop = doc.resolve(obj.get("properties", {}).get(key, {}))
        if "const" in prop:
            return f"{code(key)} is {literal(prop['const'])}"
    return None


def default_of(prop: dict[str, Any]) -> str:
    if "default" not in prop or prop["default"] is None:
        return ""
    return literal(prop["default"])


def description_of(prop: dict[str, Any], core: dict[str, Any]) -> str:
    text = prop.get("description") or core.get("description") or ""
    return " ".join(" ".join([text, *constraints(prop)]).split())


def fields(schema: dict[str, Any], prefix: str = "", *, _depth: int = 0) -> list[Row]:
    """One row per property, nested objects and union variants expanded below their parent
    (`messages[].content`, `response_format.json_schema.name`)."""
    schema = doc.resolve(schema)
    required = set(schema.get("required", []))
    rows: list[Row] = []
    for name, prop in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        core, nullable = non_null(prop)
        kind = type_name(prop)
        if nullable and prop.get("default", "missing") is not None:
            kind += " or null"  # null is a value here, not "not set"
        rows.append(Row(path, kind, name in required, default_of(prop), description_of(prop, core)))
        if _depth >= _MAX_DEPTH:
            continue
        variants = object_variants(prop)
        union = bool(core.get("oneOf") or core.get("anyOf"))
        for suffix, obj, qualifier in variants:
            child = f"{path}{suffix}"
            if len(variants) > 1 or union:
                when = f"When {qualifier}" if qualifier else "As an object"
                title = obj.get("description") or ""
                text = f"{when}: {title}" if title else f"{when}."
                rows.append(Row(child, "object", None, "", text))
            rows.extend(fields(obj, child + ".", _depth=_depth + 1))
    return rows


def _required(required: bool | None) -> str:
    return "" if required is None else "yes" if required else "no"


def _wrapping(text: str) -> str:
    """A table whose code may wrap (docs/assets/extra.css: `.metal-table`), so that it
    fits the page instead of scrolling sideways."""
    return f'<div class="metal-table" markdown>\n\n{text}\n</div>\n'


def parameters_table(parameters: list[dict[str, Any]], *, show_in: bool = False) -> str:
    """Path, query or header parameters: name, (where,) type, required, description."""
    rows = []
    for p in parameters:
        schema = p.get("schema", {})
        description = " ".join([p.get("description", ""), *constraints(schema)]).strip()
        rows.append(
            [
                code(p["name"]),
                *([p["in"]] if show_in else []),
                type_name(schema),
                "yes" if p.get("required") else "no",
                description,
            ]
        )
    header = ["Name", *(["In"] if show_in else []), "Type", "Required", "Description"]
    return table(header, rows)


def headers_table(headers: dict[str, Any]) -> str:
    rows = []
    for name, header in headers.items():
        header = doc.resolve(header)
        schema = header.get("schema", {})
        description = " ".join([header.get("description", ""), *constraints(schema)]).strip()
        rows.append([code(name), type_name(schema), description])
    return table(["Header", "Type", "Description"], rows)


# --- errors ----------------------------------------------------------------------------


def operation_errors(op: doc.Operation) -> list[dict[str, Any]]:
    """The catalog rows an operation can return, in status order."""
    catalog = doc.catalog()
    found: list[dict[str, Any]] = []
    for _, response in op.error_responses():
        media = response.get("content", {}).get("application/json", {})
        for example in media.get("examples", {}).values():
            error = doc.resolve(example)["value"]["error"]
            row = next(
                r for r in catalog if r["code"] == error["code"] and r["type"] == error["type"]
            )
            if row not in found:
                found.append(row)
    return sorted(found, key=lambda r: r["status"])


def error_link(row: dict[str, Any], root: str) -> str:
    page = f"{root}errors.md"
    if not doc.errors_page_has_table():
        return f"[{code(row['code'])}]({page})"
    return f"[{code(row['code'])}]({page}#{doc.error_anchor(row['code'], row['type'])})"


def operation_errors_table(op: doc.Operation, root: str) -> str:
    rows = [
        [
            str(r["status"]),
            code(r["type"]),
            error_link(r, root),
            r["summary"],
            code(SDK_EXCEPTIONS.get(r["status"], "APIStatusError")),
        ]
        for r in operation_errors(op)
    ]
    return _wrapping(table(["Status", "Type", "Code", "Meaning", "SDK exception"], rows))


def catalog_table() -> str:
    """Every row of the error catalog, each code with its anchor (`errors.md#<code>`): the
    table that replaces `<!-- metal:errors -->`."""
    rows = [
        [
            str(r["status"]),
            code(r["type"]),
            f"{code(r['code'])}{{#{doc.error_anchor(r['code'], r['type'])}}}",
            r["summary"],
            r["fix"],
            code(f"openai.{SDK_EXCEPTIONS.get(r['status'], 'APIStatusError')}"),
        ]
        for r in doc.catalog()
    ]
    header = ["Status", "Type", "Code", "Meaning", "What to do", "SDK exception"]
    return _wrapping(table(header, rows))


def models_table() -> str:
    """Every model of the sandbox's catalog with its limits and what a chat request to it
    may use: the table that replaces `<!-- metal:models -->`."""
    from metal_sandbox.catalog import CHAT_FEATURES, MODELS

    rows = []
    for card in MODELS:
        chat = card.kind == "chat"
        rows.append(
            [
                code(card.id),
                "chat, responses" if chat else "embeddings",
                f"{card.context_window:,}",
                f"{card.max_output_tokens:,}" if chat else "n/a",
                *(_feature(card.features, f) if chat else "n/a" for f in CHAT_FEATURES),
            ]
        )
    header = ["Model", "For", "Context window", "Max output"]
    header += [feature.capitalize() for feature in CHAT_FEATURES]
    return _wrapping(table(header, rows))


def _feature(features: tuple[str, ...], feature: str) -> str:
    return "yes" if feature in features else "no"
