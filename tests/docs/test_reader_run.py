"""The reader's run: a page's examples, in order, twice, on one sandbox started as the page
says, with run-varying values masked (`docs_harness.run_varying`).

A reader pastes the examples of a page one after the other into the sandbox they started
once; the rest of the suite resets the sandbox before every example. A page passes when a
second pass prints what the first did: examples clean up what they create, or are
harmless to repeat. Every page of the site with an example is run.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from pytest_examples import EvalExample

from metal_sandbox.keys import DEFAULT_KEY

from docs_harness.pages import pages, relative
from docs_harness.python_examples import configure_lint
from docs_harness.reader_run import ReaderRun, ReaderSandboxes, page_steps
from docs_harness.routing import Router
from docs_harness.sandbox_command import sandbox_flags
from docs_harness.session import prepare_examples

PASSES = 2


@cache
def pages_with_examples() -> dict[str, Path]:
    """Every page of the site that has an example, by the path the suite shows."""
    return {relative(page): page for page in pages() if page_steps(page)}


READER_PAGES = sorted(pages_with_examples())


@pytest.fixture(scope="module")
def sandboxes(request: pytest.FixtureRequest) -> Iterator[ReaderSandboxes]:
    """The selected pages' sandboxes, in the order their tests run."""
    names = [
        str(item.callspec.params["name"])
        for item in request.session.items
        if isinstance(item, pytest.Function)
        and item.originalname == "test_a_reader_runs_the_page_twice_on_one_sandbox"
    ]
    found = ReaderSandboxes({name: sandbox_flags(pages_with_examples()[name]) for name in names})
    try:
        yield found
    finally:
        found.close()


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_reader_runs_the_page_twice_on_one_sandbox(
    name: str,
    sandboxes: ReaderSandboxes,
    eval_example: EvalExample,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = pages_with_examples()[name]
    configure_lint(eval_example)
    steps = page_steps(page)
    with sandboxes.running(name) as sandbox:
        prepare_examples(Router(sandbox), DEFAULT_KEY, monkeypatch)
        run = ReaderRun(sandbox, eval_example)
        try:
            for number in range(1, PASSES + 1):
                run.run(steps, f"pass {number}")
        except pytest.fail.Exception:
            pass  # a timeout, mid-step: the failures say where, after what failed before
        finally:
            run.close()
    if run.failures:
        pytest.fail("\n".join(run.failures), pytrace=False)
