"""The OpenAPI 3.1 document of the MeTal API, built from the sandbox's own parts.

Schemas come from the pydantic models the sandbox validates with, errors from the one
error catalog, and every example from running the sandbox's engine on the example
request, so the document cannot describe an API the sandbox does not serve.
`openapi/openapi.yaml` is this document written out; a test keeps it current.

    python -m metal_sandbox.contract            # print the YAML
    python -m metal_sandbox.contract --write    # refresh openapi/openapi.yaml
"""

from __future__ import annotations

import argparse
import json
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from metal_sandbox import examples, versions
from metal_sandbox.errors import CATALOG, ErrorSpec
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest
from metal_sandbox.schemas.embeddings import EmbeddingList, EmbeddingRequest
from metal_sandbox.schemas.errors import ErrorResponse
from metal_sandbox.schemas.models import Model, ModelList
from metal_sandbox.schemas.webhooks import (
    ChatCompletionCompletedEvent,
    ChatCompletionFailedEvent,
    CreateWebhookEndpoint,
    DeletedWebhookEndpoint,
    RotateSecret,
    UpdateWebhookEndpoint,
    WebhookDelivery,
    WebhookDeliveryList,
    WebhookEndpoint,
    WebhookEndpointList,
    WebhookEndpointWithSecret,
)

DOCUMENT_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
PRODUCTION = "https://api.metalai.org/v1"
REF = "#/components/schemas/{model}"

_REQUESTS: list[type[BaseModel]] = [
    ChatCompletionRequest,
    EmbeddingRequest,
    CreateWebhookEndpoint,
    UpdateWebhookEndpoint,
    RotateSecret,
]
_RESPONSES: list[type[BaseModel]] = [
    ChatCompletion,
    ChatCompletionChunk,
    EmbeddingList,
    ErrorResponse,
    Model,
    ModelList,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
    WebhookEndpointList,
    DeletedWebhookEndpoint,
    WebhookDelivery,
    WebhookDeliveryList,
    ChatCompletionCompletedEvent,
    ChatCompletionFailedEvent,
]

#: Errors any authenticated operation can return.
_EVERY = [
    "invalid_api_version",
    "invalid_api_key",
    "rate_limit_exceeded/requests",
    "server_error",
    "service_unavailable",
]
#: Errors of any operation that takes a JSON body.
_WRITES = [
    "invalid_json",
    "invalid_content_type",
    "invalid_body",
    "missing_required_parameter",
    "unknown_parameter",
    "invalid_type",
    "invalid_value",
    "empty_array",
    "invalid_idempotency_key",
    "insufficient_permissions",
    "idempotency_key_reused",
    "request_too_large",
    "rate_limit_exceeded/tokens",
]
#: Errors of an operation that changes state without a body (DELETE, redeliver).
_BODILESS_WRITES = ["invalid_idempotency_key", "insufficient_permissions", "idempotency_key_reused"]
#: Errors of no operation in particular: the path or the method is wrong.
GLOBAL_ERRORS = ["unknown_url", "method_not_allowed"]


def _spec(name: str) -> ErrorSpec:
    code, _, type_ = name.partition("/")
    return next(s for s in CATALOG if s.code == code and (not type_ or s.type == type_))


# --- schemas --------------------------------------------------------------------------


def _schemas() -> dict[str, Any]:
    pairs: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        *((model, "validation") for model in _REQUESTS),
        *((model, "serialization") for model in _RESPONSES),
    ]
    _, top = models_json_schema(pairs, ref_template=REF)
    return {name: _tidy(schema) for name, schema in top.get("$defs", {}).items()}


def _tidy(node: Any) -> Any:
    """Drop pydantic's auto-generated titles of properties; keep the schemas' own."""
    if isinstance(node, dict):
        cleaned = {k: _tidy(v) for k, v in node.items()}
        props = cleaned.get("properties")
        if isinstance(props, dict):
            for prop in props.values():
                if isinstance(prop, dict):
                    prop.pop("title", None)
        return cleaned
    if isinstance(node, list):
        return [_tidy(v) for v in node]
    return node


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


# --- headers and parameters -----------------------------------------------------------

_RATE_HEADERS = {
    "x-ratelimit-limit-requests": ("integer", "Requests per minute your plan allows."),
    "x-ratelimit-remaining-requests": ("integer", "Requests left in the current window."),
    "x-ratelimit-reset-requests": (
        "string",
        "Time until the request window is full again, as `1s`, `6m0s` or `250ms`.",
    ),
    "x-ratelimit-limit-tokens": ("integer", "Tokens per minute your plan allows."),
    "x-ratelimit-remaining-tokens": ("integer", "Tokens left in the current window."),
    "x-ratelimit-reset-tokens": ("string", "Time until the token window is full again."),
}


def _headers() -> dict[str, Any]:
    headers: dict[str, Any] = {
        "x-request-id": {
            "required": True,
            "description": "`req_` and a 26-character ULID. Quote it to support.",
            "schema": {"type": "string", "pattern": "^req_[0-9A-HJKMNP-TV-Z]{26}$"},
        },
        "metal-version": {
            "required": True,
            "description": "The API version that produced this response.",
            "schema": {"type": "string", "enum": list(versions.VERSIONS)},
        },
        "retry-after": {
            "required": True,
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "minimum": 1},
        },
        "retry-after-ms": {
            "description": "The same wait in milliseconds; the OpenAI SDKs prefer it.",
            "schema": {"type": "integer", "minimum": 1},
        },
        "x-should-retry": {
            "description": "`false` when retrying cannot succeed (a reused idempotency key, "
            "a request larger than the whole token window). The OpenAI SDKs obey it.",
            "schema": {"type": "string", "enum": ["true", "false"]},
        },
        "idempotent-replayed": {
            "description": "On requests with an `Idempotency-Key`: `true` "
            "when this response is a replay of the first one.",
            "schema": {"type": "string", "enum": ["true", "false"]},
        },
    }
    for name, (kind, text) in _RATE_HEADERS.items():
        headers[name] = {
            "description": text + " On every response to an authenticated request.",
            "schema": {"type": kind},
        }
    return headers


def _response_headers(*, status: int, authenticated: bool, writes: bool) -> dict[str, Any]:
    names = ["x-request-id", "metal-version"]
    if authenticated:
        names += list(_RATE_HEADERS)
    if status == 429:
        names += ["retry-after", "retry-after-ms"]
    if status in (409, 429):
        names.append("x-should-retry")
    if writes:
        names.append("idempotent-replayed")
    return {name: {"$ref": f"#/components/headers/{name}"} for name in names}


def _parameters() -> dict[str, Any]:
    return {
        "MetalVersion": {
            "name": "metal-version",
            "in": "header",
            "required": False,
            "description": "Pin an API version (`YYYY-MM-DD`). Omit it to get the current one, "
            f"`{versions.CURRENT}`.",
            "schema": {"type": "string", "enum": list(versions.VERSIONS)},
        },
        "IdempotencyKey": {
            "name": "Idempotency-Key",
            "in": "header",
            "required": False,
            "description": "A unique key (1 to 255 characters) that makes retries safe: the "
            "same key and body within 24 hours replay the first response.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255},
        },
    }


# --- operations -----------------------------------------------------------------------


def _example_name(spec: ErrorSpec) -> str:
    return spec.code if spec.status != 429 else f"{spec.code}_{spec.type}"


def _error_examples() -> dict[str, Any]:
    """One example body per catalog row, referenced by every operation that can return it."""
    return {
        _example_name(s): {
            "summary": s.summary,
            "value": {
                "error": {
                    "message": s.example,
                    "type": s.type,
                    "param": examples.ERROR_PARAMS.get(s.code),
                    "code": s.code,
                }
            },
        }
        for s in CATALOG
    }


def _errors(names: list[str], *, writes: bool) -> dict[str, Any]:
    by_status: dict[int, list[ErrorSpec]] = {}
    for name in names:
        spec = _spec(name)
        by_status.setdefault(spec.status, []).append(spec)
    responses = {}
    for status, specs in sorted(by_status.items()):
        listed = "\n".join(f"- `{s.type}` / `{s.code}`: {s.summary}" for s in specs)
        responses[str(status)] = {
            "description": listed,
            "headers": _response_headers(status=status, authenticated=status != 401, writes=writes),
            "content": {
                "application/json": {
                    "schema": _ref(ErrorResponse),
                    "examples": {
                        _example_name(s): {"$ref": f"#/components/examples/{_example_name(s)}"}
                        for s in specs
                    },
                }
            },
        }
    return responses


def _operation(
    op_id: str,
    *,
    summary: str,
    description: str,
    tag: str,
    response: dict[str, Any],
    errors: list[str],
    writes: bool = False,
    request: dict[str, Any] | None = None,
    request_required: bool = True,
    parameters: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    params = [{"$ref": "#/components/parameters/MetalVersion"}, *(parameters or [])]
    if writes:
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
    operation: dict[str, Any] = {
        "operationId": op_id,
        "summary": summary,
        "description": description,
        "tags": [tag],
        "parameters": params,
        "responses": {
            "200": {
                **response,
                "headers": _response_headers(status=200, authenticated=True, writes=writes),
            }
        },
    }
    if request is not None:
        operation["requestBody"] = {
            "required": request_required,
            "content": {"application/json": request},
        }
    common = _WRITES if writes and request is not None else _BODILESS_WRITES if writes else []
    operation["responses"].update(_errors(_EVERY + common + errors, writes=writes))
    return operation


def _json(model: type[BaseModel], example_set: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": _ref(model), "examples": example_set}},
    }


def _sse_event_schema() -> dict[str, Any]:
    """One server-sent event of a stream: a chunk, an error that ends the stream early,
    or the final `[DONE]`. Each `data` is JSON text described by `contentSchema`."""

    def json_data(model: type[BaseModel]) -> dict[str, Any]:
        return {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": _ref(model),
        }

    return {
        "type": "object",
        "description": "One event: `data:` holds a ChatCompletionChunk, an error body if the "
        "stream fails part-way, or `[DONE]` at the end.",
        "required": ["data"],
        "properties": {
            "data": {
                "anyOf": [
                    json_data(ChatCompletionChunk),
                    json_data(ErrorResponse),
                    {"const": "[DONE]"},
                ]
            }
        },
    }


def _endpoint_param() -> dict[str, Any]:
    return {
        "name": "webhook_endpoint_id",
        "in": "path",
        "required": True,
        "description": "The endpoint's id, `we_…`.",
        "schema": {"type": "string"},
    }


def _webhook_paths(wx: dict[str, Any]) -> dict[str, Any]:
    by_id = [_endpoint_param()]
    endpoint = _json(WebhookEndpoint, {"endpoint": {"value": wx["endpoint"]}}, "The endpoint.")
    secret = _json(
        WebhookEndpointWithSecret,
        {"created": {"value": wx["endpoint_with_secret"]}},
        "The endpoint with its signing secret, shown this once.",
    )
    rotated = _json(
        WebhookEndpointWithSecret,
        {"rotated": {"value": wx["rotated"]}},
        "The endpoint with its new signing secret, shown this once.",
    )
    delivery = _json(
        WebhookDelivery,
        {"delivery": {"value": wx["delivery"]}},
        "The delivery, `pending` again while the new attempts run.",
    )
    deliveries = _json(
        WebhookDeliveryList,
        {"deliveries": {"value": {"object": "list", "data": [wx["delivery"]], "has_more": False}}},
        "Recent deliveries, newest first, with every attempt.",
    )
    endpoints = _json(
        WebhookEndpointList,
        {
            "endpoints": {
                "value": {
                    "object": "list",
                    "data": [wx["endpoint"]],
                    "first_id": wx["endpoint"]["id"],
                    "last_id": wx["endpoint"]["id"],
                    "has_more": False,
                }
            }
        },
        "Your endpoints.",
    )
    deleted = _json(
        DeletedWebhookEndpoint,
        {
            "deleted": {
                "value": {
                    "id": wx["endpoint"]["id"],
                    "object": "webhook_endpoint.deleted",
                    "deleted": True,
                }
            }
        },
        "The endpoint is gone; no further deliveries are made to it.",
    )
    return {
        "/webhook_endpoints": {
            "post": _operation(
                "createWebhookEndpoint",
                tag="Webhooks",
                summary="Create a webhook endpoint",
                description="Registers a URL to receive signed events. The response holds "
                "`signing_secret`, shown only now and on rotation. The sandbox accepts only "
                "loopback URLs; production only public HTTPS URLs.",
                writes=True,
                request={
                    "schema": _ref(CreateWebhookEndpoint),
                    "examples": {"endpoint": {"value": wx["create_request"]}},
                },
                response=secret,
                errors=["invalid_url", "endpoint_limit_reached"],
            ),
            "get": _operation(
                "listWebhookEndpoints",
                tag="Webhooks",
                summary="List webhook endpoints",
                description="Lists the account's endpoints, newest first, a page at a time.",
                response=endpoints,
                errors=[],
                parameters=[
                    {
                        "name": "limit",
                        "in": "query",
                        "required": False,
                        "description": "How many endpoints to return, 1 to 100.",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
                    },
                    {
                        "name": "after",
                        "in": "query",
                        "required": False,
                        "description": "An endpoint id: return the endpoints listed after it "
                        "(the `last_id` of the previous page).",
                        "schema": {"type": "string"},
                    },
                ],
            ),
        },
        "/webhook_endpoints/{webhook_endpoint_id}": {
            "get": _operation(
                "retrieveWebhookEndpoint",
                tag="Webhooks",
                summary="Retrieve a webhook endpoint",
                description="Fetches one endpoint. The secret is never shown again; "
                "`signing_secret_hint` tells secrets apart.",
                parameters=by_id,
                response=endpoint,
                errors=["webhook_endpoint_not_found"],
            ),
            "post": _operation(
                "updateWebhookEndpoint",
                tag="Webhooks",
                summary="Update a webhook endpoint",
                description="Changes the URL, name, description or event types; fields you "
                "omit keep their values. `event_types` replaces the whole set.",
                parameters=by_id,
                writes=True,
                request={
                    "schema": _ref(UpdateWebhookEndpoint),
                    "examples": {"rename": {"value": {"name": "orders-service-v2"}}},
                },
                response=endpoint,
                errors=["webhook_endpoint_not_found", "invalid_url"],
            ),
            "delete": _operation(
                "deleteWebhookEndpoint",
                tag="Webhooks",
                summary="Delete a webhook endpoint",
                description="Deletes the endpoint. Deliveries in flight to it stop.",
                parameters=by_id,
                writes=True,
                response=deleted,
                errors=["webhook_endpoint_not_found"],
            ),
        },
        "/webhook_endpoints/{webhook_endpoint_id}/rotate_secret": {
            "post": _operation(
                "rotateWebhookSecret",
                tag="Webhooks",
                summary="Rotate the signing secret",
                description="Issues a new secret. For 24 hours every delivery carries two "
                "signatures, one per secret, so you can deploy the new secret without missing "
                "an event; then the old one stops signing.",
                parameters=by_id,
                writes=True,
                request={
                    "schema": _ref(RotateSecret),
                    "examples": {
                        "default": {"value": {"keep_old_secret_active_for_24_hours": True}}
                    },
                },
                request_required=False,
                response=rotated,
                errors=["webhook_endpoint_not_found"],
            )
        },
        "/webhook_endpoints/{webhook_endpoint_id}/deliveries": {
            "get": _operation(
                "listWebhookDeliveries",
                tag="Webhooks",
                summary="List an endpoint's deliveries",
                description="Recent deliveries to the endpoint (the last 500), newest first, each "
                "with its attempts and the status codes your receiver answered.",
                parameters=by_id,
                response=deliveries,
                errors=["webhook_endpoint_not_found"],
            )
        },
        "/webhook_endpoints/{webhook_endpoint_id}/deliveries/{delivery_id}/redeliver": {
            "post": _operation(
                "redeliverWebhook",
                tag="Webhooks",
                summary="Redeliver a webhook",
                description="Sends a delivery again, with the same `webhook-id` and a fresh "
                "retry schedule. Use it after fixing a receiver that let deliveries fail.",
                writes=True,
                response=delivery,
                parameters=[
                    *by_id,
                    {
                        "name": "delivery_id",
                        "in": "path",
                        "required": True,
                        "description": "The delivery's id, `whdel_…`.",
                        "schema": {"type": "string"},
                    },
                ],
                errors=["webhook_endpoint_not_found", "delivery_not_found"],
            )
        },
    }


def _webhook_events(wx: dict[str, Any]) -> dict[str, Any]:
    """The top-level `webhooks` section: what MeTal POSTs to your endpoint."""
    signature_headers = [
        {
            "name": "webhook-id",
            "in": "header",
            "required": True,
            "description": "The event's id; the same on every retry. Process each id once.",
            "schema": {"type": "string"},
        },
        {
            "name": "webhook-timestamp",
            "in": "header",
            "required": True,
            "description": "Unix seconds when this attempt was signed. Refuse old ones.",
            "schema": {"type": "string"},
        },
        {
            "name": "webhook-signature",
            "in": "header",
            "required": True,
            "description": "`v1,<base64 HMAC-SHA256>` of `{id}.{timestamp}.{body}`; during a "
            "secret rotation, two of them separated by a space.",
            "schema": {"type": "string"},
        },
    ]
    events = {
        "chat.completion.completed": (
            ChatCompletionCompletedEvent,
            wx["completed_event"],
            "A background completion finished.",
        ),
        "chat.completion.failed": (
            ChatCompletionFailedEvent,
            wx["failed_event"],
            "A background completion failed.",
        ),
    }
    return {
        name: {
            "post": {
                "operationId": name.replace(".", "_"),
                "summary": summary,
                "tags": ["Webhooks"],
                "description": f"{summary} Sent to every endpoint subscribed to `{name}`, "
                "signed per Standard Webhooks. Answer 2xx within 10 seconds, or the delivery "
                "is retried.",
                "parameters": signature_headers,
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": _ref(model),
                            "examples": {name: {"value": example}},
                        }
                    },
                },
                "responses": {
                    "2XX": {
                        "description": "Received. Any other answer, or none within 10 "
                        "seconds, is retried with the same `webhook-id`."
                    }
                },
            }
        }
        for name, (model, example, summary) in events.items()
    }


def _paths(wx: dict[str, Any]) -> dict[str, Any]:
    ex = examples.generate()
    chat_request = {
        "schema": _ref(ChatCompletionRequest),
        "examples": {
            **{
                name: {"summary": e["summary"], "value": e["request"]}
                for name, e in ex["chat"].items()
            },
            "background": {"summary": "A background completion", "value": wx["background_request"]},
        },
    }
    chat_response = {
        "description": "The completion, or with `stream: true` a stream of "
        "server-sent events, one `chat.completion.chunk` per `data:` line, ending "
        "with `data: [DONE]`.",
        "content": {
            "application/json": {
                "schema": _ref(ChatCompletion),
                "examples": {
                    name: {"summary": e["summary"], "value": e["response"]}
                    for name, e in ex["chat"].items()
                    if "response" in e
                }
                | {
                    "background": {
                        "summary": "Queued, to be announced by webhook",
                        "value": wx["queued"],
                    }
                },
            },
            "text/event-stream": {
                "schema": _sse_event_schema(),
                "example": ex["stream"],
            },
        },
    }
    model_param = {
        "name": "model",
        "in": "path",
        "required": True,
        "description": "A model id, such as `aurora`.",
        "schema": {"type": "string"},
        "example": "aurora",
    }
    completion_param = {
        "name": "completion_id",
        "in": "path",
        "required": True,
        "description": "The `id` of a completion created with `store: true`.",
        "schema": {"type": "string"},
        "example": ex["stored_id"],
    }
    return {
        "/models": {
            "get": _operation(
                "listModels",
                tag="Models",
                summary="List models",
                description="Lists the models you can use, with their context windows.",
                response=_json(ModelList, {"models": {"value": ex["models"]}}, "The models."),
                errors=[],
            )
        },
        "/models/{model}": {
            "get": _operation(
                "retrieveModel",
                tag="Models",
                summary="Retrieve a model",
                description="Fetches one model by id.",
                parameters=[model_param],
                response=_json(Model, {"aurora": {"value": ex["model"]}}, "The model."),
                errors=["model_not_found"],
            )
        },
        "/chat/completions": {
            "post": _operation(
                "createChatCompletion",
                tag="Chat",
                summary="Create a chat completion",
                description="Generates the model's reply to a conversation. OpenAI's request and "
                "response shapes, plus MeTal's `system` field. With `stream: true` the reply "
                "arrives as server-sent events; with `store: true` it can be fetched later.",
                request=chat_request,
                response=chat_response,
                writes=True,
                errors=[
                    "unsupported_parameter",
                    "unsupported_value",
                    "context_length_exceeded",
                    "model_not_found",
                    "invalid_schema",
                ],
            )
        },
        "/chat/completions/{completion_id}": {
            "get": _operation(
                "retrieveChatCompletion",
                tag="Chat",
                summary="Retrieve a stored chat completion",
                description="Fetches a completion created with `store: true`, with its `metadata`. "
                "Stored completions are kept for 30 days.",
                parameters=[completion_param],
                response=_json(
                    ChatCompletion, {"stored": {"value": ex["stored"]}}, "The stored completion."
                ),
                errors=["completion_not_found"],
            )
        },
        "/embeddings": {
            "post": _operation(
                "createEmbedding",
                tag="Embeddings",
                summary="Create embeddings",
                description="Turns text into vectors of length 1 for search, clustering and "
                "retrieval. Similar texts get vectors with a higher dot product.",
                writes=True,
                request={
                    "schema": _ref(EmbeddingRequest),
                    "examples": {"text": {"value": ex["embedding_request"]}},
                },
                response=_json(
                    EmbeddingList,
                    {"text": {"value": ex["embedding"]}},
                    "One vector per input, in input order.",
                ),
                errors=["model_not_found", "context_length_exceeded"],
            )
        },
        **_webhook_paths(wx),
    }


# --- the document ---------------------------------------------------------------------

_DESCRIPTION = """\
The MeTal API is OpenAI-compatible: point the official OpenAI SDKs at
`https://api.metalai.org/v1` with a MeTal key and your code works unchanged.

Authenticate with `Authorization: Bearer mk_...` (or `X-Api-Key: mk_...`). Every response
carries `x-request-id`, `metal-version` and, once authenticated, the `x-ratelimit-*` headers.
Errors use OpenAI's body, `{"error": {"message", "type", "param", "code"}}`; the full table
is `x-error-catalog` below.
"""


def build() -> dict[str, Any]:
    wx = examples.generate_webhooks()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "MeTal API",
            "version": versions.CURRENT,
            "description": _DESCRIPTION,
            "contact": {"name": "MeTal API support", "email": "api@metalai.org"},
            "license": {"name": "Proprietary"},
        },
        "servers": [
            {"url": PRODUCTION, "description": "Production"},
            {
                "url": "http://127.0.0.1:8765/v1",
                "description": "Sandbox (`metal-sandbox`, default port)",
            },
        ],
        "security": [{"bearerAuth": []}, {"apiKeyHeader": []}],
        "tags": [
            {"name": "Models", "description": "The models you can call."},
            {"name": "Chat", "description": "Chat completions, streamed or not."},
            {"name": "Embeddings", "description": "Vectors for search and retrieval."},
            {"name": "Webhooks", "description": "Signed events about background work."},
        ],
        "paths": _paths(wx),
        "webhooks": _webhook_events(wx),
        "components": {
            "schemas": _schemas(),
            "headers": _headers(),
            "parameters": _parameters(),
            "examples": _error_examples(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "`Authorization: Bearer mk_live_...`",
                },
                "apiKeyHeader": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-Api-Key",
                    "description": "The same key in `X-Api-Key`.",
                },
            },
        },
        "x-error-catalog": [
            {
                "status": s.status,
                "type": s.type,
                "code": s.code,
                "summary": s.summary,
                "fix": s.fix,
                "example": s.example,
            }
            for s in CATALOG
        ],
        "x-api-versions": [
            {"version": v, "changes": text} for v, text in versions.VERSIONS.items()
        ],
    }


def dump(document: dict[str, Any], fmt: Literal["yaml", "json"]) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


@cache
def published(fmt: Literal["yaml", "json"]) -> bytes:
    """The document as the sandbox serves it at /openapi.json and /openapi.yaml."""
    return dump(build(), fmt).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {DOCUMENT_PATH.name}")
    args = parser.parse_args()
    text = dump(build(), "yaml")
    if args.write:
        DOCUMENT_PATH.write_text(text)
    else:
        print(text, end="")


if __name__ == "__main__":
    main()
