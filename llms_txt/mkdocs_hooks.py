"""MkDocs hooks that run the llms_txt plugin (listed under `hooks:` in mkdocs.yml).

MkDocs finds plugins through package entry points; hooks need none, so the plugin runs
from this file. They come after `api_reference/mkdocs_hooks.py` in mkdocs.yml, so each
page's copy is made after its generated tables are in place.

The `llms-txt` package (which the tests use to parse `/llms.txt`) is also called
`llms_txt`, and whichever comes first on `sys.path` wins the name. So this package is
loaded from its own folder under the name `metal_llms_txt`, whatever `llms_txt` is.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

PACKAGE_NAME = "metal_llms_txt"


def load_package() -> ModuleType:
    """The project's `llms_txt` package, imported as `metal_llms_txt`."""
    if PACKAGE_NAME in sys.modules:
        return sys.modules[PACKAGE_NAME]
    folder = Path(__file__).resolve().parent
    spec = importlib.util.spec_from_file_location(
        PACKAGE_NAME, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    assert spec is not None and spec.loader is not None
    package = importlib.util.module_from_spec(spec)
    sys.modules[PACKAGE_NAME] = package
    spec.loader.exec_module(package)
    return package


load_package()
_plugin = importlib.import_module(f"{PACKAGE_NAME}.plugin").LlmsTxtPlugin()

on_config = _plugin.on_config
on_nav = _plugin.on_nav
on_page_markdown = _plugin.on_page_markdown
on_post_build = _plugin.on_post_build
