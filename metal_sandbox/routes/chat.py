"""`POST /v1/chat/completions` and `GET /v1/chat/completions/{completion_id}`."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import ValidationError

from metal_sandbox import background, completions, sse
from metal_sandbox.errors import APIError
from metal_sandbox.operations import Operation, Reply, RequestBody, Resource, Stream
from metal_sandbox.params import Examples, PathParam
from metal_sandbox.pipeline import Call, Outcome, json_body
from metal_sandbox.repeats import Repeat, head
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest
from metal_sandbox.validation import to_api_error

#: After how many chunks a simulated `stream_error` breaks the stream.
_CHUNKS_BEFORE_STREAM_ERROR = 4


async def create_chat_completion(call: Call) -> Outcome:
    repeat = call.runtime.repeats.get(call.body) if call.simulate is None else None
    if repeat is not None:
        return _answer_repeat(call, repeat)
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
    assert completion.usage is not None, "complete() always counts usage"
    limiter.spend_tokens(call.account, call.now(), completion.usage.total_tokens)
    if not request.stream:
        outcome = Outcome.json(completion)
        if request.store:
            call.runtime.stores.completions[(call.account, completion.id)] = outcome.body
        if call.simulate is None:
            call.runtime.repeats.remember(
                call.body,
                completion,
                outcome.body,
                token_estimate=prepared.token_estimate,
                store=bool(request.store),
            )
        return outcome
    if request.store:
        call.runtime.stores.completions[(call.account, completion.id)] = json_body(completion)
    include_usage = bool(request.stream_options and request.stream_options.include_usage)
    events = _sse(completion, include_usage=include_usage, broken=call.simulate == "stream_error")
    return Outcome.stream(events)


def _answer_repeat(call: Call, repeat: Repeat) -> Outcome:
    """A request answered before: the same steps as a new one (rate limits, a new id, the
    store) around the response kept for it."""
    limiter = call.runtime.limiter
    limiter.admit_tokens(call.account, call.now(), repeat.token_estimate)
    completion_id = call.runtime.ids.new("chatcmpl-")
    body = head(completion_id, int(call.now())) + repeat.tail
    limiter.spend_tokens(call.account, call.now(), repeat.total_tokens)
    if repeat.store:
        call.runtime.stores.completions[(call.account, completion_id)] = body
    return Outcome(body=body)


def _sse(completion: ChatCompletion, *, include_usage: bool, broken: bool) -> Iterator[bytes]:
    for sent, chunk in enumerate(completions.chunks(completion, include_usage=include_usage)):
        if broken and sent == _CHUNKS_BEFORE_STREAM_ERROR:
            error = APIError(
                "server_error", "The stream was interrupted by a server error. Retry the request."
            )
            yield sse.event(json.dumps(error.body(), separators=(",", ":")))
            return
        yield sse.event(chunk.model_dump_json())
    yield sse.DONE


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


def _request_examples(ex: Examples) -> dict[str, object]:
    chat = {
        name: {"summary": e["summary"], "value": e["request"]} for name, e in ex["chat"].items()
    }
    background = {"summary": "A background completion", "value": ex["background_request"]}
    return chat | {"background": background}


def _reply_examples(ex: Examples) -> dict[str, object]:
    replies = {
        name: {"summary": e["summary"], "value": e["response"]}
        for name, e in ex["chat"].items()
        if "response" in e
    }
    queued = {"summary": "Queued, to be announced by webhook", "value": ex["queued"]}
    return replies | {"background": queued}


RESOURCE = Resource(
    "Chat",
    "Chat completions, streamed or not.",
    (
        Operation(
            "POST",
            "/chat/completions",
            "createChatCompletion",
            create_chat_completion,
            summary="Create a chat completion",
            description="Generates the model's reply to a conversation. OpenAI's request and "
            "response shapes, plus MeTal's `system` field. With `stream: true` the reply "
            "arrives as server-sent events; with `store: true` it can be fetched later.",
            writes=True,
            defer_simulation=True,
            request=RequestBody(ChatCompletionRequest, _request_examples),
            reply=Reply(
                ChatCompletion,
                "The completion, or with `stream: true` a stream of server-sent events, one "
                "`chat.completion.chunk` per `data:` line, ending with `data: [DONE]`.",
                _reply_examples,
                stream=Stream(ChatCompletionChunk, lambda ex: ex["stream"]),
            ),
            errors=(
                "unsupported_parameter",
                "unsupported_value",
                "context_length_exceeded",
                "model_not_found",
                "invalid_schema",
                "unsupported_schema",
            ),
        ),
        Operation(
            "GET",
            "/chat/completions/{completion_id}",
            "retrieveChatCompletion",
            retrieve_chat_completion,
            summary="Retrieve a stored chat completion",
            description="Fetches a completion created with `store: true`, with its `metadata`. "
            "Stored completions are kept for 30 days.",
            parameters=(
                PathParam(
                    "completion_id",
                    "The `id` of a completion created with `store: true`.",
                    example=lambda ex: ex["stored_id"],
                ),
            ),
            reply=Reply(
                ChatCompletion,
                "The stored completion.",
                lambda ex: {"stored": {"value": ex["stored"]}},
            ),
            errors=("completion_not_found",),
        ),
    ),
)
