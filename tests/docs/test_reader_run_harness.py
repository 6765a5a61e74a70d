"""The reader's run's own parts, on pages written for the test: that it fails an example
that leaves state behind, what it masks, and the rule that prints are shown as printed."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from pytest_examples import EvalExample, find_examples

from metal_sandbox.keys import DEFAULT_KEY

from docs_harness.faithful_prints import unfaithful_prints
from docs_harness.pages import DOCS
from docs_harness.python_examples import configure_lint, run_capturing_prints
from docs_harness.reader_run import ReaderRun, ReaderSandbox, ReaderSandboxes, page_steps
from docs_harness.routing import Router
from docs_harness.run_varying import mask
from docs_harness.sandbox_command import sandbox_flags
from docs_harness.session import prepare_examples

AUTH = {"Authorization": f"Bearer {DEFAULT_KEY}"}

LEAKY_PAGE = """# A page whose example forgets to clean up

```bash
metal-sandbox --rpm 0
```

```python
import os

from openai import OpenAI

client = OpenAI(base_url="http://127.0.0.1:8765/v1", api_key=os.environ["METAL_API_KEY"])
client.webhooks.create(
    url="http://127.0.0.1:8000/webhooks",
    event_types=["chat.completion.completed"],
    name="leaky",
)
print(len(client.webhooks.list().data))
#> 1
```
"""


def test_a_second_pass_fails_an_example_that_leaves_state_behind(
    tmp_path: Path, eval_example: EvalExample, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "leaky.md"
    page.write_text(LEAKY_PAGE, "utf-8")
    configure_lint(eval_example)
    assert sandbox_flags(page) == ("--rpm", "0")
    with ReaderSandbox(sandbox_flags(page)) as sandbox:
        prepare_examples(Router(sandbox), DEFAULT_KEY, monkeypatch)
        run = ReaderRun(sandbox, eval_example)
        run.run(page_steps(page), "pass 1")
        assert run.failures == []
        run.run(page_steps(page), "pass 2")
    [failure] = run.failures
    assert failure.startswith("pass 2") and "+#> 2" in failure


STOPPED_PAGE = """# A page whose second example runs out of time

```python
print("one")
#> two
```

```python
import pytest

pytest.fail("Timeout (>300.0s) from pytest-timeout.")
```
"""


def test_a_run_stopped_mid_step_keeps_what_failed_before_and_where_it_stopped(
    tmp_path: Path, eval_example: EvalExample
) -> None:
    """pytest-timeout stops a test with an exception: the report still lists the failures
    collected so far, then the step it stopped in."""
    page = tmp_path / "stopped.md"
    page.write_text(STOPPED_PAGE, "utf-8")
    configure_lint(eval_example)
    with ReaderSandbox(()) as sandbox:
        run = ReaderRun(sandbox, eval_example)
        with pytest.raises(pytest.fail.Exception):
            run.run(page_steps(page), "pass 1")
    wrong, stopped = run.failures
    assert wrong.startswith("pass 1, ") and "+#> one" in wrong
    assert stopped.endswith("stopped: Timeout (>300.0s) from pytest-timeout.")
    assert stopped.startswith("pass 1, ") and "stopped.md:8:" in stopped  # the 2nd example


def test_the_sandbox_gets_the_flags_of_the_page_s_command_or_none() -> None:
    assert sandbox_flags(DOCS / "webhooks.md") == ("--rpm", "0")
    assert sandbox_flags(DOCS / "rate-limits.md") == ("--clock-speed", "60")
    assert sandbox_flags(DOCS / "production.md") == ()


def test_only_the_declared_run_varying_values_are_masked() -> None:
    shown = (
        "chatcmpl-01M6A6FT00ZGQRQWSVT0387BN5 req_01M6A6FT0036J7W7KGQK4N3940 1793491200 "
        "whsec_OLTmUuRNp/I3DZ4mDicTZVCko6bQf1wMMy+LEiQIP9I= whsec_...P9I= "
        "call_yWfty6uEvcdZQoaZrknnVmnb"
    )
    assert mask(shown) == (
        "chatcmpl-<ulid> req_<ulid> <unix-time> whsec_<secret> whsec_...<hint> call_<id>"
    )
    kept = "aurora 19980 remaining 4 1m0s fp_9b89025ce7 chatcmpl-short"
    assert mask(kept) == kept


def test_rate_limit_waits_and_counts_are_masked_by_their_names_only() -> None:
    shown = (
        "x-ratelimit-remaining-tokens: 19978 x-ratelimit-reset-requests: 1m0s "
        "x-ratelimit-reset-tokens: 972ms 429 retry-after: 60 retry-after-ms: 60000 "
        "tokens per minute (TPM): Limit 20000, Used 19027, Requested 19214. "
        "Please try again in 60s."
    )
    assert mask(shown) == (
        "x-ratelimit-remaining-tokens: <left> x-ratelimit-reset-requests: <duration> "
        "x-ratelimit-reset-tokens: <duration> 429 retry-after: <wait> retry-after-ms: <wait> "
        "tokens per minute (TPM): Limit 20000, Used <used>, Requested 19214. "
        "Please try again in <wait>s."
    )
    kept = (
        "x-ratelimit-limit-requests: 5 x-ratelimit-limit-tokens: 20000 "
        "requests per minute (RPM): Limit 5, Used 5, Requested 1. Requested 20038. in 60s"
    )
    assert mask(kept) == kept


PRINTS_PAGE = """# Prints

```python
answer = {"error": {"message": "x" * 90, "type": "requests", "code": "rate_limit_exceeded"}}
print(answer["error"]["message"] * 2)
print(401, answer["error"]["message"])
print(answer)
print("short", 1)
```
"""


def test_a_print_shown_across_lines_must_print_one_string(
    tmp_path: Path, eval_example: EvalExample
) -> None:
    page = tmp_path / "prints.md"
    page.write_text(PRINTS_PAGE, "utf-8")
    configure_lint(eval_example)
    [example] = find_examples(page)
    found = unfaithful_prints(example, run_capturing_prints(eval_example, example))
    assert [line.split(":")[0] for line in found] == ["line 6", "line 7"]


def test_the_steps_of_a_page_hold_every_tab_in_page_order() -> None:
    """Node.js blocks and the `.mjs` snippets they include are steps too, at their place:
    a reader picking the Node.js tab runs them."""
    steps = page_steps(DOCS / "webhooks.md")
    kinds = {("python" if s.python else "node" if s.node else "curl") for s in steps}
    assert {"python", "node"} <= kinds, kinds
    assert [s.line for s in steps] == sorted(s.line for s in steps)
    snippets = [s.node.path.name for s in steps if s.node and s.node.block is None]
    assert "webhooks_receiver.mjs" in snippets, snippets


def test_the_next_pages_sandbox_starts_while_a_page_runs_and_all_stop_at_the_end() -> None:
    sandboxes = ReaderSandboxes({"a.md": ("--rpm", "0"), "b.md": ()})
    try:
        with sandboxes.running("a.md") as first:
            upcoming = sandboxes._ahead["b.md"]
            assert upcoming._process is not None and upcoming._process.poll() is None
            assert httpx.get(f"{first.url}/v1/models", headers=AUTH).status_code == 200
        with sandboxes.running("b.md") as second:
            assert second is upcoming and second.port != first.port
    finally:
        sandboxes.close()
    for sandbox in (first, second):
        assert sandbox._process is not None and sandbox._process.returncode is not None
