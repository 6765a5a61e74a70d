"""The build steps run by MkDocs itself (listed under `hooks:` in mkdocs.yml), so that a
plain `mkdocs build` or `mkdocs serve` makes the whole site: the pre-step before MkDocs
reads `docs_dir`, the post-step once the HTML is written.

These are the only MkDocs hooks that make the site; they hold no generation of their own.
Zensical runs no hooks: `python3.11 dev.py build --zensical` runs the same two steps
around it (`site_hooks.build`).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer

from site_hooks import postbuild, prebuild

log = logging.getLogger("mkdocs.hooks.metal")


def on_pre_build(config: MkDocsConfig) -> None:
    try:
        prebuild.run()
    except ValueError as exc:  # a stale nav, a marker that names nothing: shown, not traced
        raise PluginError(str(exc)) from None


def on_post_build(config: MkDocsConfig) -> None:
    log.info(postbuild.run(Path(config.site_dir)))


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    """`mkdocs serve` watches `docs/` (the `watch:` of mkdocs.yml) instead of `build/docs/`:
    the pre-step writes the staged copy of an edited page during the rebuild, which would
    start a second one."""
    server.unwatch(config.docs_dir)
    return server
