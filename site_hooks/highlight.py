"""Drop Pygments' whitespace spans from the highlighted code of every page.

Pygments wraps each run of whitespace in code in `<span class="w">`, which no style of
the theme colours: about a tenth of the elements of a page with many examples (900 on
the chat guide). Every such element costs the search plugin's HTML parser at build time
and the reader's browser at load time (Lighthouse counts the DOM size). The text is kept,
only the empty wrapper goes.
"""

from __future__ import annotations

import re

WHITESPACE_SPAN = re.compile(r'<span class="w">(\s*)</span>')


def unwrap_whitespace(html: str) -> str:
    return WHITESPACE_SPAN.sub(r"\1", html)
