"""The content-tab groups of a page (`=== "Python"`, `=== "Node.js"`, ...), read with
`llms_txt.page_source`: the tab-order gate checks that every request example comes in the
same tabs, in the same order, so that picking one picks it on every page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from llms_txt.page_source import tab_at

from .pages import relative

#: The tabs of a request example, in the order every group shows them.
TAB_ORDER = ("Python", "Node.js", "httpx", "curl")


@dataclass(frozen=True)
class TabGroup:
    page: Path
    line: int
    """1-based line of the group's first tab."""
    labels: tuple[str, ...]

    def __str__(self) -> str:
        return f"{relative(self.page)}:{self.line} {list(self.labels)}"


def tab_groups(page: Path) -> list[TabGroup]:
    """Every group of consecutive tabs at one indentation, nested groups included."""
    lines = page.read_text("utf-8").splitlines()
    groups: list[TabGroup] = []
    seen: set[int] = set()
    for index in range(len(lines)):
        tab = tab_at(lines, index)
        if tab is None or index in seen:
            continue
        first, labels = tab, []
        while tab is not None and tab.indent == first.indent:
            labels.append(tab.label)
            seen.add(tab.opening)
            following = _next_content_line(lines, tab.end)
            tab = tab_at(lines, following) if following is not None else None
        groups.append(TabGroup(page, index + 1, tuple(labels)))
    return groups


def _next_content_line(lines: list[str], start: int) -> int | None:
    for index in range(start, len(lines)):
        if lines[index].strip():
            return index
    return None
