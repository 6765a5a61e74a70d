"""Fixtures of the site tests: one strict build of the whole site, shared by every test
(and one with Zensical, for the tests that compare the two engines).

The build runs as a reader runs it (`python -m mkdocs build --strict`), in a fresh process,
into a temporary folder; its log is kept for the tests that read what it printed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from built_site import ROOT, BuiltSite

from site_hooks import build as steps

from docs_harness.site_build import SiteBuild


@pytest.fixture(scope="session")
def site() -> Iterator[BuiltSite]:
    build = SiteBuild(quiet=False)
    try:
        yield BuiltSite(build.wait(), build.log)
    finally:
        build.close()


@pytest.fixture(scope="session")
def zensical_site() -> Iterator[Path]:
    """The same sources built with Zensical, in the three steps of `dev.py build --zensical`
    (into a folder inside the repository: Zensical writes nowhere else)."""
    folder = Path(tempfile.mkdtemp(prefix="zensical-site-", dir=ROOT / "build"))
    try:
        try:
            steps.zensical(folder, quiet=True)
        except subprocess.CalledProcessError as exc:
            pytest.fail(f"zensical build --strict failed:\n{exc.stdout}\n{exc.stderr}")
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
