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

DOCUMENT_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
PRODUCTION = "https://api.metalai.org/v1"
REF = "#/components/schemas/{model}"

_REQUESTS: list[type[BaseModel]] = [ChatCompletionRequest, EmbeddingRequest]
_RESPONSES: list[type[BaseModel]] = [
    ChatCompletion,
    ChatCompletionChunk,
    EmbeddingList,
    ErrorResponse,
    Model,
    ModelList,
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
            "description": "`req_` and a 26-character ULID. Quote it to support.",
            "schema": {"type": "string", "pattern": "^req_[0-9A-HJKMNP-TV-Z]{26}$"},
        },
        "metal-version": {
            "description": "The API version that produced this response.",
            "schema": {"type": "string", "enum": list(versions.VERSIONS)},
        },
        "retry-after": {
            "description": "Seconds to wait before retrying.",
            "schema": {"type": "integer", "minimum": 1},
        },
        "retry-after-ms": {
            "description": "The same wait in milliseconds; the OpenAI SDKs prefer it.",
            "schema": {"type": "integer", "minimum": 1},
        },
        "idempotent-replayed": {
            "description": "On requests with an `Idempotency-Key`: `true` "
            "when this response is a replay of the first one.",
            "schema": {"type": "string", "enum": ["true", "false"]},
        },
    }
    for name, (kind, text) in _RATE_HEADERS.items():
        headers[name] = {"description": text, "schema": {"type": kind}}
    return headers


def _response_headers(*, status: int, authenticated: bool, writes: bool) -> dict[str, Any]:
    names = ["x-request-id", "metal-version"]
    if authenticated:
        names += list(_RATE_HEADERS)
    if status == 429:
        names += ["retry-after", "retry-after-ms"]
    if writes:
        names.append("idempotent-replayed")
    required = {"x-request-id", "metal-version", "retry-after"}
    if status < 300:
        required |= set(_RATE_HEADERS)
    shared = _headers()
    return {n: {**shared[n], "required": n in required} for n in names}


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
                        f"{s.code}" + ("" if status != 429 else f"_{s.type}"): {
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
        operation["requestBody"] = {"required": True, "content": {"application/json": request}}
    operation["responses"].update(
        _errors(_EVERY + (_WRITES if writes else []) + errors, writes=writes)
    )
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


def _paths() -> dict[str, Any]:
    ex = examples.generate()
    chat_request = {
        "schema": _ref(ChatCompletionRequest),
        "examples": {
            name: {"summary": e["summary"], "value": e["request"]} for name, e in ex["chat"].items()
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
        ],
        "paths": _paths(),
        "components": {
            "schemas": _schemas(),
            "headers": _headers(),
            "parameters": _parameters(),
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
