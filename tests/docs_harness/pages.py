"""Which pages the site has: the guides of `docs/`, and the API reference the build
generates from the contract (written to a temporary folder so that its examples run like
the guides' do)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SNIPPETS = ROOT / "snippets"

#: The admonition every page that is still a placeholder carries.
PLACEHOLDER_NOTE = '!!! note "This page is being written"'


def pages() -> list[Path]:
    """Every Markdown page of the site, in a stable order: `docs/`, then the generated API
    reference."""
    return sorted(DOCS.rglob("*.md")) + generated_pages()


@cache
def _generated_dir() -> Path:
    folder = tempfile.mkdtemp(prefix="metal-docs-generated-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return Path(folder)


@cache
def generated_pages() -> list[Path]:
    """The reference pages that the pre-step stages for the build (`api_reference`)."""
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
