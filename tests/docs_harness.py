"""The docs harness: find every example on the site, run it against the sandbox, record what
it did.

Pages show the production URL, `https://api.metalai.org/v1`. The harness runs each example
against one deterministic sandbox on loopback instead:

- Python blocks (```` ```python ````, inline or included from `snippets/` with
  `--8<-- "name.py"`) run through pytest-examples, with the transports of `httpx` and
  `httpx2` (the `openai` SDK's client) patched so that `https://api.metalai.org` is sent
  to the sandbox and any other host fails the example.
- Shell blocks that call `curl` run in a subprocess with the URL rewritten, and the
  ```` ```json title="Output" ```` block that follows is compared with what curl printed.

A middleware in front of the sandbox records every request it answers, under the example
that was running, so the coverage gates can tell which operations the examples exercised.
"""

from __future__ import annotations

import atexit
import difflib
import inspect
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from textwrap import indent
from types import FrameType, ModuleType
from typing import Any
from urllib.parse import urlsplit
from uuid import NAMESPACE_URL, uuid5

import httpx
import pytest
import pytest_examples.run_code
from pytest_examples import CodeExample, EvalExample, find_examples

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

#: What the pages call: the production API. Nothing else may appear in an example.
PRODUCTION = "https://api.metalai.org"
PRODUCTION_HOST = "api.metalai.org"
#: A reader's own `metal-sandbox` on its default port: examples written for the local
#: sandbox (the sandbox and webhooks pages) are sent to the test sandbox too.
LOCAL_SANDBOX = "http://127.0.0.1:8765"
#: Hosts an example may reach directly (a sandbox it starts itself, as on the sandbox page).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})

#: Fence languages the harness runs as Python, and that the built-site gate checks.
PYTHON_LANGUAGES = frozenset({"py", "py3", "python", "python3"})
#: Fence languages whose `curl` commands the harness runs.
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console"})
#: The info-string attribute that marks a block as the output of the command block above it.
OUTPUT_TITLE = "Output"

#: The admonition every page that is still a placeholder carries.
PLACEHOLDER_NOTE = '!!! note "This page is being written"'

#: Line length and lint settings of every Python example (black + ruff, via pytest-examples).
EXAMPLE_LINE_LENGTH = 88

_INCLUDE = re.compile(r'^\s*-+8<-+\s+"([^"]+)"\s*$')
_CURL_CALL = re.compile(r"(?:^|[\s;&|(])curl(?:\s|$)", re.M)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'\\<>)]+")
_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


def pages() -> list[Path]:
    """Every Markdown page of the site, in a stable order: `docs/`, then the API reference
    that the build generates from the contract (see `generated_pages`)."""
    return sorted(DOCS.rglob("*.md")) + generated_pages()


@cache
def _generated_dir() -> Path:
    folder = tempfile.mkdtemp(prefix="metal-docs-generated-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


@cache
def generated_pages() -> list[Path]:
    """The reference pages that mkdocs-gen-files adds to the build (`api_reference`),
    written to a temporary folder so that their examples run like the guides' do."""
    from api_reference.pages import pages as reference_pages

    written = []
    for name, text in sorted(reference_pages().items()):
        path = _generated_dir() / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        written.append(path)
    return written


def relative(path: Path) -> str:
    """A path as the suite shows it: from the repository root; a generated page as where
    it sits in the site's sources (`docs/reference/...`)."""
    for base, shown in ((ROOT, ""), (_generated_dir(), "docs/")):
        try:
            return shown + str(path.relative_to(base))
        except ValueError:
            continue
    return str(path)


def fence_language(info: str) -> str:
    """`python title="x"` -> `python`; `{.python .annotate}` -> `python`."""
    first = info.strip().split(maxsplit=1)[0] if info.strip() else ""
    return first.strip("{}").lstrip(".").lower()


def fence_title(info: str) -> str | None:
    match = re.search(r'\btitle="([^"]*)"', info)
    return match.group(1) if match else None


# --------------------------------------------------------------------------------------
# Fenced blocks of a page
# --------------------------------------------------------------------------------------

_FENCE = re.compile(r"^(?P<indent> *)(?P<fence>`{3,}|~{3,})(?P<info>[^`\n]*)$")


@dataclass
class Block:
    """One fenced code block of a Markdown page."""

    page: Path
    info: str
    indent: int
    line: int
    """1-based line number of the opening fence."""
    body: str
    """The code with the block's indentation removed."""
    body_start: int
    body_end: int
    """Character offsets of the (indented) code in the page, for rewriting it."""

    @property
    def language(self) -> str:
        return fence_language(self.info)

    @property
    def title(self) -> str | None:
        return fence_title(self.info)

    @property
    def is_output(self) -> bool:
        return self.title == OUTPUT_TITLE

    def __str__(self) -> str:
        return f"{relative(self.page)}:{self.line}"


def fenced_blocks(page: Path, text: str | None = None) -> list[Block]:
    """The page's fenced blocks, including those indented inside tabs and admonitions."""
    text = page.read_text("utf-8") if text is None else text
    lines = text.splitlines(keepends=True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index].rstrip("\r\n"))
        if not opening:
            index += 1
            continue
        pad, fence = opening.group("indent"), opening.group("fence")
        closing = re.compile(rf"^{pad}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
        end = index + 1
        while end < len(lines) and not closing.match(lines[end].rstrip("\r\n")):
            end += 1
        if end == len(lines):  # an unclosed fence runs to the end of the page
            break
        raw = lines[index + 1 : end]
        body = "".join(_strip_indent(line, len(pad)) for line in raw)
        blocks.append(
            Block(
                page=page,
                info=opening.group("info"),
                indent=len(pad),
                line=index + 1,
                body=body,
                body_start=starts[index + 1],
                body_end=starts[end],
            )
        )
        index = end + 1
    return blocks


def _strip_indent(line: str, width: int) -> str:
    spaces = len(line) - len(line.lstrip(" "))
    return line[min(spaces, width) :]


# --------------------------------------------------------------------------------------
# Python examples
# --------------------------------------------------------------------------------------


class SnippetExample(CodeExample):
    """A whole file of `snippets/`, shown on a page with `--8<-- "name.py"`.

    pytest-examples treats `.py` paths as docstring examples (it squeezes blank lines and
    quotes output with `'''`); a snippet is a complete program, formatted like one.
    """

    def in_py_file(self) -> bool:
        return False


def snippet_example(path: Path) -> SnippetExample:
    source = path.read_text("utf-8")
    return SnippetExample(
        source=source,
        path=path,
        start_line=0,
        end_line=source.count("\n"),
        start_index=0,
        end_index=len(source),
        prefix="python",
        indent=0,
        # pytest-examples sorts the examples it rewrites by group: every example needs one
        # (a page's all share theirs), or a run that updates a page and a snippet crashes.
        group=uuid5(NAMESPACE_URL, path.resolve().as_uri()),
    )


def snippet_includes(example: CodeExample) -> list[str] | None:
    """The files a block includes with `--8<--`, or None for a block of plain code."""
    lines = [line for line in example.source.splitlines() if line.strip()]
    names = [m.group(1) for line in lines if (m := _INCLUDE.match(line))]
    if not names:
        return None
    if len(names) != len(lines):
        raise ValueError(
            f"{example}: a Python block either includes snippet files or holds code, not both"
        )
    return names


def python_examples(*paths: Path) -> list[CodeExample]:
    """Every Python example of the given pages (default: the whole site), with each
    included snippet file once, as the example to run in place of its `--8<--` line."""
    found: list[CodeExample] = []
    seen: set[Path] = set()
    for page in paths or pages():
        for example in find_examples(page):
            if fence_language(example.prefix) not in PYTHON_LANGUAGES:
                continue
            names = snippet_includes(example)
            if names is None:
                found.append(example)
                continue
            for name in names:
                path = (SNIPPETS / name).resolve()
                if not path.is_file():
                    raise FileNotFoundError(f"{example}: snippet {name!r} not in snippets/")
                if path not in seen:
                    seen.add(path)
                    found.append(snippet_example(path))
    return found


def example_key(example: CodeExample) -> str:
    if isinstance(example, SnippetExample):
        return relative(example.path)
    return f"{relative(example.path)}:{example.start_line}"


def configure_lint(eval_example: EvalExample) -> None:
    """Black at 88 columns with double quotes, and ruff (the repository's rules plus isort
    and pyupgrade for Python 3.11); line length itself is left to black."""
    eval_example.set_config(
        line_length=EXAMPLE_LINE_LENGTH,
        quotes="double",
        target_version="py311",  # type: ignore[arg-type]  # black and ruff both accept it
        isort=True,
        upgrade=True,
    )


# --------------------------------------------------------------------------------------
# Shell (curl) examples
# --------------------------------------------------------------------------------------


@dataclass
class ShellExample:
    """A shell block that calls curl, with the output the page says it prints."""

    block: Block
    ordinal: int
    """Its position among the page's shell examples (stable while outputs are rewritten)."""
    script: str
    output: Block | None
    """The `title="Output"` block right after it, if the page shows one."""
    inline_output: str | None = None
    """For `console` blocks: the lines after the `$ ` prompts."""

    @property
    def page(self) -> Path:
        return self.block.page

    @property
    def expected(self) -> tuple[str, str] | None:
        """(language, text) of the output the page shows."""
        if self.output is not None:
            return self.output.language, self.output.body
        if self.inline_output and self.inline_output.strip():
            text = self.inline_output
            return ("json" if text.lstrip().startswith(("{", "[")) else "text"), text
        return None

    def __str__(self) -> str:
        return str(self.block)


def shell_examples(*paths: Path) -> list[ShellExample]:
    found: list[ShellExample] = []
    for page in paths or pages():
        found.extend(_page_shell_examples(page))
    return found


def _page_shell_examples(page: Path, text: str | None = None) -> list[ShellExample]:
    blocks = fenced_blocks(page, text)
    found: list[ShellExample] = []
    for position, block in enumerate(blocks):
        if block.language not in SHELL_LANGUAGES or not _CURL_CALL.search(block.body):
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        output = following if following is not None and following.is_output else None
        if block.language == "console":
            script, inline = _split_console(block.body)
        else:
            script, inline = block.body, None
        found.append(ShellExample(block, len(found), script, output, inline))
    return found


def _split_console(body: str) -> tuple[str, str]:
    """Commands (after `$ `, with their `\\` continuation lines) and the printed lines."""
    commands: list[str] = []
    printed: list[str] = []
    continuing = False
    for line in body.splitlines():
        if continuing or line.startswith("$ "):
            command = line[2:] if not continuing else line
            commands.append(command)
            continuing = command.rstrip().endswith("\\")
        else:
            printed.append(line)
    return "\n".join(commands) + "\n", "\n".join(printed) + ("\n" if printed else "")


def orphan_outputs() -> list[Block]:
    """`title="Output"` blocks that do not follow a command block the harness runs."""
    orphans: list[Block] = []
    for page in pages():
        blocks = fenced_blocks(page)
        for position, block in enumerate(blocks):
            if not block.is_output:
                continue
            before = blocks[position - 1] if position else None
            runs = (
                before is not None
                and before.language in SHELL_LANGUAGES
                and _CURL_CALL.search(before.body) is not None
            )
            if not runs:
                orphans.append(block)
    return orphans


@dataclass
class ShellRun:
    stdout: str
    stderr: str
    returncode: int


def rewrite_script(script: str, sandbox_url: str) -> str:
    """Point the script at the sandbox, and refuse any URL off this machine. Loopback URLs
    may stay: a webhook receiver's address in a request body, say."""
    rewritten = script.replace(PRODUCTION, sandbox_url).replace(LOCAL_SANDBOX, sandbox_url)
    foreign = [
        url
        for url in _URL.findall(rewritten)
        if url != sandbox_url
        and not url.startswith(sandbox_url + "/")
        and urlsplit(url).hostname not in LOOPBACK_HOSTS
    ]
    if foreign:
        raise AssertionError(
            f"the example calls hosts other than {PRODUCTION}: {', '.join(sorted(set(foreign)))}"
        )
    return rewritten


def run_curl(script: str, sandbox_url: str, api_key: str, *, timeout: float = 60) -> ShellRun:
    """Run a shell example with `curl -sS` against the sandbox, in a clean environment.

    Three fences keep it on loopback: every URL in the script must be the sandbox's after
    rewriting (checked before it runs); curl is wrapped to ignore `~/.curlrc` and to speak
    plain HTTP only (production URLs are HTTPS, so one that escaped rewriting cannot
    connect); and every host but loopback is sent through a proxy address that refuses
    connections, so even a host name written without a scheme fails instead of leaving
    the machine.
    """
    if shutil.which("curl") is None:
        pytest.fail("the curl examples need the curl command, which is not installed")
    rewritten = rewrite_script(script, sandbox_url)
    prelude = (
        'set -euo pipefail\ncurl() { command curl -q -sS --max-time 20 --proto "=http" "$@"; }\n'
    )
    with tempfile.TemporaryDirectory(prefix="docs-curl-") as home, socket.socket() as trap:
        trap.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        refused = f"http://127.0.0.1:{trap.getsockname()[1]}"
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "LANG": "C.UTF-8",
            "METAL_API_KEY": api_key,
            **{name: refused for name in ("http_proxy", "https_proxy", "all_proxy")},
            **{name.upper(): refused for name in ("https_proxy", "all_proxy")},
            "no_proxy": ",".join(sorted(LOOPBACK_HOSTS)),
            "NO_PROXY": ",".join(sorted(LOOPBACK_HOSTS)),
        }
        done = subprocess.run(
            ["bash", "-c", prelude + rewritten],
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    return ShellRun(done.stdout, done.stderr, done.returncode)


def json_documents(text: str) -> list[Any]:
    """One or more JSON documents, one after the other (as several curl calls print)."""
    decoder = json.JSONDecoder()
    documents: list[Any] = []
    position = 0
    while True:
        while position < len(text) and text[position].isspace():
            position += 1
        if position == len(text):
            return documents
        document, position = decoder.raw_decode(text, position)
        documents.append(document)


def format_output(language: str, text: str) -> str:
    """How an output block shows what a command printed."""
    if language == "json":
        shown = "\n".join(
            json.dumps(doc, indent=2, ensure_ascii=False) for doc in json_documents(text)
        )
        return shown + "\n"
    return "\n".join(line.rstrip() for line in text.rstrip("\n").splitlines()) + "\n"


def output_diff(language: str, expected: str, actual: str) -> str | None:
    """None when the page shows what the command printed, else a unified diff."""
    if language == "json":
        try:
            actual_docs = json_documents(actual)
        except ValueError as exc:
            return f"the command did not print JSON ({exc}):\n{indent(actual, '  ')}"
        if json_documents(expected) == actual_docs:
            return None
    elif format_output("text", expected) == format_output("text", actual):
        return None
    shown_expected = format_output(language, expected)
    shown_actual = format_output(language, actual)
    return "".join(
        difflib.unified_diff(
            shown_expected.splitlines(keepends=True),
            shown_actual.splitlines(keepends=True),
            "shown on the page",
            "printed by the command",
        )
    )


@dataclass
class OutputUpdate:
    page: Path
    ordinal: int
    text: str


def apply_output_updates(updates: Iterable[OutputUpdate]) -> list[str]:
    """Rewrite output blocks in place (`--update-examples`). Pages are re-read and
    re-scanned here, after pytest-examples has rewritten its `#>` lines."""
    by_page: dict[Path, list[OutputUpdate]] = defaultdict(list)
    for update in updates:
        by_page[update.page].append(update)
    report: list[str] = []
    for page, page_updates in sorted(by_page.items()):
        text = page.read_text("utf-8")
        examples = _page_shell_examples(page, text)
        for update in sorted(page_updates, key=lambda u: u.ordinal, reverse=True):
            output = examples[update.ordinal].output
            assert output is not None, f"{page}: output block {update.ordinal} disappeared"
            body = indent(update.text, " " * output.indent, lambda line: bool(line.strip()))
            text = text[: output.body_start] + body + text[output.body_end :]
        page.write_text(text, "utf-8")
        report.append(f"  {relative(page)} {len(page_updates)} output block(s) updated")
    return report


# --------------------------------------------------------------------------------------
# The sandbox, the routing of httpx, and the record of what each example hit
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    status: int


@dataclass
class HitLog:
    """Every request the sandbox answered, by the example that was running."""

    current: str | None = None
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    ran: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, owner: str | None, hit: Hit) -> None:
        if owner is not None:
            with self._lock:
                self.hits[owner].append(hit)


class RecordHits:
    """ASGI middleware: log method, path and status of every response."""

    def __init__(self, app: Any, log: HitLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        owner = self.log.current

        async def recording_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.log.record(owner, Hit(scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, recording_send)


def _locate_failure(exc: BaseException, module_path: str, example: CodeExample) -> None:
    """Stand-in for pytest-examples' `create_example_traceback`.

    On Python 3.11 that function builds code objects with the wrong line table, and pytest
    then crashes (INTERNALERROR, the session ends) while printing the failure of any
    example that raises. This keeps the real traceback and adds a note that maps the lines
    of the temporary module back to the page.
    """
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == module_path:
            exc.add_note(
                f"example line {tb.tb_lineno} is {relative(example.path)}:"
                f"{tb.tb_lineno + example.start_line}"
            )
        tb = tb.tb_next
    return None


def _http_libraries() -> tuple[ModuleType, ...]:
    libraries: list[ModuleType] = [httpx]
    try:
        import httpx2  # the openai SDK's HTTP client from openai 3.x on
    except ImportError:  # an older openai, built on httpx itself
        pass
    else:
        libraries.append(httpx2)
    return tuple(libraries)


#: Every HTTP library whose transports the harness routes to the sandbox.
HTTP_LIBRARIES = _http_libraries()


#: SSL contexts already built, by library and arguments (see `_share_ssl_contexts`).
_SSL_CONTEXTS: dict[tuple[str, bool, bool], Any] = {}


def _share_ssl_contexts(monkeypatch: pytest.MonkeyPatch, library: ModuleType) -> None:
    """Every client an example makes builds an SSL context, loading certifi's bundle (about
    20 ms, once per example). Examples only ever speak plain HTTP to the sandbox, so one
    context per library and set of arguments serves them all."""
    module = library._transports.default
    build = module.create_ssl_context

    def shared(verify: Any = True, cert: Any = None, trust_env: bool = True) -> Any:
        if not isinstance(verify, bool) or cert is not None:
            return build(verify=verify, cert=cert, trust_env=trust_env)
        key = (library.__name__, verify, trust_env)
        if key not in _SSL_CONTEXTS:
            _SSL_CONTEXTS[key] = build(verify=verify, cert=cert, trust_env=trust_env)
        return _SSL_CONTEXTS[key]

    monkeypatch.setattr(module, "create_ssl_context", shared)


class _FramesWithoutSource:
    """`inspect` for pytest-examples' print capture, whose `stack()` skips reading source.

    The capture finds each `print`'s caller with `inspect.stack()`, which looks up the
    source file and module of every frame on the stack: with the SDK and the sandbox
    loaded, milliseconds per print. The capture uses only the frames themselves, their
    files and line numbers, which the frames hold.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def stack(context: int = 0) -> list[inspect.FrameInfo]:
        """The caller's frames, outermost last, as `inspect.stack()` lists them."""
        frames = []
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            code = frame.f_code
            frames.append(
                inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None)
            )
            frame = frame.f_back
        return frames


_FRAMES_WITHOUT_SOURCE = _FramesWithoutSource()


class SiteBuild:
    """`mkdocs build --strict` of the site into a temporary folder, in a subprocess that
    starts at once. The gate that compares the built HTML with the examples needs the site
    only at the end, and most of the suite waits on the sandbox, so the build runs beside
    the examples instead of after them."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="metal-docs-site-"))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"]
            + ["-d", str(self.folder / "site")],
            cwd=ROOT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self) -> Path:
        """The built site's folder, once the build is done (fails with MkDocs' output)."""
        _out, err = self._process.communicate(timeout=300)
        assert self._process.returncode == 0, f"mkdocs build --strict failed:\n{err}"
        return self.folder / "site"

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


class ForeignHostError(AssertionError):
    """An example tried to reach a host other than the API (or a loopback sandbox)."""


class DocsSession:
    """One deterministic sandbox for all examples, and what they did to it."""

    def __init__(self) -> None:
        self.sandbox = Sandbox(SandboxConfig(deterministic=True))
        self.log = HitLog()
        self.violations: list[str] = []
        self.updates: list[OutputUpdate] = []
        self.sandbox.app.add_middleware(RecordHits, log=self.log)

    def __enter__(self) -> DocsSession:
        self.sandbox.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sandbox.stop()

    # -- routing ------------------------------------------------------------------------

    def route(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Send HTTP requests for the production API to the sandbox (for the current test),
        give examples the primary test key, and fail on any other host.

        The transports of `httpx` (the httpx tabs) and of `httpx2` (which the `openai` SDK
        is built on since 3.x) are patched: every client of either library, sync or
        async, sends through them, so no example can bypass the routing.
        """
        for library in HTTP_LIBRARIES:
            self._patch_transports(monkeypatch, library)
            _share_ssl_contexts(monkeypatch, library)
        monkeypatch.setattr(pytest_examples.run_code, "create_example_traceback", _locate_failure)
        monkeypatch.setattr(pytest_examples.run_code, "inspect", _FRAMES_WITHOUT_SOURCE)
        monkeypatch.setenv("METAL_API_KEY", self.sandbox.api_key)
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_ORG_ID", "OPENAI_PROJECT_ID"):
            monkeypatch.delenv(name, raising=False)

    def _patch_transports(self, monkeypatch: pytest.MonkeyPatch, library: ModuleType) -> None:
        sync_send = library.HTTPTransport.handle_request
        async_send = library.AsyncHTTPTransport.handle_async_request
        session = self

        def handle_request(transport: Any, request: Any) -> Any:
            session.redirect(request)
            return sync_send(transport, request)

        async def handle_async_request(transport: Any, request: Any) -> Any:
            session.redirect(request)
            return await async_send(transport, request)

        monkeypatch.setattr(library.HTTPTransport, "handle_request", handle_request)
        monkeypatch.setattr(
            library.AsyncHTTPTransport, "handle_async_request", handle_async_request
        )

    def redirect(self, request: Any) -> None:
        url = request.url
        production = (
            url.host == PRODUCTION_HOST and url.scheme == "https" and url.port in (None, 443)
        )
        local_sandbox = f"{url.scheme}://{url.host}:{url.port}" == LOCAL_SANDBOX
        if production or local_sandbox:
            request.url = url.copy_with(
                scheme="http", host=self.sandbox.host, port=self.sandbox.port
            )
            request.headers["host"] = f"{self.sandbox.host}:{self.sandbox.port}"
        elif url.host not in LOOPBACK_HOSTS:
            self.violations.append(str(url))
            raise ForeignHostError(f"an example tried to reach {url}; examples call {PRODUCTION}")

    # -- running examples -----------------------------------------------------------------

    @contextmanager
    def running(self, key: str | None) -> Iterator[None]:
        """Reset the sandbox, then attribute every request to `key` until the block ends.
        A key of None runs without recording (for throwaway copies of pages)."""
        self.sandbox.reset()
        self.violations.clear()
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
        if self.violations:
            raise ForeignHostError(f"requests to other hosts: {', '.join(self.violations)}")

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
        with self.running(key):
            if mode == "check":
                eval_example.run_print_check(example)
            elif mode == "update":
                eval_example.run_print_update(example)
            else:
                eval_example.run(example)

    def run_shell(self, example: ShellExample, *, record: bool = True) -> ShellRun:
        key = str(example) if record else None
        with self.running(key):
            result = run_curl(example.script, self.sandbox.url, self.sandbox.api_key)
            if result.returncode != 0:
                raise AssertionError(
                    f"{example}: the commands exited with {result.returncode}\n{result.stderr}"
                )
        return result

    def check_shell_output(self, example: ShellExample, result: ShellRun, *, update: bool) -> None:
        expected = example.expected
        if expected is None:
            # Nothing shown to compare with: then nothing may have gone wrong either.
            refused = [hit for hit in self.log.hits.get(str(example), []) if hit.status >= 400]
            if refused:
                pytest.fail(
                    f"{example}: the sandbox answered {refused}; show the output of a "
                    "command that demonstrates an error",
                    pytrace=False,
                )
            return
        language, text = expected
        diff = output_diff(language, text, result.stdout)
        if diff is None:
            return
        if update and example.output is not None:
            self.updates.append(
                OutputUpdate(example.page, example.ordinal, format_output(language, result.stdout))
            )
            return
        pytest.fail(
            f"{example}: the output shown differs from what curl printed:\n{diff}", pytrace=False
        )

    def ensure_all_ran(
        self, eval_example: EvalExample, examples: list[CodeExample], shells: list[ShellExample]
    ) -> None:
        """Run (without output checks) every example this session has not run yet, so the
        gates judge the whole site even when `-k` selected only some of the example tests."""
        # A failure is recorded in `log.failed`, and the gate reports it.
        for example in examples:
            if example_key(example) not in self.log.ran:
                with suppress(Exception):
                    self.run_python(example, eval_example, mode="run")
        for shell in shells:
            if str(shell) not in self.log.ran:
                with suppress(Exception):
                    self.run_shell(shell)


# --------------------------------------------------------------------------------------
# The contract's operations
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    """Full path on the server, such as `/v1/chat/completions/{completion_id}`."""
    operation_id: str = ""
    tags: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
        return re.compile(f"^{regex}$")

    def matches(self, hit: Hit) -> bool:
        return hit.method == self.method and self.pattern.match(hit.path) is not None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def contract_operations(document: dict[str, Any]) -> list[Operation]:
    from urllib.parse import urlparse

    prefix = urlparse(document["servers"][0]["url"]).path.rstrip("/")
    return [
        Operation(
            method.upper(),
            prefix + path,
            operation.get("operationId", ""),
            tuple(operation.get("tags", ())),
        )
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in _HTTP_METHODS
    ]


# --------------------------------------------------------------------------------------
# Python blocks of the built site
# --------------------------------------------------------------------------------------


class _CodeBlocks(HTMLParser):
    """(language, code) of every highlighted block: `<div class="language-X highlight">`,
    the markup pymdownx.highlight gives a fence. mkdocstrings' signature blocks
    (`doc-signature`) are generated from the code, not examples, and are left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._depth = 0  # <div> nesting inside a block; 0 = outside
        self._language = ""
        self._in_code = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "div":
            if self._depth:
                self._depth += 1
                return
            classes = (dict(attrs).get("class") or "").split()
            languages = [c.removeprefix("language-") for c in classes if c.startswith("language-")]
            if "highlight" in classes and languages and "doc-signature" not in classes:
                self._depth, self._language, self._text = 1, languages[0], []
        elif tag == "code" and self._depth:
            self._in_code += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "code" and self._in_code:
            self._in_code -= 1
        elif tag == "div" and self._depth:
            self._depth -= 1
            if not self._depth:
                self.blocks.append((self._language, "".join(self._text)))

    def handle_data(self, data: str) -> None:
        if self._depth and self._in_code:
            self._text.append(data)


def html_code_blocks(html: str) -> list[tuple[str, str]]:
    """(language, code) of every highlighted code block of a built page."""
    parser = _CodeBlocks()
    parser.feed(html)
    return parser.blocks


def site_python_blocks(site: Path) -> list[tuple[str, str]]:
    """(page, code) for every Python code block of a built site."""
    return [
        (str(html.relative_to(site)), code)
        for html in sorted(site.rglob("*.html"))
        for language, code in html_code_blocks(html.read_text("utf-8"))
        if language in PYTHON_LANGUAGES
    ]


def normalise_code(code: str) -> str:
    lines = [line.rstrip() for line in code.replace("\r\n", "\n").split("\n")]
    return "\n".join(lines).strip("\n")
