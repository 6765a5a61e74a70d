"""`mkdocs build --strict` of the site in a subprocess, as a reader runs it: for the docs
gates (started early, beside the examples) and for the site tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .pages import ROOT


class SiteBuild:
    """A build of the site into a temporary folder, in a subprocess that starts at once.
    The gate that compares the built HTML with the examples needs the site only at the
    end, and most of the suite waits on the sandbox, so the build runs beside the
    examples instead of after them."""

    def __init__(self, *, quiet: bool = True) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="metal-docs-site-"))
        self.log = ""
        """What MkDocs printed (stdout, then stderr), once `wait` returns."""
        self._process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "--strict"]
            + (["--quiet"] if quiet else [])
            + ["-d", str(self.folder / "site")],
            cwd=ROOT,
            env={
                **os.environ,
                "NO_MKDOCS_2_WARNING": "1",
                "DISABLE_MKDOCS_2_WARNING": "true",
            },
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def wait(self) -> Path:
        """The built site's folder, once the build is done (fails with MkDocs' output)."""
        if self._process.returncode is None:  # the gates of Python and Node both wait
            out, err = self._process.communicate(timeout=300)
            self.log = out + err
        assert self._process.returncode == 0, f"mkdocs build --strict failed:\n{self.log[-5000:]}"
        return self.folder / "site"

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
            self._process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)
