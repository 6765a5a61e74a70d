"""`/v1/chat/completions`: create a completion; and the stored ones (`store: true`): list,
retrieve, update their metadata, delete, and list the messages each answered."""

from __future__ import annotations

import json
from collections.abc import Iterator

from pydantic import ValidationError

from metal_sandbox import background, completions, sse, stored
from metal_sandbox.errors import APIError
from metal_sandbox.operations import Operation, Reply, RequestBody, Resource, Stream
from metal_sandbox.params import Examples, MapQueryParam, PathParam, QueryParam
from metal_sandbox.pipeline import Call, Outcome, json_body
from metal_sandbox.routes.webhooks import parse
from metal_sandbox.schemas import stored as shapes
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionRequest
from metal_sandbox.schemas.stored import (
    ChatCompletionDeleted,
    ChatCompletionList,
    StoredMessageList,
    UpdateChatCompletion,
)
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
            call.runtime,
            call.account,
            prepared,
            request=call.body,
            fail_with=call.simulated_failure(),
        )
        return Outcome.json(queued)
    call.raise_simulated()
    completion = completions.complete(prepared, call.runtime.ids, int(call.now()))
    assert completion.usage is not None, "complete() always counts usage"
    limiter.spend_tokens(call.account, call.now(), completion.usage.total_tokens)
    if not request.stream:
        outcome = Outcome.json(completion)
        if request.store:
            _keep(call, completion.id, outcome.body, completion.model, completion.metadata)
        return outcome
    if request.store:
        _keep(call, completion.id, json_body(completion), completion.model, completion.metadata)
    include_usage = bool(request.stream_options and request.stream_options.include_usage)
    events = _sse(completion, include_usage=include_usage, broken=call.simulate == "stream_error")
    return Outcome.stream(events)


def _keep(
    call: Call, completion_id: str, body: bytes, model: str, metadata: dict[str, str] | None
) -> None:
    """Store a completion with the request that made it (its messages are listed from it)."""
    call.runtime.stores.completions.keep(
        call.account, completion_id, body, request=call.body, model=model, metadata=metadata
    )


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


def _completion_id(call: Call) -> str:
    return call.request.path_params["completion_id"]


async def list_chat_completions(call: Call) -> Outcome:
    """The account's stored completions, oldest first unless `order=desc`."""
    q = call.query
    found, more = call.runtime.stores.completions.listing(
        call.account,
        model=q["model"],
        metadata=q["metadata"],
        after=q["after"],
        limit=q["limit"],
        order=q["order"],
    )
    data = [ChatCompletion.model_validate_json(record.body) for record in found]
    return Outcome.json(
        ChatCompletionList(
            data=data,
            first_id=found[0].id if found else None,
            last_id=found[-1].id if found else None,
            has_more=more,
        )
    )


async def retrieve_chat_completion(call: Call) -> Outcome:
    found = call.runtime.stores.completions.get(call.account, _completion_id(call))
    return Outcome(body=found.body)


async def update_chat_completion(call: Call) -> Outcome:
    update = parse(UpdateChatCompletion, call)
    body = call.runtime.stores.completions.update(
        call.account, _completion_id(call), update.metadata
    )
    return Outcome(body=body)


async def delete_chat_completion(call: Call) -> Outcome:
    call.runtime.stores.completions.delete(call.account, _completion_id(call))
    return Outcome.json(ChatCompletionDeleted(id=_completion_id(call)))


async def list_chat_completion_messages(call: Call) -> Outcome:
    completion_id, q = _completion_id(call), call.query
    record = call.runtime.stores.completions.get(call.account, completion_id)
    sent = stored.messages(completion_id, record.request)
    found, more = stored.page(
        sent,
        [m.id for m in sent],
        q["after"],
        q["limit"],
        q["order"],
        missing=stored.no_message(completion_id),
    )
    return Outcome.json(
        StoredMessageList(
            data=found,
            first_id=found[0].id if found else None,
            last_id=found[-1].id if found else None,
            has_more=more,
        )
    )


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


BY_ID = PathParam(
    "completion_id",
    "The `id` of a completion created with `store: true`.",
    example=lambda ex: ex["stored_id"],
)
ORDER = QueryParam(
    "order",
    "`asc` (the default): oldest first; `desc`: newest first.",
    choices=("asc", "desc"),
    default="asc",
)


def _after(item: str) -> QueryParam:
    return QueryParam(
        "after", f"A {item} id: return the {item}s after it (the previous page's `last_id`)."
    )


def _limit(items: str) -> QueryParam:
    return QueryParam(
        "limit",
        f"How many {items} to return, 1 to 100.",
        type="integer",
        minimum=1,
        maximum=100,
        default=20,
    )


def _listing(ex: Examples) -> dict[str, object]:
    page = {
        "object": "list",
        "data": [ex["stored"]],
        "first_id": ex["stored_id"],
        "last_id": ex["stored_id"],
        "has_more": False,
    }
    return {"stored": {"value": page}}


RESOURCE = Resource(
    "Chat",
    "Chat completions, streamed or not, and the stored ones.",
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
            "/chat/completions",
            "listChatCompletions",
            list_chat_completions,
            summary="List stored chat completions",
            description="Lists the completions your account created with `store: true`, "
            "oldest first (`order=desc` for newest first), `limit` at a time. Filter by "
            "`model` and by `metadata` pairs; pass a page's `last_id` as `after` for the "
            "next page.",
            parameters=(
                QueryParam("model", "Only completions made by this model, such as `aurora`."),
                MapQueryParam(
                    "metadata",
                    "Only completions whose metadata has every pair given, as "
                    "`metadata[key]=value` (`metadata[customer]=acme&metadata[tier]=gold`).",
                    max_pairs=shapes.MAX_PAIRS,
                    max_key=shapes.MAX_KEY,
                    max_value=shapes.MAX_VALUE,
                ),
                _after("completion"),
                _limit("completions"),
                ORDER,
            ),
            reply=Reply(ChatCompletionList, "A page of stored completions.", _listing),
            errors=("completion_not_found",),
        ),
        Operation(
            "GET",
            "/chat/completions/{completion_id}",
            "retrieveChatCompletion",
            retrieve_chat_completion,
            summary="Retrieve a stored chat completion",
            description="Fetches a completion created with `store: true`, with its `metadata`. "
            "Stored completions are kept for 30 days.",
            parameters=(BY_ID,),
            reply=Reply(
                ChatCompletion,
                "The stored completion.",
                lambda ex: {"stored": {"value": ex["stored"]}},
            ),
            errors=("completion_not_found",),
        ),
        Operation(
            "POST",
            "/chat/completions/{completion_id}",
            "updateChatCompletion",
            update_chat_completion,
            summary="Update a stored chat completion",
            description="Replaces a stored completion's `metadata` (the only field that can "
            "change) and returns the completion.",
            parameters=(BY_ID,),
            writes=True,
            request=RequestBody(
                UpdateChatCompletion,
                lambda ex: {"metadata": {"value": {"metadata": ex["stored_updated"]["metadata"]}}},
            ),
            reply=Reply(
                ChatCompletion,
                "The completion with its new metadata.",
                lambda ex: {"updated": {"value": ex["stored_updated"]}},
            ),
            errors=("completion_not_found",),
        ),
        Operation(
            "DELETE",
            "/chat/completions/{completion_id}",
            "deleteChatCompletion",
            delete_chat_completion,
            summary="Delete a stored chat completion",
            description="Deletes a stored completion and its messages. The id is then not "
            "found, as if it had never been stored.",
            parameters=(BY_ID,),
            writes=True,
            reply=Reply(
                ChatCompletionDeleted,
                "The completion is deleted.",
                lambda ex: {"deleted": {"value": ex["stored_deleted"]}},
            ),
            errors=("completion_not_found",),
        ),
        Operation(
            "GET",
            "/chat/completions/{completion_id}/messages",
            "listChatCompletionMessages",
            list_chat_completion_messages,
            summary="List a stored completion's messages",
            description="The messages of the conversation a stored completion answered, as "
            "they were sent (MeTal's `system` field first, as a system message), each with "
            "an id: the completion's id, `-` and its position. Paginated like the list.",
            parameters=(BY_ID, _after("message"), _limit("messages"), ORDER),
            reply=Reply(
                StoredMessageList,
                "A page of the completion's messages.",
                lambda ex: {"messages": {"value": ex["stored_messages"]}},
            ),
            errors=("completion_not_found", "message_not_found"),
        ),
    ),
)
