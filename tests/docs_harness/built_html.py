"""The code blocks of the built site, read from its HTML: the gate that every Python block
a reader sees was run, and the check that Markdown copies keep every block, read them.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .node_examples import JAVASCRIPT_LANGUAGES
from .python_examples import PYTHON_LANGUAGES


class _CodeBlocks(HTMLParser):
    """(language, code) of every highlighted block: `<div class="language-X highlight">`,
    the markup pymdownx.highlight gives a fence. mkdocstrings' signature blocks
    (`doc-signature`) are generated from the code, not examples, and are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._depth = 0  # <div> nesting inside a block; 0 = outside
        self._language = ""
        self._in_code = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            self._open_div(attrs)
        elif tag == "code" and self._depth:
            self._in_code += 1

    def _open_div(self, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += 1
            return
        classes = (dict(attrs).get("class") or "").split()
        languages = [c.removeprefix("language-") for c in classes if c.startswith("language-")]
        if "highlight" in classes and languages and "doc-signature" not in classes:
            self._depth, self._language, self._text = 1, languages[0], []

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._in_code:
            self._in_code -= 1
        elif tag == "div" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.blocks.append((self._language, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._depth and self._in_code:
            self._text.append(data)


def html_code_blocks(html: str) -> list[tuple[str, str]]:
    """(language, code) of every highlighted code block of a built page."""
    parser = _CodeBlocks()
    parser.feed(html)
    return parser.blocks


def site_blocks(site: Path, languages: frozenset[str]) -> list[tuple[str, str]]:
    """(page, code) for every code block of a built site in one of `languages`."""
    return [
        (str(html.relative_to(site)), code)
        for html in sorted(site.rglob("*.html"))
        for language, code in html_code_blocks(html.read_text("utf-8"))
        if language in languages
    ]


def site_python_blocks(site: Path) -> list[tuple[str, str]]:
    """(page, code) for every Python code block of a built site."""
    return site_blocks(site, PYTHON_LANGUAGES)


def site_javascript_blocks(site: Path) -> list[tuple[str, str]]:
    """(page, code) for every JavaScript code block of a built site."""
    return site_blocks(site, JAVASCRIPT_LANGUAGES)


def normalise_code(code: str) -> str:
    """Code as two renderings of it compare equal: no trailing spaces or blank edges."""
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
