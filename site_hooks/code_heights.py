"""Tell the browser how tall each code block is before it draws it.

The guides' many code blocks are most of a page's elements (over half of the chat
guide's), and Material's start-up script makes the browser restyle the whole page several
times while it loads (reading sizes, switching the palette). `docs/assets/extra.css` gives
code blocks `content-visibility: auto`, so that the ones off screen are skipped by those
restyles and layouts until a reader scrolls to them.

A skipped block takes the height of its `contain-intrinsic-height` placeholder. This module
writes each block's line count on its `<code>` (`style="--metal-code-lines: N"`), from
which the stylesheet makes that placeholder exactly the block's height (N lines of its
line height; the padding stays outside the placeholder): the page is as tall before the
blocks are drawn as after, so the scrollbar, jumps to a heading and the table of contents
do not shift while a reader scrolls.
"""

from __future__ import annotations

import re

#: A code block as Python-Markdown's highlighters write it: `<pre>`, an optional empty
#: `<span>` (Pygments), `<code ...>`, the code, `</code></pre>`.
CODE_BLOCK = re.compile(
    r"(?P<open><pre\b[^>]*>(?:<span></span>)?<code\b)(?P<attrs>[^>]*)>"
    r"(?P<code>.*?)(?P<close></code></pre>)",
    re.DOTALL,
)


def line_count(code: str) -> int:
    """Lines the block shows: its newlines, plus a last line that has none."""
    return code.count("\n") + (0 if code.endswith("\n") or not code else 1)


def _mark(match: re.Match[str]) -> str:
    attrs = match["attrs"]
    if re.search(r"\bstyle=", attrs):  # an author's own style: leave the block alone
        return match[0]
    lines = line_count(match["code"])
    return (
        f'{match["open"]}{attrs} style="--metal-code-lines: {lines}">'
        f"{match['code']}{match['close']}"
    )


def mark_line_counts(html: str) -> str:
    """`html` with the line count of every code block on its `<code>`."""
    return CODE_BLOCK.sub(_mark, html)
