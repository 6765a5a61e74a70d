"""Every page has a Markdown copy at its URL with `.md` added, linked from the HTML, that
keeps what the HTML shows: code with its language, tab labels, admonition titles."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import pytest
from built_site import BuiltSite, html_path, markdown_code_blocks

from llms_txt.page_source import includes

from docs_harness.built_html import html_code_blocks, normalise_code

SITE_URL = "https://docs.metalai.org/"


def sources(site: BuiltSite) -> list[str]:
    """The source path of every page of the built site (each has a copy at that path)."""
    found = []
    for html in sorted(site.path.rglob("index.html")):
        relative = html.relative_to(site.path).as_posix()
        if relative == "index.html":
            found.append("index.md")
            continue
        stem = relative.removesuffix("/index.html")
        found.append(
            f"{stem}/index.md" if (site.path / stem / "index.md").is_file() else f"{stem}.md"
        )
    return found


@pytest.fixture(scope="module")
def pages(site: BuiltSite) -> list[str]:
    found = sources(site)
    assert len(found) > 20
    return found


def test_every_page_has_its_copy_and_links_to_it(site: BuiltSite, pages: list[str]) -> None:
    for src in pages:
        assert (site.path / src).is_file(), f"no Markdown copy of {src}"
        html = site.html(src)
        link = re.search(r'<link rel="alternate" type="text/markdown"[^>]*href="([^"]+)"', html)
        assert link, f"{src}: no <link rel=alternate type=text/markdown>"
        assert link.group(1) == SITE_URL + src
        assert "View as Markdown" in html and "Copy page as Markdown" in html
        assert "data-metal-copy-markdown" in html


def test_copies_keep_every_code_block_with_its_language(site: BuiltSite, pages: list[str]) -> None:
    checked = 0
    for src in pages:
        shown = html_code_blocks(site.html(src))
        kept = {(lang, normalise_code(code)) for lang, code in markdown_code_blocks(site.copy(src))}
        for language, code in shown:
            assert (
                language,
                normalise_code(code),
            ) in kept, f"{src}: a {language} block of the page is not in its copy:\n{code[:300]}"
            checked += 1
    assert checked > 100


def test_copies_have_no_html_noise(site: BuiltSite, pages: list[str]) -> None:
    for src in pages:
        copy = site.copy(src)
        for noise in ("<div", "<span", "<!--", "</div>", "{#", "{:"):
            assert noise not in copy, f"{src}: {noise!r} in the copy"
        assert copy.startswith("# "), f"{src}: the copy does not start with its title"


def test_each_copy_names_llms_txt_under_its_title(site: BuiltSite, pages: list[str]) -> None:
    """An agent that fetched one copy learns where the index of all of them is; the full
    file, which holds every copy, does not repeat the line."""
    pointer = f"[/llms.txt]({SITE_URL}llms.txt)"
    for src in pages:
        title, blank, second, *_ = site.copy(src).split("\n", 3)
        assert title.startswith("# ") and blank == "", f"{src}: {title!r}"
        assert second.startswith("> ") and pointer in second, f"{src}: line 3 is {second!r}"
    assert pointer not in (site.path / "llms-full.txt").read_text("utf-8")


def test_tabs_become_labelled_sections(site: BuiltSite, pages: list[str]) -> None:
    labelled = 0
    for src in pages:
        html = site.html(src)
        labels = [
            unescape(x) for x in re.findall(r'<label for="__tabbed_[^"]+">([^<]+)</label>', html)
        ]
        copy = site.copy(src)
        for label in set(labels):
            assert re.search(rf"^[ >]*\*\*{re.escape(label)}\*\*$", copy, re.M), f"{src}: {label}"
        labelled += len(labels)
    assert labelled > 30


def test_admonitions_keep_their_titles(site: BuiltSite, pages: list[str]) -> None:
    titled = 0
    for src in pages:
        html = site.html(src)
        titles = re.findall(r'<p class="admonition-title">(.*?)</p>', html)
        titles += re.findall(r"<summary>(.*?)</summary>", html)
        copy = site.copy(src)
        for title in titles:
            text = unescape(re.sub(r"<[^>]+>", "", title))
            plain = re.sub(r"`", "", text)
            assert any(
                plain == re.sub(r"`", "", line)
                for line in re.findall(r"^[ >]*> \*\*(.+)\*\*$", copy, re.M)
            ), f"{src}: admonition {text!r}"
            titled += 1
    assert titled > 5


def test_links_point_to_copies_that_exist(site: BuiltSite, pages: list[str]) -> None:
    for src in pages:
        copy = site.copy(src)
        for target in re.findall(r"\]\((https://docs\.metalai\.org/[^)\s#]*)", copy):
            path = target.removeprefix(SITE_URL) or "index.md"
            assert (site.path / path).is_file(), f"{src}: link to {target}, which is not built"
        for target in re.findall(r"\]\(([^)#\s:]+)\)", copy):
            pytest.fail(f"{src}: relative link {target} in the copy")


def test_snippets_are_included(site: BuiltSite, pages: list[str]) -> None:
    """A page that includes `snippets/x.py` shows it; its copy holds the file's code."""
    root = Path(__file__).resolve().parents[2]
    included = 0
    for src in pages:
        page = root / "docs" / src
        copy = site.copy(src)
        assert "--8<--" not in copy, f"{src}: a snippet line was not expanded"
        if not page.is_file():
            continue
        for name in includes(page.read_text("utf-8")):
            code = normalise_code((root / "snippets" / name).read_text("utf-8"))
            blocks = {normalise_code(body) for _, body in markdown_code_blocks(copy)}
            assert code in blocks, f"{src}: snippet {name} is not in the copy"
            included += 1
    assert included, "no page includes a snippet any more: is this test still needed?"


def test_html_path_helper() -> None:
    assert html_path("chat.md") == "chat/index.html"
    assert html_path("index.md") == "index.html"
    assert html_path("reference/index.md") == "reference/index.html"


def test_node_tabs_keep_their_label_and_language(site: BuiltSite) -> None:
    """The Markdown copy and /llms-full.txt show each Node.js tab as a labelled section
    whose block is `js` (or the `diff` a "change these lines" tab shows), with the code the
    harness ran (its `//>` lines included)."""
    from docs_harness.node_examples import NODE_LANGUAGE, node_examples

    root = Path(__file__).resolve().parents[2]
    shown = [normalise_code(ex.source) for ex in node_examples(root / "docs" / "quickstart.md")]
    assert len(shown) >= 3, "the quickstart should have a Node.js tab in each example group"
    full = (site.path / "llms-full.txt").read_text("utf-8")
    for text in (site.copy("quickstart.md"), full):
        sections = re.split(r"^[ >]*\*\*Node\.js\*\*$", text, flags=re.M)[1:]
        kept = [markdown_code_blocks(section)[0] for section in sections]
        assert all(language in (NODE_LANGUAGE, "diff") for language, _ in kept), kept
        codes = {normalise_code(code) for _, code in kept}
        assert set(shown) <= codes, "a Node.js example of the quickstart is not in the copy"
