"""Fixtures of the browser tests: the site built once (`mkdocs build --strict`), served on
a free loopback port, and one headless Chromium (Debian's, `/usr/bin/chromium`) for them.

Playwright's sync API keeps its event loop marked as running in this thread while the
browser is up, which would break every asyncio test after these. So the browser is
started when a browser test first needs it and stopped as soon as the next test is not
one of this folder's (`pytest_runtest_teardown`), not at the end of the session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import DESKTOP, Watch
from playwright.sync_api import Browser, BrowserContext, Playwright, sync_playwright
from site_under_test import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, build_site, nav_paths, serve

HERE = Path(__file__).resolve().parent


class _BrowserHolder:
    """One Playwright and one Chromium, started on demand and stopped between folders."""

    def __init__(self) -> None:
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def get(self) -> Browser:
        if self._browser is None or not self._browser.is_connected():
            self.stop()
            self._playwright = sync_playwright().start()
            self._browser = self._playwright.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
        return self._browser

    def stop(self) -> None:
        browser, playwright = self._browser, self._playwright
        self._browser = self._playwright = None
        try:
            if browser is not None:
                browser.close()
        finally:
            if playwright is not None:
                playwright.stop()


_HOLDER = _BrowserHolder()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Stop the browser after the last browser test that runs in a row, once the test's
    fixtures are torn down (this hook of a folder's conftest runs for that folder's tests
    only)."""
    try:
        return (yield)
    finally:
        if nextitem is None or HERE not in Path(str(nextitem.path)).resolve().parents:
            _HOLDER.stop()


def pytest_sessionfinish(session: pytest.Session) -> None:
    _HOLDER.stop()


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it, built once for the session."""
    site = tmp_path_factory.mktemp("browser-site")
    build_site(site)
    return site


@pytest.fixture(scope="session")
def site_url(site_dir: Path) -> Iterator[str]:
    """The built site over HTTP on loopback: `http://127.0.0.1:PORT/`."""
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def nav_pages(site_dir: Path) -> list[str]:
    """Every page of the navigation, as paths under the root (`""`, `"chat/"`, ...)."""
    pages = nav_paths(site_dir)
    assert len(pages) > 10, f"the navigation of the built home page lists only {pages}"
    return pages


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """`artifacts/` at the repository root (git ignores it): screenshots and reports."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def browser() -> Browser:
    return _HOLDER.get()


@pytest.fixture
def new_context(
    browser: Browser, site_url: str
) -> Iterator[Callable[..., tuple[BrowserContext, Watch]]]:
    """Make a browser context (fresh storage) whose requests may go to the site only:
    anything else is refused and recorded. Keyword arguments go to `new_context`."""
    contexts: list[BrowserContext] = []

    def make(**options: Any) -> tuple[BrowserContext, Watch]:
        options.setdefault("viewport", DESKTOP)
        options.setdefault("color_scheme", "light")
        options.setdefault("reduced_motion", "reduce")
        context = browser.new_context(base_url=site_url, **options)
        contexts.append(context)
        watch = Watch(site_url)

        def route(route: Any) -> None:
            url = route.request.url
            if url.startswith(site_url) or url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                watch.external_requests.append(url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        watch.attach(context)
        return context, watch

    yield make
    for context in contexts:
        context.close()
