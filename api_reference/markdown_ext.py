"""The Python-Markdown extension that expands the guides' `<!-- metal:… -->` markers
(`api_reference.markers`), listed under `markdown_extensions:` in mkdocs.yml.

An extension rather than an MkDocs hook, because Python-Markdown extensions run in MkDocs
and in Zensical alike. It runs before every other preprocessor (snippets, HTML blocks),
where MkDocs' `on_page_markdown` hooks ran, so the tables render as if written in the page.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor

from api_reference.markers import expand_all

#: Above pymdownx.snippets (32) and Python-Markdown's own (30 and below).
PRIORITY = 40


class MarkersPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return expand_all("\n".join(lines)).split("\n")


class MarkersExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(MarkersPreprocessor(md), "metal_markers", PRIORITY)


def makeExtension(**kwargs: Any) -> MarkersExtension:  # noqa: N802 - Python-Markdown's name
    return MarkersExtension(**kwargs)
