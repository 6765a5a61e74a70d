"""The reader's run: a page's examples, in order, twice, on one sandbox started as the page
says, with run-varying values masked (`docs_harness.run_varying`).

A reader pastes the examples of a page one after the other into the sandbox they started
once; the rest of the suite resets the sandbox before every example. A page passes when a
second pass prints what the first did: examples clean up what they create, or are
harmless to repeat. Pages join `READER_PAGES` as they are made to pass.
"""

from __future__ import annotations

import pytest
from pytest_examples import EvalExample

from metal_sandbox.keys import DEFAULT_KEY

from docs_harness.pages import DOCS
from docs_harness.python_examples import configure_lint
from docs_harness.reader_run import ReaderRun, ReaderSandbox, page_steps
from docs_harness.routing import Router
from docs_harness.sandbox_command import sandbox_flags
from docs_harness.session import prepare_examples

#: The pages whose reader's run is checked (the gate over every page comes later).
READER_PAGES = ("idempotency.md", "quickstart.md", "streaming.md", "webhooks.md")
PASSES = 2


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_reader_runs_the_page_twice_on_one_sandbox(
    name: str, eval_example: EvalExample, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = DOCS / name
    configure_lint(eval_example)
    steps = page_steps(page)
    assert steps, f"{name} has no examples"
    with ReaderSandbox(sandbox_flags(page)) as sandbox:
        prepare_examples(Router(sandbox), DEFAULT_KEY, monkeypatch)
        run = ReaderRun(sandbox, eval_example)
        try:
            for number in range(1, PASSES + 1):
                run.run(steps, f"pass {number}")
        finally:
            run.close()
    if run.failures:
        pytest.fail("\n".join(run.failures), pytrace=False)
