"""The step before the build: the folder the site is built from, `build/docs/`.

It holds the guides of `docs/` and what is generated from the contract: the reference
pages (`api_reference.pages`), `openapi.yaml` and `openapi.json`. MkDocs and Zensical both
read it as `docs_dir`, so neither needs a plugin to add pages. Each page gets its
description in its front matter, as plain text: the sentence `/llms.txt` gives it, which
the theme shows as `<meta name="description">` (rather than the site's tagline on every
page) and as the Open Graph description; and the path of its Markdown copy, which the
templates link to. Assets are symbolic links to `docs/`. Files are written only when their
content changes, so a live-reloading server watching the folder does not rebuild in a loop.

The folder's one committed file, its `.gitignore`, keeps it in a fresh clone (MkDocs checks
that `docs_dir` exists before any hook runs) and ignores the rest.

    .venv/bin/python -m site_hooks.prebuild             # write build/docs/
    .venv/bin/python -m site_hooks.prebuild --write-nav # refresh the reference's nav
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

import yaml

from api_reference import document, pages
from llms_txt.writer import plain_text
from site_hooks.site_config import CONFIG, SiteConfig, load, split_front_matter
from site_hooks.sources import DOCS, NOT_STAGED, copies, page_sources

#: The edit button of a generated page leads to what generates it (relative to `docs/`,
#: the folder `edit_uri` names).
GENERATED_EDIT_PATH = "../metal_sandbox/contract.py"
NAV_TITLE = "API reference"
NAV_START = f"  - {NAV_TITLE}:"


def machine_files() -> dict[str, str]:
    """Source path -> text of the contract as the site publishes it."""
    return {
        "openapi.yaml": document.load_text(),
        "openapi.json": json.dumps(document.load(), indent=2, ensure_ascii=False) + "\n",
    }


def assets() -> dict[str, Path]:
    """Source path -> file in `docs/` of every asset (what is not a page)."""
    return {
        path.relative_to(DOCS).as_posix(): path
        for path in sorted(DOCS.rglob("*"))
        if path.is_file()
        and path.suffix != ".md"
        and path.relative_to(DOCS).parts[0] not in NOT_STAGED
    }


def described(config: SiteConfig) -> dict[str, str]:
    """Source path -> text of every page, what the theme shows of it in its front matter."""
    sources = page_sources()
    found = {}
    for copy in copies(config).copies:
        src = copy.page.src_uri
        found[src] = with_front_matter(sources[src], plain_text(copy.description), src)
    return found


def with_front_matter(source: str, description: str, markdown_copy: str) -> str:
    """`source` (the page's Markdown unchanged) under front matter that adds what the
    templates (docs/overrides) show: `description`, when there is one, and
    `markdown_copy`, the path of its copy (`page.file` is MkDocs' alone)."""
    meta, markdown = split_front_matter(source)
    meta = {**meta, "markdown_copy": markdown_copy}
    if description:
        meta["description"] = description
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1000)
    return f"---\n{front}---\n\n{markdown}"


class NavError(ValueError):
    """The navigation committed in mkdocs.yml lags behind the contract."""


def check_nav(config: SiteConfig) -> None:
    """The reference's navigation committed in mkdocs.yml is the one the contract makes."""
    nav = config.raw.get("nav") or []
    committed = next((i[NAV_TITLE] for i in nav if isinstance(i, dict) and NAV_TITLE in i), None)
    if committed != pages.nav():
        raise NavError(
            "mkdocs.yml: the API reference's nav differs from the contract's operations; "
            "run `.venv/bin/python -m site_hooks.prebuild --write-nav`"
        )


def write_nav(config: Path = CONFIG) -> None:
    """Rewrite the `API reference` entry of `nav` (the last entry of mkdocs.yml)."""
    text = config.read_text("utf-8")
    start = text.index("\n" + NAV_START) + 1
    entries = yaml.safe_dump(pages.nav(), sort_keys=False, allow_unicode=True, width=1000)
    body = "".join("      " + line for line in entries.splitlines(True))
    config.write_text(text[:start] + NAV_START + "\n" + body, "utf-8")


def stage(config: SiteConfig) -> list[str]:
    """Make `docs_dir` hold exactly the site's sources; returns the generated pages."""
    target = config.docs_dir
    made = {**described(config), **machine_files()}
    linked = assets()
    for name, source in linked.items():
        _link(target / name, source)
    for name, text in made.items():
        _write(target / name, text)
    # Then what is left of an earlier build, files before their folders. Dot-files are the
    # folder's .gitignore or another build's temporary files: neither engine reads them.
    wanted = set(made) | set(linked)
    for path in sorted(target.rglob("*"), reverse=True):
        name = path.relative_to(target).as_posix()
        if path.name.startswith("."):
            continue
        if path.is_dir() and not path.is_symlink():
            if not any(path.iterdir()):
                with contextlib.suppress(OSError):  # another build just wrote into it
                    path.rmdir()
        elif name not in wanted:
            path.unlink(missing_ok=True)
    return sorted(pages.pages())


def _link(path: Path, source: Path) -> None:
    relative = os.path.relpath(source, path.parent)
    if path.is_symlink() and os.readlink(path) == relative:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.symlink_to(relative)
    os.replace(temporary, path)


def _write(path: Path, text: str) -> None:
    """Write `text` at `path` unless it is there already; atomically, since two builds
    (the docs gates' and the site tests') may stage the folder at once."""
    if not path.is_symlink() and path.is_file() and path.read_text("utf-8") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def run() -> list[str]:
    """The pre-step: check the navigation, stage `docs_dir`; returns the generated pages."""
    config = load()
    check_nav(config)
    return stage(config)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write-nav", action="store_true", help="refresh mkdocs.yml's nav")
    if parser.parse_args().write_nav:
        write_nav()
    try:
        run()
    except NavError as exc:
        sys.exit(str(exc))


if __name__ == "__main__":
    main()
