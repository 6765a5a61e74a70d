"""Every internal link of the built site leads somewhere: checked on the HTML that
`mkdocs build --strict` wrote (not on MkDocs' own validation of the Markdown), so links
written by the theme, the plugins, the hooks and raw HTML count too.

- `href`, `src` and `srcset` of every element of every `.html` file, `<loc>` of the
  sitemap, and Markdown links of the `.md` / `llms*.txt` files the build writes;
- a link is internal when it is relative, root-relative or under `site_url`; it must
  name a file of the build (a folder means its `index.html`), and a `#fragment` on an
  HTML page must be the `id` (or `name`) of an element of that page;
- external links are not fetched (there is no network here): they are listed, with the
  pages that use them, in `artifacts/external-links.txt`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from site_hooks import site_config

#: Schemes that are not fetched and not checked.
IGNORED_SCHEMES = ("mailto:", "tel:", "javascript:", "data:", "blob:", "about:")
#: The origin every internal URL is resolved against.
LOCAL = "http://site.invalid/"
#: `[text](url)` or `[text](url "title")` in Markdown, outside code.
MARKDOWN_LINK = re.compile(r"(?<!\!)\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})", re.M)


class _PageLinks(HTMLParser):
    """The ids of a page and the URLs it refers to."""

    LINK_ATTRIBUTES = {"href", "src", "poster", "data", "action"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str]] = []  # (tag, url)
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)
            elif tag == "base" and name == "href":
                self.base = value
            elif name in self.LINK_ATTRIBUTES:
                if tag == "form" and name == "action" and not value:
                    continue
                self.urls.append((tag, value.strip()))
            elif name == "srcset":
                for candidate in value.split(","):
                    if candidate.strip():
                        self.urls.append((tag, candidate.split()[0]))

    handle_startendtag = handle_starttag


def _markdown_links(text: str) -> list[str]:
    """Markdown inline links of `text`, leaving out fenced code blocks and inline code."""
    kept: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        match = FENCE.match(line)
        if match:
            marker = match.group(2)
            if fence is None:
                fence = marker[0] * 3
                continue
            if marker.startswith(fence):
                fence = None
                continue
        if fence is None:
            kept.append(re.sub(r"`[^`\n]*`", "", line))
    return MARKDOWN_LINK.findall("\n".join(kept))


def _page_url(site: Path, file: Path) -> str:
    return urljoin(LOCAL, file.relative_to(site).as_posix())


def _target_file(site: Path, path: str) -> Path | None:
    """The file of the build that serves URL path `path` (as a static host would)."""
    relative = unquote(path).lstrip("/")
    candidate = site / relative
    if relative == "" or relative.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.resolve())
    except ValueError:
        return None  # above the site's root
    return candidate if candidate.is_file() else None


def check_site(site: Path, production_url: str) -> tuple[list[str], dict[str, set[str]], int]:
    """Broken internal links (one line each), external URLs with the pages using them, and
    how many internal links were checked."""
    pages: dict[Path, _PageLinks] = {}
    for file in sorted(site.rglob("*.html")):
        parser = _PageLinks()
        parser.feed(file.read_text("utf-8", errors="replace"))
        pages[file.resolve()] = parser

    sources: list[tuple[Path, str, str]] = []  # (file, base URL, url)
    for file, parser in pages.items():
        base = urljoin(_page_url(site, file), parser.base) if parser.base else _page_url(site, file)
        sources += [(file, base, url) for _tag, url in parser.urls]
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        for loc in re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap.read_text("utf-8")):
            sources.append((sitemap, LOCAL, loc))
    for file in sorted([*site.rglob("*.md"), *site.glob("llms*.txt")]):
        base = _page_url(site, file)
        sources += [(file, base, url) for url in _markdown_links(file.read_text("utf-8"))]

    broken: list[str] = []
    external: dict[str, set[str]] = defaultdict(set)
    checked = 0
    for file, base, url in sources:
        where = file.relative_to(site.resolve()).as_posix() if file.is_absolute() else str(file)
        if not url or url.lower().startswith(IGNORED_SCHEMES):
            continue
        if production_url and url.startswith(production_url):
            url = LOCAL + url[len(production_url) :]
        resolved = urljoin(base, url)
        parts = urlsplit(resolved)
        if f"{parts.scheme}://{parts.netloc}/" != LOCAL:
            external[url].add(where)
            continue
        checked += 1
        target = _target_file(site, parts.path)
        if target is None:
            broken.append(f"{where}: {url} -> no file for /{unquote(parts.path).lstrip('/')}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html":
            ids = pages[target.resolve()].ids
            if fragment not in ids:
                shown = target.relative_to(site).as_posix()
                broken.append(f"{where}: {url} -> no element with id {fragment!r} in {shown}")
    return sorted(set(broken)), external, checked


def test_no_broken_internal_link_or_anchor(site_dir: Path, artifacts: Path) -> None:
    broken, external, checked = check_site(site_dir, site_config.load().site_url)
    report = artifacts / "external-links.txt"
    lines = [
        f"# External links of the built site: {len(external)} URLs, not fetched (no network).",
        "# URL, then the files of the build that link to it.",
    ]
    for url in sorted(external):
        users = sorted(external[url])
        shown = ", ".join(users[:5]) + (f" and {len(users) - 5} more" if len(users) > 5 else "")
        lines.append(f"{url}\n    {shown}")
    report.write_text("\n".join(lines) + "\n", "utf-8")
    print(f"{checked} internal links checked; {len(external)} external URLs listed in {report}")

    assert checked > 500, f"only {checked} internal links found: is the build complete?"
    assert not broken, f"{len(broken)} broken internal link(s) in the built site:\n" + "\n".join(
        broken[:200]
    )


def test_the_link_checker_finds_what_it_should(tmp_path: Path) -> None:
    """The checker itself: a missing page, a missing anchor, a production URL, an external
    link and a link in a Markdown copy, on a tiny site."""
    (tmp_path / "a").mkdir()
    (tmp_path / "index.html").write_text(
        '<a href="a/">ok</a> <a href="a/#here">ok</a> <a href="a/#gone">anchor</a>'
        '<a href="missing/">page</a> <a href="https://docs.example/a/">prod</a>'
        '<a href="https://elsewhere.example/x">ext</a> <img src="img.png">'
        '<a href="#">top</a> <a href="mailto:x@example.org">mail</a>',
        "utf-8",
    )
    (tmp_path / "a" / "index.html").write_text('<h2 id="here">Here</h2><a href="../">up</a>')
    (tmp_path / "a" / "index.md").write_text(
        "[ok](../a/)\n[bad](../nowhere.md)\n```\n[not a link](../code/)\n```\n", "utf-8"
    )
    broken, external, checked = check_site(tmp_path, "https://docs.example/")
    assert broken == [
        "a/index.md: ../nowhere.md -> no file for /nowhere.md",
        "index.html: a/#gone -> no element with id 'gone' in a/index.html",
        "index.html: img.png -> no file for /img.png",
        "index.html: missing/ -> no file for /missing/",
    ]
    assert set(external) == {"https://elsewhere.example/x"}
    assert checked == 10
