"""Fixtures of the docs suite: one deterministic sandbox for every example of the site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from docs_harness import DocsSession, apply_output_updates

_SESSION_KEY = pytest.StashKey[DocsSession]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "docs_gate: a site-wide check of the docs suite; runs after every example test",
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the gates last: they reuse what the example tests recorded and run only the
    examples that were not selected, so the whole suite runs each example once."""
    gates = [item for item in items if item.get_closest_marker("docs_gate")]
    if gates:
        others = [item for item in items if not item.get_closest_marker("docs_gate")]
        items[:] = others + gates


@pytest.fixture(scope="session")
def docs_session(pytestconfig: pytest.Config) -> Iterator[DocsSession]:
    """The sandbox every example runs against, started once for the session."""
    with DocsSession() as session:
        pytestconfig.stash[_SESSION_KEY] = session
        yield session


@pytest.fixture
def docs(docs_session: DocsSession, monkeypatch: pytest.MonkeyPatch) -> DocsSession:
    """The session's sandbox, with httpx routed to it and `METAL_API_KEY` set, for one test."""
    docs_session.route(monkeypatch)
    return docs_session


def pytest_sessionfinish(session: pytest.Session) -> None:
    """With `--update-examples`, rewrite the output blocks of curl examples. This runs
    after pytest-examples has rewritten `#>` lines (at fixture teardown), and re-reads
    each page, so the two rewrites never work from stale offsets."""
    docs_session = session.config.stash.get(_SESSION_KEY, None)
    if docs_session is None or not docs_session.updates:
        return
    report = apply_output_updates(docs_session.updates)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        reporter.write_line(f"docs: {len(docs_session.updates)} curl output block(s) to update")
        for line in report:
            reporter.write_line(line)
