"""The fenced blocks of a page, with where each sits in the page's text: the harness
rewrites output blocks in place, so it needs character offsets, not just the code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llms_txt.page_source import Fence, fences

from .pages import relative

#: The info-string title that marks a block as the output of the command block above it.
OUTPUT_TITLE = "Output"


@dataclass
class Block:
    """One closed fenced code block of a Markdown page, and where its code sits."""

    page: Path
    fence: Fence
    body_start: int
    body_end: int
    """Character offsets of the (indented) code in the page, for rewriting it."""

    @property
    def body(self) -> str:
        """The code with the block's indentation removed."""
        return self.fence.code

    @property
    def indent(self) -> int:
        return len(self.fence.prefix)

    @property
    def line(self) -> int:
        """1-based line number of the opening fence."""
        return self.fence.opening + 1

    @property
    def is_output(self) -> bool:
        return self.fence.title == OUTPUT_TITLE

    def __str__(self) -> str:
        return f"{relative(self.page)}:{self.line}"


def fenced_blocks(page: Path, text: str | None = None) -> list[Block]:
    """The page's closed fenced blocks, those indented inside tabs and admonitions too
    (an unclosed fence is not an example: it runs to the end of the page)."""
    text = page.read_text("utf-8") if text is None else text
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return [
        Block(page, fence, starts[fence.opening + 1], starts[fence.closing])
        for fence in fences(text)
        if fence.closed
    ]
