"""`/llms.txt`, `/llms-full.txt` and a Markdown copy of every page, written into the built
site by the post-step (`site_hooks.postbuild`), whichever engine built the HTML.

- The copy of a page is made from its source (`llms_txt.markdown_copy`) once the build has
  expanded the generated tables, and is published at the page's URL with `.md` added:
  `chat.md` for `/chat/`, `reference/index.md` for `/reference/`.
- `/llms.txt` follows llmstxt.org: the site's name as H1, a one-line summary in a
  blockquote, instructions for agents, then sections of `- [title](url.md): description`
  (pages in navigation order, plus extra links such as the OpenAPI document), the
  `Optional` section last.
- `/llms-full.txt` holds every copy in navigation order, each after its title and URL.
- A page's description in `/llms.txt` (its front matter's, or its first sentence) is also
  its `<meta name="description">`, as plain text (the post-step writes it into the HTML).

Settings live in mkdocs.yml under `extra: llms_txt:` (summary, instructions, sections,
links); see `Settings`.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from . import autodoc
from .markdown_copy import Context, copy_url, to_markdown

if TYPE_CHECKING:
    from site_hooks.site_config import SiteConfig

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
    def from_config(cls, config: SiteConfig) -> Settings:
        extra: dict[str, Any] = dict(config.raw.get("extra") or {})
        raw: dict[str, Any] = dict(extra.get("llms_txt") or {})
        summary = " ".join(str(raw.pop("summary", config.raw.get("site_description", ""))).split())
        try:
            return cls(summary=summary, **raw)
        except TypeError as exc:
            raise ValueError(f"extra.llms_txt in mkdocs.yml: {exc}") from None


@dataclass
class SourcePage:
    """A page as the copies need it: where it is, what it is called, what it says."""

    src_uri: str
    title: str
    url: str
    """Its URL from the site's root: `chat/`, `` for the home page."""
    meta: dict[str, Any]
    markdown: str
    """Its Markdown after the front matter, with the generated tables expanded."""


@dataclass
class Copy:
    page: SourcePage
    markdown: str
    description: str


class LlmsTxt:
    """The copies of a site's pages, and the two index files made of them."""

    def __init__(self, config: SiteConfig, pages: list[SourcePage]) -> None:
        """`pages` in navigation order (pages outside the navigation last)."""
        self.site_url = config.site_url
        if not self.site_url:
            raise ValueError("llms_txt needs `site_url` in mkdocs.yml: links are absolute")
        self.site_name = str(config.raw.get("site_name", ""))
        self.settings = Settings.from_config(config)
        snippet_dirs = config.snippet_dirs()
        self.copies: list[Copy] = []
        for page in pages:
            context = Context(page.src_uri, self.site_url, snippet_dirs, autodoc.render)
            try:
                copy = to_markdown(page.markdown, context, title=page.title)
            except Exception as exc:  # a page the converter cannot read must not pass silently
                raise ValueError(f"llms_txt: {page.src_uri}: {exc}") from exc
            self.copies.append(Copy(page, copy, describe(page.meta, copy)))

    def write(self, site: Path) -> str:
        """Write the copies and the two index files into the built `site`; returns a line
        that says what was written."""
        for copy in self.copies:
            target = site / copy.page.src_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(self.published(copy.markdown), "utf-8")
        llms = self.llms_txt()
        full = self.llms_full_txt()
        (site / LLMS_TXT).write_text(llms, "utf-8")
        (site / LLMS_FULL_TXT).write_text(full, "utf-8")
        return (
            f"llms_txt: /{LLMS_TXT} {_size(llms)}, /{LLMS_FULL_TXT} {_size(full)}, "
            f"{len(self.copies)} Markdown copies"
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
        for copy in self.copies:
            src = copy.page.src_uri
            section = next(
                (t for t in matching if any(fnmatch.fnmatch(src, p) for p in settings.sections[t])),
                None,
            )
            if section is None:
                continue
            found[section].append(
                Link(copy.page.title, copy_url(src, self.site_url), copy.description)
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

    def llms_txt(self) -> str:
        parts = [f"# {self.site_name}", "", f"> {self.settings.summary}", ""]
        if self.settings.instructions.strip():
            parts += [self.settings.instructions.strip(), ""]
        for title, links in self.sections().items():
            parts += [f"## {title}", "", *(link.line() for link in links), ""]
        return "\n".join(parts)

    def llms_full_txt(self) -> str:
        parts = [f"# {self.site_name}", "", f"> {self.settings.summary}", ""]
        if self.settings.instructions.strip():
            parts += [self.settings.instructions.strip(), ""]
        for copy in self.copies:
            page = copy.page
            body = re.sub(r"\A# [^\n]*\n+", "", copy.markdown)
            parts += [
                "---",
                "",
                f"# {copy.page.title}",
                "",
                f"URL: {urljoin(self.site_url, page.url)}",
                f"Markdown: {copy_url(page.src_uri, self.site_url)}",
                "",
                body.rstrip("\n"),
                "",
            ]
        return "\n".join(parts)


def describe(meta: dict[str, Any], markdown: str) -> str:
    """One sentence about the page: its `description` (front matter), or the first
    sentence of its first paragraph, without Markdown links."""
    given = meta.get("description")
    text = str(given) if given else _first_paragraph(markdown)
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
