"""The contract as the reference sees it: operations, webhook events and their pages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT_PATH = ROOT / "openapi" / "openapi.yaml"
DOCS = ROOT / "docs"

HTTP_METHODS = ("get", "post", "put", "patch", "delete")

#: The guide that explains each resource (by OpenAPI tag), linked from its reference pages.
GUIDES: dict[str, list[tuple[str, str]]] = {
    "Models": [("models.md", "Models")],
    "Chat": [("chat.md", "Chat completions"), ("streaming.md", "Streaming")],
    "Responses": [("responses.md", "Responses")],
    "Embeddings": [("embeddings.md", "Embeddings")],
    "Webhooks": [("webhooks.md", "Webhooks")],
}
#: Operations whose guide is not their tag's first one.
OPERATION_GUIDES: dict[str, list[tuple[str, str]]] = {}


@cache
def load_text() -> str:
    return DOCUMENT_PATH.read_text("utf-8")


@cache
def load() -> dict[str, Any]:
    """The committed document, `openapi/openapi.yaml` (a test keeps it equal to what
    `metal_sandbox.contract.build()` makes)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(load_text(), Loader=loader)  # noqa: S506 - a safe loader


def resolve(node: Any, document: dict[str, Any] | None = None) -> Any:
    """Follow `$ref`s (local ones: `#/components/...`) until a node that is not one."""
    document = document or load()
    seen: set[str] = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if ref in seen:
            raise ValueError(f"circular $ref {ref}")
        seen.add(ref)
        target: Any = document
        for part in ref.removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        node = target
    return node


def ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str):
        return node["$ref"].rsplit("/", 1)[-1]
    return None


def slug(operation_id: str) -> str:
    """`createChatCompletion` -> `create-chat-completion`."""
    return re.sub(r"(?<!^)(?=[A-Z])", "-", operation_id).lower().replace("_", "-")


@dataclass(frozen=True)
class Operation:
    method: str
    """Upper case: `POST`."""
    path: str
    """As in the document, under the server's `/v1`: `/chat/completions`."""
    operation_id: str
    tag: str
    summary: str
    description: str
    spec: dict[str, Any] = field(repr=False, compare=False)

    @property
    def full_path(self) -> str:
        return "/v1" + self.path

    @property
    def resource(self) -> str:
        return self.tag.lower()

    @property
    def page(self) -> str:
        """The page's source path in the site: `reference/chat/create-chat-completion.md`."""
        return f"reference/{self.resource}/{slug(self.operation_id)}.md"

    @property
    def guides(self) -> list[tuple[str, str]]:
        return OPERATION_GUIDES.get(self.operation_id, GUIDES.get(self.tag, []))

    def parameters(self) -> list[dict[str, Any]]:
        return [resolve(p) for p in self.spec.get("parameters", [])]

    def request_schema(self) -> dict[str, Any] | None:
        body = self.spec.get("requestBody")
        if not body:
            return None
        return body["content"]["application/json"]["schema"]

    @property
    def request_required(self) -> bool:
        return bool(self.spec.get("requestBody", {}).get("required"))

    def success(self) -> tuple[str, dict[str, Any]]:
        status, response = next(
            (code, r) for code, r in self.spec["responses"].items() if code.startswith("2")
        )
        return status, resolve(response)

    def error_responses(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (int(code), resolve(response))
            for code, response in self.spec["responses"].items()
            if code[0] in "45"
        ]


@dataclass(frozen=True)
class WebhookEvent:
    name: str
    """`chat.completion.completed`."""
    summary: str
    description: str
    spec: dict[str, Any] = field(repr=False, compare=False)

    @property
    def page(self) -> str:
        return f"reference/webhooks/events/{self.name}.md"

    def parameters(self) -> list[dict[str, Any]]:
        return [resolve(p) for p in self.spec.get("parameters", [])]

    def payload_schema(self) -> dict[str, Any]:
        return self.spec["requestBody"]["content"]["application/json"]["schema"]

    def example(self) -> Any:
        examples = self.spec["requestBody"]["content"]["application/json"].get("examples", {})
        return next(iter(examples.values()))["value"] if examples else None


def operations(document: dict[str, Any] | None = None) -> list[Operation]:
    """Every operation, in the document's order (grouped by tag in `tags` order)."""
    document = document or load()
    found = [
        Operation(
            method=method.upper(),
            path=path,
            operation_id=spec["operationId"],
            tag=(spec.get("tags") or ["Other"])[0],
            summary=spec.get("summary", spec["operationId"]),
            description=spec.get("description", ""),
            spec=spec,
        )
        for path, item in document["paths"].items()
        for method, spec in item.items()
        if method in HTTP_METHODS
    ]
    order = [t["name"] for t in document.get("tags", [])]
    return sorted(found, key=lambda op: order.index(op.tag) if op.tag in order else len(order))


@cache
def _by_id() -> dict[str, Operation]:
    return {op.operation_id: op for op in operations()}


def operation(operation_id: str) -> Operation:
    try:
        return _by_id()[operation_id]
    except KeyError:
        raise KeyError(f"no operation {operation_id!r} in {DOCUMENT_PATH.name}") from None


def webhook_events(document: dict[str, Any] | None = None) -> list[WebhookEvent]:
    document = document or load()
    return [
        WebhookEvent(
            name=name,
            summary=item["post"].get("summary", name),
            description=item["post"].get("description", ""),
            spec=item["post"],
        )
        for name, item in document.get("webhooks", {}).items()
    ]


def tags(document: dict[str, Any] | None = None) -> list[dict[str, str]]:
    document = document or load()
    return list(document.get("tags", []))


def catalog(document: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The error catalog, `x-error-catalog`: one row per (status, type, code)."""
    document = document or load()
    return list(document["x-error-catalog"])


def error_anchor(code: str, type_: str, document: dict[str, Any] | None = None) -> str:
    """The id of a catalog row on the errors page: its code, or `code-type` for the second
    and later rows that share a code (`rate_limit_exceeded-tokens`)."""
    first = next(row for row in catalog(document) if row["code"] == code)
    return code if first["type"] == type_ else f"{code}-{type_}"


def errors_page_has_table() -> bool:
    """Whether the errors page carries the generated table (and so the row anchors)."""
    page = DOCS / "errors.md"
    return page.is_file() and "<!-- metal:errors -->" in page.read_text("utf-8")
