"""The step after the build: what the site publishes beside its HTML, and the rewrites
of that HTML, whichever engine (MkDocs or Zensical) built it.

- the Markdown copies, `/llms.txt` and `/llms-full.txt` (`llms_txt.writer`);
- the "Edit this page" link of a generated page, to what generates it;
- the theme's bundle not fetching a sitemap beside every copy (`site_hooks.theme_patch`).

    .venv/bin/python -m site_hooks.postbuild SITE_DIR
"""

from __future__ import annotations

import argparse
import posixpath
from pathlib import Path

from site_hooks import sources, theme_patch
from site_hooks.prebuild import GENERATED_EDIT_PATH
from site_hooks.site_config import SiteConfig, load


def run(site: Path, config: SiteConfig | None = None) -> str:
    """The post-step over the built `site`; returns a line that says what it wrote."""
    config = config or load()
    llms = sources.copies(config)
    generator = _edit_url_of(config, GENERATED_EDIT_PATH)
    for src in sources.generated():
        edit = config.edit_url(src)
        if edit:
            path = site / sources.html_path(src)
            html = path.read_text("utf-8")
            path.write_text(html.replace(f'href="{edit}"', f'href="{generator}"'), "utf-8")
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
