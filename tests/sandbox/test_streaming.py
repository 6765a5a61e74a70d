"""Streaming: SSE chunks that add up to the non-streamed reply, through the SDK's helpers."""

from __future__ import annotations

import httpx
import openai
import pytest

from metal_sandbox.examples import WEATHER_TOOL

from sandbox_helpers import chat_body


def test_chunks_add_up_to_the_reply(client: openai.OpenAI) -> None:
    body = chat_body("Write a short story about a lighthouse")
    whole = client.chat.completions.create(**body)
    chunks = list(client.chat.completions.create(**body, stream=True))
    assert len(chunks) > 3
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == whole.choices[0].message.content
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert {c.id for c in chunks} == {whole.id.replace(whole.id, chunks[0].id)}


def test_include_usage_adds_a_last_chunk(client: openai.OpenAI) -> None:
    chunks = list(
        client.chat.completions.create(
            **chat_body(), stream=True, stream_options={"include_usage": True}
        )
    )
    assert chunks[-1].choices == []
    assert chunks[-1].usage.total_tokens > 0
    assert all(c.usage is None for c in chunks[:-1])


def test_raw_sse_framing(http: httpx.Client) -> None:
    with http.stream("POST", "/v1/chat/completions", json=chat_body(stream=True)) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = [line for line in response.iter_lines() if line]
    assert all(line.startswith("data: ") for line in lines)
    assert lines[-1] == "data: [DONE]"


def test_sdk_stream_helper_assembles_the_completion(client: openai.OpenAI) -> None:
    with client.chat.completions.stream(**chat_body("What is the capital of France?")) as stream:
        deltas = [e.delta for e in stream if e.type == "content.delta"]
        final = stream.get_final_completion()
    assert "".join(deltas) == final.choices[0].message.content
    assert "Paris" in final.choices[0].message.content


def test_streamed_tool_calls_reassemble(client: openai.OpenAI) -> None:
    body = chat_body("What's the weather in Paris and Tokyo?", tools=[WEATHER_TOOL])
    whole = client.chat.completions.create(**body).choices[0].message.tool_calls
    with client.chat.completions.stream(**body) as stream:
        final = stream.get_final_completion()
    streamed = final.choices[0].message.tool_calls
    assert [(c.function.name, c.function.arguments) for c in streamed] == [
        (c.function.name, c.function.arguments) for c in whole
    ]
    assert final.choices[0].finish_reason == "tool_calls"


def test_an_error_mid_stream_raises(client: openai.OpenAI) -> None:
    stream = client.chat.completions.create(
        **chat_body("Write a short story about a lighthouse"),
        stream=True,
        extra_headers={"metal-sandbox-simulate": "stream_error"},
    )
    received = []
    with pytest.raises(openai.APIError) as caught:
        for chunk in stream:
            received.append(chunk)
    assert received, "some chunks arrive before the error"
    assert "interrupted" in caught.value.message


@pytest.mark.anyio
async def test_async_streaming(aclient: openai.AsyncOpenAI) -> None:
    stream = await aclient.chat.completions.create(**chat_body("Hello!"), stream=True)
    text = "".join([c.choices[0].delta.content or "" async for c in stream])
    assert text
