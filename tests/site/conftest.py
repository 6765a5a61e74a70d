"""Fixtures of the site tests: one strict build of the whole site, shared by every test.

The build runs as a reader runs it (`python -m mkdocs build --strict`), in a fresh process,
into a temporary folder; its log is kept for the tests that read what it printed.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from built_site import BuiltSite

from docs_harness.site_build import SiteBuild


@pytest.fixture(scope="session")
def site() -> Iterator[BuiltSite]:
    build = SiteBuild(quiet=False)
    try:
        yield BuiltSite(build.wait(), build.log)
    finally:
        build.close()
