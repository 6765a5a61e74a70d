"""The reader's run: one page's examples, in the order the page shows them, against one
sandbox started the way the page tells its reader to (`sandbox_command`), never reset.

The rest of the suite resets a deterministic sandbox before each example, which hides
what a reader meets: state one example leaves behind (webhook endpoints, stored
completions, idempotency keys), limits a page's examples add up to, outputs that only a
fresh sandbox prints. Here the sandbox is the `metal-sandbox` command in a subprocess, on
the real clock, so ids and timestamps differ from the page's: `run_varying` masks them,
and nothing else.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from textwrap import indent
from typing import IO

from pytest_examples import CodeExample, EvalExample, find_examples

from llms_txt.page_source import fence_language
from metal_sandbox.keys import DEFAULT_KEY

from .curl import ShellExample, page_shell_examples, run_curl
from .node_examples import SNIPPET_SUFFIX, NodeExample, page_node_examples, with_outputs
from .node_runner import NodeWorker
from .outputs import format_output, json_documents
from .pages import SNIPPETS, relative
from .python_examples import (
    PYTHON_LANGUAGES,
    run_capturing_prints,
    snippet_example,
    snippet_includes,
)
from .run_varying import mask
from .sandbox_command import COMMAND
from .snippets import included_names, snippet_paths

#: The console script `pip install` gives a reader, from the environment running the tests.
SCRIPT = Path(sys.executable).with_name(COMMAND)
_BANNER = "MeTal sandbox on "


class ReaderSandbox:
    """`metal-sandbox` with the page's flags, in a subprocess, on a free port (the pages'
    `127.0.0.1:8765` is routed to it, as the production URL is)."""

    def __init__(self, flags: tuple[str, ...]) -> None:
        self.flags = flags
        self.host, self.port = "127.0.0.1", 0
        self._process: subprocess.Popen[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self) -> None:
        """Start the process without waiting for it to listen (`ReaderSandboxes` starts
        the next page's while a page runs)."""
        if self._process is None:
            self._process = subprocess.Popen(
                [str(SCRIPT), *self.flags, "--port", "0", "--quiet"],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )

    def __enter__(self) -> ReaderSandbox:
        self.start()
        assert self._process is not None
        self.port = _banner_port(self._process.stdout)
        return self

    def terminate(self) -> None:
        """Ask it to stop (SIGTERM, as Ctrl+C would), without waiting for it to exit."""
        if self._process is not None and self._process.returncode is None:
            self._process.terminate()

    def __exit__(self, *exc: object) -> None:
        self.terminate()
        if self._process is not None:
            self._process.communicate(timeout=10)


class ReaderSandboxes:
    """The sandboxes of pages run one after the other, each started while the page before
    it runs: starting one (Python, Starlette, uvicorn) takes about a second, most of what
    a short page's reader's run costs."""

    def __init__(self, flags: dict[str, tuple[str, ...]]) -> None:
        self._order = list(flags)
        self._flags = flags
        self._ahead: dict[str, ReaderSandbox] = {}
        self._stopping: list[ReaderSandbox] = []

    @contextmanager
    def running(self, name: str) -> Iterator[ReaderSandbox]:
        """The sandbox of page `name`, listening; the next page's starts now, and this one
        is only told to stop at the end (`close` waits for them all)."""
        sandbox = self._ahead.pop(name, None) or ReaderSandbox(self._flags[name])
        sandbox.start()
        if name in self._order and (after := self._order.index(name) + 1) < len(self._order):
            upcoming = self._order[after]
            self._ahead.setdefault(upcoming, ReaderSandbox(self._flags[upcoming])).start()
        self._stopping.append(sandbox)
        try:
            yield sandbox.__enter__()
        finally:
            sandbox.terminate()

    def close(self) -> None:
        """Stop every sandbox: those that ran, and those started for pages that did not."""
        for sandbox in [*self._stopping, *self._ahead.values()]:
            sandbox.__exit__()
        self._stopping.clear()
        self._ahead.clear()


def _banner_port(stdout: IO[str] | None) -> int:
    """The port of the `MeTal sandbox on http://127.0.0.1:PORT/v1` line: printed once the
    port accepts connections (the sandbox page promises it)."""
    assert stdout is not None
    seen = []
    for line in stdout:
        if line.startswith(_BANNER):
            return int(line.removeprefix(_BANNER).strip().removesuffix("/v1").rsplit(":", 1)[1])
        seen.append(line)
    raise AssertionError(f"{COMMAND} did not start:\n{''.join(seen)}")


@dataclass
class Step:
    """One example of the page, where the page shows it."""

    line: int
    python: CodeExample | None = None
    shell: ShellExample | None = None
    node: NodeExample | None = None

    def __str__(self) -> str:
        if self.node is not None:
            where = f" (included at line {self.line})" if self.node.block is None else ""
            return f"{self.node}{where}"
        if self.python is not None and self.python.path.suffix == ".py":
            return f"{relative(self.python.path)} (included at line {self.line})"
        if self.python is not None:
            return f"{relative(self.python.path)}:{self.line}"
        return str(self.shell)


def page_steps(page: Path) -> list[Step]:
    """Every example of the page in page order: Python and Node.js blocks (a snippet
    include as its file, at the include's place) and curl blocks."""
    steps = [Step(block.block.line, shell=block) for block in page_shell_examples(page)]
    for node in page_node_examples(page):
        assert node.block is not None
        names = included_names(node.source, node, "Node.js")
        for path in snippet_paths(node, names, SNIPPET_SUFFIX) if names else []:
            steps.append(Step(node.block.line, node=NodeExample(path, path.read_text("utf-8"))))
        if not names:
            steps.append(Step(node.block.line, node=node))
    for example in find_examples(page):
        if fence_language(example.prefix) not in PYTHON_LANGUAGES:
            continue
        names = snippet_includes(example)
        for python in (
            [snippet_example((SNIPPETS / n).resolve()) for n in names] if names else [example]
        ):
            steps.append(Step(example.start_line, python=python))
    return sorted(steps, key=lambda step: step.line)


@dataclass
class ReaderRun:
    """Runs steps against `sandbox` and collects what differed from the page."""

    sandbox: ReaderSandbox
    eval_example: EvalExample
    failures: list[str] = field(default_factory=list)
    _node: NodeWorker | None = None

    def run(self, steps: list[Step], label: str) -> None:
        for step in steps:
            try:
                if step.python:
                    problem = self._python(step.python)
                elif step.node:
                    problem = self._run_node(step.node)
                else:
                    problem = self._shell(step.shell)
            except Exception as exc:  # the reader sees a traceback: so does the report
                problem = f"raised {type(exc).__name__}: {exc}"
            except BaseException as stop:  # pytest-timeout's Failed, Ctrl+C: the run ends
                self.failures.append(f"{label}, {step}: stopped: {stop}")
                raise
            if problem:
                self.failures.append(f"{label}, {step}: {problem}")

    def _python(self, example: CodeExample) -> str | None:
        """The `#>` lines the example would get, masked, against the page's, masked."""
        printed = run_capturing_prints(self.eval_example, example)
        updated = printed.updated_print_statements(example) or example.source
        return _diff(mask(example.source), mask(updated))

    def _run_node(self, example: NodeExample) -> str | None:
        """The `//>` lines the example would get (laid out by Prettier, as the page is),
        masked, against the page's, masked."""
        if self._node is None:
            self._node = NodeWorker(self.sandbox.url, DEFAULT_KEY)
        stripped, result = self._node.run(example)
        if result.violations:
            return f"requests to other hosts: {', '.join(result.violations)}"
        if result.error is not None:
            return f"failed: {result.error}\n{result.stderr}".rstrip()
        shown = self._node.format(with_outputs(stripped, result.outputs))
        return _diff(mask(example.source), mask(shown))

    def close(self) -> None:
        if self._node is not None:
            self._node.close()

    def _shell(self, example: ShellExample | None) -> str | None:
        assert example is not None
        result = run_curl(example.script, self.sandbox.url, DEFAULT_KEY)
        if result.returncode != 0:
            return f"exited with {result.returncode}: {result.stderr}"
        if example.expected is None:
            return None
        language, text = example.expected
        return _diff(_shown(language, text), _shown(language, result.stdout))


def _shown(language: str, text: str) -> str:
    """Output as it is compared: JSON as sorted documents, anything else line by line;
    masked."""
    if language == "json":
        try:
            docs = json_documents(text)
        except ValueError:
            return mask(text)
        return mask("\n".join(json.dumps(doc, indent=2, sort_keys=True) for doc in docs))
    return mask(format_output("text", text))


def _diff(expected: str, actual: str) -> str | None:
    if expected.strip() == actual.strip():
        return None
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        actual.splitlines(keepends=True),
        "shown on the page",
        "printed on the reader's sandbox",
    )
    return "\n" + indent("".join(lines), "    ")
