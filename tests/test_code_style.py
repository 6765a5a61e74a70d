"""The project's own Python passes ruff, with the rules in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHECKED = [
    "metal_sandbox",
    "llms_txt",
    "api_reference",
    "site_hooks",
    "tests",
    "bench",
    "scripts",
    "dev.py",
]


def test_ruff_finds_nothing() -> None:
    ruff = Path(sys.executable).with_name("ruff")
    paths = [p for p in CHECKED if (ROOT / p).exists()]
    result = subprocess.run(
        [str(ruff), "check", "--no-cache", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
