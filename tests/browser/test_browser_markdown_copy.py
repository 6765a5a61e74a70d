"""The Markdown copy of every page: the page links it (a same-site link whose path ends
in `.md`), the link serves Markdown, and the page's "Copy page as Markdown" control puts
that Markdown on the clipboard.

What these tests expect of the markup, whatever it looks like otherwise:

- on every page of the navigation, an `<a>` whose `href` resolves to a file of this site
  ending in `.md` (an "edit on GitHub" link, on another host, does not count);
- that file answers 200 with a text type (`text/markdown` or `text/plain`), and its text
  holds the page's title (its `<h1>`);
- a control (a `<button>`, or an element with `role="button"` or a link) whose
  accessible name (`aria-label`, `title` or text) contains "Copy page as Markdown",
  visible on a desktop screen; clicking it puts the text of the page's `.md` file on the
  clipboard.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from browser_support import Watch, clipboard_after, goto

NewContext = Callable[..., tuple[Any, Watch]]
CONTROL_NAME = re.compile(r"copy\s+page\s+as\s+markdown", re.I)
LOCAL = "http://site.invalid/"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def markdown_links(site_dir: Path, path: str) -> list[str]:
    """The same-site links of built page `path` whose path ends in `.md`, as paths."""
    parser = _Links()
    parser.feed((site_dir / path / "index.html").read_text("utf-8"))
    found = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(LOCAL + path, href))
        if f"{url.scheme}://{url.netloc}/" == LOCAL and url.path.endswith(".md"):
            found.append(url.path.lstrip("/"))
    return list(dict.fromkeys(found))


def title_of(site_dir: Path, path: str) -> str:
    html = (site_dir / path / "index.html").read_text("utf-8")
    match = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert match, f"/{path} has no <h1>"
    text = re.sub(r"<[^>]+>", "", match.group(1))
    return re.sub(r"\s+", " ", text.replace("&para;", "")).strip()


def test_every_page_links_a_markdown_copy_that_serves_markdown(
    new_context: NewContext, site_dir: Path, nav_pages: list[str]
) -> None:
    context, _ = new_context()
    problems = []
    for path in nav_pages:
        links = markdown_links(site_dir, path)
        if not links:
            problems.append(f"/{path}: no link to a .md copy of the page")
            continue
        response = context.request.get(links[0])
        kind = response.headers.get("content-type", "")
        body = response.text() if response.ok else ""
        title = title_of(site_dir, path)
        if not response.ok:
            problems.append(f"/{path}: /{links[0]} answers HTTP {response.status}")
        elif not kind.startswith(("text/markdown", "text/plain")):
            problems.append(f"/{path}: /{links[0]} is served as {kind!r}")
        elif title not in body:
            problems.append(f"/{path}: /{links[0]} does not hold the page's title {title!r}")
    assert not problems, (
        f"{len(problems)} of {len(nav_pages)} pages without a working .md link:\n"
        + "\n".join(problems)
    )


def test_the_md_link_opens_the_markdown_in_the_browser(
    new_context: NewContext, site_dir: Path, site_url: str
) -> None:
    path = "quickstart/"
    links = markdown_links(site_dir, path)
    assert links, f"/{path}: no link to a .md copy of the page"
    context, watch = new_context()
    page = context.new_page()
    goto(page, watch, path)
    # The link itself (an "edit on GitHub" link may end with the same file name).
    page.evaluate(
        """target => [...document.querySelectorAll("a[href]")]
          .find(a => a.href === target).setAttribute("data-test-md-link", "")""",
        site_url + links[0],
    )
    link = page.locator("[data-test-md-link]")
    with page.expect_response(lambda r: r.url.endswith("/" + links[0])) as answer:
        link.click()
    page.wait_for_url("**/" + links[0])
    page.wait_for_load_state()
    assert answer.value.ok, f"/{links[0]}: HTTP {answer.value.status}"
    shown = page.evaluate("() => document.body.innerText")
    assert title_of(site_dir, path) in shown, shown[:300]
    assert not watch.feature_problems(), watch.feature_problems()


CONTROL_SCRIPT = """(pattern) => {
  const re = new RegExp(pattern, "i");
  const name = (el) => [el.getAttribute("aria-label"), el.getAttribute("title"),
                        el.textContent].filter(Boolean).join(" ").replace(/\\s+/g, " ");
  const all = [...document.querySelectorAll("button, [role=button], a")];
  const found = all.find((el) => re.test(name(el)) && el.checkVisibility());
  if (!found) return null;
  found.setAttribute("data-test-markdown-control", "");
  return name(found).trim();
}"""


def test_copy_page_as_markdown_puts_the_markdown_copy_on_the_clipboard(
    new_context: NewContext, site_dir: Path, nav_pages: list[str]
) -> None:
    """On the overview, a guide and a page of the API reference."""
    reference = [p for p in nav_pages if p.startswith("reference/") and p.count("/") >= 3]
    pages = ["", "chat/", *(reference[:1] or nav_pages[-1:])]
    context, watch = new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    problems = []
    for path in pages:
        goto(page, watch, path)
        name = page.evaluate(CONTROL_SCRIPT, CONTROL_NAME.pattern)
        if name is None:
            problems.append(f"/{path}: no visible control named 'Copy page as Markdown'")
            continue
        links = markdown_links(site_dir, path)
        if not links:
            problems.append(f"/{path}: no .md link to compare the clipboard with")
            continue
        expected = context.request.get(links[0]).text()
        copied = clipboard_after(page, page.locator("[data-test-markdown-control]").click)
        if copied.strip() != expected.strip():
            problems.append(
                f"/{path}: {name!r} copied {len(copied)} characters that differ from "
                f"/{links[0]} ({len(expected)}): {copied[:120]!r}..."
            )
    problems += watch.problems(external=False)
    assert not problems, "\n".join(problems)
