"""Running Node examples: one `node` process for the session (`NodeWorker`, the Node side
is `node/worker.mjs`) that imports each example in turn, with `node/route.mjs` preloaded
(`--import`) to send the production API to the sandbox and refuse every other host; and
one `tsc --noEmit --checkJs` over every example (`TypeCheck`), started early, beside the
Python examples.

Examples import `openai` like a reader's program does, from the `node_modules/` that
`npm ci` installs at the repository's root (dev.py runs it). They are written to a
temporary folder whose `node_modules` is a link to that one, so Node and tsc resolve the
packages (and their types) as they would in the reader's project.
"""

from __future__ import annotations

import atexit
import json
import os
import re
import selectors
import shutil
import subprocess
import tempfile
from contextlib import suppress
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .hosts import LOCAL_SANDBOX, PRODUCTION_ORIGIN
from .node_examples import NodeExample, NodeOutput, strip_outputs
from .pages import ROOT

NODE_MODULES = ROOT / "node_modules"
_HERE = Path(__file__).resolve().parent / "node"
WORKER = _HERE / "worker.mjs"
ROUTE = _HERE / "route.mjs"
TSC = NODE_MODULES / ".bin" / "tsc"
#: How long one example may run; the sandbox answers in milliseconds.
EXAMPLE_TIMEOUT = 60.0
#: The compiler options every example is checked with: ES modules as Node runs them, and
#: `strict`, TypeScript's default since 6.0, so the code passes as a reader's TS project
#: checks it (a field the SDK may leave out is read with `?.`).
TSCONFIG = {
    "compilerOptions": {
        "strict": True,
        "allowJs": True,
        "checkJs": True,
        "noEmit": True,
        "module": "nodenext",
        "moduleResolution": "nodenext",
        "target": "es2022",
        "types": ["node"],
        "skipLibCheck": True,
    },
    "include": ["*.mjs"],
}
_DIAGNOSTIC = re.compile(r"^(?P<file>[^(\s]+\.mjs)\((?P<line>\d+),(?P<column>\d+)\): (?P<text>.*)$")


def require_node() -> str:
    """The `node` command, and the packages `npm ci` installs; a clear failure otherwise."""
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "openai").is_dir() or not TSC.exists():
        raise RuntimeError(
            "the Node examples need `node` and the packages of package-lock.json: "
            "run `python3.11 dev.py test` (it installs both), or `npm ci` at the root"
        )
    return node


@cache
def workspace() -> Path:
    """The session's folder for example files, with the repository's packages linked in."""
    folder = Path(tempfile.mkdtemp(prefix="metal-docs-node-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    (folder / "package.json").write_text('{"type": "module", "private": true}\n')
    (folder / "run").mkdir()
    return folder


def _file_name(example: NodeExample, number: int) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", example.key).strip("-")[-60:]
    return f"{number:04d}-{slug}.mjs"


@dataclass
class NodeRun:
    """What a Node example did: what it printed, by statement, and how it failed."""

    outputs: list[NodeOutput]
    error: str | None
    violations: list[str]
    stderr: str


class NodeWorker:
    """One `node` process that runs examples one after the other, restarted when an
    example kills it or runs too long."""

    def __init__(self, sandbox_url: str, api_key: str) -> None:
        self.sandbox_url = sandbox_url
        self.api_key = api_key
        self._process: subprocess.Popen[bytes] | None = None
        self._replies: object = None
        self._count = 0

    def warm_up(self) -> None:
        """Start `node` now, so that it loads the SDK while other examples run; without
        node or its packages, do nothing (the first Node example then says what is missing)."""
        with suppress(RuntimeError):
            self._start()

    def _start(self) -> subprocess.Popen[bytes]:
        node = require_node()
        read, write = os.pipe()
        folder = workspace()
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(folder),
            "LANG": "C.UTF-8",
            "METAL_API_KEY": self.api_key,
            "METAL_DOCS_SANDBOX": self.sandbox_url,
            "METAL_DOCS_PRODUCTION": PRODUCTION_ORIGIN,
            "METAL_DOCS_LOCAL_SANDBOX": LOCAL_SANDBOX,
            "METAL_DOCS_REPLY_FD": str(write),
        }
        log = (folder / "worker.log").open("ab")
        process = subprocess.Popen(
            [node, "--import", ROUTE.as_uri(), str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            env=env,
            cwd=folder,
            pass_fds=(write,),
        )
        os.close(write)
        log.close()
        self._replies = os.fdopen(read, "rb")
        self._process = process
        return process

    def run(self, example: NodeExample) -> tuple[str, NodeRun]:
        """Run the example without its `//>` lines; (the code that ran, what it did)."""
        stripped = strip_outputs(example.source)
        self._count += 1
        path = workspace() / "run" / _file_name(example, self._count)
        path.write_text(stripped, "utf-8")
        reply = self._ask({"file": str(path)})
        if reply is None:
            log = (workspace() / "worker.log").read_text("utf-8", "replace")[-3000:]
            return stripped, NodeRun([], f"node stopped or timed out\n{log}", [], "")
        outputs = [NodeOutput(o["line"], o["indent"], o["text"]) for o in reply["outputs"]]
        return stripped, NodeRun(outputs, reply["error"], reply["violations"], reply["stderr"])

    def format(self, code: str) -> str:
        """The code as Prettier lays it out (its defaults: 80 columns, double quotes)."""
        reply = self._ask({"format": code})
        if reply is None or reply["error"] is not None:
            raise AssertionError(f"prettier cannot format the code: {reply and reply['error']}")
        formatted: str = reply["formatted"]
        return formatted

    def _ask(self, job: dict[str, str]) -> dict[str, Any] | None:
        """Send one job to the worker (starting it if need be) and wait for its answer;
        None when the worker died or took too long (it is stopped, and restarts next)."""
        process = self._process if self._process and self._process.poll() is None else None
        process = process or self._start()
        assert process.stdin is not None
        process.stdin.write((json.dumps(job) + "\n").encode())
        process.stdin.flush()
        line = self._reply(EXAMPLE_TIMEOUT)
        if line is None:
            self.close()
            return None
        reply: dict[str, Any] = json.loads(line)
        return reply

    def _reply(self, timeout: float) -> bytes | None:
        replies = self._replies
        assert hasattr(replies, "readline")
        with selectors.DefaultSelector() as selector:
            selector.register(replies, selectors.EVENT_READ)  # type: ignore[arg-type]
            if not selector.select(timeout):
                return None
        line: bytes = replies.readline()  # the worker writes whole lines at once
        return line or None

    def close(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            self._process = None
        if self._replies is not None:
            self._replies.close()  # type: ignore[attr-defined]
            self._replies = None


@dataclass
class TypeCheck:
    """`tsc --noEmit --checkJs` over the given examples, in one run started at once."""

    examples: list[NodeExample]
    _files: dict[str, str] = field(default_factory=dict)
    _errors: dict[str, list[str]] | None = None

    def __post_init__(self) -> None:
        require_node()
        # A folder of its own in the workspace: its packages resolve, its files are its own.
        folder = Path(tempfile.mkdtemp(prefix="check-", dir=workspace()))
        (folder / "tsconfig.json").write_text(json.dumps(TSCONFIG, indent=2))
        for number, example in enumerate(self.examples):
            name = _file_name(example, number)
            (folder / name).write_text(strip_outputs(example.source), "utf-8")
            self._files[example.key] = name
        self._process = subprocess.Popen(
            [str(TSC), "-p", str(folder), "--pretty", "false"],
            cwd=folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def errors(self, example: NodeExample) -> list[str]:
        """tsc's diagnostics for the example, `line:column: message` (lines of the code
        without its `//>` lines); waits for the run to finish."""
        if self._errors is None:
            out, _ = self._process.communicate(timeout=300)
            self._errors = {}
            last: list[str] | None = None
            for line in out.splitlines():
                found = _DIAGNOSTIC.match(line)
                if found is not None:
                    last = self._errors.setdefault(found["file"], [])
                    last.append(f"{found['line']}:{found['column']}: {found['text']}")
                elif last and line.startswith(" "):  # the rest of a multi-line message
                    last[-1] += "\n" + line
            if self._process.returncode and not self._errors:
                raise AssertionError(f"tsc failed without a diagnostic for an example:\n{out}")
        return self._errors.get(self._files[example.key], [])

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
