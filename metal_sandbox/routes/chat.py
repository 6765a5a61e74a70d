"""`POST /v1/chat/completions` and `GET /v1/chat/completions/{completion_id}`."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import ValidationError
from starlette.routing import Route

from metal_sandbox import background, completions
from metal_sandbox.errors import APIError, spec
from metal_sandbox.pipeline import Call, Outcome, endpoint, json_body
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionRequest
from metal_sandbox.validation import to_api_error

#: After how many chunks a simulated `stream_error` breaks the stream.
_CHUNKS_BEFORE_STREAM_ERROR = 4


async def create_chat_completion(call: Call) -> Outcome:
    try:
        request = ChatCompletionRequest.model_validate_json(call.body)
    except ValidationError as exc:
        raise to_api_error(exc, call.body) from None
    prepared = completions.prepare(request)
    limiter = call.runtime.limiter
    limiter.admit_tokens(call.account, call.now(), prepared.token_estimate)
    if request.background:
        if request.stream:
            raise APIError(
                "invalid_value",
                "Invalid value for 'background': a background "
                "completion cannot be streamed; drop 'stream' or 'background'.",
                param="background",
            )
        queued = background.accept(
            call.runtime, call.account, prepared, fail_with=call.simulated_failure()
        )
        return Outcome.json(queued)
    call.raise_simulated()
    completion = completions.complete(prepared, call.runtime.ids, int(call.now()))
    limiter.spend_tokens(call.account, call.now(), completion.usage.total_tokens)
    if not request.stream:
        outcome = Outcome.json(completion)
        if request.store:
            call.runtime.stores.completions[(call.account, completion.id)] = outcome.body
        return outcome
    if request.store:
        call.runtime.stores.completions[(call.account, completion.id)] = json_body(completion)
    include_usage = bool(request.stream_options and request.stream_options.include_usage)
    events = _sse(completion, include_usage=include_usage, broken=call.simulate == "stream_error")
    return Outcome.stream(events)


def _sse(completion: ChatCompletion, *, include_usage: bool, broken: bool) -> Iterator[bytes]:
    for sent, chunk in enumerate(completions.chunks(completion, include_usage=include_usage)):
        if broken and sent == _CHUNKS_BEFORE_STREAM_ERROR:
            error = spec("server_error")
            body = {
                "error": {
                    "message": "The stream was interrupted by a server error. Retry the request.",
                    "type": error.type,
                    "param": None,
                    "code": error.code,
                }
            }
            yield b"data: " + json.dumps(body, separators=(",", ":")).encode() + b"\n\n"
            return
        yield b"data: " + chunk.model_dump_json().encode() + b"\n\n"
    yield b"data: [DONE]\n\n"


async def retrieve_chat_completion(call: Call) -> Outcome:
    completion_id = call.request.path_params["completion_id"]
    stored = call.runtime.stores.completions.get((call.account, completion_id))
    if stored is None:
        raise APIError(
            "completion_not_found",
            f"No chat completion found with id '{completion_id}'. Only "
            "completions created with store: true can be fetched, for 30 days.",
            param="completion_id",
        )
    return Outcome(body=stored)


routes = [
    Route(
        "/v1/chat/completions",
        endpoint(create_chat_completion, writes=True, defer_simulation=True),
        methods=["POST"],
    ),
    Route(
        "/v1/chat/completions/{completion_id}",
        endpoint(retrieve_chat_completion),
        methods=["GET"],
    ),
]
