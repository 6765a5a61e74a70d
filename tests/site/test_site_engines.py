"""The same sources built with MkDocs + Material (published) and with Zensical (pinned):
the same pages, navigation, text and code blocks in each page's main content, and the
same machine outputs. What Zensical lacks is named here, and the README's "Switching to
Zensical" says what it breaks; a difference that is not named fails, and so does a named
one that went away.
"""

from __future__ import annotations

import filecmp
import json
from pathlib import Path

import pytest
import site_parts
from built_site import BuiltSite

from site_hooks import site_config

#: Files MkDocs' build has and Zensical's has not, and why.
ZENSICAL_LACKS = {
    "assets/_mkdocstrings.css": "mkdocstrings' stylesheet (the sandbox reference's signatures)",
    "search/search_index.json": "Material's search index (Zensical writes search.json)",
    "sitemap.xml.gz": "the gzipped sitemap (sitemap.xml has the same URLs, without lastmod)",
}
#: Files only Zensical writes.
ZENSICAL_ONLY = {"search.json": "its search index"}
#: Files both write, that differ in their form: compared by what they list, below.
COMPARED_BY_CONTENT = {"sitemap.xml"}
#: The hooks of mkdocs.yml, which only MkDocs runs, and what stands in for each.
MKDOCS_ONLY_HOOKS = {
    "site_hooks/mkdocs_steps.py": "the pre-step and post-step: run around Zensical instead",
    "site_hooks/markdown_for_agents.py": "`mkdocs serve`'s Accept: text/markdown, serve only",
}


@pytest.fixture(scope="module")
def both(site: BuiltSite, zensical_site: Path) -> tuple[Path, Path]:
    return site.path, zensical_site


def html_pages(both: tuple[Path, Path]) -> list[str]:
    return sorted(site_parts.pages(both[0]))


def test_mkdocs_yml_runs_no_other_mkdocs_only_code() -> None:
    assert site_config.load().raw["hooks"] == list(MKDOCS_ONLY_HOOKS)


def test_both_build_the_same_pages(both: tuple[Path, Path]) -> None:
    mkdocs, zensical = both
    assert site_parts.pages(mkdocs) == site_parts.pages(zensical)
    assert len(site_parts.pages(mkdocs)) > 40


def test_both_have_the_same_navigation_on_every_page(both: tuple[Path, Path]) -> None:
    mkdocs, zensical = both
    for page in html_pages(both):
        if page == "404.html":
            continue
        ours = site_parts.navigation((mkdocs / page).read_text("utf-8"), page)
        theirs = site_parts.navigation((zensical / page).read_text("utf-8"), page)
        assert ours == theirs, page
        assert len(ours) > 40, page


def test_every_page_says_the_same_in_both(both: tuple[Path, Path]) -> None:
    mkdocs, zensical = both
    for page in html_pages(both):
        ours, theirs = (mkdocs / page).read_text("utf-8"), (zensical / page).read_text("utf-8")
        assert site_parts.text(ours) == site_parts.text(theirs), page
        assert site_parts.code_blocks(ours) == site_parts.code_blocks(theirs), page


def test_every_page_has_the_same_head_in_both(both: tuple[Path, Path]) -> None:
    """Description, Open Graph tags, the links to the Markdown copy and /llms.txt, the
    edit link, the site's own stylesheets and scripts."""
    mkdocs, zensical = both
    lacking = {name for name in ZENSICAL_LACKS if name.startswith("assets/")}
    for page in html_pages(both):
        if page == "404.html":
            continue
        ours = site_parts.head((mkdocs / page).read_text("utf-8"))
        theirs = site_parts.head((zensical / page).read_text("utf-8"))
        ours["stylesheets"] = [s for s in ours["stylesheets"] if s not in lacking]
        assert ours == theirs, page
        assert ours["markdown"] and ours["description"] and ours["edit"], page


def test_both_write_the_same_machine_outputs(both: tuple[Path, Path]) -> None:
    """The Markdown copies, /llms.txt, /llms-full.txt, /openapi.json, /openapi.yaml and
    objects.inv byte for byte; every other difference is one of the named ones."""
    mkdocs, zensical = both
    ours, theirs = site_parts.files(mkdocs), site_parts.files(zensical)
    assert ours - theirs == set(ZENSICAL_LACKS) - {"assets/_mkdocstrings.css"}
    assert theirs - ours == set(ZENSICAL_ONLY)
    assert (mkdocs / "assets/_mkdocstrings.css").is_file()
    assert not (zensical / "assets/_mkdocstrings.css").exists()
    same = sorted(ours & theirs - COMPARED_BY_CONTENT)
    assert {"llms.txt", "llms-full.txt", "openapi.json", "openapi.yaml", "chat.md"} <= set(same)
    _, different, errors = filecmp.cmpfiles(mkdocs, zensical, same, shallow=False)
    assert (different, errors) == ([], [])
    assert site_parts.sitemap_urls(mkdocs) == site_parts.sitemap_urls(zensical)


def test_both_search_indexes_cover_the_same_pages(both: tuple[Path, Path]) -> None:
    mkdocs, zensical = both
    material = json.loads((mkdocs / "search" / "search_index.json").read_text("utf-8"))
    theirs = json.loads((zensical / "search.json").read_text("utf-8"))
    assert {d["location"].split("#")[0] for d in material["docs"]} == {
        d["location"].split("#")[0] for d in theirs["items"]
    }
