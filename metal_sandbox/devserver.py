"""`python3.11 dev.py serve`: the docs site with live reload, and the sandbox beside it."""

from __future__ import annotations

import signal
import subprocess
import sys

from metal_sandbox.cli import DEFAULT_PORT

SITE_ADDRESS = "127.0.0.1:8000"


def _stop_on_sigterm() -> None:
    """Treat SIGTERM like Ctrl-C, so `kill` stops both servers, not just this process."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: list[str]) -> int:
    _stop_on_sigterm()
    sandbox = [sys.executable, "-m", "metal_sandbox.cli", "--port", str(DEFAULT_PORT), "--quiet"]
    site = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", SITE_ADDRESS, "--livereload"]
    children = [subprocess.Popen(sandbox)]
    try:
        print(
            f"Site: http://{SITE_ADDRESS}/   Sandbox: http://127.0.0.1:{DEFAULT_PORT}/v1",
            flush=True,
        )
        children.append(subprocess.Popen([*site, *argv]))
        return children[-1].wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in reversed(children):
            child.terminate()
        for child in children:
            child.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
