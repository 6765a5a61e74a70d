"""Fixtures of the site tests: one strict build of the whole site, shared by every test.

The build runs as a reader runs it (`python -m mkdocs build --strict`), in a fresh process,
into a temporary folder; its log is kept for the tests that read what it printed.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from built_site import ROOT, BuiltSite


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    target = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(target)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, f"mkdocs build --strict failed:\n{done.stderr[-5000:]}"
    yield BuiltSite(target, done.stdout + done.stderr)


def _load(name: str, init: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def project_llms_txt() -> ModuleType:
    """The project's `llms_txt` package. The `llms-txt` distribution's package has the
    same name, so this one is loaded from its folder as `metal_llms_txt` (as the MkDocs
    hook does)."""
    return _load("metal_llms_txt", ROOT / "llms_txt" / "__init__.py")


@pytest.fixture(scope="session")
def parse_llms_file() -> Callable[[str], Any]:
    """`parse_llms_file` of the `llms-txt` distribution (llmstxt.org's own parser),
    loaded from where that distribution is installed, whatever `llms_txt` names first."""
    init = Path(str(metadata.distribution("llms-txt").locate_file("llms_txt/__init__.py")))
    return _load("llms_txt_reference_parser", init).parse_llms_file
