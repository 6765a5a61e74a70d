"""Webhook tests make more requests than the free plan's 5 a minute: they get a
deterministic sandbox without rate limits, reset before each test."""

from __future__ import annotations

from collections.abc import Iterator

import openai
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox


@pytest.fixture(scope="session")
def unlimited_server() -> Iterator[Sandbox]:
    config = SandboxConfig(deterministic=True, requests_per_minute=0, tokens_per_minute=0)
    with Sandbox(config) as sandbox:
        yield sandbox


@pytest.fixture
def metal_sandbox(unlimited_server: Sandbox) -> Sandbox:
    unlimited_server.reset()
    return unlimited_server


@pytest.fixture
def client(metal_sandbox: Sandbox) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=0
    )
