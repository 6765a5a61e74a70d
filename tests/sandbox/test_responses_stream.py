"""Streamed responses: OpenAI's typed events in OpenAI's order, numbered, each valid for
OpenAI's schema and ours, through the SDK's stream helpers (sync and async)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

from contract_check import validate_contract
from openai_compat import validate

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
        "additionalProperties": False,
    },
    "strict": True,
}
TEXT_ORDER = [
    "response.created",
    "response.in_progress",
    "response.output_item.added",
    "response.content_part.added",
    "response.output_text.delta",
    "response.output_text.done",
    "response.content_part.done",
    "response.output_item.done",
    "response.completed",
]


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as running:
        yield running


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as session:
        yield session


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0) as c:
        yield c


def sse(http: httpx.Client, body: dict[str, Any], **headers: str) -> list[tuple[str, Any]]:
    """The stream as (event line, parsed data) pairs, each data checked against both
    schemas and its `event:` line against its `type`."""
    response = http.post("/v1/responses", json={**body, "stream": True}, headers=headers)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    events = []
    for block in response.text.split("\n\n"):
        if not block:
            continue
        name_line, data_line = block.split("\n")
        name, data = name_line.removeprefix("event: "), json.loads(data_line.removeprefix("data: "))
        assert data["type"] == name
        validate("ResponseStreamEvent", data)
        validate_contract("ResponseStreamEvent", data)
        events.append((name, data))
    return events


def collapsed(names: list[str]) -> list[str]:
    """Runs of the same event type as one."""
    return [n for i, n in enumerate(names) if i == 0 or names[i - 1] != n]


def test_text_events_come_in_openais_order(http: httpx.Client) -> None:
    events = sse(http, {"model": "aurora", "input": "What is the capital of France?"})
    assert collapsed([name for name, _ in events]) == TEXT_ORDER
    assert [data["sequence_number"] for _, data in events] == list(range(len(events)))
    deltas = "".join(d["delta"] for n, d in events if n == "response.output_text.delta")
    final = events[-1][1]["response"]
    assert deltas == final["output"][0]["content"][0]["text"] == "The capital of France is Paris."
    assert events[0][1]["response"]["status"] == "in_progress"
    assert final["status"] == "completed" and final["usage"]["output_tokens"] > 0


def test_a_stream_says_what_the_same_request_says_at_once(http: httpx.Client) -> None:
    body = {"model": "valley-fast-1", "input": "Hello!", "instructions": "Be brief."}
    at_once = http.post("/v1/responses", json=body).json()
    final = sse(http, body)[-1][1]["response"]
    assert final["output"][0]["content"] == at_once["output"][0]["content"]
    assert final["usage"] == at_once["usage"]


def test_function_call_arguments_stream(http: httpx.Client) -> None:
    events = sse(
        http, {"model": "valley-pro-1", "input": "What's the weather in Paris?", "tools": [WEATHER]}
    )
    names = collapsed([name for name, _ in events])
    assert names == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    added = events[2][1]["item"]
    assert added["type"] == "function_call" and added["arguments"] == ""
    deltas = "".join(d["delta"] for n, d in events if n.endswith("arguments.delta"))
    done = next(d for n, d in events if n.endswith("arguments.done"))
    assert json.loads(deltas) == json.loads(done["arguments"]) == {"location": "Paris"}
    assert done["name"] == "get_weather" and done["item_id"] == added["id"]


def test_the_sdk_stream_helper(client: openai.OpenAI) -> None:
    with client.responses.stream(model="aurora", input="What is the capital of France?") as stream:
        deltas = [e.delta for e in stream if e.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert "".join(deltas) == final.output_text == "The capital of France is Paris."
    stored = client.responses.retrieve(final.id)
    assert stored.output_text == final.output_text


def test_the_sdk_stream_helper_collects_function_calls(client: openai.OpenAI) -> None:
    with client.responses.stream(
        model="valley-pro-1",
        input="What's the weather in Paris?",
        tools=[WEATHER],  # type: ignore[list-item]
    ) as stream:
        done = [e for e in stream if e.type == "response.function_call_arguments.done"]
        final = stream.get_final_response()
    assert [d.arguments for d in done] == [final.output[0].arguments]  # type: ignore[union-attr]


@pytest.mark.anyio
async def test_the_async_sdk_streams(sandbox: Sandbox) -> None:
    async with openai.AsyncOpenAI(
        base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0
    ) as client:
        stream = await client.responses.create(model="aurora", input="Hello!", stream=True)
        types = [event.type async for event in stream]
        assert collapsed(types) == TEXT_ORDER
        async with client.responses.stream(model="aurora", input="Hello!") as helper:
            async for _ in helper:
                pass
            final = await helper.get_final_response()
        assert final.output_text == "Hello! I'm Aurora. How can I help you today?"


def test_an_error_mid_stream_is_an_error_event(http: httpx.Client, client: openai.OpenAI) -> None:
    events = sse(
        http, {"model": "aurora", "input": "Hello!"}, **{"metal-sandbox-simulate": "stream_error"}
    )
    name, error = events[-1]
    assert name == "error" and error["code"] == "server_error"
    assert error["sequence_number"] == len(events) - 1
    assert not any(n == "response.completed" for n, _ in events)
    stream = client.responses.create(
        model="aurora",
        input="Hello!",
        stream=True,
        extra_headers={"metal-sandbox-simulate": "stream_error"},
    )
    assert [e.type for e in stream][-1] == "error"


def test_a_stream_cut_by_the_client_leaves_the_server_serving(sandbox: Sandbox) -> None:
    headers = {"authorization": f"Bearer {sandbox.api_key}"}
    body = {"model": "aurora", "input": "Tell me about the history of Rome.", "stream": True}
    with httpx.Client(base_url=sandbox.url, headers=headers, timeout=10) as session:
        with session.stream("POST", "/v1/responses", json=body) as response:
            first = next(response.iter_lines())
            assert first == "event: response.created"
        # closed after one line; the next request is served at once
        again = session.post("/v1/responses", json={"model": "aurora", "input": "Hi"})
        assert again.status_code == 200 and again.json()["status"] == "completed"
