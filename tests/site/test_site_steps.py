"""The build's pre-step: the navigation it checks, the folder it stages."""

from __future__ import annotations

import pytest
import yaml
from built_site import BuiltSite

from api_reference import pages
from site_hooks import prebuild, site_config, sources


def test_the_committed_reference_nav_is_the_contracts() -> None:
    config = site_config.load()
    prebuild.check_nav(config)  # mkdocs.yml as committed
    nav = config.raw["nav"]
    reference = next(item for item in nav if prebuild.NAV_TITLE in item)
    reference[prebuild.NAV_TITLE] = reference[prebuild.NAV_TITLE][:-1]  # a section missing
    with pytest.raises(prebuild.NavError, match="--write-nav"):
        prebuild.check_nav(config)


def test_the_description_and_copy_go_into_the_front_matter_and_nothing_else_changes() -> None:
    plain = prebuild.with_front_matter("# Title\n\nText.\n", "Text.", "a.md")
    assert plain == "---\nmarkdown_copy: a.md\ndescription: Text.\n---\n\n# Title\n\nText.\n"
    with_meta = prebuild.with_front_matter(
        '---\ntitle: T\ndescription: "`x`"\n---\n\n# T\n', "x", "b/index.md"
    )
    meta, markdown = site_config.split_front_matter(with_meta)
    assert meta == {"title": "T", "description": "x", "markdown_copy": "b/index.md"}
    assert markdown == "# T\n"
    meta, _ = site_config.split_front_matter(prebuild.with_front_matter("# T\n", "", "c.md"))
    assert meta == {"markdown_copy": "c.md"}


def test_the_build_folder_holds_every_page_and_nothing_else(site: BuiltSite) -> None:
    """After a build, `docs_dir` has the guides, the generated pages and the contract;
    each page as its source, under front matter with the description of the page."""
    docs = site_config.load().docs_dir
    staged = {
        p.relative_to(docs).as_posix()
        for p in docs.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    }
    expected = set(sources.page_sources()) | set(prebuild.assets()) | set(prebuild.machine_files())
    assert staged == expected
    for src, text in sources.page_sources().items():
        meta, markdown = site_config.split_front_matter((docs / src).read_text("utf-8"))
        assert markdown == site_config.split_front_matter(text)[1], src
        assert meta.get("description") and meta["markdown_copy"] == src, src
    assert yaml.safe_load((docs / "openapi.yaml").read_text("utf-8"))["openapi"].startswith("3.1")
    assert set(pages.pages()) <= staged
