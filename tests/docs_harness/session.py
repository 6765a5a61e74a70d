"""The sandbox of a docs test session, and running examples against it: one deterministic
sandbox for every example, reset before each, with what each example did recorded."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from pytest_examples import CodeExample, EvalExample

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

from . import pytest_examples_fixes
from .curl import ShellExample, ShellRun, run_curl
from .faithful_prints import unfaithful_prints
from .hits import HitLog, RecordHits
from .node_examples import NodeExample, NodeUpdate, with_outputs
from .node_runner import NodeWorker
from .outputs import OutputUpdate, format_output, output_diff
from .python_examples import example_key, run_capturing_prints
from .routing import ForeignHostError, Router, trust_no_certificates
from .sandbox_command import sandbox_args

#: Variables of a developer's shell that would send the SDK elsewhere or sign it in.
_OPENAI_VARIABLES = (
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
)


def prepare_examples(router: Router, api_key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """What examples need for one test: `router` in place, `METAL_API_KEY` set to
    `api_key`, none of a developer's OpenAI variables, pytest-examples' stand-ins."""
    router.install(monkeypatch)
    trust_no_certificates(monkeypatch)
    pytest_examples_fixes.install(monkeypatch)
    monkeypatch.setenv("METAL_API_KEY", api_key)
    for name in _OPENAI_VARIABLES:
        monkeypatch.delenv(name, raising=False)


class DocsSession:
    """One deterministic sandbox for all examples, and what they did to it."""

    def __init__(self) -> None:
        self.sandbox = Sandbox(SandboxConfig(deterministic=True))
        self.log = HitLog()
        self.updates: list[OutputUpdate] = []
        self.node_updates: list[NodeUpdate] = []
        self.sandbox.app.add_middleware(RecordHits, log=self.log)
        self.router = Router(self.sandbox)
        self._node: NodeWorker | None = None

    def __enter__(self) -> DocsSession:
        self.sandbox.start()
        self.node.warm_up()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._node is not None:
            self._node.close()
        self.sandbox.stop()

    @property
    def node(self) -> NodeWorker:
        """The `node` process that runs Node examples, started on first use."""
        if self._node is None:
            self._node = NodeWorker(self.sandbox.url, self.sandbox.api_key)
        return self._node

    def route(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """For the current test: send HTTP requests for the production API to the sandbox
        and fail on any other host (`routing`), give examples the primary test key, and
        put pytest-examples' stand-ins in place."""
        prepare_examples(self.router, self.sandbox.api_key, monkeypatch)

    @contextmanager
    def running(self, key: str | None, page: Path | None = None) -> Iterator[None]:
        """Reset the sandbox, then attribute every request to `key` until the block ends.
        A key of None runs without recording (for throwaway copies of pages). The limits
        are those `page` tells its reader to start the sandbox with (`sandbox_command`)."""
        self.sandbox.reset()
        self._limit_as(page)
        self.router.violations.clear()
        self.log.current = key
        try:
            yield
        except BaseException as exc:
            if key is not None:
                self.log.failed[key] = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            self.log.current = None
            if key is not None:
                self.log.ran.add(key)
        if self.router.violations:
            raise ForeignHostError(f"requests to other hosts: {', '.join(self.router.violations)}")

    def _limit_as(self, page: Path | None) -> None:
        """The rate limits of the page's `metal-sandbox` command (the free plan's without
        one): the webhooks page's `--rpm 0` lets an example make a sixth request."""
        args = sandbox_args(page) if page is not None else None
        limiter, config = self.sandbox.runtime.limiter, self.sandbox.config
        limiter.rpm = args.rpm if args else config.requests_per_minute
        limiter.tpm = args.tpm if args else config.tokens_per_minute

    def run_python(
        self,
        example: CodeExample,
        eval_example: EvalExample,
        *,
        mode: str = "check",
        record: bool = True,
    ) -> None:
        """mode: `check` compares `#>` lines, `update` rewrites them, `run` only runs."""
        key = example_key(example) if record else None
        with self.running(key, example.path if example.path.suffix == ".md" else None):
            if mode == "check":
                printed = run_capturing_prints(eval_example, example)
                unfaithful = unfaithful_prints(example, printed)
                if unfaithful:
                    pytest.fail(f"{key}: " + "; ".join(unfaithful), pytrace=False)
                printed.check_print_statements(example)
            elif mode == "update":
                eval_example.run_print_update(example)
            else:
                eval_example.run(example)

    def run_node(self, example: NodeExample, *, mode: str = "check", record: bool = True) -> None:
        """mode: `check` compares the code with what it printed as `//>` lines, laid out
        as Prettier does; `update` notes that code for the end of the session
        (`apply_node_updates`); `run` only runs."""
        with self.running(
            example.key if record else None, example.path if example.path.suffix == ".md" else None
        ):
            stripped, result = self.node.run(example)
            if result.violations:
                raise ForeignHostError(
                    f"{example}: requests to other hosts: {', '.join(result.violations)}"
                )
            if result.error is not None:
                raise AssertionError(
                    f"{example}: the example failed:\n{result.error}\n{result.stderr}".rstrip()
                )
        if mode == "run":
            return
        shown = self.node.format(with_outputs(stripped, result.outputs))
        if shown == example.source:
            return
        if mode == "update":
            self.node_updates.append(NodeUpdate(example, shown))
            return
        diff = "".join(
            difflib.unified_diff(
                example.source.splitlines(keepends=True),
                shown.splitlines(keepends=True),
                "shown on the page",
                "printed by the example",
            )
        )
        pytest.fail(
            f"{example}: the code (laid out as Prettier does) with what it printed as //> "
            f"lines differs from what the page shows:\n{diff}",
            pytrace=False,
        )

    def run_shell(self, example: ShellExample, *, record: bool = True) -> ShellRun:
        key = str(example) if record else None
        with self.running(key, example.page):
            result = run_curl(example.script, self.sandbox.url, self.sandbox.api_key)
            if result.returncode != 0:
                raise AssertionError(
                    f"{example}: the commands exited with {result.returncode}\n{result.stderr}"
                )
        return result

    def check_shell_output(self, example: ShellExample, result: ShellRun, *, update: bool) -> None:
        """Fail unless the page shows what curl printed; with `update`, note the new output
        instead, for `apply_output_updates` at the end of the session."""
        expected = example.expected
        if expected is None:
            self._check_nothing_refused(example)
            return
        language, text = expected
        diff = output_diff(language, text, result.stdout)
        if diff is None:
            return
        if update and example.output is not None:
            self.updates.append(
                OutputUpdate(
                    example.page,
                    example.ordinal,
                    format_output(language, result.stdout),
                )
            )
            return
        pytest.fail(
            f"{example}: the output shown differs from what curl printed:\n{diff}",
            pytrace=False,
        )

    def _check_nothing_refused(self, example: ShellExample) -> None:
        """A command shown without its output must not have gone wrong either."""
        refused = [hit for hit in self.log.hits.get(str(example), []) if hit.status >= 400]
        if refused:
            pytest.fail(
                f"{example}: the sandbox answered {refused}; show the output of a "
                "command that demonstrates an error",
                pytrace=False,
            )

    def ensure_all_ran(
        self,
        eval_example: EvalExample,
        examples: list[CodeExample],
        shells: list[ShellExample],
        nodes: list[NodeExample],
    ) -> None:
        """Run (without output checks) every example this session has not run yet, so the
        gates judge the whole site even when `-k` selected only some of the example tests.
        A failure is recorded in `log.failed`, and the gate reports it."""
        for example in examples:
            if example_key(example) not in self.log.ran:
                with suppress(Exception):
                    self.run_python(example, eval_example, mode="run")
        for shell in shells:
            if str(shell) not in self.log.ran:
                with suppress(Exception):
                    self.run_shell(shell)
        for node in nodes:
            if node.key not in self.log.ran:
                with suppress(Exception):
                    self.run_node(node, mode="run")
