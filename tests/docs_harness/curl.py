"""Shell blocks that call curl: finding them on a page, and running them against the
sandbox with the system's `curl -sS`, so that nothing they do can leave this machine."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .blocks import Block, fenced_blocks
from .hosts import LOCAL_SANDBOX, LOOPBACK_HOSTS, PRODUCTION_ORIGIN
from .pages import pages

#: Fence languages whose `curl` commands the harness runs.
SHELL_LANGUAGES = frozenset({"bash", "sh", "shell", "console"})

_CURL_CALL = re.compile(r"(?:^|[\s;&|(])curl(?:\s|$)", re.M)
_JQ_CALL = re.compile(r"(?:^|[\s;&|(])jq(?:\s|$)", re.M)
_URL = re.compile(r"\b[a-zA-Z][a-zA-Z0-9+.-]*://[^\s\"'\\<>)]+")
#: Every curl of a script: quiet but for errors, no `~/.curlrc`, bounded, plain HTTP only.
#: `pipefail`: in `curl ... | jq ...`, a curl that fails (or a jq that is missing) fails
#: the example, instead of jq printing nothing and the pipeline succeeding.
_PRELUDE = 'set -euo pipefail\ncurl() { command curl -q -sS --max-time 20 --proto "=http" "$@"; }\n'


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
            return self.output.fence.language, self.output.body
        if self.inline_output and self.inline_output.strip():
            text = self.inline_output
            return ("json" if text.lstrip().startswith(("{", "[")) else "text"), text
        return None

    def __str__(self) -> str:
        return str(self.block)


def shell_examples(*paths: Path) -> list[ShellExample]:
    """Every curl example of the given pages (default: the whole site)."""
    found: list[ShellExample] = []
    for page in paths or pages():
        found.extend(page_shell_examples(page))
    return found


def page_shell_examples(page: Path, text: str | None = None) -> list[ShellExample]:
    """The curl examples of one page (of `text`, when given, instead of the file)."""
    blocks = fenced_blocks(page, text)
    found: list[ShellExample] = []
    for position, block in enumerate(blocks):
        if not _calls_curl(block):
            continue
        following = blocks[position + 1] if position + 1 < len(blocks) else None
        output = following if following is not None and following.is_output else None
        if block.fence.language == "console":
            script, inline = _split_console(block.body)
        else:
            script, inline = block.body, None
        found.append(ShellExample(block, len(found), script, output, inline))
    return found


def _calls_curl(block: Block) -> bool:
    return block.fence.language in SHELL_LANGUAGES and _CURL_CALL.search(block.body) is not None


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
            if block.is_output and not (position and _calls_curl(blocks[position - 1])):
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
    rewritten = script.replace(PRODUCTION_ORIGIN, sandbox_url).replace(LOCAL_SANDBOX, sandbox_url)
    foreign = [
        url
        for url in _URL.findall(rewritten)
        if url != sandbox_url
        and not url.startswith(sandbox_url + "/")
        and urlsplit(url).hostname not in LOOPBACK_HOSTS
    ]
    if foreign:
        raise AssertionError(
            f"the example calls hosts other than {PRODUCTION_ORIGIN}: "
            + ", ".join(sorted(set(foreign)))
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
    if _JQ_CALL.search(script) and shutil.which("jq") is None:
        pytest.fail(
            "this curl example pipes its answer into jq, which is not installed "
            "(Debian's jq: `python3.11 dev.py test` installs it as root)"
        )
    rewritten = rewrite_script(script, sandbox_url)
    with (
        tempfile.TemporaryDirectory(prefix="docs-curl-") as home,
        socket.socket() as trap,
    ):
        trap.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        refused = f"http://127.0.0.1:{trap.getsockname()[1]}"
        done = subprocess.run(
            ["bash", "-c", _PRELUDE + rewritten],
            env=_curl_environment(home, refused, api_key),
            cwd=home,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    return ShellRun(done.stdout, done.stderr, done.returncode)


def _curl_environment(home: str, refused: str, api_key: str) -> dict[str, str]:
    """Nothing of ours but PATH: a fresh home, the sandbox's key, and every proxy variable
    pointing at `refused` except for loopback."""
    loopback = ",".join(sorted(LOOPBACK_HOSTS))
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": home,
        "LANG": "C.UTF-8",
        "METAL_API_KEY": api_key,
        **{name: refused for name in ("http_proxy", "https_proxy", "all_proxy")},
        **{name.upper(): refused for name in ("https_proxy", "all_proxy")},
        "no_proxy": loopback,
        "NO_PROXY": loopback,
    }
