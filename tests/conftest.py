"""Fixtures shared by the whole suite. The `metal_sandbox` fixture comes from the
package's own pytest plugin, the same one readers use."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Iterator

import httpx
import openai
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox


@pytest.fixture
def client(metal_sandbox: Sandbox) -> openai.OpenAI:
    """The official SDK pointed at the sandbox, without automatic retries."""
    return openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=0
    )


@pytest.fixture
async def aclient(metal_sandbox: Sandbox) -> AsyncIterator[openai.AsyncOpenAI]:
    """The async SDK, closed inside the test's own event loop: left to the garbage
    collector, its connections would close on a loop that has already ended."""
    async with openai.AsyncOpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=0
    ) as session:
        yield session


@pytest.fixture
def http(metal_sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Raw HTTP with the primary test key, for what the SDK would not send."""
    with httpx.Client(
        base_url=metal_sandbox.url, headers={"authorization": f"Bearer {metal_sandbox.api_key}"}
    ) as session:
        yield session


@pytest.fixture(scope="session")
def unlimited_sandbox_server() -> Iterator[Sandbox]:
    """A second deterministic sandbox, with rate limits off, for modules whose tests send
    more than a minute's five requests."""
    config = SandboxConfig(deterministic=True, requests_per_minute=0, tokens_per_minute=0)
    with Sandbox(config) as sandbox:
        yield sandbox


@pytest.fixture
def unlimited_sandbox(unlimited_sandbox_server: Sandbox) -> Sandbox:
    """That sandbox, reset. A module puts `client`, `aclient` and `http` on it by
    overriding `metal_sandbox` with this fixture."""
    unlimited_sandbox_server.reset()
    return unlimited_sandbox_server


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Collect garbage before an async test starts its event loop.

    An `AsyncOpenAI` client that an earlier test (or docs example) left open closes itself
    when it is collected, by scheduling `aclose()` on whatever loop is running then. Under a
    later test's loop, that closes a transport of the earlier, closed loop, and anyio fails
    the later test with "Event loop is closed". Collected here, with no loop running, the
    SDK's `__del__` does nothing.
    """
    if item.get_closest_marker("anyio") is not None:
        gc.collect()
