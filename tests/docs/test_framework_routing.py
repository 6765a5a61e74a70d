"""The frameworks of "Switch from OpenAI" reach the sandbox through the harness's routing
(`docs_harness.routing`), as the `openai` SDK does: they build `openai` clients, whose
transports the harness patches. So their examples run against the sandbox, and a
framework pointed at any other host fails the example instead of leaving the machine."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import requests
from langchain_openai import ChatOpenAI, OpenAIEmbeddings
from openai import AsyncOpenAI
from pytest_socket import SocketConnectBlockedError

from docs_harness.hosts import PRODUCTION_ORIGIN
from docs_harness.routing import ForeignHostError
from docs_harness.session import DocsSession

METAL = f"{PRODUCTION_ORIGIN}/v1"
ELSEWHERE = "https://api.openai.com/v1"


def langchain_chat(base_url: str) -> str:
    llm = ChatOpenAI(
        model="aurora", base_url=base_url, api_key=os.environ["METAL_API_KEY"], max_retries=0
    )
    return str(llm.invoke("Hello!").content)


def langchain_embeddings(base_url: str) -> str:
    embeddings = OpenAIEmbeddings(
        model="aurora-embed-1",
        base_url=base_url,
        api_key=os.environ["METAL_API_KEY"],
        check_embedding_ctx_length=False,
        max_retries=0,
    )
    return str(len(embeddings.embed_query("a cat")))


def pydantic_ai(base_url: str) -> str:
    from pydantic_ai import Agent
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    provider = OpenAIProvider(base_url=base_url, api_key=os.environ["METAL_API_KEY"])
    return str(Agent(OpenAIChatModel("aurora", provider=provider)).run_sync("Hello!").output)


def openai_agents(base_url: str) -> str:
    from agents import Agent, OpenAIChatCompletionsModel, Runner, set_tracing_disabled

    set_tracing_disabled(True)

    async def run() -> str:
        # Closed on the loop it ran on: left open, the client would be closed by the
        # garbage collector on whatever loop runs then, a later async test's.
        async with AsyncOpenAI(
            base_url=base_url, api_key=os.environ["METAL_API_KEY"], max_retries=0
        ) as client:
            model = OpenAIChatCompletionsModel(model="aurora", openai_client=client)
            agent = Agent(name="Assistant", model=model)
            return str((await Runner.run(agent, "Hello!")).final_output)

    return asyncio.run(run())


FRAMEWORKS: dict[str, Callable[[str], str]] = {
    "langchain-chat": langchain_chat,
    "langchain-embeddings": langchain_embeddings,
    "pydantic-ai": pydantic_ai,
    "openai-agents": openai_agents,
}


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_the_framework_reaches_the_sandbox(name: str, docs: DocsSession) -> None:
    with docs.running(None):
        answer = FRAMEWORKS[name](METAL)
    assert answer in {"Hello! I'm Aurora. How can I help you today?", "768"}
    assert docs.router.violations == []


@pytest.mark.parametrize("name", FRAMEWORKS)
def test_the_framework_pointed_elsewhere_fails(name: str, docs: DocsSession) -> None:
    with pytest.raises(ForeignHostError, match="api.openai.com"), docs.running(None):
        FRAMEWORKS[name](ELSEWHERE)
    assert docs.router.violations
    assert all(url.startswith(ELSEWHERE) for url in docs.router.violations)


def langchain_from_environment() -> str:
    return str(ChatOpenAI(model="aurora", max_retries=0).invoke("Hello!").content)


def pydantic_ai_from_environment() -> str:
    from pydantic_ai import Agent
    from pydantic_ai.models.openai import OpenAIChatModel
    from pydantic_ai.providers.openai import OpenAIProvider

    model = OpenAIChatModel("aurora", provider=OpenAIProvider())
    return str(Agent(model).run_sync("Hello!").output)


@pytest.mark.parametrize("build", [langchain_from_environment, pydantic_ai_from_environment])
def test_the_environment_variables_switch_the_framework(
    build: Callable[[], str], docs: DocsSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What "Switch from OpenAI" says: the two variables point these frameworks at MeTal."""
    monkeypatch.setenv("OPENAI_BASE_URL", METAL)
    monkeypatch.setenv("OPENAI_API_KEY", os.environ["METAL_API_KEY"])
    with docs.running(None):
        assert build() == "Hello! I'm Aurora. How can I help you today?"
    monkeypatch.setenv("OPENAI_BASE_URL", ELSEWHERE)
    with pytest.raises(ForeignHostError, match="api.openai.com"), docs.running(None):
        build()
    assert docs.router.violations


def test_openai_embeddings_by_default_downloads_tiktoken_s_encoding(
    docs: DocsSession, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Why the page sets `check_embedding_ctx_length=False`: without it, LangChain fetches
    tiktoken's encoding from the internet before it sends anything to MeTal."""
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    embeddings = OpenAIEmbeddings(
        model="aurora-embed-1", base_url=METAL, api_key=os.environ["METAL_API_KEY"]
    )
    refused = (requests.ConnectionError, SocketConnectBlockedError)  # no DNS, or no connect
    with pytest.raises(refused) as failure, docs.running(None):
        embeddings.embed_query("a cat")
    assert any("/tiktoken/" in str(entry.path) for entry in failure.traceback)
