"""Pytest fixtures for testing code that calls the MeTal API against the sandbox.

Installed with the package; no `conftest.py` needed:

    def test_reply(metal_sandbox):
        client = OpenAI(base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox


@pytest.fixture(scope="session")
def metal_sandbox_server() -> Iterator[Sandbox]:
    """One deterministic sandbox for the whole test session."""
    with Sandbox(SandboxConfig(deterministic=True)) as sandbox:
        yield sandbox


@pytest.fixture
def metal_sandbox(metal_sandbox_server: Sandbox) -> Sandbox:
    """The session's sandbox, reset so each test starts with fresh limits and ids."""
    metal_sandbox_server.reset()
    return metal_sandbox_server
