"""The contract's examples, produced by the sandbox's engine rather than typed by hand.

Each example request runs through the same code that serves HTTP requests, on a frozen
clock with seeded ids, so every example in the document is what the sandbox really says.
"""

from __future__ import annotations

from typing import Any

from metal_sandbox import completions, embedder
from metal_sandbox.catalog import BY_ID, MODELS
from metal_sandbox.clock import Clock
from metal_sandbox.ids import IdFactory
from metal_sandbox.schemas.chat import ChatCompletionRequest
from metal_sandbox.schemas.embeddings import EmbeddingRequest
from metal_sandbox.schemas.models import ModelList

#: The `param` an example error names, where one parameter is at fault.
ERROR_PARAMS: dict[str, str] = {
    "missing_required_parameter": "messages",
    "unknown_parameter": "temprature",
    "invalid_type": "temperature",
    "invalid_value": "temperature",
    "empty_array": "messages",
    "unsupported_parameter": "reasoning_effort",
    "context_length_exceeded": "messages",
    "model_not_found": "model",
    "completion_not_found": "completion_id",
    "invalid_schema": "response_format",
}

WEATHER_TOOL = {
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
            lines = [
                f"data: {c.model_dump_json()}\n\n"
                for c in completions.chunks(completion, include_usage=True)
            ]
            stream = "".join(lines) + "data: [DONE]\n\n"
        else:
            chat[name]["response"] = completion.model_dump(mode="json")
    stored_body = {
        **CHAT_REQUESTS["basic"][1],
        "store": True,
        "metadata": {"customer": "acme", "ticket": "T-1042"},
    }
    stored = _chat(stored_body, clock, ids)
    embedding_request = {"model": "aurora-embed-1", "input": "The quick brown fox", "dimensions": 8}
    embedding = embedder.create(EmbeddingRequest.model_validate(embedding_request))
    return {
        "chat": chat,
        "stream": stream,
        "stored": stored.model_dump(mode="json"),
        "stored_id": stored.id,
        "models": ModelList(data=[c.to_model() for c in MODELS]).model_dump(mode="json"),
        "model": BY_ID["aurora"].to_model().model_dump(mode="json"),
        "embedding_request": embedding_request,
        "embedding": embedding.model_dump(mode="json"),
    }
