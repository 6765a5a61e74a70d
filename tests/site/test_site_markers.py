"""The guides' generated tables: `<!-- metal:parameters OPERATION_ID -->` becomes the
operation's request body table, `<!-- metal:errors -->` the whole error catalog."""

from __future__ import annotations

import re
from html import unescape

import pytest
from built_site import BuiltSite, property_names
from mkdocs.exceptions import PluginError

from api_reference import document as doc
from api_reference import mkdocs_hooks, tables

WITH_BODY = [op for op in doc.operations() if op.request_schema() is not None]


def first_cells(markdown: str) -> set[str]:
    return set(re.findall(r"^\| `([^`]+)`", markdown, re.M))


@pytest.mark.parametrize("op", WITH_BODY, ids=lambda op: op.operation_id)
def test_the_parameters_table_has_every_parameter(op: doc.Operation) -> None:
    page = f"Intro.\n\n<!-- metal:parameters {op.operation_id} -->\n\nMore.\n"
    expanded = mkdocs_hooks.expand_markers(page)
    assert "metal:parameters" not in expanded
    assert "\n| Field | Type | Required | Description |\n" in expanded
    assert expanded.startswith("Intro.\n\n") and expanded.endswith("\n\nMore.\n")
    names = first_cells(expanded)
    leaves = {n.rsplit(".", 1)[-1].removesuffix("[]") for n in names}
    schema = op.request_schema()
    assert schema is not None
    assert property_names(schema) <= leaves
    top = doc.resolve(schema)
    for name in top.get("required", []):
        assert re.search(rf"^\| `{name}` \| [^|]+ \| yes \|", expanded, re.M), name


def test_the_parameters_table_shows_types_defaults_and_ranges() -> None:
    text = tables.request_parameters_table("createChatCompletion")
    assert re.search(r"^\| `temperature` \| number \| no \|.*Range: 0 to 2\.", text, re.M)
    effort = r'^\| `reasoning_effort` \| string \|.*One of `"none"`, `"minimal"`, `"low"`'
    assert re.search(effort, text, re.M)
    detail = r"^\| `messages\[\]\.content\[\]\.image_url\.detail` .*Default: `\"auto\"`\."
    assert re.search(detail, text, re.M)


def test_the_errors_table_has_every_catalog_row() -> None:
    expanded = mkdocs_hooks.expand_markers("<!-- metal:errors -->\n")
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
    with pytest.raises(PluginError, match="noSuchOperation"):
        mkdocs_hooks.expand_markers("<!-- metal:parameters noSuchOperation -->\n", "x.md")


def test_markers_keep_their_indentation() -> None:
    expanded = mkdocs_hooks.expand_markers('!!! note "All errors"\n    <!-- metal:errors -->\n')
    lines = [line for line in expanded.splitlines()[1:] if line.strip()]
    assert lines and all(line.startswith("    ") for line in lines)
    assert sum(line.startswith("    | ") for line in lines) == len(doc.catalog()) + 1


def test_the_built_guides_show_the_tables(site: BuiltSite) -> None:
    """Where a guide carries a marker, its page shows the table, and no marker is left."""
    for page in sorted((doc.DOCS).glob("*.md")):
        source = page.read_text("utf-8")
        markers = mkdocs_hooks.MARKER.findall(source)
        if not markers:
            continue
        html = site.html(page.name)
        assert "metal:" not in html
        for _, kind, arg in markers:
            cells = {unescape(c) for c in re.findall(r"<td><code[^>]*>([^<]+)</code>", html)}
            if kind == "errors":
                assert {row["code"] for row in doc.catalog()} <= cells
            else:
                names = set(doc.resolve(doc.operation(arg).request_schema()).get("properties", {}))
                assert names <= cells, f"{page.name}: {names - cells}"
