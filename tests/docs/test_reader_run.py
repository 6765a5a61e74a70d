"""The reader's run: a page's examples, in order, twice, on one sandbox started as the page
says, with run-varying values masked (`docs_harness.run_varying`).

A reader pastes the examples of a page one after the other into the sandbox they started
once; the rest of the suite resets the sandbox before every example. A page passes when a
second pass prints what the first did: examples clean up what they create, or are
harmless to repeat. Every page of the site with an example is run, but those listed in
`READER_PENDING`, a list that only shrinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_examples import EvalExample

from metal_sandbox.keys import DEFAULT_KEY

from docs_harness.pages import pages, relative
from docs_harness.python_examples import configure_lint
from docs_harness.reader_run import ReaderRun, ReaderSandbox, page_steps
from docs_harness.routing import Router
from docs_harness.sandbox_command import sandbox_flags
from docs_harness.session import prepare_examples

#: Pages whose reader's run does not pass yet, and why; an entry ending in `/` holds every
#: page under it.
READER_PENDING: dict[str, str] = {
    "docs/chat.md": "stored completions add up on the account (list, delete); curl tabs "
    "fetch by the deterministic sandbox's id",
    "docs/openai-compatibility.md": "not measured yet (being given Node.js tabs)",
    "docs/rate-limits.md": "outputs show a fresh minute's x-ratelimit-* headers",
    "docs/responses.md": "curl tabs fetch by the deterministic sandbox's id; the webhook "
    "example reads another example's delivery",
    "docs/switching-from-openai.md": "not measured yet (being given Node.js tabs)",
    "docs/reference/": "curl tabs fetch by the deterministic sandbox's id; no page says how "
    "to start the sandbox",
}
PASSES = 2


def pages_with_examples() -> dict[str, Path]:
    """Every page of the site that has an example, by the path the suite shows."""
    return {relative(page): page for page in pages() if page_steps(page)}


def _covers(entry: str, name: str) -> bool:
    return name == entry or (entry.endswith("/") and name.startswith(entry))


def pending(name: str) -> bool:
    return any(_covers(entry, name) for entry in READER_PENDING)


READER_PAGES = sorted(name for name in pages_with_examples() if not pending(name))


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_reader_runs_the_page_twice_on_one_sandbox(
    name: str, eval_example: EvalExample, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = pages_with_examples()[name]
    configure_lint(eval_example)
    steps = page_steps(page)
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


def test_pending_pages_are_pages_with_examples() -> None:
    """A page leaves `READER_PENDING` when it is renamed or loses its examples too."""
    names = pages_with_examples()
    unknown = [e for e in READER_PENDING if not any(_covers(e, name) for name in names)]
    assert not unknown, f"remove {unknown} from READER_PENDING: no such page with examples"
