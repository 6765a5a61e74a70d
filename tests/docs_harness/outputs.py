"""The `title="Output"` block of a curl example: comparing it with what curl printed (JSON
as parsed documents, anything else line by line), and rewriting it (`--update-examples`).
"""

from __future__ import annotations

import difflib
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from textwrap import indent
from typing import Any

from .curl import page_shell_examples
from .pages import relative


def json_documents(text: str) -> list[Any]:
    """One or more JSON documents, one after the other (as several curl calls print)."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return documents
        document, position = decoder.raw_decode(text, position)
        documents.append(document)


def format_output(language: str, text: str) -> str:
    """How an output block shows what a command printed."""
    if language == "json":
        shown = "\n".join(
            json.dumps(doc, indent=2, ensure_ascii=False) for doc in json_documents(text)
        )
        return shown + "\n"
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def output_diff(language: str, expected: str, actual: str) -> str | None:
    """None when the page shows what the command printed, else a unified diff."""
    if language == "json":
        try:
            actual_docs = json_documents(actual)
        except ValueError as exc:
            return f"the command did not print JSON ({exc}):\n{indent(actual, '  ')}"
        if json_documents(expected) == actual_docs:
            return None
    elif format_output("text", expected) == format_output("text", actual):
        return None
    return "".join(
        difflib.unified_diff(
            format_output(language, expected).splitlines(keepends=True),
            format_output(language, actual).splitlines(keepends=True),
            "shown on the page",
            "printed by the command",
        )
    )


@dataclass
class OutputUpdate:
    """What the `ordinal`-th curl example of `page` should show as its output."""

    page: Path
    ordinal: int
    text: str


def apply_output_updates(updates: Iterable[OutputUpdate]) -> list[str]:
    """Rewrite output blocks in place (`--update-examples`); one report line per page.
    Pages are re-read and re-scanned here, after pytest-examples has rewritten its `#>`
    lines, so the offsets are those of the page as it is now."""
    by_page: dict[Path, list[OutputUpdate]] = defaultdict(list)
    for update in updates:
        by_page[update.page].append(update)
    report: list[str] = []
    for page, page_updates in sorted(by_page.items()):
        page.write_text(_rewritten(page, page_updates), "utf-8")
        report.append(f"  {relative(page)} {len(page_updates)} output block(s) updated")
    return report


def _rewritten(page: Path, updates: list[OutputUpdate]) -> str:
    """The page's text with the updates applied, last block first (so that the offsets of
    the blocks before it stay right)."""
    text = page.read_text("utf-8")
    examples = page_shell_examples(page, text)
    for update in sorted(updates, key=lambda u: u.ordinal, reverse=True):
        output = examples[update.ordinal].output
        assert output is not None, f"{page}: output block {update.ordinal} disappeared"
        body = indent(update.text, " " * output.indent, lambda line: bool(line.strip()))
        text = text[: output.body_start] + body + text[output.body_end :]
    return text
