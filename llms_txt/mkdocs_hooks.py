"""MkDocs hooks that run the llms_txt plugin (listed under `hooks:` in mkdocs.yml).

MkDocs finds plugins through package entry points; hooks need none, so the plugin runs
from this file. They come after `api_reference/mkdocs_hooks.py` in mkdocs.yml, so each
page's copy is made after its generated tables are in place.
"""

from __future__ import annotations

from llms_txt.plugin import LlmsTxtPlugin

_plugin = LlmsTxtPlugin()

on_config = _plugin.on_config
on_nav = _plugin.on_nav
on_page_markdown = _plugin.on_page_markdown
on_post_build = _plugin.on_post_build
