"""A body's fields as nested attributes, the way Stripe's and OpenAI's references show them:
each field's name, type and description, its child attributes folded under it, and a union
(the message roles, the content parts) shown once, variant by variant.

The output is Markdown that Material renders (attr_list for each field's anchor and class,
pymdownx.details for the folds) and that reads as plain Markdown in the page's Markdown
copy, where the folds become blockquotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from api_reference import document as doc
from api_reference import tables

#: Request fields a reader looks for first, after the required ones; the rest keep the
#: contract's order.
COMMON = (
    "model",
    "messages",
    "input",
    "instructions",
    "temperature",
    "max_tokens",
    "max_completion_tokens",
    "max_output_tokens",
    "stream",
    "tools",
    "tool_choice",
    "response_format",
    "text",
)
_MAX_DEPTH = 6
_INDENT = "    "


@dataclass
class Attribute:
    name: str
    type: str
    required: bool
    description: str
    children: list[Attribute] = field(default_factory=list)
    variants: list[Variant] = field(default_factory=list)


@dataclass
class Variant:
    """One alternative of a union of objects: `when` says which (`` `role` is "user" ``)."""

    when: str
    description: str
    attributes: list[Attribute]


def attributes(schema: dict[str, Any], *, common_first: bool = False) -> list[Attribute]:
    """The properties of an object schema, each with what is nested in it."""
    return _attributes(schema, 0, common_first=common_first)


def _attributes(schema: dict[str, Any], depth: int, *, common_first: bool) -> list[Attribute]:
    schema = doc.resolve(schema)
    required = set(schema.get("required", []))
    found = [
        _attribute(name, prop, name in required, depth)
        for name, prop in schema.get("properties", {}).items()
    ]
    if common_first:
        found.sort(key=_reading_order)
    return found


def _reading_order(attribute: Attribute) -> tuple[int, int]:
    if attribute.required:
        return (0, 0)
    if attribute.name in COMMON:
        return (1, COMMON.index(attribute.name))
    return (2, 0)


def _attribute(name: str, prop: dict[str, Any], required: bool, depth: int) -> Attribute:
    core, nullable = tables.non_null(prop)
    kind = tables.type_name(prop)
    if nullable and prop.get("default", "missing") is not None:
        kind += " or null"  # null is a value here, not "not set"
    default = tables.default_of(prop)
    text = tables.description_of(prop, core)
    if default:
        text = f"{text} Default: {default}.".strip()
    found = Attribute(name, kind, required, text)
    if depth >= _MAX_DEPTH:
        return found
    variants = tables.object_variants(prop)
    if len(variants) > 1:
        found.variants = [
            Variant(
                f"When {qualifier}" if qualifier else "As an object",
                obj.get("description") or "",
                _attributes(obj, depth + 1, common_first=False),
            )
            for _, obj, qualifier in variants
        ]
    elif variants:
        found.children = _attributes(variants[0][1], depth + 1, common_first=False)
    return found


# --- Markdown ----------------------------------------------------------------------------


def fields_block(
    schema: dict[str, Any], anchor: str, *, show_required: bool = True, common_first: bool = False
) -> str:
    """A body's fields: name, type, required (for requests) and a description that ends
    with the default and the allowed values; child attributes and union variants folded
    under their field."""
    text = render(schema, anchor, show_required=show_required, common_first=common_first)
    return f'<div class="metal-fields" markdown>\n\n{text}\n</div>\n'


def request_parameters(operation_id: str) -> str:
    """The request body of an operation, common fields first: what replaces
    `<!-- metal:parameters OPERATION_ID -->` in a guide."""
    schema = doc.operation(operation_id).request_schema()
    if schema is None:
        raise KeyError(f"operation {operation_id!r} takes no request body")
    return fields_block(schema, "body", common_first=True)


def render(
    schema: dict[str, Any], anchor: str, *, show_required: bool = True, common_first: bool = False
) -> str:
    """The attributes of `schema` as Markdown. Each field's anchor is `anchor` and its
    path (`body-messages-user-content`), unique on the page as long as `anchor` is."""
    seen: set[str] = set()
    lines: list[str] = []
    for attribute in attributes(schema, common_first=common_first):
        lines += _render(attribute, anchor, "", show_required, seen)
    return "\n".join(lines) + "\n"


def _render(
    attribute: Attribute, anchor: str, indent: str, show_required: bool, seen: set[str]
) -> list[str]:
    anchor = _unique(f"{anchor}-{_slug(attribute.name)}", seen)
    head = f'{tables.code(attribute.name)} <span class="metal-field-type">{attribute.type}</span>'
    if show_required and attribute.required:
        head += ' · <span class="metal-field-required">required</span>'
    lines = [f"{indent}{head}", f"{indent}{{: #{anchor} .metal-field }}", ""]
    if attribute.description:
        lines += [f"{indent}{attribute.description}", ""]
    if attribute.children:
        lines += [f'{indent}??? metal-children "Show child attributes"', ""]
        for child in attribute.children:
            lines += _render(child, anchor, indent + _INDENT, show_required, seen)
    if attribute.variants:
        count = len(attribute.variants)
        lines += [f'{indent}??? metal-children "Show {count} variants"', ""]
        inner = indent + _INDENT
        for variant in attribute.variants:
            lines += [f"{inner}**{variant.when}**", f"{inner}{{: .metal-variant }}", ""]
            if variant.description:
                lines += [f"{inner}{' '.join(variant.description.split())}", ""]
            name = _variant_slug(variant.when)
            for child in variant.attributes:
                lines += _render(child, f"{anchor}-{name}", inner, show_required, seen)
    return lines


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _variant_slug(when: str) -> str:
    """`When `role` is "user"` -> `user`: the variant's value names it in an anchor."""
    value = re.search(r'is `"([^"]+)"`', when)
    return _slug(value[1] if value else when.removeprefix("When "))


def _unique(anchor: str, seen: set[str]) -> str:
    candidate, n = anchor, 2
    while candidate in seen:
        candidate, n = f"{anchor}-{n}", n + 1
    seen.add(candidate)
    return candidate
