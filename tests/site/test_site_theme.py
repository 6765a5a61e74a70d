"""What the build changes in the theme's output: highlighted code without whitespace
spans, Material's bundle not fetching a sitemap beside every Markdown copy, and Open Graph
tags for link previews."""

from __future__ import annotations

import html
import re

from built_site import BuiltSite

from site_hooks import theme_patch


def test_highlighted_code_has_no_whitespace_spans_and_keeps_its_text(site: BuiltSite) -> None:
    page = site.html("chat.md")
    assert '<span class="w">' not in page
    # The indentation of the examples survives as plain text between the tokens.
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert '\n    base_url="https://api.metalai.org/v1",\n' in text
    assert '<span class="n">client</span>' in page


def test_material_bundle_fetches_sitemaps_only_for_language_alternates(site: BuiltSite) -> None:
    bundles = list((site.path / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1
    source = bundles[0].read_text("utf-8")
    assert theme_patch.FIXED in source
    assert theme_patch.SELECTOR not in source


def _meta(page: str, attribute: str, name: str) -> list[str]:
    found = re.findall(rf'<meta {attribute}="{re.escape(name)}" content="([^"]*)"', page)
    return [html.unescape(value) for value in found]


def test_every_page_previews_with_its_own_title_url_and_description(site: BuiltSite) -> None:
    """Open Graph tags (docs/overrides/main.html): a link pasted into a chat or an issue
    shows the page's title and first sentence, and points at the page's canonical URL.
    """
    pages = [
        path
        for path in sorted(site.path.rglob("*.html"))
        if '<link rel="canonical"' in path.read_text("utf-8")
    ]
    assert len(pages) > 30, pages
    for path in pages:
        page = path.read_text("utf-8")
        where = str(path.relative_to(site.path))
        [canonical] = re.findall(r'<link rel="canonical" href="([^"]*)"', page)
        [title] = re.findall(r"<title>([^<]*)</title>", page)
        assert _meta(page, "property", "og:url") == [canonical], where
        [og_title] = _meta(page, "property", "og:title")
        assert og_title and html.unescape(title).startswith(og_title), (
            where,
            og_title,
            title,
        )
        assert _meta(page, "property", "og:description") == _meta(page, "name", "description")
        assert _meta(page, "property", "og:site_name") == ["MeTal API"], where
