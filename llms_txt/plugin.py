"""The MkDocs plugin that writes `/llms.txt`, `/llms-full.txt` and a Markdown copy of every
page (loaded through `hooks:` in mkdocs.yml, see `llms_txt.mkdocs_hooks`).

- The copy of a page is made from its source (`llms_txt.markdown_copy`) once the build has
  expanded the generated tables, and is published at the page's URL with `.md` added:
  `chat.md` for `/chat/`, `reference/index.md` for `/reference/`.
- `/llms.txt` follows llmstxt.org: the site's name as H1, a one-line summary in a
  blockquote, instructions for agents, then sections of `- [title](url.md): description`
  (pages in navigation order, plus extra links such as the OpenAPI document), the
  `Optional` section last.
- `/llms-full.txt` holds every copy in navigation order, each after its title and URL.
- A page's description in `/llms.txt` (its front matter's, or its first sentence) is also
  its `<meta name="description">`, as plain text.

Settings live in mkdocs.yml under `extra: llms_txt:` (summary, instructions, sections,
links); see `Settings`.
"""

from __future__ import annotations

import fnmatch
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import autodoc
from .markdown_copy import Context, copy_url, to_markdown

log = logging.getLogger("mkdocs.plugins.llms_txt")

OPTIONAL = "Optional"
LLMS_TXT = "llms.txt"
LLMS_FULL_TXT = "llms-full.txt"


@dataclass
class Link:
    title: str
    url: str
    description: str = ""

    def line(self) -> str:
        return f"- [{self.title}]({self.url})" + (
            f": {self.description}" if self.description else ""
        )


@dataclass
class Settings:
    """`extra.llms_txt` of mkdocs.yml."""

    summary: str
    """One paragraph, on one line: the blockquote under the H1."""
    instructions: str = ""
    """Markdown for agents, between the summary and the sections (no `##` headings)."""
    sections: dict[str, list[str]] = field(default_factory=dict)
    """Section title -> glob patterns of page sources, such as `reference/*`. A page goes
    to the first section that matches it, `Optional` tried first and a section whose only
    pattern is `*` (the pages no other section takes) last."""
    links: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    """Section title -> extra links (`title`, `url` relative to the site, `description`),
    listed after the section's pages."""

    @classmethod
    def from_config(cls, config: MkDocsConfig) -> Settings:
        extra: dict[str, Any] = dict(config.extra or {})
        raw: dict[str, Any] = dict(extra.get("llms_txt") or {})
        summary = " ".join(str(raw.pop("summary", config.site_description or "")).split())
        try:
            return cls(summary=summary, **raw)
        except TypeError as exc:
            raise PluginError(f"extra.llms_txt in mkdocs.yml: {exc}") from None


@dataclass
class Copy:
    page: Page
    markdown: str
    description: str


class LlmsTxtPlugin:
    """The plugin's events; one instance per build."""

    def __init__(self) -> None:
        self.copies: dict[str, Copy] = {}
        self.order: list[str] = []

    # --- events ----------------------------------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if not config.site_url:
            raise PluginError("llms_txt needs `site_url` in mkdocs.yml: links are absolute")
        self.site_url = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
        self.settings = Settings.from_config(config)
        self.snippet_dirs = _snippet_dirs(config)
        self.copies = {}
        self.order = []
        return config

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.order = [page.file.src_uri for page in nav.pages]
        return nav

    def on_page_markdown(
        self, markdown: str, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        context = Context(
            src_uri=page.file.src_uri,
            site_url=self.site_url,
            snippet_dirs=self.snippet_dirs,
            autodoc=autodoc.render,
        )
        try:
            copy = to_markdown(markdown, context, title=page.title)
        except Exception as exc:  # a page the converter cannot read must not pass silently
            raise PluginError(f"llms_txt: {page.file.src_uri}: {exc}") from exc
        description = describe(page, copy)
        self.copies[page.file.src_uri] = Copy(page, copy, description)
        # The same sentence, as plain text, is the page's <meta name="description">
        # (Material's template reads page.meta): search results and link previews show what
        # the page is about, not the site's tagline on every page.
        if description:
            page.meta["description"] = plain_text(description)
        return markdown

    def on_post_build(self, config: MkDocsConfig) -> None:
        site = Path(config.site_dir)
        for src_uri, copy in self.copies.items():
            target = site / src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.published(copy.markdown), "utf-8")
        llms = self.llms_txt(config)
        full = self.llms_full_txt(config)
        (site / LLMS_TXT).write_text(llms, "utf-8")
        (site / LLMS_FULL_TXT).write_text(full, "utf-8")
        log.info(
            "llms_txt: /%s %s, /%s %s, %d Markdown copies",
            LLMS_TXT,
            _size(llms),
            LLMS_FULL_TXT,
            _size(full),
            len(self.copies),
        )

    # --- the files -------------------------------------------------------------------------

    def published(self, markdown: str) -> str:
        """A copy as its own file: under its title, where the index of every page is, so an
        agent that lands on one copy finds the others. (`/llms-full.txt` joins the copies
        without it.)"""
        pointer = (
            f"> The index of these docs, every page as Markdown: [/{LLMS_TXT}]"
            f"({urljoin(self.site_url, LLMS_TXT)})"
        )
        if not markdown.startswith("# "):
            return f"{pointer}\n\n{markdown}"
        title, _, rest = markdown.partition("\n")
        return f"{title}\n\n{pointer}\n{rest}"

    def ordered(self) -> list[Copy]:
        """Every copy, in navigation order (pages outside the navigation last)."""
        ranked = {src: rank for rank, src in enumerate(self.order)}
        keys = sorted(self.copies, key=lambda s: (ranked.get(s, len(ranked)), s))
        return [self.copies[k] for k in keys]

    def sections(self) -> dict[str, list[Link]]:
        settings = self.settings
        titles = [t for t in settings.sections if t != OPTIONAL]
        if OPTIONAL in settings.sections or OPTIONAL in settings.links:
            titles.append(OPTIONAL)
        for title in settings.links:
            if title not in titles:
                titles.insert(len(titles) - (OPTIONAL in titles), title)
        found: dict[str, list[Link]] = {title: [] for title in titles}
        # Optional first, a catch-all (`*`) last, the others in their order.
        matching = sorted(
            settings.sections,
            key=lambda t: (t != OPTIONAL, settings.sections[t] == ["*"]),
        )
        for copy in self.ordered():
            src = copy.page.file.src_uri
            section = next(
                (t for t in matching if any(fnmatch.fnmatch(src, p) for p in settings.sections[t])),
                None,
            )
            if section is None:
                continue
            found[section].append(
                Link(_title(copy), copy_url(src, self.site_url), copy.description)
            )
        for title, links in settings.links.items():
            found[title] += [
                Link(
                    link["title"],
                    urljoin(self.site_url, link["url"]),
                    " ".join(link.get("description", "").split()),
                )
                for link in links
            ]
        return {title: links for title, links in found.items() if links}

    def llms_txt(self, config: MkDocsConfig) -> str:
        parts = [f"# {config.site_name}", "", f"> {self.settings.summary}", ""]
        if self.settings.instructions.strip():
            parts += [self.settings.instructions.strip(), ""]
        for title, links in self.sections().items():
            parts += [f"## {title}", "", *(link.line() for link in links), ""]
        return "\n".join(parts)

    def llms_full_txt(self, config: MkDocsConfig) -> str:
        parts = [f"# {config.site_name}", "", f"> {self.settings.summary}", ""]
        if self.settings.instructions.strip():
            parts += [self.settings.instructions.strip(), ""]
        for copy in self.ordered():
            page = copy.page
            body = re.sub(r"\A# [^\n]*\n+", "", copy.markdown)
            parts += [
                "---",
                "",
                f"# {_title(copy)}",
                "",
                f"URL: {urljoin(self.site_url, page.url)}",
                f"Markdown: {copy_url(page.file.src_uri, self.site_url)}",
                "",
                body.rstrip("\n"),
                "",
            ]
        return "\n".join(parts)


def _title(copy: Copy) -> str:
    if copy.page.title:
        return str(copy.page.title)
    match = re.match(r"# (.+)", copy.markdown)
    return match.group(1).strip() if match else copy.page.file.src_uri


def describe(page: Page, markdown: str) -> str:
    """One sentence about the page: its `description` (front matter), or the first
    sentence of its first paragraph, without Markdown links."""
    meta = (page.meta or {}).get("description")
    text = str(meta) if meta else _first_paragraph(markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(text.split()))
    end = re.search(r"(?<=[.!?])\s", text)
    sentence = text[: end.start()] if end else text
    return sentence if len(sentence) <= 200 else sentence[:197].rsplit(" ", 1)[0] + "..."


def plain_text(sentence: str) -> str:
    """`sentence` without Markdown's code and emphasis marks, as a meta tag shows it."""
    return re.sub(r"`+|\*\*|(?<!\w)[*_]|[*_](?!\w)", "", sentence)


def _first_paragraph(markdown: str) -> str:
    lines: list[str] = []
    in_fence = False
    for line in markdown.splitlines():
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            if lines:
                break
            continue
        if in_fence:
            continue
        if not line.strip() or line.startswith(("#", ">", "|", "- ", "* ", "**")):
            if lines:
                break
            continue
        lines.append(line.strip())
    return " ".join(lines)


def _size(text: str) -> str:
    size = len(text.encode("utf-8"))
    return f"{size / 1024:.1f} KB ({size} bytes)"


def _snippet_dirs(config: MkDocsConfig) -> list[Path]:
    """The `base_path` of pymdownx.snippets, where `--8<--` finds its files."""
    options = (config.mdx_configs or {}).get("pymdownx.snippets", {})
    base = options.get("base_path", ["."])
    bases = [base] if isinstance(base, str) else list(base)
    root = Path(config.config_file_path or ".").resolve().parent
    return [(root / str(b)).resolve() for b in bases]
