"""The step after the build: what the site publishes beside its HTML, and the rewrites
of that HTML, whichever engine (MkDocs or Zensical) built it.

- the Markdown copies, `/llms.txt` and `/llms-full.txt` (`llms_txt.writer`);
- highlighted code without Pygments' whitespace spans (`site_hooks.highlight`) and with
  its line count (`site_hooks.code_heights`);
- the "Edit this page" link of a generated page, to what generates it;
- the theme's bundle not fetching a sitemap beside every copy (`site_hooks.theme_patch`).

    .venv/bin/python -m site_hooks.postbuild SITE_DIR
"""

from __future__ import annotations

import argparse
import posixpath
from pathlib import Path

from llms_txt.writer import LlmsTxt
from site_hooks import code_heights, highlight, sources, theme_patch
from site_hooks.prebuild import GENERATED_EDIT_PATH
from site_hooks.site_config import SiteConfig, load


def generated(src_uri: str) -> bool:
    """Whether a page is generated from the contract (not a guide of `docs/`)."""
    return src_uri in sources.generated()


def rewrite_html(html: str, edit: tuple[str, str] | None) -> str:
    """A page's HTML with the post-step's changes (see the module's docstring)."""
    html = code_heights.mark_line_counts(highlight.unwrap_whitespace(html))
    if edit is not None:
        html = html.replace(f'href="{edit[0]}"', f'href="{edit[1]}"')
    return html


def run(site: Path, config: SiteConfig | None = None) -> str:
    """The post-step over the built `site`; returns a line that says what it wrote."""
    config = config or load()
    llms = LlmsTxt(config, sources.source_pages(config))
    for copy in llms.copies:
        src = copy.page.src_uri
        edit = None
        page_edit = config.edit_url(src)
        if page_edit and generated(src):
            edit = (page_edit, _edit_url_of(config, GENERATED_EDIT_PATH))
        path = site / sources.html_path(src)
        html = path.read_text("utf-8")
        changed = rewrite_html(html, edit)
        if changed != html:
            path.write_text(changed, "utf-8")
    theme_patch.patch_bundle(site)
    return llms.write(site)


def _edit_url_of(config: SiteConfig, path: str) -> str:
    """The edit link of `path`, relative to the folder `edit_uri` names (`docs/`)."""
    url = config.edit_url(path)
    assert url is not None
    scheme, _, rest = url.partition("://")
    return scheme + "://" + posixpath.normpath(rest)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site's folder")
    print(run(parser.parse_args().site))


if __name__ == "__main__":
    main()
