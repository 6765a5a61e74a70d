"""Keep Material from fetching a `sitemap.xml` next to every page's Markdown copy.

Every page has `<link rel="alternate" type="text/markdown">` to its Markdown copy. Material's
language switcher takes *every* `link[rel=alternate]` for a translation of the site and
fetches `sitemap.xml` relative to it: `/reference/models/sitemap.xml`, a 404 on each page
load (squidfunk/mkdocs-material#8576). The fix proposed upstream is to select only links
that name a language, `link[rel=alternate][hreflang]`; this applies it to the built bundle.
Zensical's bundle selects that way already, and is left as it is.
"""

from __future__ import annotations

from pathlib import Path

SELECTOR = 'M("link[rel=alternate]")'
FIXED = 'M("link[rel=alternate][hreflang]")'
#: The fixed selector under any function name: Zensical's bundle ships with it.
ALREADY_FIXED = '("link[rel=alternate][hreflang]")'


def patch_bundle(site: Path) -> Path:
    """Rewrite the selector in the built site's Material bundle; returns the bundle's path.

    Raises when the bundle does not hold the selector exactly once, so that a Material
    update that moves it fails the build instead of silently bringing the 404s back.
    """
    bundles = sorted((site / "assets" / "javascripts").glob("bundle.*.min.js"))
    if len(bundles) != 1:
        raise RuntimeError(f"expected one Material bundle, found {[b.name for b in bundles]}")
    bundle = bundles[0]
    source = bundle.read_text("utf-8")
    if FIXED in source or (SELECTOR not in source and ALREADY_FIXED in source):
        return bundle
    if source.count(SELECTOR) != 1:
        raise RuntimeError(
            f"{bundle.name}: the selector {SELECTOR} occurs {source.count(SELECTOR)} times;"
            " review site_hooks/theme_patch.py against this Material release"
        )
    bundle.write_text(source.replace(SELECTOR, FIXED), "utf-8")
    return bundle
