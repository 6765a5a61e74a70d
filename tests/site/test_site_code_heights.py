"""Every code block carries its line count (site_hooks/code_heights.py), the height of the
placeholder the browser shows while it skips the block off screen (docs/assets/extra.css);
a wrong count would make the page jump as a reader scrolls."""

from __future__ import annotations

import html
import re

from built_site import ROOT, BuiltSite

from site_hooks.code_heights import line_count, mark_line_counts

BLOCK = re.compile(r"<pre\b[^>]*>(?:<span></span>)?<code\b([^>]*)>(.*?)</code></pre>", re.DOTALL)
LINES = re.compile(r'style="--metal-code-lines: (\d+)"')


def shown_lines(code_html: str) -> int:
    """The lines a block shows: its text without tags, less the final newline."""
    text = html.unescape(re.sub(r"<[^>]+>", "", code_html))
    return len(text.removesuffix("\n").split("\n"))


def test_every_code_block_of_the_chat_guide_carries_its_line_count(site: BuiltSite) -> None:
    blocks = BLOCK.findall(site.html("chat.md"))
    assert len(blocks) > 20, f"only {len(blocks)} code blocks on the chat guide"
    for attrs, code in blocks:
        found = LINES.search(attrs)
        assert found, f"a code block without its line count: <code{attrs}>{code[:120]}"
        assert int(found[1]) == shown_lines(code), f"<code{attrs}>{code[:300]}"


def test_line_counts_leave_an_authors_style_alone() -> None:
    styled = '<pre><code style="color: red">a\nb\n</code></pre>'
    assert mark_line_counts(styled) == styled
    assert line_count("a\nb\n") == line_count("a\nb") == 2
    assert 'style="--metal-code-lines: 3"' in mark_line_counts("<pre><code>a\n\nb\n</code></pre>")


def test_the_stylesheet_sizes_skipped_blocks_by_their_line_count() -> None:
    css = (ROOT / "docs" / "assets" / "extra.css").read_text("utf-8")
    assert "content-visibility: auto" in css
    assert "var(--metal-code-lines" in css
