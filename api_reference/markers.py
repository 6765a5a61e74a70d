"""The guides' generated tables, expanded wherever a page carries their marker:

- `<!-- metal:parameters OPERATION_ID -->`: the request body of that operation, as nested
  attributes;
- `<!-- metal:errors -->`: every error of the catalog (each code with its anchor,
  `errors.md#<code>`);
- `<!-- metal:models -->`: every model's limits and features;
- `<!-- metal:compatibility ... -->`: the tables of the "OpenAI compatibility" page
  (`api_reference.compat_page`).

The site renders them through a Python-Markdown extension (`api_reference.markdown_ext`),
which MkDocs and Zensical both run; the Markdown copies expand them with `expand_all`.
"""

from __future__ import annotations

import re

from api_reference import attributes, tables

MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*metal:(?P<kind>parameters|errors|models)"
    r"(?:\s+(?P<arg>[\w.-]+))?\s*-->[ \t]*$",
    re.M,
)


class MarkerError(ValueError):
    """A marker that names nothing the contract has: the build stops on it."""


def indented(text: str, pad: str) -> str:
    """`text` with every line under `pad`, without its last newline (it replaces a line)."""
    return "".join(pad + line for line in text.splitlines(True)).rstrip("\n")


def expand_markers(markdown: str, where: str = "the page") -> str:
    """Replace the generated-table markers of a page's Markdown with the tables."""

    def replace(match: re.Match[str]) -> str:
        kind, arg = match["kind"], match["arg"]
        try:
            if kind == "parameters":
                if not arg:
                    raise KeyError("metal:parameters needs an operation id")
                text = attributes.request_parameters(arg)
            elif kind == "models":
                text = tables.models_table()
            else:
                text = tables.catalog_table()
        except KeyError as exc:
            raise MarkerError(f"{where}: {match.group(0).strip()}: {exc}") from None
        return indented(text, match["indent"])

    return MARKER.sub(replace, markdown)


def expand_all(markdown: str, where: str = "the page") -> str:
    """Every marker of a page expanded: the tables', then the compatibility page's."""
    from api_reference import compat_page

    return compat_page.expand_markers(expand_markers(markdown, where), where)
