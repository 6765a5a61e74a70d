"""Leave the output blocks of curl examples out of the search index.

An output block (the fence titled `Output` after a curl command) shows what the API
answered: field names such as `logprobs`, `usage` or `finish_reason`, on every page that
shows an answer. Indexed, they made a search for a field list every section with an
example instead of the sections that explain it. Material's search plugin skips an element
marked `data-search-exclude`; `site_hooks.code_markup` marks with this the `<div>` of each
output block, which the browser draws as before.
"""

from __future__ import annotations

import re

#: The opening of a highlighted block titled `Output`, as pymdownx.highlight writes it.
OUTPUT_BLOCK = re.compile(
    r'(?P<open><div class="[^"]*\bhighlight\b[^"]*")'
    r'(?P<title>><span class="filename">Output</span>)'
)


def exclude_outputs(html: str) -> str:
    """`html` with every output block marked for the search plugin to skip."""
    return OUTPUT_BLOCK.sub(r"\g<open> data-search-exclude\g<title>", html)
