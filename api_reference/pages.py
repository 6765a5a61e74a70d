"""The Markdown of every reference page, and the reference's navigation.

reference/index.md                              overview, authentication, the document
reference/<resource>/<operation>.md             one page per operation
reference/webhooks/events/<event>.md            one page per webhook event
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import yaml

from api_reference import attributes, examples, tables
from api_reference import document as doc

#: From a page at `reference/<resource>/<page>.md` back to the docs root.
ROOT = "../../"


def root_of(page: str) -> str:
    """The relative path from a page (`reference/webhooks/events/x.md`) to the docs root."""
    return "../" * page.count("/")


def _front_matter(description: str) -> str:
    text = yaml.safe_dump({"description": description}, allow_unicode=True, width=1000)
    return f"---\n{text}---\n\n"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _guide_links(guides: list[tuple[str, str]], root: str) -> str:
    return ", ".join(f"[{title}]({root}{page})" for page, title in guides)


def _json_block(value: Any, info: str = "") -> str:
    text = value if isinstance(value, str) else json.dumps(value, indent=2, ensure_ascii=False)
    return f"```json{(' ' + info) if info else ''}\n{text.rstrip()}\n```\n"


AUTHENTICATION = (
    "Send your API key as `Authorization: Bearer $METAL_API_KEY` (or in the `X-Api-Key` "
    "header). Live keys start with `mk_live_`, sandbox and test keys with `mk_test_`. "
    "[Authentication]({root}authentication.md) has the details."
)


#: How a reader runs an example on their machine: the reader's run
#: (`tests/docs/test_reader_run.py`) starts the sandbox with this command's flags.
SANDBOX_TIP = """!!! tip "Run this example on the sandbox"
    {why}The [sandbox]({root}sandbox.md) runs the API on your machine. Start it in
    another terminal, with the free plan's limit of 5 requests per minute turned off, so
    that you can run every tab one after the other:

    ```bash
    metal-sandbox --rpm 0
    ```

    Then {point}set `METAL_API_KEY` to the sandbox's test key
    `mk_test_SandboxKey0000000000000000000001`.
"""


def _sandbox_tip(example: examples.Example) -> str:
    """The tip; an example that already calls the local sandbox needs no new base URL."""
    local = example.base_url == examples.LOCAL_SANDBOX
    return SANDBOX_TIP.format(
        root=ROOT,
        why="" if local else "No key yet? ",
        point="" if local else "point the base URL at `http://127.0.0.1:8765/v1`, and ",
    )


def operation_page(op: doc.Operation) -> str:
    parts: list[str] = [
        _front_matter(f"{op.method} {op.full_path}: {_first_sentence(op.description)}"),
        f"# {op.summary}\n",
        f"`{op.method} {examples.PRODUCTION}{op.path}`\n",
        f"{op.description}\n",
    ]
    if op.guides:
        parts.append(f"**Guide:** {_guide_links(op.guides, ROOT)}.\n")
    parts += ["## Authentication\n", AUTHENTICATION.format(root=ROOT) + "\n"]

    parameters = op.parameters()
    for location, title in (("path", "Path"), ("query", "Query"), ("header", "Header")):
        found = [p for p in parameters if p["in"] == location]
        if found:
            parts += [f"## {title} parameters\n", tables.parameters_table(found)]

    schema = op.request_schema()
    if schema is not None:
        required = "required" if op.request_required else "optional"
        parts += [
            "## Request body\n",
            f"`application/json`, {required}. Unknown fields are refused with "
            f"{tables.error_link(_catalog_row('unknown_parameter'), ROOT)}.\n",
            attributes.fields_block(schema, "body", common_first=True),
        ]

    example = examples.example_for(op.operation_id)
    if example is not None:
        parts.append("## Example\n")
        parts.append(_sandbox_tip(example))
        if example.note:
            parts.append(f'!!! note "Against the sandbox"\n    {example.note}\n')
        parts.append(examples.tabs(op.operation_id))
        if not example.show_output:
            # curl's output depends on what listens at the receiver; show what the sandbox
            # answered at build time, when nothing did.
            answer = examples.replay()[op.operation_id][example.steps[-1].var]
            parts += [
                "With nothing listening at the receiver, the last command prints:\n",
                _json_block(answer),
            ]

    status, response = op.success()
    parts += ["## Response\n", f"`{status}`: {response.get('description', '')}\n"]
    content = response.get("content", {})
    if "application/json" in content:
        parts.append(
            attributes.fields_block(
                content["application/json"]["schema"], "response", show_required=False
            )
        )
    if "text/event-stream" in content:
        chunk = _stream_chunk_schema(content["text/event-stream"]["schema"])
        parts.append("### Streamed response\n")
        parts.append(
            "With `stream: true`, the response is `text/event-stream`: one "
            "`chat.completion.chunk` per `data:` line, then `data: [DONE]`. "
            f"[Streaming]({ROOT}streaming.md) shows how to read it. Each chunk:\n"
        )
        if chunk is not None:
            parts.append(attributes.fields_block(chunk, "chunk", show_required=False))
    headers = response.get("headers", {})
    if headers:
        parts += ["### Response headers\n", tables.headers_table(headers)]

    parts += [
        "## Errors\n",
        'Errors come in OpenAI\'s shape, `{"error": {"message", "type", "param", '
        f'"code"}}}}`, and the `openai` SDK raises the exception in the last column. '
        f"[Errors]({ROOT}errors.md) says what to do about each.\n",
        tables.operation_errors_table(op, ROOT),
    ]
    return "\n".join(parts)


def _catalog_row(code: str) -> dict[str, Any]:
    return next(row for row in doc.catalog() if row["code"] == code)


def _stream_chunk_schema(event_schema: dict[str, Any]) -> dict[str, Any] | None:
    data = doc.resolve(event_schema).get("properties", {}).get("data", {})
    for option in data.get("anyOf", []):
        schema = option.get("contentSchema")
        if schema and doc.ref_name(schema) and "Chunk" in (doc.ref_name(schema) or ""):
            return schema
    return None


def event_page(event: doc.WebhookEvent) -> str:
    parts = [
        _front_matter(f"Webhook event {event.name}: {event.summary}"),
        f"# {event.name}\n",
        f"{event.description}\n",
        f"**Guide:** {_guide_links(doc.GUIDES['Webhooks'], root_of(event.page))}.\n",
        "## The request MeTal sends\n",
        "A `POST` to each endpoint subscribed to the event, with a JSON body and the "
        "Standard Webhooks signature headers:\n",
        tables.parameters_table(event.parameters()),
        "## Payload\n",
        attributes.fields_block(event.payload_schema(), "payload", show_required=False),
    ]
    example = event.example()
    if example is not None:
        parts += ["## Example payload\n", _json_block(example)]
    responses = event.spec.get("responses", {})
    if responses:
        parts.append("## Your answer\n")
        for status, response in responses.items():
            parts.append(f"`{status}`: {doc.resolve(response).get('description', '')}\n")
    return "\n".join(parts)


def index_page() -> str:
    document = doc.load()
    by_tag: dict[str, list[doc.Operation]] = {}
    for op in doc.operations():
        by_tag.setdefault(op.tag, []).append(op)
    servers = document.get("servers", [])
    parts = [
        _front_matter(
            "Every operation and webhook event of the MeTal API, generated from its "
            "OpenAPI document."
        ),
        "# API reference\n",
        "Every operation of the MeTal API, with its parameters, response, errors and a "
        "request example in Python, httpx and curl. The pages are generated from the API's "
        "OpenAPI document when the site is built, and every example runs against the "
        "sandbox in the docs' test suite.\n",
        "## Base URL\n",
        tables.table(
            ["Server", "Base URL"],
            [[s.get("description", ""), f"`{s['url']}`"] for s in servers],
        ),
        "MeTal is OpenAI-compatible: point the official `openai` SDK at the base URL with a "
        "MeTal key, and OpenAI code works unchanged.\n",
        "## Authentication\n",
        AUTHENTICATION.format(root="../") + "\n",
        "## Versions\n",
        f"Responses carry `metal-version: {document['info']['version']}`; send the same "
        "header to pin a version. [Versioning](../versioning.md) lists them.\n",
        "## Errors\n",
        'Every error has OpenAI\'s body, `{"error": {"message", "type", "param", '
        '"code"}}`. Each operation lists the errors it can return; '
        "[Errors](../errors.md) has the whole catalog.\n",
        "## The OpenAPI document\n",
        "The contract these pages come from, for SDK generators, API clients and agents: "
        "[`openapi.json`](../openapi.json) and [`openapi.yaml`](../openapi.yaml) "
        f"(OpenAPI {document['openapi']}). The sandbox serves the same document at "
        "`/openapi.json`.\n",
    ]
    for tag in doc.tags():
        ops = by_tag.get(tag["name"], [])
        if not ops:
            continue
        parts.append(f"## {tag['name']}\n")
        if tag.get("description"):
            parts.append(tag["description"] + "\n")
        rows = [
            [
                f"[{op.summary}]({op.page.removeprefix('reference/')})",
                f"`{op.method} {op.full_path}`",
            ]
            for op in ops
        ]
        parts.append(tables.table(["Operation", "Request"], rows))
    events = doc.webhook_events()
    if events:
        parts.append("## Webhook events\n")
        parts.append("What MeTal sends to your webhook endpoints.\n")
        rows = [[f"[`{e.name}`]({e.page.removeprefix('reference/')})", e.summary] for e in events]
        parts.append(tables.table(["Event", "When"], rows))
    return "\n".join(parts)


@cache
def pages() -> dict[str, str]:
    """Source path -> Markdown of every reference page."""
    found = {"reference/index.md": index_page()}
    for op in doc.operations():
        found[op.page] = operation_page(op)
    for event in doc.webhook_events():
        found[event.page] = event_page(event)
    return found


def nav() -> list[Any]:
    """The "API reference" section of the navigation, in MkDocs' `nav` format."""
    by_tag: dict[str, list[Any]] = {}
    for op in doc.operations():
        by_tag.setdefault(op.tag, []).append({op.summary: op.page})
    events = [{e.name: e.page} for e in doc.webhook_events()]
    if events:
        by_tag.setdefault("Webhooks", []).append({"Events": events})
    return [{"Overview": "reference/index.md"}, *({t: items} for t, items in by_tag.items())]
