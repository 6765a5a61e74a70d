"""The Markdown source of the site as its writers write it: fenced code blocks, content tabs
(`=== "Python"`) and snippet includes (`--8<-- "file.py"`).

Three readers need the same answer to "where is this block, and what is in it": the docs
harness (it runs every example and rewrites outputs in place, so it needs offsets), the
Markdown copy of each page (`llms_txt.markdown_copy`) and the site tests (which read those
copies back). They all read the source with this module, so a block is the same block to
each of them.

It is written here rather than taken from a Markdown library because neither library at
hand can say it: markdown-it-py parses CommonMark, where a fence indented under a content
tab is an indented code block, and Python-Markdown with pymdownx turns the page into HTML
without saying where in the source a block was. It lives in `llms_txt`, the package that
is installed with the project, so the harness and the tests import it like the build does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: An opening fence: indentation (and, in a Markdown copy, blockquote markers), three or
#: more backticks or tildes, the info string.
_FENCE = re.compile(r"^(?P<prefix>[ >]*)(?P<mark>`{3,}|~{3,})(?P<info>[^`\n]*)$")
_TITLE = re.compile(r'\btitle="(?P<title>[^"]*)"')
_INCLUDE = re.compile(r'^(?P<indent>\s*)-+8<-+\s+"(?P<name>[^"]+)"\s*$')
_TAB = re.compile(r'^(?P<indent> *)===(?P<flags>[+!]*)\s+"(?P<label>[^"]*)"\s*$')


def fence_language(info: str) -> str:
    """`python title="x"` -> `python`; `{.python .annotate}` -> `python`."""
    first = info.split(maxsplit=1)[0] if info.strip() else ""
    return first.strip("{}").lstrip(".").lower()


def fence_title(info: str) -> str | None:
    """The `title="…"` of an info string: `Output` marks what the command above printed."""
    match = _TITLE.search(info)
    return match["title"] if match else None


@dataclass(frozen=True)
class Fence:
    """One fenced code block, by line index in the text it was read from."""

    prefix: str
    """What precedes the opening fence on its line: indentation, blockquote markers."""
    mark: str
    """The fence itself: three or more backticks or tildes."""
    info: str
    opening: int
    """Index of the opening line."""
    closing: int
    """Index of the closing line; the number of lines when the fence is never closed."""
    closed: bool
    body: tuple[str, ...]
    """The lines in between, without `prefix`."""

    @property
    def code(self) -> str:
        """The code, one line ending in a newline each."""
        return "".join(line if line.endswith("\n") else line + "\n" for line in self.body)

    @property
    def language(self) -> str:
        return fence_language(self.info)

    @property
    def title(self) -> str | None:
        return fence_title(self.info)

    @property
    def end(self) -> int:
        """Index of the first line after the block."""
        return self.closing + 1 if self.closed else self.closing


def fence_at(lines: list[str], index: int) -> Fence | None:
    """The fenced block that opens at `lines[index]`, or None when no fence opens there.

    It closes at the first later line that, once the opening's prefix is removed, holds
    the same fence character at least as many times (indented by up to three spaces, as
    CommonMark allows); an unclosed fence runs to the end of the text. `lines` may keep
    their line ends or not.
    """
    opening = _FENCE.match(lines[index].rstrip("\r\n"))
    if opening is None:
        return None
    prefix, mark = opening["prefix"], opening["mark"]
    closing = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
    end = index + 1
    while end < len(lines) and not closing.match(_unprefixed(lines[end], prefix).rstrip("\r\n")):
        end += 1
    body = tuple(_unprefixed(line, prefix) for line in lines[index + 1 : end])
    return Fence(prefix, mark, opening["info"], index, end, end < len(lines), body)


def _unprefixed(line: str, prefix: str) -> str:
    """`line` without the opening fence's prefix; a line indented less loses what it has."""
    if line.startswith(prefix):
        return line[len(prefix) :]
    return line.lstrip(" >" if ">" in prefix else " ")


def fences(text: str) -> list[Fence]:
    """Every fenced block of a text, those indented under tabs and admonitions included
    (but not fences shown as code inside another fence)."""
    return fences_of_lines(text.splitlines(keepends=True))


def fences_of_lines(lines: list[str]) -> list[Fence]:
    """`fences`, for text already split into lines (with their ends or without)."""
    found: list[Fence] = []
    index = 0
    while index < len(lines):
        fence = fence_at(lines, index)
        if fence is None:
            index += 1
            continue
        found.append(fence)
        index = fence.end
    return found


def include_at(line: str) -> tuple[str, str] | None:
    """(indentation, file name) of a `--8<-- "file.py"` line, or None for any other line."""
    match = _INCLUDE.match(line)
    return (match["indent"], match["name"]) if match else None


def includes(text: str) -> list[str]:
    """The files a text includes with `--8<--`, in order."""
    return [found[1] for line in text.splitlines() if (found := include_at(line))]


@dataclass(frozen=True)
class Tab:
    """A content tab: `=== "Python"` and the lines indented under it."""

    indent: str
    label: str
    opening: int
    end: int
    """Index of the first line after the tab's content."""


def tab_at(lines: list[str], index: int) -> Tab | None:
    """The content tab that opens at `lines[index]`, or None when no tab opens there."""
    match = _TAB.match(lines[index])
    if match is None:
        return None
    indent = match["indent"]
    return Tab(indent, match["label"], index, block_end(lines, index + 1, len(indent)))


def block_end(lines: list[str], start: int, indent: int) -> int:
    """The index after the block whose lines, from `start`, are indented by more than
    `indent` (a tab's or an admonition's content; blank lines belong to it while it goes
    on, trailing ones do not)."""
    end = start
    last = start
    while end < len(lines):
        line = lines[end]
        if line.strip():
            if len(line) - len(line.lstrip(" ")) <= indent:
                break
            last = end + 1
        end += 1
    return last
