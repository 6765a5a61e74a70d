"""The built site publishes the contract at /openapi.json and /openapi.yaml, unchanged."""

from __future__ import annotations

import json

import yaml
from built_site import BuiltSite

from api_reference import document


def committed() -> dict:
    return yaml.safe_load(document.DOCUMENT_PATH.read_text("utf-8"))


def test_openapi_yaml_is_the_committed_document(site: BuiltSite) -> None:
    published = (site.path / "openapi.yaml").read_text("utf-8")
    assert yaml.safe_load(published) == committed()
    assert published == document.DOCUMENT_PATH.read_text("utf-8")


def test_openapi_json_says_what_the_committed_document_says(site: BuiltSite) -> None:
    published = json.loads((site.path / "openapi.json").read_text("utf-8"))
    assert published == committed()
    assert published["openapi"].startswith("3.1")


def test_the_reference_index_links_both(site: BuiltSite) -> None:
    index = site.html("reference/index.md")
    assert 'href="../openapi.json"' in index
    assert 'href="../openapi.yaml"' in index
