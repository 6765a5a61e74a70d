"""The contract's examples, produced by the sandbox's engine rather than typed by hand.

Each example request runs through the same code that serves HTTP requests, on a frozen
clock with seeded ids, so every example in the document is what the sandbox really says.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

import httpx

from metal_sandbox import background, completions, embedder, responses, sse
from metal_sandbox.catalog import BY_ID, MODELS
from metal_sandbox.clock import Clock, VirtualClock
from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import spec
from metal_sandbox.ids import IdFactory
from metal_sandbox.runtime import Runtime
from metal_sandbox.schemas.chat import ChatCompletionRequest
from metal_sandbox.schemas.embeddings import EmbeddingRequest
from metal_sandbox.schemas.models import ModelList
from metal_sandbox.schemas.responses import CreateResponse
from metal_sandbox.schemas.stored import ChatCompletionDeleted, StoredMessageList
from metal_sandbox.schemas.webhooks import (
    ChatCompletionCompletedEvent,
    ChatCompletionFailedEvent,
    CompletionEventData,
    CreateWebhookEndpoint,
    EventError,
    ResponseCompletedWebhookEvent,
    ResponseEventData,
    ResponseFailedWebhookEvent,
)
from metal_sandbox.state import Stored
from metal_sandbox.stored import messages
from metal_sandbox.webhooks.engine import WebhookEngine

#: The `param` an example error names, where one parameter is at fault.
ERROR_PARAMS: dict[str, str] = {
    "missing_required_parameter": "messages",
    "unknown_parameter": "temprature",
    "invalid_type": "temperature",
    "invalid_value": "temperature",
    "empty_array": "messages",
    "unsupported_parameter": "reasoning_effort",
    "unsupported_value": "modalities",
    "context_length_exceeded": "messages",
    "model_not_found": "model",
    "completion_not_found": "completion_id",
    "message_not_found": "after",
    "invalid_schema": "response_format",
    "unsupported_schema": "response_format",
}

WEATHER_TOOL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "location": {"type": "string", "description": "City name, e.g. Paris"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
            },
            "required": ["location"],
            "additionalProperties": False,
        },
    },
}

CHAT_REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {
    "basic": (
        "A single question",
        {
            "model": "aurora",
            "messages": [{"role": "user", "content": "What is the capital of France?"}],
        },
    ),
    "system": (
        "A system prompt sets the tone",
        {
            "model": "valley-fast-1",
            "system": "You are a pirate. Answer in one sentence.",
            "messages": [{"role": "user", "content": "Hello!"}],
        },
    ),
    "tools": (
        "The model calls a tool",
        {
            "model": "valley-pro-1",
            "messages": [{"role": "user", "content": "What's the weather in Paris?"}],
            "tools": [WEATHER_TOOL],
        },
    ),
    "json_schema": (
        "Structured output with a JSON schema",
        {
            "model": "aurora",
            "messages": [
                {"role": "user", "content": "Alice and Bob are going to a science fair on Friday."}
            ],
            "response_format": {
                "type": "json_schema",
                "json_schema": {
                    "name": "calendar_event",
                    "strict": True,
                    "schema": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string"},
                            "date": {"type": "string"},
                            "participants": {"type": "array", "items": {"type": "string"}},
                        },
                        "required": ["name", "date", "participants"],
                        "additionalProperties": False,
                    },
                },
            },
        },
    ),
    "stream": (
        "Streaming with usage",
        {
            "model": "valley-fast-1",
            "messages": [{"role": "user", "content": "Hello!"}],
            "stream": True,
            "stream_options": {"include_usage": True},
        },
    ),
}


def _engine() -> tuple[Clock, IdFactory]:
    clock = Clock(frozen=True)
    return clock, IdFactory(clock, deterministic=True)


def _chat(body: dict[str, Any], clock: Clock, ids: IdFactory) -> Any:
    prepared = completions.prepare(ChatCompletionRequest.model_validate(body, strict=False))
    return completions.complete(prepared, ids, int(clock.now()))


def generate() -> dict[str, Any]:
    clock, ids = _engine()
    chat: dict[str, Any] = {}
    stream = ""
    for name, (summary, body) in CHAT_REQUESTS.items():
        completion = _chat(body, clock, ids)
        chat[name] = {"summary": summary, "request": body}
        if body.get("stream"):
            events = [
                sse.event(c.model_dump_json())
                for c in completions.chunks(completion, include_usage=True)
            ]
            stream = b"".join([*events, sse.DONE]).decode()
        else:
            chat[name]["response"] = completion.model_dump(mode="json")
    stored_body = {
        **CHAT_REQUESTS["basic"][1],
        "store": True,
        "metadata": {"customer": "acme", "ticket": "T-1042"},
    }
    stored = _chat(stored_body, clock, ids)
    updated = stored.model_copy(update={"metadata": {"customer": "acme", "ticket": "T-1043"}})
    sent = messages(stored.id, json.dumps(stored_body).encode())
    embedding_request = {"model": "aurora-embed-1", "input": "The quick brown fox", "dimensions": 8}
    embedding = embedder.create(EmbeddingRequest.model_validate(embedding_request))
    return {
        "chat": chat,
        "stream": stream,
        "stored": stored.model_dump(mode="json"),
        "stored_id": stored.id,
        "stored_updated": updated.model_dump(mode="json"),
        "stored_deleted": ChatCompletionDeleted(id=stored.id).model_dump(mode="json"),
        "stored_messages": StoredMessageList(
            data=sent, first_id=sent[0].id, last_id=sent[-1].id, has_more=False
        ).model_dump(mode="json"),
        "models": ModelList(data=[c.to_model() for c in MODELS]).model_dump(mode="json"),
        "model": BY_ID["aurora"].to_model().model_dump(mode="json"),
        "embedding_request": embedding_request,
        "embedding": embedding.model_dump(mode="json"),
        "responses": _responses(clock, ids),
    }


# --- responses --------------------------------------------------------------------------

WEATHER_FUNCTION: dict[str, Any] = {
    "type": "function",
    **cast(dict[str, Any], WEATHER_TOOL["function"]),
}

RESPONSE_REQUESTS: dict[str, tuple[str, dict[str, Any]]] = {
    "basic": ("A single question", {"model": "aurora", "input": "What is the capital of France?"}),
    "instructions": (
        "Instructions set the tone",
        {
            "model": "valley-fast-1",
            "instructions": "You are a pirate. Answer in one sentence.",
            "input": "Hello!",
        },
    ),
    "tools": (
        "The model calls a function",
        {
            "model": "valley-pro-1",
            "input": "What's the weather in Paris?",
            "tools": [WEATHER_FUNCTION],
        },
    ),
    "json_schema": (
        "Structured output with a JSON schema",
        {
            "model": "aurora",
            "input": "Alice and Bob are going to a science fair on Friday.",
            "text": {
                "format": {
                    "type": "json_schema",
                    "name": "calendar_event",
                    "strict": True,
                    "schema": CHAT_REQUESTS["json_schema"][1]["response_format"]["json_schema"][
                        "schema"
                    ],
                }
            },
        },
    ),
}


def _responses(clock: Clock, ids: IdFactory) -> dict[str, Any]:
    """Every Responses example from the same code as a request: a conversation of stored
    responses, a stream, and a background response cancelled and webhook events."""
    store: dict[str, Stored] = {}

    def respond(body: dict[str, Any]) -> Any:
        request = CreateResponse.model_validate_json(json.dumps(body))
        earlier = store.get(request.previous_response_id or "")
        turn = responses.prepare(request, ids, earlier)
        answered = responses.answer(turn, ids, int(clock.now()), ids.new("resp_"))
        body_json = answered.response.model_dump_json(indent=2).encode()
        store[answered.response.id] = responses.stored(answered, turn.items, body=body_json)
        return answered.response

    create: dict[str, Any] = {}
    for name, (summary, body) in RESPONSE_REQUESTS.items():
        create[name] = {"summary": summary, "request": body, "response": respond(body)}
    call = create["tools"]["response"].output[0]
    follow_up = {
        "model": "valley-pro-1",
        "previous_response_id": create["tools"]["response"].id,
        "input": [
            {
                "type": "function_call_output",
                "call_id": call.call_id,
                "output": '{"temperature_c": 18, "conditions": "sunny"}',
            }
        ],
        "tools": [WEATHER_FUNCTION],
    }
    create["function_call_output"] = {
        "summary": "A function's result, continuing the conversation",
        "request": follow_up,
        "response": respond(follow_up),
    }
    stream_body = {**RESPONSE_REQUESTS["basic"][1], "stream": True}
    streamed = respond(stream_body)
    stream = b"".join(sse.typed(e.type, e.model_dump_json()) for e in responses.events(streamed))
    background_body = {**RESPONSE_REQUESTS["basic"][1], "background": True}
    queued = _run(_queued_response(background_body))
    create["background"] = {
        "summary": "A background response, announced by webhook",
        "request": background_body,
        "response": queued,
    }
    stored = create["basic"]["response"]
    items = json.loads(store[stored.id].items)
    completed = ResponseCompletedWebhookEvent(
        id=ids.new("evt_"), created_at=int(clock.now()), data=ResponseEventData(id=queued["id"])
    )
    failed = ResponseFailedWebhookEvent(
        id=ids.new("evt_"), created_at=int(clock.now()), data=ResponseEventData(id=queued["id"])
    )
    dumped = {
        name: {
            **e,
            "response": (
                e["response"]
                if isinstance(e["response"], dict)
                else e["response"].model_dump(mode="json", by_alias=True)
            ),
        }
        for name, e in create.items()
    }
    return {
        "create": dumped,
        "stream": stream.decode(),
        "stored": stored.model_dump(mode="json", by_alias=True),
        "stored_id": stored.id,
        "deleted": {"id": stored.id, "object": "response", "deleted": True},
        "cancelled": {**queued, "status": "cancelled"},
        "input_items": {
            "object": "list",
            "data": items,
            "first_id": items[0]["id"],
            "last_id": items[-1]["id"],
            "has_more": False,
        },
        "completed_event": completed.model_dump(mode="json"),
        "failed_event": failed.model_dump(mode="json"),
    }


async def _queued_response(body: dict[str, Any]) -> dict[str, Any]:
    """What a background request answers at once: the response, `queued`."""
    runtime = Runtime(SandboxConfig(deterministic=True))
    request = CreateResponse.model_validate_json(json.dumps(body))
    turn = responses.prepare(request, runtime.ids, None)
    queued = background.accept_response(runtime, "acct_example", turn, fail_with=None)
    for task in runtime.background_tasks:
        task.cancel()
    return queued.model_dump(mode="json", by_alias=True)


# --- webhooks ---------------------------------------------------------------------------


T = TypeVar("T")


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run on an event loop of its own, in its own thread, so building the document works
    from inside a running loop (a server, an async test) as well as from a script."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def generate_webhooks() -> dict[str, Any]:
    """Endpoint, delivery and event examples from the real delivery engine, whose HTTP
    client answers 500 once, then 200, through a mock transport."""
    clock = VirtualClock(instant=True)
    ids = IdFactory(clock, deterministic=True)
    answers = iter([500, 200])
    client = httpx.AsyncClient(
        transport=httpx.MockTransport(lambda request: httpx.Response(next(answers, 200)))
    )
    engine = WebhookEngine(clock, ids, deterministic=True, client=client)
    create: dict[str, Any] = {
        "url": "https://example.com/metal/webhooks",
        "name": "orders-service",
        "event_types": ["chat.completion.completed", "chat.completion.failed"],
    }
    endpoint = engine.create(
        "acct_example",
        CreateWebhookEndpoint.model_validate({**create, "url": "http://127.0.0.1:8000/webhooks"}),
    )
    endpoint.url = create["url"]  # shown as production would have it
    with_secret = endpoint.with_secret(clock.now()).model_dump(mode="json")
    completed = ChatCompletionCompletedEvent(
        id=ids.new("evt_"),
        created_at=int(clock.now()),
        data=CompletionEventData(id=ids.new("chatcmpl-"), status="completed"),
    )
    failed = ChatCompletionFailedEvent(
        id=ids.new("evt_"),
        created_at=int(clock.now()),
        data=CompletionEventData(
            id=ids.new("chatcmpl-"),
            status="failed",
            error=EventError(code="server_error", message=spec("server_error").example),
        ),
    )

    async def deliver() -> None:
        async with client:
            engine.emit("acct_example", completed, completed.type, completed.id)
            await engine.drain()

    _run(deliver())
    delivery = endpoint.deliveries[0].model().model_dump(mode="json")
    rotated = engine.rotate("acct_example", endpoint.id, keep_old=True)
    background_request = {**CHAT_REQUESTS["basic"][1], "background": True}
    return {
        "create_request": create,
        "endpoint_with_secret": with_secret,
        "endpoint": endpoint.model(clock.now()).model_dump(mode="json"),
        "rotated": rotated.with_secret(clock.now()).model_dump(mode="json"),
        "delivery": delivery,
        "completed_event": completed.model_dump(mode="json"),
        "failed_event": failed.model_dump(mode="json"),
        "background_request": background_request,
        "queued": _run(_queued(background_request)),
    }


async def _queued(body: dict[str, Any]) -> dict[str, Any]:
    """What a background request answers at once: the completion, `queued`."""
    runtime = Runtime(SandboxConfig(deterministic=True))
    prepared = completions.prepare(ChatCompletionRequest.model_validate(body, strict=False))
    queued = background.accept(
        runtime, "acct_example", prepared, request=json.dumps(body).encode(), fail_with=None
    )
    for task in runtime.background_tasks:
        task.cancel()
    return queued.model_dump(mode="json")
