"""Leave the output blocks of curl examples out of the search index.

An output block (the fence titled `Output` after a curl command) shows what the API
answered: field names such as `logprobs`, `usage` or `finish_reason`, on every page that
shows an answer. Indexed, they made a search for a field list every section with an
example instead of the sections that explain it. Material's search plugin skips an element
marked `data-search-exclude`; this hook marks the `<div>` of each output block, which the
browser draws as before.
"""

from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

#: The opening of a highlighted block titled `Output`, as pymdownx.highlight writes it.
OUTPUT_BLOCK = re.compile(
    r'(?P<open><div class="[^"]*\bhighlight\b[^"]*")'
    r'(?P<title>><span class="filename">Output</span>)'
)


def exclude_outputs(html: str) -> str:
    """`html` with every output block marked for the search plugin to skip."""
    return OUTPUT_BLOCK.sub(r"\g<open> data-search-exclude\g<title>", html)


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return exclude_outputs(html)
