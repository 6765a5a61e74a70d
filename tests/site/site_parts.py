"""The parts of a built site that the engine comparison reads: each page's main content
(its text and code blocks), the navigation, and the files beside the HTML."""

from __future__ import annotations

import posixpath
import re
from html import unescape
from pathlib import Path

from docs_harness.built_html import html_code_blocks

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
#: What the theme adds inside the content: heading permalinks, the page actions.
_CHROME = re.compile(
    r"<(script|style)\b.*?</\1>"
    r'|<a [^>]*class="(?:headerlink|md-content__button)[^"]*"[^>]*>.*?</a>'
    r'|<button [^>]*class="md-content__button[^"]*"[^>]*>.*?</button>',
    re.S,
)
_PRIMARY_NAV = re.compile(
    r'<nav class="md-nav md-nav--primary[^"]*".*?(?=<div class="md-sidebar md-sidebar--secondary)',
    re.S,
)
_NAV_LINK = re.compile(r'<a href="([^"]*)"[^>]*class="md-nav__link[^"]*"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_UP = r"(?:\.\.?/)*"  # `../` from a page below the root, `./` or nothing at it
_EDIT = r'<a href="([^"]*)" title="[^"]*" class="md-content__button[^"]*" rel="edit"'
_SITEMAP_LOC = re.compile(r"<loc>([^<]*)</loc>")


def pages(site: Path) -> set[str]:
    """Every HTML page of the site, by its path in the site."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def files(site: Path) -> set[str]:
    """Every file beside the HTML pages and the theme's assets."""
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*")
        if p.is_file() and p.suffix != ".html" and p.relative_to(site).parts[0] != "assets"
    }


def main_content(html: str) -> str:
    """The page's `<article>`: what the page says, without the theme around it."""
    found = _ARTICLE.search(html)
    assert found, "no <article> in the page"
    return found[1]


def plain(html: str) -> str:
    return " ".join(unescape(_TAG.sub(" ", html)).split())


def text(html: str) -> str:
    """The text of a page's main content, whitespace collapsed."""
    return plain(_CHROME.sub(" ", main_content(html)))


def code_blocks(html: str) -> list[tuple[str, str]]:
    """(language, code) of every highlighted block of a page's main content."""
    return html_code_blocks(main_content(html))


def navigation(html: str, page: str) -> list[tuple[str, str]]:
    """(target page, label) of every link of the primary navigation, targets resolved
    from `page` (engines write `chat/` or `./chat/` for the same link)."""
    found = _PRIMARY_NAV.search(html)
    assert found, "no primary navigation in the page"
    base = posixpath.dirname(page)
    links = []
    for href, label in _NAV_LINK.findall(found[0]):
        if href.startswith(("http:", "https:", "#")):
            continue
        target = posixpath.normpath(posixpath.join(base, href.split("#")[0]))
        links.append((target.removeprefix("./").strip("."), plain(label)))
    return links


def sitemap_urls(site: Path) -> set[str]:
    return set(_SITEMAP_LOC.findall((site / "sitemap.xml").read_text("utf-8")))


def head(html: str) -> dict[str, list[str]]:
    """What the page's `<head>` says about it: its description, Open Graph tags, the link
    to its Markdown copy and to /llms.txt, and its edit link."""

    def values(pattern: str) -> list[str]:
        return [unescape(v) for v in re.findall(pattern, html)]

    return {
        "description": values(r'<meta name="description" content="([^"]*)"'),
        "og": values(r'<meta property="(og:(?:title|url|description))" content="[^"]*"'),
        "og:description": values(r'<meta property="og:description" content="([^"]*)"'),
        "markdown": values(r'<link rel="alternate" type="text/markdown"[^>]* href="([^"]*)"'),
        "llms.txt": values(r'<link rel="help" type="text/plain"[^>]* href="([^"]*)"'),
        "edit": values(_EDIT),
        "copy": values(r'data-metal-copy-markdown="([^"]*)"'),
        # The site's own (mkdocs.yml's extra_css, extra_javascript), not the theme's.
        "stylesheets": values(rf'<link rel="stylesheet" href="{_UP}(assets/(?!stylesheets/)[^"]*)'),
        "scripts": values(rf'<script src="{_UP}(assets/(?!javascripts/)[^"]*)"'),
    }
