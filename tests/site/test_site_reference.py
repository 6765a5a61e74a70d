"""The API reference: a page per operation and per webhook event, every parameter in its
tables, an executed example in the guides' four tabs, errors linked to the errors page,
and links between the guides and the reference both ways."""

from __future__ import annotations

import re
from html import unescape

import pytest
from built_site import BuiltSite, field_names, href, html_path, property_names

from api_reference import document as doc
from api_reference import examples, pages

OPERATIONS = doc.operations()
EVENTS = doc.webhook_events()


def table_names(html: str) -> set[str]:
    """The names a page lists: the `<code>` in the first cell of every table row (the
    parameters and headers), and the name of every body field."""
    cells = re.findall(r"<tr>\s*<td>\s*(?:<a [^>]*>)?<code>([^<]+)</code>", html)
    return {unescape(c) for c in cells} | field_names(html)


def test_the_contract_has_operations_and_events() -> None:
    assert len(OPERATIONS) >= 13
    assert {e.name for e in EVENTS} >= {"chat.completion.completed", "chat.completion.failed"}


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_has_its_page(site: BuiltSite, op: doc.Operation) -> None:
    assert op.page == f"reference/{op.tag.lower()}/{doc.slug(op.operation_id)}.md"
    html = site.html(op.page)
    assert "<h1" in html and op.summary in html
    assert f"<code>{op.method} https://api.metalai.org/v1{op.path}</code>" in html
    assert (site.path / op.page).is_file(), "no Markdown copy"


@pytest.mark.parametrize("event", EVENTS, ids=lambda e: e.name)
def test_every_webhook_event_has_its_page(site: BuiltSite, event: doc.WebhookEvent) -> None:
    assert event.page == f"reference/webhooks/events/{event.name}.md"
    html = site.html(event.page)
    names = table_names(html)
    assert {p["name"] for p in event.parameters()} <= names
    missing = {n for n in property_names(event.payload_schema()) if not _listed(n, names)}
    assert not missing, f"payload fields missing from the table: {missing}"


def _listed(name: str, names: set[str]) -> bool:
    return any(n == name or n.endswith(("." + name, "]" + name)) for n in names)


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_parameter_is_in_its_table(site: BuiltSite, op: doc.Operation) -> None:
    names = table_names(site.html(op.page))
    for parameter in op.parameters():
        assert parameter["name"] in names, f"{parameter['in']} parameter {parameter['name']}"
    schema = op.request_schema()
    if schema is not None:
        missing = {n for n in property_names(schema) if not _listed(n, names)}
        assert not missing, f"request body fields missing from the table: {missing}"
    _, response = op.success()
    for media in response.get("content", {}).values():
        if "$ref" in media.get("schema", {}):
            missing = {n for n in property_names(media["schema"]) if not _listed(n, names)}
            assert not missing, f"response fields missing from the table: {missing}"
    for header in response.get("headers", {}):
        assert header in names, f"response header {header}"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_operation_has_an_example_in_four_tabs(site: BuiltSite, op: doc.Operation) -> None:
    assert examples.example_for(op.operation_id) is not None, f"add an Example for {op}"
    html = site.html(op.page)
    labels = re.findall(r'<label for="__tabbed_\d+_\d+">([^<]+)</label>', html)
    assert labels[:4] == ["Python", "Node.js", "httpx", "curl"]
    assert "language-python highlight" in html and "language-bash highlight" in html
    assert "language-js highlight" in html


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_every_error_links_to_the_errors_page(site: BuiltSite, op: doc.Operation) -> None:
    html = site.html(op.page)
    errors = html[html.index('id="errors"') :]
    for status, response in op.error_responses():
        examples_ = response["content"]["application/json"]["examples"]
        for example in examples_.values():
            error = doc.resolve(example)["value"]["error"]
            anchor = doc.error_anchor(error["code"], error["type"])
            link = href(op.page, "errors.md", anchor)
            assert f'href="{link}"' in errors, f"{status} {error['code']}: no {link}"


@pytest.mark.parametrize("op", OPERATIONS, ids=lambda op: op.operation_id)
def test_the_reference_links_back_to_the_guide(site: BuiltSite, op: doc.Operation) -> None:
    guide = {"Chat": "chat", "Models": "models", "Embeddings": "embeddings"}
    guide |= {"Webhooks": "webhooks", "Responses": "responses"}
    assert f'href="{href(op.page, guide[op.tag] + ".md")}"' in site.html(op.page)


def test_the_errors_page_has_an_anchor_per_code(site: BuiltSite) -> None:
    html = site.html("errors.md")
    for row in doc.catalog():
        assert f'id="{doc.error_anchor(row["code"], row["type"])}"' in html


def test_the_navigation_has_an_api_reference_tab(site: BuiltSite) -> None:
    html = site.html("index.md")
    tabs = html[html.index('class="md-tabs"') :]
    assert "API reference" in tabs[: tabs.index("</nav>")]
    entries = pages.nav()
    flat = str(entries)
    for op in OPERATIONS:
        assert op.page in flat
    for event in EVENTS:
        assert event.page in flat
    assert (site.path / html_path("reference/index.md")).is_file()


def test_reference_examples_print_what_the_sandbox_answers() -> None:
    """The `#>` lines and curl outputs of the reference come from the sandbox, run
    in-process at build time (the docs harness then runs the programs for real)."""
    results = examples.replay()
    assert set(results) == {op.operation_id for op in OPERATIONS}
    text = pages.pages()["reference/chat/create-chat-completion.md"]
    content = results["createChatCompletion"]["completion"]["choices"][0]["message"]["content"]
    assert f"#> {content}" in text
    models = pages.pages()["reference/models/list-models.md"]
    ids = [m["id"] for m in results["listModels"]["models"]["data"]]
    assert f"#> {ids!r}" in models
