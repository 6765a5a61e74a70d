"""Background completions and responses: accepted at once, finished later, announced by
webhook.

A background request answers with the completion in status `queued`. A task then moves
it to `in_progress`, generates it, stores the result as `completed` (or `failed`) and
emits `chat.completion.completed` (or `.failed`) to the account's webhook endpoints. A
background response goes the same way and emits `response.completed` (or `.failed`); it
can also be cancelled or deleted meanwhile, which the task sees and stops for.

The request's token estimate (prompt plus `max_tokens` for each of `n` choices) is charged
against the account's tokens-per-minute window when it is accepted, not when it finishes:
otherwise any number of background requests would pass the check at once, each seeing
the window as it was before the others ran.
"""

from __future__ import annotations

import asyncio
import json

from metal_sandbox import completions, responses
from metal_sandbox.errors import spec
from metal_sandbox.pipeline import json_body
from metal_sandbox.runtime import Runtime
from metal_sandbox.schemas.chat import ChatCompletion, CompletionError
from metal_sandbox.schemas.responses import ResponseError, ResponseObject
from metal_sandbox.schemas.webhooks import (
    ChatCompletionCompletedEvent,
    ChatCompletionFailedEvent,
    CompletionEventData,
    EventError,
    ResponseCompletedWebhookEvent,
    ResponseEventData,
    ResponseFailedWebhookEvent,
)

#: Sandbox seconds a background completion spends queued, then in progress.
QUEUED_SECONDS = 0.1
RUNNING_SECONDS = 0.3


def accept(
    runtime: Runtime,
    account: str,
    prepared: completions.Prepared,
    *,
    request: bytes,
    fail_with: str | None,
) -> ChatCompletion:
    """Store the queued completion, with its `request` (the body as sent), and start the
    task that finishes it."""
    card = prepared.card
    queued = ChatCompletion(
        id=runtime.ids.new("chatcmpl-"),
        created=int(runtime.clock.now()),
        model=card.id,
        choices=[],
        status="queued",
        system_fingerprint=completions.fingerprint(card.id),
        metadata=prepared.request.metadata,
    )
    runtime.stores.completions.keep(
        account,
        queued.id,
        json_body(queued),
        request=request,
        model=card.id,
        metadata=queued.metadata,
    )
    runtime.limiter.spend_tokens(account, runtime.clock.now(), prepared.token_estimate)
    task = asyncio.get_running_loop().create_task(
        _finish(runtime, account, prepared, queued, fail_with)
    )
    _keep(runtime, task)
    return queued


def _keep(runtime: Runtime, task: asyncio.Task[None]) -> None:
    runtime.background_tasks.add(task)
    task.add_done_callback(runtime.background_tasks.discard)


async def _finish(
    runtime: Runtime,
    account: str,
    prepared: completions.Prepared,
    queued: ChatCompletion,
    fail_with: str | None,
) -> None:
    store = runtime.stores.completions
    await runtime.clock.sleep(QUEUED_SECONDS)
    store.advance(account, queued.model_copy(update={"status": "in_progress"}))
    await runtime.clock.sleep(RUNNING_SECONDS)
    if fail_with is None:
        done = completions.complete(prepared, runtime.ids, queued.created, completion_id=queued.id)
        store.advance(account, done.model_copy(update={"status": "completed"}))
        event: ChatCompletionCompletedEvent | ChatCompletionFailedEvent
        event = ChatCompletionCompletedEvent(
            id=runtime.ids.new("evt_"),
            created_at=int(runtime.clock.now()),
            data=CompletionEventData(id=queued.id, status="completed"),
        )
    else:
        failure = spec(fail_with)
        error = CompletionError(code=failure.code, message=failure.example)
        store.advance(account, queued.model_copy(update={"status": "failed", "error": error}))
        event = ChatCompletionFailedEvent(
            id=runtime.ids.new("evt_"),
            created_at=int(runtime.clock.now()),
            data=CompletionEventData(
                id=queued.id,
                status="failed",
                error=EventError(code=error.code, message=error.message),
            ),
        )
    runtime.webhooks.emit(account, event, event.type, event.id)


# --- responses ------------------------------------------------------------------------


def accept_response(
    runtime: Runtime, account: str, turn: responses.Turn, *, fail_with: str | None
) -> ResponseObject:
    """Store the queued response and start the task that finishes it."""
    response_id = runtime.ids.new("resp_")
    queued = responses.shell(turn, response_id, int(runtime.clock.now()))
    queued = queued.model_copy(update={"status": "queued"})
    runtime.stores.responses[(account, response_id)] = responses.pending(
        json_body(queued), turn.items
    )
    runtime.limiter.spend_tokens(account, runtime.clock.now(), turn.token_estimate)
    task = asyncio.get_running_loop().create_task(
        _finish_response(runtime, account, turn, queued, fail_with)
    )
    _keep(runtime, task)
    return queued


def _still_running(runtime: Runtime, key: tuple[str, str]) -> bool:
    """False once the response was cancelled or deleted: the task then has nothing to do."""
    current = runtime.stores.responses.get(key)
    return current is not None and json.loads(current.body)["status"] in ("queued", "in_progress")


async def _finish_response(
    runtime: Runtime,
    account: str,
    turn: responses.Turn,
    queued: ResponseObject,
    fail_with: str | None,
) -> None:
    store, key = runtime.stores.responses, (account, queued.id)
    await runtime.clock.sleep(QUEUED_SECONDS)
    if not _still_running(runtime, key):
        return
    running = queued.model_copy(update={"status": "in_progress"})
    store[key] = responses.pending(json_body(running), turn.items)
    await runtime.clock.sleep(RUNNING_SECONDS)
    if not _still_running(runtime, key):
        return
    now = int(runtime.clock.now())
    if fail_with is None:
        answered = responses.answer(turn, runtime.ids, queued.created_at, queued.id)
        done = answered.response.model_copy(update={"completed_at": now})
        store[key] = responses.stored(answered, turn.items, body=json_body(done))
        event: ResponseCompletedWebhookEvent | ResponseFailedWebhookEvent = (
            ResponseCompletedWebhookEvent(
                id=runtime.ids.new("evt_"), created_at=now, data=ResponseEventData(id=queued.id)
            )
        )
    else:
        error = ResponseError(code="server_error", message=spec(fail_with).example)
        failed = queued.model_copy(update={"status": "failed", "error": error})
        store[key] = responses.pending(json_body(failed), turn.items)
        event = ResponseFailedWebhookEvent(
            id=runtime.ids.new("evt_"), created_at=now, data=ResponseEventData(id=queued.id)
        )
    runtime.webhooks.emit(account, event, event.type, event.id)
