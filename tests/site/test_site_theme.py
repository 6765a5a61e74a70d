"""What the build changes in the theme's output: highlighted code without whitespace
spans, and Material's bundle not fetching a sitemap beside every Markdown copy."""

from __future__ import annotations

import html
import importlib
import re
from types import ModuleType

from built_site import BuiltSite


def test_highlighted_code_has_no_whitespace_spans_and_keeps_its_text(site: BuiltSite) -> None:
    page = site.html("chat.md")
    assert '<span class="w">' not in page
    # The indentation of the examples survives as plain text between the tokens.
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert '\n    base_url="https://api.metalai.org/v1",\n' in text
    assert '<span class="n">client</span>' in page


def test_material_bundle_fetches_sitemaps_only_for_language_alternates(
    site: BuiltSite, project_llms_txt: ModuleType
) -> None:
    patch = importlib.import_module(f"{project_llms_txt.__name__}.theme_patch")
    bundles = list((site.path / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert len(bundles) == 1
    source = bundles[0].read_text("utf-8")
    assert patch.FIXED in source
    assert patch.SELECTOR not in source
