"""Every kind of response validates against OpenAI's schema and our own contract."""

from __future__ import annotations

import json

import httpx
import pytest
from jsonschema import ValidationError

from metal_sandbox.examples import WEATHER_TOOL

from contract_check import validate_contract
from openai_compat import validate
from sandbox_helpers import chat_body

BODIES = {
    "plain": chat_body("What is the capital of France?"),
    "system": chat_body("Hello!", system="You are a pirate."),
    "n_and_seed": chat_body("Tell me a joke", n=3, seed=7),
    "length": chat_body("Write a short story about a lighthouse", max_tokens=12),
    "stop": chat_body("What is the capital of France?", stop=["Paris"]),
    "tools": chat_body("What's the weather in Paris?", tools=[WEATHER_TOOL]),
    "tool_required": chat_body("Hi", tools=[WEATHER_TOOL], tool_choice="required"),
    "json_object": chat_body(
        "Give me the capital of France as JSON", response_format={"type": "json_object"}
    ),
    "reasoning": {
        **chat_body("What is 17 * 23?"),
        "model": "valley-pro-1",
        "reasoning_effort": "high",
    },
    "image": {
        "model": "aurora",
        "messages": [
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "https://example.com/golden-retriever.jpg"},
                    },
                ],
            }
        ],
    },
    "stored": chat_body("Hello!", store=True, metadata={"ticket": "T-1"}),
}


@pytest.mark.parametrize("name", BODIES)
def test_chat_completion_validates(http: httpx.Client, name: str) -> None:
    response = http.post("/v1/chat/completions", json=BODIES[name])
    assert response.status_code == 200, response.text
    validate("CreateChatCompletionResponse", response.json())
    validate_contract("ChatCompletion", response.json())


@pytest.mark.parametrize("name", ["plain", "tools", "n_and_seed", "length"])
def test_every_stream_chunk_validates(http: httpx.Client, name: str) -> None:
    body = {**BODIES[name], "stream": True, "stream_options": {"include_usage": True}}
    response = http.post("/v1/chat/completions", json=body)
    lines = [line for line in response.text.split("\n\n") if line]
    assert lines[-1] == "data: [DONE]"
    for line in lines[:-1]:
        chunk = json.loads(line.removeprefix("data: "))
        validate("CreateChatCompletionStreamResponse", chunk)
        validate_contract("ChatCompletionChunk", chunk)


def test_models_and_embeddings_validate(http: httpx.Client) -> None:
    listing = http.get("/v1/models").json()
    validate("ListModelsResponse", listing)
    validate_contract("ModelList", listing)
    one = http.get("/v1/models/aurora").json()
    validate("Model", one)
    validate_contract("Model", one)
    vectors = http.post(
        "/v1/embeddings", json={"model": "aurora-embed-1", "input": ["a cat", "a dog"]}
    ).json()
    validate("CreateEmbeddingResponse", vectors)
    validate_contract("EmbeddingList", vectors)


def test_errors_validate(http: httpx.Client) -> None:
    error = http.post("/v1/chat/completions", json={"model": "aurora", "messages": []}).json()
    validate("ErrorResponse", error)
    validate_contract("ErrorResponse", error)


def test_the_validators_can_fail() -> None:
    with pytest.raises(ValidationError):
        validate_contract("ChatCompletion", {"id": "x", "object": "chat.completion"})
    with pytest.raises(ValidationError):
        validate("CreateChatCompletionResponse", {"id": "x"})
