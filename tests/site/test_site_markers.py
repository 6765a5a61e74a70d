"""The guides' generated tables: `<!-- metal:parameters OPERATION_ID -->` becomes the
operation's request body as nested attributes, `<!-- metal:errors -->` the whole error
catalog."""

from __future__ import annotations

import re
from html import unescape

import pytest
from built_site import BuiltSite, field_names, property_names

from api_reference import attributes as attributes_module
from api_reference import document as doc
from api_reference import markers as table_markers
from api_reference import tables
from api_reference.markers import MarkerError
from metal_sandbox import catalog

WITH_BODY = [op for op in doc.operations() if op.request_schema() is not None]


def first_cells(markdown: str) -> set[str]:
    return set(re.findall(r"^\| `([^`]+)`", markdown, re.M))


#: A field as api_reference.attributes writes it: the head line, then its anchor.
_HEAD = re.compile(
    r'^(?P<indent> *)`(?P<name>[^`]+)` <span class="metal-field-type">(?P<type>[^<]+)</span>'
    r'(?P<required> · <span class="metal-field-required">required</span>)?\n'
    r" *\{: #(?P<anchor>[\w-]+) \.metal-field \}\n\n"
    r"(?P<description>(?:(?!.*metal-field-type| *\?\?\? | *\*\*When ) *.+\n)?)",
    re.M,
)


def attributes(markdown: str) -> dict[str, dict[str, str]]:
    """Every field of an expanded marker by its anchor: name, type, required, description
    and how deep it is folded (its indentation)."""
    return {
        m["anchor"]: {
            "name": m["name"],
            "type": m["type"],
            "required": "yes" if m["required"] else "no",
            "description": m["description"].strip(),
            "depth": str(len(m["indent"]) // 4),
        }
        for m in _HEAD.finditer(markdown)
    }


@pytest.mark.parametrize("op", WITH_BODY, ids=lambda op: op.operation_id)
def test_the_parameters_marker_shows_every_field(op: doc.Operation) -> None:
    page = f"Intro.\n\n<!-- metal:parameters {op.operation_id} -->\n\nMore.\n"
    expanded = table_markers.expand_markers(page)
    assert "metal:parameters" not in expanded
    assert '<div class="metal-fields" markdown>' in expanded
    assert expanded.startswith("Intro.\n\n") and expanded.endswith("\n\nMore.\n")
    fields = attributes(expanded)
    schema = op.request_schema()
    assert schema is not None
    assert property_names(schema) <= {f["name"] for f in fields.values()}
    top = {f["name"]: f for f in fields.values() if f["depth"] == "0"}
    for name in doc.resolve(schema).get("required", []):
        assert top[name]["required"] == "yes", name


def test_required_and_common_fields_come_first() -> None:
    fields = attributes(attributes_module.request_parameters("createChatCompletion"))
    order = [f["name"] for f in fields.values() if f["depth"] == "0"]
    assert order[:2] == ["model", "messages"]
    for common, rare in [("temperature", "logit_bias"), ("stream", "service_tier")]:
        assert order.index(common) < order.index(rare), (common, rare)
    for common in ("max_tokens", "tools"):
        assert order.index(common) < order.index("logprobs"), common


def test_a_union_is_shown_once_with_its_variants() -> None:
    """Each message role is one variant of `messages`, folded under it, its fields inside:
    not a flat row per role and field."""
    text = attributes_module.request_parameters("createChatCompletion")
    fields = attributes(text)
    assert "messages[]" not in text
    roles = re.findall(r'^    \*\*When `role` is `"(\w+)"`\*\*$', text, re.M)
    assert roles == ["system", "developer", "user", "assistant", "tool"]
    assert '??? metal-children "Show 5 variants"' in text
    assert fields["body-messages-user-content"]["depth"] == "1"
    assert fields["body-messages-user-content-image-url-image-url-detail"]["depth"] == "3"


def test_the_parameters_marker_shows_types_defaults_and_ranges() -> None:
    fields = attributes(attributes_module.request_parameters("createChatCompletion"))
    temperature = fields["body-temperature"]
    assert (temperature["type"], temperature["required"]) == ("number", "no")
    assert "Range: 0 to 2." in temperature["description"]
    effort = fields["body-reasoning-effort"]
    assert effort["type"] == "string"
    assert 'One of `"none"`, `"minimal"`, `"low"`' in effort["description"]
    detail = fields["body-messages-user-content-image-url-image-url-detail"]
    assert 'Default: `"auto"`.' in detail["description"]


def test_the_errors_table_has_every_catalog_row() -> None:
    expanded = table_markers.expand_markers("<!-- metal:errors -->\n")
    rows = [
        line for line in expanded.splitlines() if line.startswith("| 4") or line.startswith("| 5")
    ]
    catalog = doc.catalog()
    assert len(rows) == len(catalog)
    for row, entry in zip(rows, catalog, strict=True):
        anchor = doc.error_anchor(entry["code"], entry["type"])
        assert row.startswith(
            f"| {entry['status']} | `{entry['type']}` | `{entry['code']}`{{#{anchor}}}"
        )
        assert entry["summary"] in row and entry["fix"].replace("|", "\\|") in row
        exception = tables.SDK_EXCEPTIONS[entry["status"]]
        assert f"`openai.{exception}`" in row


def test_sdk_exceptions_are_the_ones_openai_raises() -> None:
    import openai

    for status, name in tables.SDK_EXCEPTIONS.items():
        assert issubclass(getattr(openai, name), openai.APIStatusError), status
    assert tables.SDK_EXCEPTIONS[429] == "RateLimitError"
    assert tables.SDK_EXCEPTIONS[503] == "InternalServerError"


def test_an_unknown_operation_fails_the_build() -> None:
    with pytest.raises(MarkerError, match="noSuchOperation"):
        table_markers.expand_markers("<!-- metal:parameters noSuchOperation -->\n", "x.md")


def test_markers_keep_their_indentation() -> None:
    expanded = table_markers.expand_markers('!!! note "All errors"\n    <!-- metal:errors -->\n')
    lines = [line for line in expanded.splitlines()[1:] if line.strip()]
    assert lines and all(line.startswith("    ") for line in lines)
    assert sum(line.startswith("    | ") for line in lines) == len(doc.catalog()) + 1


def test_the_built_guides_show_the_tables(site: BuiltSite) -> None:
    """Where a guide carries a marker, its page shows the table, and no marker is left."""
    for page in sorted((doc.DOCS).glob("*.md")):
        source = page.read_text("utf-8")
        markers = table_markers.MARKER.findall(source)
        if not markers:
            continue
        html = site.html(page.name)
        assert "metal:" not in html
        for _, kind, arg in markers:
            if kind == "errors":
                cells = {unescape(c) for c in re.findall(r"<td><code[^>]*>([^<]+)</code>", html)}
                assert {row["code"] for row in doc.catalog()} <= cells
            elif kind == "models":
                cells = {unescape(c) for c in re.findall(r"<td><code[^>]*>([^<]+)</code>", html)}
                assert {card.id for card in catalog.MODELS} <= cells
            else:
                names = set(doc.resolve(doc.operation(arg).request_schema()).get("properties", {}))
                assert names <= field_names(html), f"{page.name}: {names - field_names(html)}"
