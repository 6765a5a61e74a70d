"""The site in three steps: the pre-step, the engine, the post-step (`dev.py build`).

    .venv/bin/python -m site_hooks.build [--zensical] [--site-dir DIR]

With MkDocs (the published build), `mkdocs build --strict` runs both steps itself, through
`site_hooks/mkdocs_steps.py`. Zensical runs no hooks, so the steps run here around
`zensical build --strict`, from a configuration beside mkdocs.yml that inherits it and
only moves `site_dir` (Zensical has no option for it, and wants it inside the project).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from site_hooks.site_config import CONFIG, ROOT

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def mkdocs(site: Path, quiet: bool = False) -> None:
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)]
    subprocess.run(command + (["--quiet"] if quiet else []), cwd=ROOT, env=ENV, check=True)


def zensical(site: Path, quiet: bool = False) -> None:
    """Pre-step, `zensical build --strict` into `site` (inside the repository), post-step."""
    from site_hooks import postbuild, prebuild  # not for MkDocs, which runs them itself

    prebuild.run()
    with tempfile.NamedTemporaryFile(
        "w", dir=ROOT, prefix=".zensical-", suffix=".yml", delete=False
    ) as handle:
        handle.write(f"INHERIT: {CONFIG.name}\nsite_dir: {site.resolve()}\n")
    try:
        command = [sys.executable, "-m", "zensical", "build", "--strict", "-f", handle.name]
        subprocess.run(command, cwd=ROOT, env=ENV, check=True, capture_output=quiet, text=True)
    finally:
        os.unlink(handle.name)
    line = postbuild.run(site)
    if not quiet:
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--zensical", action="store_true", help="build with Zensical")
    parser.add_argument("--site-dir", type=Path, default=ROOT / "site")
    args = parser.parse_args()
    try:
        (zensical if args.zensical else mkdocs)(args.site_dir)
    except subprocess.CalledProcessError as exc:
        sys.exit(exc.returncode)
    except ValueError as exc:  # the pre-step's NavError, a marker's MarkerError
        sys.exit(str(exc))


if __name__ == "__main__":
    main()
