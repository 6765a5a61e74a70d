"""Fixtures of the docs suite: one deterministic sandbox for every example of the site."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from docs_harness.node_examples import apply_node_updates, node_examples
from docs_harness.node_runner import TypeCheck
from docs_harness.outputs import apply_output_updates
from docs_harness.session import DocsSession
from docs_harness.site_build import SiteBuild

_SESSION_KEY = pytest.StashKey[DocsSession]()
_BUILD_KEY = pytest.StashKey[SiteBuild]()
_TYPES_KEY = pytest.StashKey[TypeCheck]()
#: The test that runs Node examples, and needs their type check.
_NODE_TEST = "test_node_example"
#: The gates that read the built site.
_SITE_GATES = frozenset(
    {
        "test_every_python_block_on_the_site_was_run",
        "test_every_javascript_block_on_the_site_was_run",
    }
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "docs_gate: a site-wide check of the docs suite; runs after every example test",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the gates last: they reuse what the example tests recorded and run only the
    examples that were not selected, so the whole suite runs each example once. When the
    site gate is selected, start building the site now (`SiteBuild`), unless examples are
    being rewritten: then the gate builds the rewritten pages itself."""
    gates = [item for item in items if item.get_closest_marker("docs_gate")]
    if gates:
        others = [item for item in items if not item.get_closest_marker("docs_gate")]
        items[:] = others + gates
    wanted = any(getattr(item, "originalname", item.name) in _SITE_GATES for item in gates)
    if wanted and not config.getoption("update_examples"):
        config.stash[_BUILD_KEY] = SiteBuild()
    if any(getattr(item, "originalname", item.name) == _NODE_TEST for item in items):
        with suppress(RuntimeError):  # no node or packages: each Node test says so itself
            config.stash[_TYPES_KEY] = TypeCheck(node_examples())


@pytest.fixture(scope="session")
def node_types(pytestconfig: pytest.Config) -> Iterator[TypeCheck]:
    """One `tsc --noEmit --checkJs` over every Node example, started at collection so
    that it runs beside the Python examples."""
    check = pytestconfig.stash.get(_TYPES_KEY, None) or TypeCheck(node_examples())
    try:
        yield check
    finally:
        check.close()


@pytest.fixture
def built_site(pytestconfig: pytest.Config) -> Iterator[Path]:
    """The site as `mkdocs build --strict` makes it from the pages as they are now."""
    early = pytestconfig.stash.get(_BUILD_KEY, None)
    if early is not None:
        yield early.wait()
        return
    build = SiteBuild()
    try:
        yield build.wait()
    finally:
        build.close()


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
    """Stop and remove the early site build. With `--update-examples`, rewrite the output
    blocks of curl examples. This runs after pytest-examples has rewritten `#>` lines (at
    fixture teardown), and re-reads each page, so the two rewrites never work from stale
    offsets."""
    build = session.config.stash.get(_BUILD_KEY, None)
    if build is not None:
        build.close()
    docs_session = session.config.stash.get(_SESSION_KEY, None)
    if docs_session is None:
        return
    report: list[str] = []
    if docs_session.updates:
        report.append(f"docs: {len(docs_session.updates)} curl output block(s) to update")
        report.extend(apply_output_updates(docs_session.updates))
    if docs_session.node_updates:
        report.append(f"docs: {len(docs_session.node_updates)} Node example(s) to update")
        report.extend(apply_node_updates(docs_session.node_updates))
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        for line in report:
            reporter.write_line(line)
