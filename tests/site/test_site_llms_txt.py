"""/llms.txt (llmstxt.org's format, read back with `llms_txt_format`) and /llms-full.txt."""

from __future__ import annotations

import html
import re

from built_site import BuiltSite
from llms_txt_format import parse_llms_txt

from api_reference import document as doc
from llms_txt.writer import plain_text

SITE_URL = "https://docs.metalai.org/"
#: About 3,000 tokens: an agent reads the whole index before it picks a page.
MAX_LLMS_TXT = 12 * 1024


def site_file(site: BuiltSite, url: str) -> str:
    assert url.startswith(SITE_URL), f"{url} is not on the site"
    path = url.removeprefix(SITE_URL).split("#")[0]
    target = site.path / (path or "index.html")
    assert target.is_file(), f"{url} names no file of the built site"
    return target.read_text("utf-8")


def test_llms_txt_parses_as_llmstxt_org_says(site: BuiltSite) -> None:
    text = (site.path / "llms.txt").read_text("utf-8")
    parsed = parse_llms_txt(text)
    assert parsed.title == "MeTal API"
    assert "OpenAI-compatible" in parsed.summary
    info = parsed.info
    for needed in (
        "https://api.metalai.org/v1",
        "Authorization: Bearer",
        "base_url",
        f"{SITE_URL}openapi.json",
    ):
        assert needed in info, f"the instructions do not mention {needed}"
    assert list(parsed.sections) == ["Guides", "API reference", "OpenAPI", "Optional"]
    for section, links in parsed.sections.items():
        assert links, section
        for link in links:
            assert link.title and link.desc, f"{section}: {link}"


def test_every_link_of_llms_txt_is_a_file_of_the_site(site: BuiltSite) -> None:
    parsed = parse_llms_txt((site.path / "llms.txt").read_text("utf-8"))
    urls = [link.url for links in parsed.sections.values() for link in links]
    for url in urls:
        site_file(site, url)
    reference = {link.url for link in parsed.sections["API reference"]}
    for op in doc.operations():
        assert SITE_URL + op.page in reference, op.operation_id
    assert SITE_URL + "quickstart.md" in {link.url for link in parsed.sections["Guides"]}
    assert SITE_URL + "openapi.json" in {link.url for link in parsed.sections["OpenAPI"]}
    assert SITE_URL + "llms-full.txt" in {link.url for link in parsed.sections["Optional"]}
    urls_in_text = re.findall(r"https://docs\.metalai\.org/[^\s)`]*", parsed.info)
    for url in urls_in_text:
        site_file(site, url.rstrip("."))


def test_llms_txt_stays_small(site: BuiltSite) -> None:
    size = (site.path / "llms.txt").stat().st_size
    assert size < MAX_LLMS_TXT, f"llms.txt is {size} bytes"


def test_the_build_prints_the_sizes(site: BuiltSite) -> None:
    line = next((ln for ln in site.log.splitlines() if "llms_txt: /llms.txt" in ln), None)
    assert line is not None, "the build did not print the sizes of llms.txt and llms-full.txt"
    for name in ("llms.txt", "llms-full.txt"):
        size = (site.path / name).stat().st_size
        assert f"/{name} " in line and f"({size} bytes)" in line, line


def test_llms_full_txt_holds_every_page_in_navigation_order(site: BuiltSite) -> None:
    full = (site.path / "llms-full.txt").read_text("utf-8")
    sitemap = (site.path / "sitemap.xml").read_text("utf-8")
    pages = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    headers = re.findall(r"^# (.+)\n\nURL: (\S+)\nMarkdown: (\S+)$", full, re.M)
    assert {url for _, url, _ in headers} == set(pages)
    for _title, url, markdown in headers:
        assert site_file(site, markdown).startswith("# "), markdown
        assert markdown.removeprefix(SITE_URL).removesuffix(".md").removesuffix("index") in url
    urls = [url for _, url, _ in headers]
    order = ["https://docs.metalai.org/", "https://docs.metalai.org/quickstart/"]
    assert urls[:2] == order
    assert urls.index(SITE_URL + "reference/") > urls.index(SITE_URL + "chat/")
    assert "```python" in full and "**Python**" in full


def test_every_page_has_its_own_meta_description_the_sentence_of_llms_txt(site: BuiltSite) -> None:
    """Search results and link previews show the page's own first sentence (the one
    /llms.txt gives it, without Markdown's marks), not the site's tagline on every page.
    """
    parsed = parse_llms_txt((site.path / "llms.txt").read_text("utf-8"))
    pages = [
        link
        for links in parsed.sections.values()
        for link in links
        if link.url.endswith(".md") and link.url.startswith(SITE_URL)
    ]
    assert len(pages) > 20, pages
    seen: dict[str, str] = {}
    for link in pages:
        src_uri = link.url.removeprefix(SITE_URL)
        found = re.findall(r'<meta name="description" content="([^"]*)"', site.html(src_uri))
        assert len(found) == 1, f"{src_uri}: {len(found)} meta descriptions"
        description = html.unescape(found[0])
        assert description == plain_text(link.desc), src_uri
        assert "`" not in description and "**" not in description, description
        assert description not in seen, f"{src_uri} and {seen.get(description)}: {description}"
        seen[description] = src_uri
