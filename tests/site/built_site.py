"""The built site as the site tests read it (a module of its own, so tests can import it)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

from api_reference import document as doc
from llms_txt.page_source import fences

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class BuiltSite:
    path: Path
    log: str

    def html(self, src_uri: str) -> str:
        """The HTML of the page whose source is `src_uri` (`chat.md`, `reference/index.md`)."""
        return (self.path / html_path(src_uri)).read_text("utf-8")

    def copy(self, src_uri: str) -> str:
        """The page's Markdown copy: its URL with `.md` added, that is, its source path."""
        return (self.path / src_uri).read_text("utf-8")


def html_path(src_uri: str) -> str:
    """Where MkDocs (directory URLs) writes a page: `chat.md` -> `chat/index.html`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def page_url(src_uri: str) -> str:
    """A page's URL path from the site root: `chat.md` -> `chat/`, `index.md` -> ``."""
    path = html_path(src_uri)
    return path.removesuffix("index.html")


def href(from_src: str, to_src: str, anchor: str = "") -> str:
    """The relative link MkDocs writes on page `from_src` to page `to_src`."""
    import posixpath

    base = page_url(from_src) or "."
    target = posixpath.relpath(page_url(to_src) or ".", base) + "/"
    return (target if target != "./" else "./") + (f"#{anchor}" if anchor else "")


def field_names(html: str) -> set[str]:
    """The names of the body fields a page shows as attributes (api_reference.attributes)."""
    heads = re.findall(r'<p class="metal-field" id="[^"]+">\s*<code>([^<]+)</code>', html)
    return {unescape(name) for name in heads}


def property_names(schema: Any, seen: frozenset[str] = frozenset()) -> set[str]:
    """Every property name a schema defines, however deep (following `$ref`s)."""
    names: set[str] = set()
    if isinstance(schema, dict):
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return names
            return property_names(doc.resolve(schema), seen | {ref})
        for name, value in schema.get("properties", {}).items():
            names.add(name)
            names |= property_names(value, seen)
        for key in ("items", "additionalProperties"):
            names |= property_names(schema.get(key), seen)
        for key in ("anyOf", "oneOf", "allOf"):
            for option in schema.get(key, []):
                names |= property_names(option, seen)
    return names


def markdown_code_blocks(markdown: str) -> list[tuple[str, str]]:
    """(language, code) of every fenced block of a Markdown copy, blockquoted ones too."""
    return [(fence.language, fence.code) for fence in fences(markdown)]
