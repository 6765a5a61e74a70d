"""The site's pages as both build steps read them: the guides of `docs/` and the reference
pages generated from the contract, each with its title, front matter and Markdown.

The steps read the sources, not the staged `build/docs/`, so that the post-step sees each
page as its author wrote it (the staged copy carries the plain-text description the
pre-step adds to its front matter).
"""

from __future__ import annotations

from api_reference import pages
from api_reference.markers import expand_all
from llms_txt.writer import LlmsTxt, SourcePage
from site_hooks.site_config import ROOT, NavPage, SiteConfig, page_title, split_front_matter

DOCS = ROOT / "docs"
#: Theme overrides live in docs/ but are not pages (`theme.custom_dir` reads them there).
NOT_STAGED = ("overrides",)


def generated() -> dict[str, str]:
    """Source path -> Markdown of every page generated from the contract."""
    return pages.pages()


def page_sources() -> dict[str, str]:
    """Source path -> text (front matter included) of every page of the site."""
    found = {
        path.relative_to(DOCS).as_posix(): path.read_text("utf-8")
        for path in sorted(DOCS.rglob("*.md"))
        if path.relative_to(DOCS).parts[0] not in NOT_STAGED
    }
    return {**found, **generated()}


def page_url(src_uri: str) -> str:
    """A page's URL from the site's root: `chat.md` -> `chat/`, `index.md` -> ``."""
    return html_path(src_uri).removesuffix("index.html")


def html_path(src_uri: str) -> str:
    """Where a page's HTML is, with directory URLs: `chat.md` -> `chat/index.html`."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def source_pages(config: SiteConfig) -> list[SourcePage]:
    """Every page, in navigation order (pages outside it last), markers expanded."""
    nav = {page.src_uri: page for page in config.nav_pages()}
    ranked = {src: rank for rank, src in enumerate(nav)}
    sources = page_sources()
    found = sorted(sources, key=lambda src: (ranked.get(src, len(ranked)), src))
    result = []
    for src in found:
        meta, markdown = split_front_matter(sources[src])
        title = page_title(nav.get(src) or NavPage(src, None), meta, markdown)
        result.append(SourcePage(src, title, page_url(src), meta, expand_all(markdown, src)))
    return result


_last: tuple[object, LlmsTxt] | None = None


def copies(config: SiteConfig) -> LlmsTxt:
    """The Markdown copies of every page. Both steps need them (the pre-step for the
    descriptions): when MkDocs runs both in one process, the post-step reuses the
    pre-step's, as long as no page changed in between."""
    global _last
    found = source_pages(config)
    key = (config.path, config.raw, [(p.src_uri, p.title, p.meta, p.markdown) for p in found])
    if _last is None or _last[0] != key:
        _last = (key, LlmsTxt(config, found))
    return _last[1]
