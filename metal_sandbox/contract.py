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
from metal_sandbox.operations import Event, Operation, Reply, Resource, error_spec
from metal_sandbox.params import Examples
from metal_sandbox.routes import RESOURCES
from metal_sandbox.schemas.errors import ErrorResponse

DOCUMENT_PATH = Path(__file__).resolve().parent.parent / "openapi" / "openapi.yaml"
PRODUCTION = "https://api.metalai.org/v1"
REF = "#/components/schemas/{model}"

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


# --- schemas --------------------------------------------------------------------------


def _schemas(resources: tuple[Resource, ...]) -> dict[str, Any]:
    """Every model the declarations name: request bodies as validated, the rest as sent."""
    ops = [op for resource in resources for op in resource.operations]
    requests = {op.request.model for op in ops if op.request is not None}
    replies = {op.reply.model for op in ops} | {
        op.reply.stream.chunk for op in ops if op.reply.stream
    }
    replies |= {event.model for resource in resources for event in resource.events}
    replies.add(ErrorResponse)
    pairs: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        *((model, "validation") for model in sorted(requests, key=_name)),
        *((model, "serialization") for model in sorted(replies, key=_name)),
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


def _name(model: type[BaseModel]) -> str:
    return model.__name__


def _ref(model: type[BaseModel]) -> dict[str, str]:
    return {"$ref": REF.format(model=model.__name__)}


# --- headers and parameters -----------------------------------------------------------

_RATE_HEADERS = {
    "x-ratelimit-limit-requests": ("integer", "Requests per minute your plan allows."),
    "x-ratelimit-remaining-requests": ("integer", "Requests left in the current window."),
    "x-ratelimit-reset-requests": (
        "string",
        "Time until the request window is full again, as `250ms`, `12s` or `1m0s`.",
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
            "description": "Seconds to wait before retrying. A request larger than the whole "
            "token window, which no wait lets through, also carries `x-should-retry: false`: "
            "shorten it instead.",
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
        spec = error_spec(name)
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


def _operation(op: Operation, tag: str, ex: Examples) -> dict[str, Any]:
    params = [
        {"$ref": "#/components/parameters/MetalVersion"},
        *(param.document(ex) for param in op.parameters),
    ]
    if _idempotent(op):
        params.append({"$ref": "#/components/parameters/IdempotencyKey"})
    operation: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "description": op.description,
        "tags": [tag],
        "parameters": params,
        "responses": {
            "200": {
                **_reply(op.reply, ex),
                "headers": _response_headers(
                    status=200, authenticated=True, writes=_idempotent(op)
                ),
            }
        },
    }
    if op.request is not None:
        operation["requestBody"] = {
            "required": op.request.required,
            "content": {
                "application/json": {
                    "schema": _ref(op.request.model),
                    "examples": op.request.examples(ex),
                }
            },
        }
    operation["responses"].update(_errors(_error_names(op), writes=_idempotent(op)))
    return operation


def _idempotent(op: Operation) -> bool:
    """Every write takes an `Idempotency-Key` but a DELETE, which ignores it (sending one
    twice changes nothing anyway)."""
    return op.writes and op.method != "DELETE"


def _error_names(op: Operation) -> list[str]:
    """The operation's own errors after those every operation (and every write) has."""
    common = _WRITES if op.writes and op.request else _BODILESS_WRITES if op.writes else []
    if not _idempotent(op):
        common = [name for name in common if "idempotency" not in name]
    own = list(op.errors)
    if op.query and "invalid_value" not in common + own:
        own.append("invalid_value")  # a query parameter out of range
    return _EVERY + common + own


def _reply(reply: Reply, ex: Examples) -> dict[str, Any]:
    content: dict[str, Any] = {
        "application/json": {"schema": _ref(reply.model), "examples": reply.examples(ex)}
    }
    if reply.stream is not None:
        content["text/event-stream"] = {
            "schema": (
                _typed_event_schema(reply.stream.chunk)
                if reply.stream.typed
                else _sse_event_schema(reply.stream.chunk)
            ),
            "example": reply.stream.example(ex),
        }
    return {"description": reply.description, "content": content}


def _sse_event_schema(chunk: type[BaseModel]) -> dict[str, Any]:
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
        "description": f"One event: `data:` holds a {chunk.__name__}, an error body if the "
        "stream fails part-way, or `[DONE]` at the end.",
        "required": ["data"],
        "properties": {
            "data": {"anyOf": [json_data(chunk), json_data(ErrorResponse), {"const": "[DONE]"}]}
        },
    }


def _typed_event_schema(event: type[BaseModel]) -> dict[str, Any]:
    """One event of a typed stream: `event:` names the type, `data:` is the event as JSON
    text described by `contentSchema` (the `error` event among them)."""
    return {
        "type": "object",
        "description": f"One event: `event:` is its `type`, `data:` holds a {event.__name__}.",
        "required": ["event", "data"],
        "properties": {
            "event": {"type": "string"},
            "data": {
                "type": "string",
                "contentMediaType": "application/json",
                "contentSchema": _ref(event),
            },
        },
    }


def _paths(resources: tuple[Resource, ...], ex: Examples) -> dict[str, Any]:
    paths: dict[str, Any] = {}
    for resource in resources:
        for op in resource.operations:
            item = paths.setdefault(op.path, {})
            item[op.method.lower()] = _operation(op, resource.tag, ex)
    return paths


#: What MeTal sends with every webhook delivery, to be checked by the receiver.
_SIGNATURE_HEADERS = [
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


def _webhook_events(resources: tuple[Resource, ...], ex: Examples) -> dict[str, Any]:
    """The top-level `webhooks` section: what MeTal POSTs to your endpoint."""
    return {
        event.name: {"post": _event(event, resource.tag, ex)}
        for resource in resources
        for event in resource.events
    }


def _event(event: Event, tag: str, ex: Examples) -> dict[str, Any]:
    return {
        "operationId": event.name.replace(".", "_"),
        "summary": event.summary,
        "tags": [tag],
        "description": f"{event.summary} Sent to every endpoint subscribed to `{event.name}`, "
        "signed per Standard Webhooks. Answer 2xx within 10 seconds, or the delivery "
        "is retried.",
        "parameters": _SIGNATURE_HEADERS,
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": _ref(event.model),
                    "examples": {event.name: {"value": event.example(ex)}},
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


# --- the document ---------------------------------------------------------------------

_DESCRIPTION = """\
The MeTal API is OpenAI-compatible: point the official OpenAI SDKs at
`https://api.metalai.org/v1` with a MeTal key and your code works unchanged.

Authenticate with `Authorization: Bearer mk_...` (or `X-Api-Key: mk_...`). Every response
carries `x-request-id`, `metal-version` and, once authenticated, the `x-ratelimit-*` headers.
Errors use OpenAI's body, `{"error": {"message", "type", "param", "code"}}`; the full table
is `x-error-catalog` below.
"""


def build(resources: tuple[Resource, ...] = RESOURCES) -> dict[str, Any]:
    ex = {**examples.generate(), **examples.generate_webhooks()}
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
        "tags": [{"name": r.tag, "description": r.description} for r in resources],
        "paths": _paths(resources, ex),
        "webhooks": _webhook_events(resources, ex),
        "components": {
            "schemas": _schemas(resources),
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


class _Dumper(yaml.SafeDumper):
    """Every part written out where it belongs: no `&id003` anchor and its `*id003` a
    thousand lines further on, which only said that two parts were one Python object."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(document: dict[str, Any], fmt: Literal["yaml", "json"]) -> str:
    if fmt == "json":
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


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
