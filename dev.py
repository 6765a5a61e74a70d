"""The project's commands: `python3.11 dev.py serve` and `python3.11 dev.py test` (the
README's two), `build` (the published site, for CI's deploy) and `lock`.

This file runs with nothing but the standard library, because it is what turns a fresh
clone into a working environment: it creates `.venv/`, installs the pinned `uv` into it,
and syncs the environment to `requirements.lock` whenever the lock changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / "bin"
PYTHON = BIN / "python"
LOCK = ROOT / "requirements.lock"
STAMP = VENV / ".synced-lock"
UV_PIN = "uv==0.13.8"
#: Debian's packages the tests use, by the command each installs: Chromium for the browser
#: tests, jq for the curl examples that pick one field out of a response.
DEBIAN_TOOLS = {"chromium": "chromium", "jq": "jq"}
NODE_LOCK = ROOT / "package-lock.json"
NODE_MODULES = ROOT / "node_modules"
NODE_STAMP = NODE_MODULES / ".synced-lock"


def run(*args: str | Path, **env: str) -> None:
    print("+", " ".join(str(a) for a in args), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT, env={**os.environ, **env})


def lock_digest() -> str:
    return hashlib.sha256(LOCK.read_bytes() + (ROOT / "pyproject.toml").read_bytes()).hexdigest()


def ensure_environment() -> None:
    """Create or refresh `.venv/` so that it holds exactly what the lock file pins."""
    if sys.version_info < (3, 11):  # noqa: UP036 - this file runs before any venv exists
        sys.exit("dev.py needs Python 3.11 or newer")
    if not PYTHON.exists():
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == lock_digest():
        return
    if not (BIN / "uv").exists():
        run(PYTHON, "-m", "pip", "install", "--quiet", UV_PIN)
    # Bytecode compiled at install time: the sandbox starts in a third of the time.
    run(
        BIN / "uv",
        "pip",
        "sync",
        "--python",
        PYTHON,
        "--require-hashes",
        "--compile-bytecode",
        LOCK,
    )
    run(BIN / "uv", "pip", "install", "--python", PYTHON, "--no-deps", "--editable", ".")
    # A sync by hashes caches wheels but not their metadata; resolving the runtime
    # dependencies once caches it, so the wheel installs offline into an empty venv
    # (tests/sandbox/test_package.py) on a machine that never ran `dev.py lock`.
    run(
        BIN / "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--constraint",
        LOCK,
        "--python-version",
        "3.11",
        "--quiet",
        "--output-file",
        os.devnull,
    )
    STAMP.write_text(lock_digest())


def ensure_debian_tools() -> None:
    """Install the Debian packages of `DEBIAN_TOOLS` that are missing, when we can."""
    missing = [pkg for command, pkg in DEBIAN_TOOLS.items() if not shutil.which(command)]
    if not missing or not shutil.which("apt-get") or os.geteuid() != 0:
        return
    env = {"DEBIAN_FRONTEND": "noninteractive"}
    run("apt-get", "update", "-qq", **env)
    run("apt-get", "install", "-y", "-qq", *missing, **env)


def ensure_node_packages() -> None:
    """Node.js and npm from Debian when the machine lacks them (the docs run every Node
    example), then the packages of `package-lock.json` with `npm ci`, whenever it changes."""
    if not shutil.which("node") or not shutil.which("npm"):
        if not shutil.which("apt-get") or os.geteuid() != 0:
            sys.exit("the Node examples need Node.js 20 or newer and npm: install them")
        env = {"DEBIAN_FRONTEND": "noninteractive"}
        run("apt-get", "update", "-qq", **env)
        run("apt-get", "install", "-y", "-qq", "nodejs", "npm", **env)
    digest = hashlib.sha256(NODE_LOCK.read_bytes()).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == digest:
        return
    run("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error")
    NODE_STAMP.write_text(digest)


def lock() -> None:
    """Re-resolve `requirements.lock` from `pyproject.toml` (run after changing a pin)."""
    ensure_environment()
    run(
        BIN / "uv",
        "pip",
        "compile",
        "pyproject.toml",
        "--group",
        "dev",
        "--python-version",
        "3.11",
        "--generate-hashes",
        "--quiet",
        "--output-file",
        LOCK,
    )
    ensure_environment()


# MkDocs' plugins print a banner about other tools on every build unless told not to.
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")


#: Where `serve` shows the site; the sandbox takes its own default port (8765).
SITE_ADDRESS = "127.0.0.1:8000"


def serve(args: list[str]) -> None:
    """The docs site with live reload, and the sandbox beside it; Ctrl-C (or SIGTERM)
    stops both. Arguments go to `mkdocs serve`, which runs the pre-step and the post-step
    on every rebuild (`site_hooks/mkdocs_steps.py`)."""
    ensure_environment()
    signal.signal(signal.SIGTERM, _interrupt)  # so that `kill` stops the children too
    sandbox = [PYTHON, "-m", "metal_sandbox.cli", "--quiet"]  # prints its own address
    site = [PYTHON, "-m", "mkdocs", "serve", "--dev-addr", SITE_ADDRESS, "--livereload"]
    children = [subprocess.Popen(sandbox, cwd=ROOT)]
    code = 0
    try:
        print(f"Site: http://{SITE_ADDRESS}/", flush=True)
        children.append(subprocess.Popen([*site, *args], cwd=ROOT))
        code = children[-1].wait()
    except KeyboardInterrupt:
        pass
    finally:
        for child in reversed(children):
            child.terminate()
        for child in children:
            child.wait(timeout=10)
    sys.exit(code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def build(args: list[str]) -> None:
    """The site as it is published, into `site/` (strict: a warning fails it): the
    pre-step, the build, the post-step. Arguments go to `mkdocs build`, which runs the two
    steps itself (`site_hooks/mkdocs_steps.py`); with `--zensical`, Zensical builds it
    instead, between the same steps (`site_hooks/build.py`, which takes `--site-dir`)."""
    ensure_environment()
    if "--zensical" in args:
        os.execv(PYTHON, [str(PYTHON), "-m", "site_hooks.build", *args])
    os.execv(PYTHON, [str(PYTHON), "-m", "mkdocs", "build", "--strict", *args])


def test(args: list[str]) -> None:
    ensure_environment()
    ensure_debian_tools()
    ensure_node_packages()
    os.execv(PYTHON, [str(PYTHON), "-m", "pytest", *args])


def main() -> None:
    command, *rest = sys.argv[1:] or ["help"]
    if command == "serve":
        serve(rest)
    elif command == "test":
        test(rest)
    elif command == "build":
        build(rest)
    elif command == "lock":
        lock()
    else:
        sys.exit("usage: python3.11 dev.py serve|test|build|lock [args...]")


if __name__ == "__main__":
    main()
