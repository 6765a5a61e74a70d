"""The fenced blocks of a page, with where each sits in the page's text: the harness
rewrites output blocks in place, so it needs character offsets, not just the code."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llms_txt.page_source import fence_language, fence_title, fences

from .pages import relative

#: The info-string title that marks a block as the output of the command block above it.
OUTPUT_TITLE = "Output"


@dataclass
class Block:
    """One fenced code block of a Markdown page."""

    page: Path
    info: str
    indent: int
    line: int
    """1-based line number of the opening fence."""
    body: str
    """The code with the block's indentation removed."""
    body_start: int
    body_end: int
    """Character offsets of the (indented) code in the page, for rewriting it."""

    @property
    def language(self) -> str:
        return fence_language(self.info)

    @property
    def title(self) -> str | None:
        return fence_title(self.info)

    @property
    def is_output(self) -> bool:
        return self.title == OUTPUT_TITLE

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
        Block(
            page=page,
            info=fence.info,
            indent=len(fence.prefix),
            line=fence.opening + 1,
            body=fence.code,
            body_start=starts[fence.opening + 1],
            body_end=starts[fence.closing],
        )
        for fence in fences(text)
        if fence.closed
    ]
