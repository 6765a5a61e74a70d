"""What every operation does before and after its own work.

An operation is a plain async function from a `Call` to an `Outcome`. `endpoint()` wraps it
in the API's shared behaviour, in this order: request id, version, authentication,
permissions, body limits and content type, idempotency replay, the request rate limit,
then the handler; and on the way out, the headers every response carries.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from metal_sandbox import versions
from metal_sandbox.errors import APIError, spec
from metal_sandbox.keys import Key, authenticate
from metal_sandbox.params import Query, ascii_integer, parse_query
from metal_sandbox.runtime import Runtime
from metal_sandbox.state import IdempotencyRecord, Recorded, fingerprint

SIMULATE_HEADER = "metal-sandbox-simulate"
#: What the header can ask for: the failures in `_SIMULATED`, and a stream broken part-way.
SIMULATIONS = ("server_error", "service_unavailable", "stream_error")
#: Failures answered with their catalog row's message.
_SIMULATED = ("server_error", "service_unavailable")


@dataclass
class Call:
    """One request, authenticated, with its raw body read and its declared query
    parameters parsed (`query`, by name)."""

    request: Request
    runtime: Runtime
    key: Key
    body: bytes
    simulate: str | None = None
    defer_simulation: bool = False
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, Any] = field(default_factory=dict)

    @property
    def account(self) -> str:
        return self.key.account

    def simulated_failure(self) -> str | None:
        """The error code the `metal-sandbox-simulate` header asks for, if any."""
        return self.simulate if self.simulate in _SIMULATED else None

    def raise_simulated(self) -> None:
        code = self.simulated_failure()
        if code is not None:
            raise APIError(code, spec(code).example)

    def now(self) -> float:
        return self.runtime.clock.now()


@dataclass
class Outcome:
    """A response before the shared headers are added: JSON, or server-sent events."""

    status: int = 200
    body: bytes = b""
    events: list[bytes] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, model: BaseModel, status: int = 200) -> Outcome:
        return cls(status, json_body(model))

    @classmethod
    def stream(cls, events: Iterable[bytes]) -> Outcome:
        return cls(events=list(events))

    @property
    def media_type(self) -> str:
        return "text/event-stream" if self.events is not None else "application/json"

    def recorded(self) -> Recorded:
        body = b"".join(self.events) if self.events is not None else self.body
        return Recorded(self.status, dict(self.headers), body, self.media_type)


Handler = Callable[[Call], Awaitable[Outcome]]


def json_body(model: BaseModel) -> bytes:
    """A model as the API sends it: JSON indented by two spaces, ending in a newline."""
    return model.model_dump_json(indent=2).encode() + b"\n"


def error_outcome(error: APIError) -> Outcome:
    return Outcome(
        error.status,
        json.dumps(error.body(), indent=2).encode() + b"\n",
        headers=dict(error.headers),
    )


def endpoint(
    handler: Handler,
    *,
    writes: bool = False,
    defer_simulation: bool = False,
    query: Sequence[Query] = (),
) -> Callable[[Request], Awaitable[Response]]:
    """Wrap `handler` in the shared behaviour. `defer_simulation` lets the handler decide
    when a simulated failure happens (background completions fail later, not at once);
    `query` are the parameters it takes, parsed (strictly) before it runs."""

    async def run(request: Request) -> Response:
        runtime: Runtime = request.app.state.runtime
        headers = {"x-request-id": runtime.ids.new("req_"), "metal-version": versions.CURRENT}
        sent = _request_headers(request)
        key: Key | None = None
        replayed: bool | None = None
        try:
            headers["metal-version"] = _version(sent.get("metal-version"))
            key = authenticate(sent.get("authorization"), sent.get("x-api-key"))
            if writes and key.read_only:
                raise APIError(
                    "insufficient_permissions",
                    "This API key is read-only: it can list and fetch, but not "
                    "create. Use a key with write access.",
                )
            body = await _read_body(request, sent, runtime.config.max_body_bytes) if writes else b""
            params = parse_query(query, request.query_params) if query else {}
            call = Call(
                request,
                runtime,
                key,
                body,
                sent.get(SIMULATE_HEADER),
                defer_simulation,
                sent,
                params,
            )
            _check_simulation(call.simulate)
            outcome, replayed = await _idempotent(call, handler)
        except APIError as error:
            outcome = error_outcome(error)
        if key is not None:
            headers.update(runtime.limiter.headers(key.account, runtime.clock.now()))
        if replayed is not None:
            headers["idempotent-replayed"] = "true" if replayed else "false"
        return _respond(outcome, headers)

    return run


def _check_simulation(value: str | None) -> None:
    """A typo in the sandbox's test header is an error, not a silently normal response."""
    if value is not None and value not in SIMULATIONS:
        raise APIError(
            "invalid_value",
            f"Invalid value for '{SIMULATE_HEADER}': expected one of {', '.join(SIMULATIONS)}, "
            f"but got '{value}' instead.",
            param=SIMULATE_HEADER,
        )


def _request_headers(request: Request) -> dict[str, str]:
    """The request's headers, decoded once into a dict (the first of repeated names wins,
    as `Request.headers.get` has it): the pipeline reads several of them per request."""
    return {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in reversed(request.scope["headers"])
    }


def _version(pinned: str | None) -> str:
    if pinned is None:
        return versions.CURRENT
    if pinned not in versions.VERSIONS:
        raise APIError(
            "invalid_api_version",
            f"Unknown API version '{pinned}'. Published versions: {', '.join(versions.VERSIONS)}.",
        )
    return pinned


async def _read_body(request: Request, sent: dict[str, str], limit: int) -> bytes:
    """The body, refused if too large or (when there is one) not JSON. Operations whose
    body is optional, such as DELETE, get `b""`."""
    declared = ascii_integer(sent.get("content-length", ""))
    if declared is not None and declared > limit:
        raise _too_large(declared, limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _too_large(size, limit)
        chunks.append(chunk)
    body = b"".join(chunks)
    media = sent.get("content-type", "").split(";")[0].strip().lower()
    if body and media != "application/json":
        raise APIError(
            "invalid_content_type",
            f"Unsupported Content-Type '{media or 'none'}': send the body as application/json.",
        )
    return body


def _too_large(size: int, limit: int) -> APIError:
    return APIError(
        "request_too_large", f"Request body of {size} bytes exceeds the {limit}-byte limit."
    )


async def _idempotent(call: Call, handler: Handler) -> tuple[Outcome, bool | None]:
    """Run the handler once per Idempotency-Key; replay its response to every retry."""
    key = call.headers.get("idempotency-key") if call.request.method == "POST" else None
    if key is None:
        return await _admitted(call, handler), None
    if not 1 <= len(key) <= 255:
        raise APIError(
            "invalid_idempotency_key", "Idempotency-Key must be between 1 and 255 characters long."
        )
    store = call.runtime.stores.idempotency
    slot, print_ = (call.account, key), fingerprint("POST", call.request.url.path, call.body)
    while (record := store.get(slot)) is not None:
        if record.fingerprint != print_:
            raise APIError(
                "idempotency_key_reused",
                f"Idempotency-Key '{key}' was already used with a different request (another "
                "path or body). Use a new key for a new request.",
                headers={"x-should-retry": "false"},  # a retry would get the same 409
            )
        await record.done.wait()
        if record.response is not None:
            replay = record.response
            return Outcome(
                replay.status,
                replay.body,
                headers=dict(replay.headers),
                events=[replay.body] if replay.media_type != "application/json" else None,
            ), True
    record = store[slot] = IdempotencyRecord(print_)
    try:
        outcome = await _admitted(call, handler)
    except BaseException:
        store.pop(slot, None)
        raise
    finally:
        record.done.set()
    if outcome.status == 429 or outcome.status >= 500:
        store.pop(slot, None)  # a retry of a refused request must run, not replay
    else:
        record.response = outcome.recorded()
        if store.get(slot) is record:
            store[slot] = record  # stored again, to be counted at its response's size
    return outcome, False


async def _admitted(call: Call, handler: Handler) -> Outcome:
    try:
        call.runtime.limiter.admit_request(call.account, call.now())
        if not call.defer_simulation:
            call.raise_simulated()
        return await handler(call)
    except APIError as error:
        return error_outcome(error)


def _respond(outcome: Outcome, headers: dict[str, str]) -> Response:
    headers = {**outcome.headers, **headers}
    if outcome.events is None:
        return Response(outcome.body, outcome.status, headers, outcome.media_type)
    headers["cache-control"] = "no-cache"

    async def events() -> AsyncIterator[bytes]:
        for event in outcome.events or ():
            yield event

    return StreamingResponse(events(), outcome.status, headers, outcome.media_type)
