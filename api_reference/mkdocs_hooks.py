"""MkDocs hooks of the API reference (listed under `hooks:` in mkdocs.yml).

- `on_config`: the "API reference" entry of `nav` (`- API reference: reference/index.md`)
  becomes the whole generated section, one entry per operation and webhook event, so the
  navigation can never miss a page of the contract.
- `on_page_markdown`: `<!-- metal:parameters OPERATION_ID -->` in a page becomes the
  request body table of that operation, and `<!-- metal:errors -->` the table of every
  error of the catalog (each code with its anchor, `errors.md#<code>`), and
  `<!-- metal:models -->` the table of every model's limits and features.
"""

from __future__ import annotations

import re
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from api_reference import attributes, pages, tables

NAV_TITLE = "API reference"
MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*metal:(?P<kind>parameters|errors|models)"
    r"(?:\s+(?P<arg>[\w.-]+))?\s*-->[ \t]*$",
    re.M,
)


def expand_nav(nav: list[Any]) -> list[Any]:
    expanded: list[Any] = []
    for item in nav:
        if isinstance(item, dict) and item.get(NAV_TITLE) == "reference/index.md":
            expanded.append({NAV_TITLE: pages.nav()})
        else:
            expanded.append(item)
    return expanded


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if config.nav:
        config.nav = expand_nav(config.nav)
    return config


def expand_markers(markdown: str, where: str = "the page") -> str:
    """Replace the generated-table markers of a page's Markdown with the tables."""

    def replace(match: re.Match[str]) -> str:
        pad, kind, arg = match["indent"], match["kind"], match["arg"]
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
            raise PluginError(f"{where}: {match.group(0).strip()}: {exc}") from None
        return "".join(pad + line for line in text.splitlines(True)).rstrip("\n")

    return MARKER.sub(replace, markdown)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return expand_markers(markdown, page.file.src_uri)
