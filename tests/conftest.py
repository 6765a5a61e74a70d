"""Fixtures shared by the whole suite. The `metal_sandbox` fixture comes from the
package's own pytest plugin, the same one readers use."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
import pytest

from metal_sandbox.testing import Sandbox


@pytest.fixture
def client(metal_sandbox: Sandbox) -> openai.OpenAI:
    """The official SDK pointed at the sandbox, without automatic retries."""
    return openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=0
    )


@pytest.fixture
def aclient(metal_sandbox: Sandbox) -> openai.AsyncOpenAI:
    return openai.AsyncOpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=0
    )


@pytest.fixture
def http(metal_sandbox: Sandbox) -> Iterator[httpx.Client]:
    """Raw HTTP with the primary test key, for what the SDK would not send."""
    with httpx.Client(
        base_url=metal_sandbox.url, headers={"authorization": f"Bearer {metal_sandbox.api_key}"}
    ) as session:
        yield session
