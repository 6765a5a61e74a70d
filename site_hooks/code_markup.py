"""The Python-Markdown extension that finishes each page's highlighted code (listed under
`markdown_extensions:` in mkdocs.yml): Pygments' whitespace spans dropped
(`site_hooks.highlight`), each block's line count on its `<code>`
(`site_hooks.code_heights`), and output blocks marked for the search plugin to skip
(`site_hooks.search_exclude`).

An extension, run on the HTML of the page's content as Python-Markdown returns it, so that
MkDocs and Zensical both apply it, and before the search plugin parses the page: the spans
it drops would cost its HTML parser as much as the reader's browser.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor

from site_hooks.code_heights import mark_line_counts
from site_hooks.highlight import unwrap_whitespace
from site_hooks.search_exclude import exclude_outputs

#: Below every postprocessor of Python-Markdown's (the lowest is 20): the last one, where
#: MkDocs' `on_page_content` hooks read the same HTML.
PRIORITY = 1


class CodeMarkupPostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return exclude_outputs(mark_line_counts(unwrap_whitespace(text)))


class CodeMarkupExtension(Extension):
    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.postprocessors.register(CodeMarkupPostprocessor(md), "metal_code_markup", PRIORITY)


def makeExtension(**kwargs: Any) -> CodeMarkupExtension:  # noqa: N802 - Python-Markdown's name
    return CodeMarkupExtension(**kwargs)
