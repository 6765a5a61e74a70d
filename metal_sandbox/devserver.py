"""`python3.11 dev.py serve`: the docs site with live reload, and the sandbox beside it."""

from __future__ import annotations

import subprocess
import sys

from metal_sandbox.cli import DEFAULT_PORT

SITE_ADDRESS = "127.0.0.1:8000"


def main(argv: list[str]) -> int:
    sandbox = subprocess.Popen(
        [sys.executable, "-m", "metal_sandbox.cli", "--port", str(DEFAULT_PORT), "--quiet"]
    )
    try:
        print(
            f"Site: http://{SITE_ADDRESS}/   Sandbox: http://127.0.0.1:{DEFAULT_PORT}/v1",
            flush=True,
        )
        site = subprocess.run(
            [
                sys.executable,
                "-m",
                "mkdocs",
                "serve",
                "--dev-addr",
                SITE_ADDRESS,
                "--livereload",
                *argv,
            ],
            check=False,
        )
        return site.returncode
    except KeyboardInterrupt:
        return 0
    finally:
        sandbox.terminate()
        sandbox.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
