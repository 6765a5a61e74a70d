"""The search index holds what the pages say, not the answers their examples print: the
output blocks of curl examples are drawn on the page but left out of the index
(site_hooks/search_exclude.py), so that searching for a field such as `logprobs` finds
the sections about it, not every section that shows a completion."""

from __future__ import annotations

import html
import json
import re
from collections import defaultdict
from pathlib import Path

from built_site import BuiltSite

from site_hooks.search_exclude import exclude_outputs

#: An output block as the built page has it: its `<div>`, the `Output` title, the code.
OUTPUT_BLOCK = re.compile(
    r'<div class="[^"]*\bhighlight\b[^"]*"[^>]*><span class="filename">Output</span>'
    r"<pre\b[^>]*>(?P<code>.*?)</pre>",
    re.DOTALL,
)
#: A code block as the search plugin keeps it in an entry's text.
INDEXED_CODE = re.compile(r"<pre><code>(?P<code>.*?)</code></pre>", re.DOTALL)
#: Printed only in completions, never written in prose or in a program.
AN_ANSWERS_TEXT = '"system_fingerprint": "fp_'


def plain(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and whitespace runs made one space."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def indexed_code(site: Path) -> dict[str, set[str]]:
    """The code blocks of the search index, by the page (its URL path) they come from."""
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    by_page: dict[str, set[str]] = defaultdict(set)
    for entry in index["docs"]:
        page = entry["location"].split("#")[0]
        by_page[page] |= {plain(code) for code in INDEXED_CODE.findall(entry["text"])}
    return by_page


def output_blocks(site: Path, page: str) -> list[str]:
    """The text of each output block of the built page at URL path `page`."""
    text = (site / page / "index.html").read_text("utf-8")
    return [plain(match["code"]) for match in OUTPUT_BLOCK.finditer(text)]


def test_no_output_block_is_in_the_search_index(site: BuiltSite) -> None:
    code = indexed_code(site.path)
    shown = {page: output_blocks(site.path, page) for page in code}
    assert sum(map(len, shown.values())) > 50, "the pages lost their output blocks"
    leaked = {
        page: [block[:80] for block in blocks if block in code[page]]
        for page, blocks in shown.items()
    }
    leaked = {page: blocks for page, blocks in leaked.items() if blocks}
    assert not leaked, f"output blocks in the search index: {leaked}"


def test_an_answers_text_is_on_the_page_and_not_in_the_index(site: BuiltSite) -> None:
    assert AN_ANSWERS_TEXT in plain(site.html("chat.md"))
    index = (site.path / "search" / "search_index.json").read_text("utf-8")
    assert json.dumps(AN_ANSWERS_TEXT)[1:-1] not in index


def test_the_hook_marks_output_blocks_only() -> None:
    output = '<div class="language-json highlight"><span class="filename">Output</span><pre>'
    named = '<div class="language-py highlight"><span class="filename">app.py</span><pre>'
    assert exclude_outputs(output).startswith(
        '<div class="language-json highlight" data-search-exclude><span'
    )
    assert exclude_outputs(named) == named
