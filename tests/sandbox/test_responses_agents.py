"""The OpenAI Agents SDK on its default setup (the Responses API) runs an agent with a
function tool against the sandbox: only the client's base URL and key change."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import openai
import pytest
from agents import (
    Agent,
    OpenAIResponsesModel,
    Runner,
    function_tool,
    set_default_openai_client,
    set_tracing_disabled,
)
from agents.models.multi_provider import MultiProvider

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as running:
        yield running


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[tuple[openai.AsyncOpenAI, list[str]]]:
    """The SDK's default client, pointed at the sandbox, with the paths it requests;
    tracing off, so nothing is sent to OpenAI's trace exporter."""
    set_tracing_disabled(True)
    seen: list[str] = []

    async def log(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url.path}")

    async with openai.AsyncOpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key) as client:
        client._client.event_hooks["request"].append(log)
        set_default_openai_client(client)
        yield client, seen


@function_tool
def get_weather(city: str) -> str:
    """Get the current weather in a city."""
    return f"18 C and sunny in {city}"


@pytest.mark.anyio
async def test_an_agent_calls_a_function_tool_through_responses(
    client: tuple[openai.AsyncOpenAI, list[str]],
) -> None:
    agent = Agent(
        name="Weather",
        instructions="You answer questions about the weather.",
        model="valley-pro-1",
        tools=[get_weather],
    )
    assert isinstance(MultiProvider().get_model("valley-pro-1"), OpenAIResponsesModel)
    result = await Runner.run(agent, "What's the weather in Paris?")
    assert "18" in result.final_output
    calls = [i for i in result.new_items if i.type == "tool_call_item"]
    outputs = [i for i in result.new_items if i.type == "tool_call_output_item"]
    assert len(calls) == 1 and outputs[0].output == "18 C and sunny in Paris"
    assert client[1] == ["POST /v1/responses", "POST /v1/responses"]
    assert (result.raw_responses[0].response_id or "").startswith("resp_")


@pytest.mark.anyio
async def test_an_agent_streams(client: tuple[openai.AsyncOpenAI, list[str]]) -> None:
    agent = Agent(name="Assistant", model="aurora", tools=[get_weather])
    run = Runner.run_streamed(agent, "What is the capital of France?")
    kinds = [event.type async for event in run.stream_events()]
    assert run.final_output == "The capital of France is Paris."
    assert "raw_response_event" in kinds
    assert client[1] == ["POST /v1/responses"]
