"""The "OpenAI compatibility" page shows the table of `metal_sandbox.compat`: its markers
(`<!-- metal:compatibility ... -->`) become the tables, on the page, in its Markdown copy
and through `/llms.txt`."""

from __future__ import annotations

import re
from html import unescape

import pytest
from built_site import BuiltSite

from api_reference import compat_page
from api_reference.markers import MarkerError
from metal_sandbox import compat

PAGE = "openai-compatibility.md"


def table_rows(markdown: str) -> list[str]:
    """The rows of the table in `markdown`, without its header."""
    return [line for line in markdown.splitlines() if line.startswith("| ")][1:]


def first_cells(markdown: str) -> list[str]:
    return [row.split(" | ")[0].removeprefix("| ") for row in table_rows(markdown)]


def test_the_operations_marker_lists_every_operation_row() -> None:
    expanded = compat_page.expand_markers("Intro.\n\n<!-- metal:compatibility operations -->\n")
    assert "metal:compatibility" not in expanded
    for op in compat.operations():
        where = f"`{op.method} /v1{op.path}`<br>"
        line = next(line for line in expanded.splitlines() if where in line)
        assert f"`{op.sdk}()`" in line
        assert compat_page.verdict(op.behaviour) in line


def test_a_fields_marker_lists_the_operation_s_fields_with_their_verdicts() -> None:
    expanded = compat_page.expand_markers("<!-- metal:compatibility createChatCompletion -->\n")
    rows = dict(zip(first_cells(expanded), table_rows(expanded), strict=True))
    fields = compat.operation("createChatCompletion").fields
    assert len(rows) == len(fields)
    for row in fields:
        cell = f"`{row.name}`" + (" (MeTal's own)" if row.extension else "")
        assert compat_page.verdict(row.behaviour) in rows[cell], row.name
    assert (
        "Refused: 400 [`unsupported_parameter`](errors.md#unsupported_parameter)"
        in (rows["`audio`"])
    )
    assert "| No effect |" in rows["`logit_bias`"]


def test_the_unserved_marker_lists_every_family() -> None:
    expanded = compat_page.expand_markers("<!-- metal:compatibility unserved -->\n")
    assert first_cells(expanded) == [family.title for family in compat.UNSERVED]
    assert "Refused: 404 [`unknown_url`](errors.md#unknown_url)" in expanded


def test_markers_keep_their_indentation_and_unknown_ones_fail() -> None:
    expanded = compat_page.expand_markers("    <!-- metal:compatibility unserved -->\n")
    assert all(line.startswith("    ") for line in expanded.splitlines() if line)
    assert len(table_rows(expanded.replace("\n    ", "\n"))) == len(compat.UNSERVED)
    with pytest.raises(MarkerError, match="x.md: .*noSuchOperation"):
        compat_page.expand_markers("<!-- metal:compatibility noSuchOperation -->\n", "x.md")
    with pytest.raises(MarkerError, match="no field rows"):
        compat_page.expand_markers("<!-- metal:compatibility listModels -->\n", "x.md")


def test_the_built_page_and_its_copy_show_every_row(site: BuiltSite) -> None:
    html, copy = site.html(PAGE), site.copy(PAGE)
    assert "metal:compatibility" not in html and "metal:compatibility" not in copy
    cells = {unescape(c) for c in re.findall(r"<td><code>([^<]+)</code>", html)}
    for op in compat.operations():
        assert f"{op.method} /v1{op.path}" in cells, op.operation_id
        for row in op.fields:
            assert row.name in cells, row.name
            assert f"| `{row.name}`" in copy, row.name
    for family in compat.UNSERVED:
        assert f"<td>{family.title}</td>" in html, family.title
        assert f"| {family.title} |" in copy, family.title


@pytest.mark.parametrize(
    ("title", "src"),
    [("OpenAI compatibility", PAGE), ("Switch from OpenAI", "switching-from-openai.md")],
)
def test_llms_txt_lists_the_page_under_guides(site: BuiltSite, title: str, src: str) -> None:
    llms = (site.path / "llms.txt").read_text("utf-8")
    guides = llms.split("\n## Guides\n", 1)[1].split("\n## ", 1)[0]
    assert re.search(rf"^- \[{title}\]\([^)]*{re.escape(src)}\): \w", guides, re.M), guides
