"""`mkdocs.yml` as the build steps read it, without MkDocs: the settings they need, the
pages in navigation order, and each page's title and front matter.

The pre-step and the post-step run around MkDocs and Zensical alike, so they read the one
configuration themselves instead of through either engine's objects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "mkdocs.yml"
FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\n(?P<yaml>.*?\n)(?:-{3}|\.{3})[ \t]*\n", re.S)


class _Loader(yaml.SafeLoader):
    """YAML with MkDocs' tags (`!ENV`, `!relative`) read as their plain values."""


def _plain(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _plain)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _plain)


@dataclass
class NavPage:
    src_uri: str
    """The page's source, relative to `docs_dir`: `chat.md`, `reference/index.md`."""
    title: str | None
    """The title the navigation gives it, if any."""


@dataclass
class SiteConfig:
    path: Path
    raw: dict[str, Any] = field(repr=False)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def docs_dir(self) -> Path:
        return (self.root / self.raw.get("docs_dir", "docs")).resolve()

    @property
    def site_url(self) -> str:
        url = str(self.raw.get("site_url") or "")
        return url if url.endswith("/") or not url else url + "/"

    def edit_url(self, src_uri: str) -> str | None:
        """The "Edit this page" link of a page (MkDocs' `repo_url` + `edit_uri` + source)."""
        repo, edit = self.raw.get("repo_url"), self.raw.get("edit_uri")
        if not repo or not edit:
            return None
        return repo.rstrip("/") + "/" + edit.strip("/") + "/" + src_uri

    def nav_pages(self) -> list[NavPage]:
        """Every page of `nav`, in order."""
        return list(_walk(self.raw.get("nav") or []))

    def snippet_dirs(self) -> list[Path]:
        """The `base_path` of pymdownx.snippets, where `--8<--` finds its files (relative
        to the folder the build starts in, the repository root)."""
        for item in self.raw.get("markdown_extensions") or []:
            if isinstance(item, dict) and "pymdownx.snippets" in item:
                base = (item["pymdownx.snippets"] or {}).get("base_path", ["."])
                bases = [base] if isinstance(base, str) else list(base)
                return [(self.root / str(b).removeprefix("$config_dir/")).resolve() for b in bases]
        return [self.root]


def _walk(items: list[Any]) -> Iterator[NavPage]:
    for item in items:
        if isinstance(item, str):
            yield NavPage(item, None)
        elif isinstance(item, dict):
            for title, value in item.items():
                if isinstance(value, str):
                    yield NavPage(value, str(title))
                else:
                    yield from _walk(value)


def load(path: Path = CONFIG) -> SiteConfig:
    with path.open(encoding="utf-8") as handle:
        raw = yaml.load(handle, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    return SiteConfig(path.resolve(), raw)


def split_front_matter(source: str) -> tuple[dict[str, Any], str]:
    """(front matter, Markdown after it) of a page's source, as MkDocs splits them."""
    match = FRONT_MATTER.match(source)
    if not match:
        return {}, source
    meta = yaml.safe_load(match["yaml"]) or {}
    if not isinstance(meta, dict):
        return {}, source
    return meta, source[match.end() :].lstrip("\n")


def markdown_title(markdown: str) -> str | None:
    """The page's H1 when it is the first thing in it (what MkDocs takes for a title)."""
    for line in markdown.replace("\r\n", "\n").split("\n"):
        line = line.strip()
        if not line:
            continue
        return line.lstrip("# ") if line.startswith("# ") else None
    return None


def page_title(page: NavPage, meta: dict[str, Any], markdown: str) -> str:
    """A page's title as MkDocs gives it: the navigation's, the front matter's, the first
    H1, or the file name."""
    if page.title is not None:
        return page.title
    if "title" in meta:
        return str(meta["title"])
    found = markdown_title(markdown)
    if found is not None:
        return found
    name = Path(page.src_uri).stem
    name = Path(page.src_uri).parent.name if name == "index" and "/" in page.src_uri else name
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title
