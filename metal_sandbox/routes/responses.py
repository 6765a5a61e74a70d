"""`/v1/responses`: create a response (streamed, in the background, or at once), retrieve,
delete and cancel it, and list its input items. The reply comes from the chat path
(`metal_sandbox.responses`)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError

from metal_sandbox import background, responses, sse
from metal_sandbox.errors import APIError
from metal_sandbox.operations import Event, Operation, Reply, RequestBody, Resource, Stream
from metal_sandbox.params import Examples, PathParam, QueryParam
from metal_sandbox.pipeline import Call, Outcome, json_body
from metal_sandbox.schemas.responses import (
    CreateResponse,
    DeletedResponse,
    ResponseErrorEvent,
    ResponseItemList,
    ResponseObject,
    ResponseStreamEvent,
)
from metal_sandbox.schemas.webhooks import (
    ResponseCompletedWebhookEvent,
    ResponseFailedWebhookEvent,
)
from metal_sandbox.state import Stored
from metal_sandbox.validation import to_api_error

#: After how many events a simulated `stream_error` breaks the stream.
_EVENTS_BEFORE_STREAM_ERROR = 4


async def create_response(call: Call) -> Outcome:
    try:
        request = CreateResponse.model_validate_json(call.body)
    except ValidationError as exc:
        raise to_api_error(exc, call.body) from None
    earlier = _previous(call, request.previous_response_id)
    turn = responses.prepare(request, call.runtime.ids, earlier)
    limiter = call.runtime.limiter
    limiter.admit_tokens(call.account, call.now(), turn.token_estimate)
    if request.background:
        queued = background.accept_response(
            call.runtime, call.account, turn, fail_with=call.simulated_failure()
        )
        return Outcome.json(queued)
    call.raise_simulated()
    response_id = call.runtime.ids.new("resp_")
    answered = responses.answer(turn, call.runtime.ids, int(call.now()), response_id)
    response = answered.response
    assert response.usage is not None
    limiter.spend_tokens(call.account, call.now(), response.usage.total_tokens)
    broken = call.simulate == "stream_error"
    body = json_body(response)
    if response.store and not broken:
        stored = responses.stored(answered, turn.items, body=body)
        call.runtime.stores.responses[(call.account, response.id)] = stored
    if not request.stream:
        return Outcome(body=body)
    return Outcome.stream(_sse(response, broken=broken))


def _previous(call: Call, response_id: str | None) -> Stored | None:
    if response_id is None:
        return None
    earlier = call.runtime.stores.responses.get((call.account, response_id))
    if earlier is None:
        raise APIError(
            "previous_response_not_found",
            f"Previous response with id '{response_id}' not found.",
            param="previous_response_id",
        )
    return earlier


def _sse(response: ResponseObject, *, broken: bool) -> Iterator[bytes]:
    for sent, event in enumerate(responses.events(response)):
        if broken and sent == _EVENTS_BEFORE_STREAM_ERROR:
            error = ResponseErrorEvent(
                sequence_number=sent,
                code="server_error",
                message="The stream was interrupted by a server error. Retry the request.",
            )
            yield sse.typed(error.type, error.model_dump_json())
            return
        yield sse.typed(event.type, event.model_dump_json())


def _stored(call: Call) -> tuple[tuple[str, str], Stored]:
    response_id = call.request.path_params["response_id"]
    key = (call.account, response_id)
    found = call.runtime.stores.responses.get(key)
    if found is None:
        raise APIError(
            "response_not_found",
            f"No response found with id '{response_id}'. Only responses created with "
            "store: true (the default) can be fetched, for 30 days.",
            param="response_id",
        )
    return key, found


async def retrieve_response(call: Call) -> Outcome:
    _, found = _stored(call)
    if call.query["stream"] == "true":
        raise APIError(
            "unsupported_value",
            "Unsupported value: 'stream' does not support 'true' here: MeTal does not "
            "replay a stored response's events. Fetch it as JSON, or create the response "
            "with stream: true.",
            param="stream",
        )
    return Outcome(body=found.body)


async def delete_response(call: Call) -> Outcome:
    key, _ = _stored(call)
    del call.runtime.stores.responses[key]
    return Outcome.json(DeletedResponse(id=key[1]))


async def cancel_response(call: Call) -> Outcome:
    key, found = _stored(call)
    response = json.loads(found.body)
    status = response["status"]
    if not response["background"]:
        raise APIError(
            "response_not_cancellable",
            "Only responses created with background: true can be cancelled.",
            param="response_id",
        )
    if status == "cancelled":
        return Outcome(body=found.body)  # cancelling twice returns the cancelled response
    if status not in ("queued", "in_progress"):
        raise APIError(
            "response_not_cancellable",
            f"Cannot cancel a response with status '{status}': only a queued or "
            "in-progress background response can be cancelled.",
            param="response_id",
        )
    cancelled = ResponseObject.model_validate({**response, "status": "cancelled"})
    body = json_body(cancelled)
    call.runtime.stores.responses[key] = Stored(body, found.items, None)
    return Outcome(body=body)


async def list_input_items(call: Call) -> Outcome:
    _, found = _stored(call)
    order = call.query["order"] or "desc"
    if order not in ("asc", "desc"):
        raise APIError(
            "invalid_value",
            f"Invalid value for 'order': expected one of 'asc', 'desc', but got "
            f"'{order[:40]}' instead.",
            param="order",
        )
    items: list[dict[str, Any]] = json.loads(found.items)
    if order == "desc":
        items.reverse()
    after = call.query["after"]
    if after is not None:
        ids = [item["id"] for item in items]
        if after not in ids:
            raise APIError(
                "invalid_value",
                f"Invalid value for 'after': no input item '{after[:40]}' in this response.",
                param="after",
            )
        items = items[ids.index(after) + 1 :]
    page = items[: call.query["limit"]]
    listed = ResponseItemList.model_validate(
        {
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(items) > len(page),
        }
    )
    return Outcome.json(listed)


# --- the declaration ------------------------------------------------------------------

RESPONSE_ID = PathParam(
    "response_id",
    "The `id` of a stored response, `resp_…`.",
    example=lambda ex: ex["responses"]["stored_id"],
)


def _request_examples(ex: Examples) -> dict[str, Any]:
    return {
        name: {"summary": e["summary"], "value": e["request"]}
        for name, e in ex["responses"]["create"].items()
    }


def _reply_examples(ex: Examples) -> dict[str, Any]:
    return {
        name: {"summary": e["summary"], "value": e["response"]}
        for name, e in ex["responses"]["create"].items()
        if "response" in e
    }


RESOURCE = Resource(
    "Responses",
    "OpenAI's Responses API: conversation state on the server, typed stream events, "
    "function calls as items. The same model answers as in chat.",
    (
        Operation(
            "POST",
            "/responses",
            "createResponse",
            create_response,
            summary="Create a response",
            description="Generates the model's response to `input`, continuing "
            "`previous_response_id` if given. With `stream: true` it arrives as typed "
            "server-sent events; with `background: true` it is queued and announced by "
            "webhook. Stored by default (`store: true`).",
            writes=True,
            defer_simulation=True,
            request=RequestBody(CreateResponse, _request_examples),
            reply=Reply(
                ResponseObject,
                "The response, or with `stream: true` a stream of typed server-sent events "
                "(`event:` and `data:` lines), from `response.created` to "
                "`response.completed`.",
                _reply_examples,
                stream=Stream(
                    ResponseStreamEvent, lambda ex: ex["responses"]["stream"], typed=True
                ),
            ),
            errors=(
                "unsupported_parameter",
                "unsupported_value",
                "context_length_exceeded",
                "model_not_found",
                "invalid_schema",
                "unsupported_schema",
                "previous_response_not_found",
                "tool_call_not_found",
            ),
        ),
        Operation(
            "GET",
            "/responses/{response_id}",
            "retrieveResponse",
            retrieve_response,
            summary="Retrieve a response",
            description="Fetches a stored response: a finished one, or a background "
            "response while it runs. Stored responses are kept for 30 days.",
            parameters=(
                RESPONSE_ID,
                QueryParam(
                    "stream",
                    "OpenAI's replay of a stored response's events: `true` is refused "
                    "(`unsupported_value`); create the response with `stream: true` instead.",
                ),
            ),
            reply=Reply(
                ResponseObject,
                "The stored response.",
                lambda ex: {"stored": {"value": ex["responses"]["stored"]}},
            ),
            errors=("response_not_found", "unsupported_value"),
        ),
        Operation(
            "DELETE",
            "/responses/{response_id}",
            "deleteResponse",
            delete_response,
            summary="Delete a response",
            description="Deletes a stored response: it can no longer be fetched or "
            "continued with `previous_response_id`.",
            parameters=(RESPONSE_ID,),
            writes=True,
            reply=Reply(
                DeletedResponse,
                "The response is deleted.",
                lambda ex: {"deleted": {"value": ex["responses"]["deleted"]}},
            ),
            errors=("response_not_found",),
        ),
        Operation(
            "POST",
            "/responses/{response_id}/cancel",
            "cancelResponse",
            cancel_response,
            summary="Cancel a background response",
            description="Stops a background response that is still `queued` or "
            "`in_progress`; its status becomes `cancelled` and no webhook is sent. "
            "Cancelling a cancelled response returns it again; a finished one, or one "
            "not created with `background: true`, cannot be cancelled.",
            parameters=(RESPONSE_ID,),
            writes=True,
            reply=Reply(
                ResponseObject,
                "The cancelled response.",
                lambda ex: {"cancelled": {"value": ex["responses"]["cancelled"]}},
            ),
            errors=("response_not_found", "response_not_cancellable"),
        ),
        Operation(
            "GET",
            "/responses/{response_id}/input_items",
            "listInputItems",
            list_input_items,
            summary="List a response's input items",
            description="The items of the response's own `input` (not those of the "
            "responses it continues), newest first by default, a page at a time.",
            parameters=(
                RESPONSE_ID,
                QueryParam(
                    "limit",
                    "How many items per page, 1 to 100.",
                    type="integer",
                    minimum=1,
                    maximum=100,
                    default=20,
                ),
                QueryParam("order", "`desc` (default): newest first; `asc`: oldest first."),
                QueryParam("after", "An item id: the page starts after it."),
            ),
            reply=Reply(
                ResponseItemList,
                "A page of input items.",
                lambda ex: {"items": {"value": ex["responses"]["input_items"]}},
            ),
            errors=("response_not_found",),
        ),
    ),
    events=(
        Event(
            "response.completed",
            ResponseCompletedWebhookEvent,
            "A background response finished.",
            lambda ex: ex["responses"]["completed_event"],
        ),
        Event(
            "response.failed",
            ResponseFailedWebhookEvent,
            "A background response failed.",
            lambda ex: ex["responses"]["failed_event"],
        ),
    ),
)
