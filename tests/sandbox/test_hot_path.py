"""The shortcuts on the per-request path give exactly what the plain code gives."""

from __future__ import annotations

import os
import random
import string
import time
from collections.abc import Iterator

import httpx
import pytest
from ulid import ULID

from metal_sandbox import completions, tokens
from metal_sandbox.clock import Clock
from metal_sandbox.config import SandboxConfig
from metal_sandbox.ids import IdFactory, encode_ulid
from metal_sandbox.schemas.chat import ChatCompletionRequest
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

TEXT_ALPHABET = string.ascii_letters + string.digits + " _-.,!?'\n\té€日本"


def test_ulid_text_matches_the_ulid_library() -> None:
    samples = [bytes(16), b"\xff" * 16, *(os.urandom(16) for _ in range(2000))]
    for raw in samples:
        assert encode_ulid(raw) == str(ULID.from_bytes(raw))


@pytest.mark.parametrize("length", [0, 1, 8, 9, 14, 15, 60, 1024, 1025, 5000])
def test_token_count_is_the_number_of_pieces(length: int) -> None:
    rng = random.Random(length)
    for _ in range(200):
        text = "".join(rng.choice(TEXT_ALPHABET) for _ in range(rng.randint(0, length)))
        assert tokens.count(text) == len(tokens.pieces(text)), text
    long_word = "x" * length
    assert tokens.count(long_word) == len(tokens.pieces(long_word))


def _reply(content: str) -> str | None:
    request = ChatCompletionRequest.model_validate(
        {"model": "aurora", "messages": [{"role": "user", "content": content}]}
    )
    ids = IdFactory(Clock(), deterministic=True)
    completion = completions.complete(completions.prepare(request), ids, 0)
    return completion.choices[0].message.content


def test_the_same_question_gets_the_same_reply() -> None:
    question = "What is the capital of Japan?"
    first = _reply(question)
    assert "Tokyo" in (first or "")
    assert _reply(question) == first


def test_a_long_request_is_answered_quickly() -> None:
    """The assistant reads a bounded prefix of each message, so size costs no time."""
    long_question = "Tell me about Paris. " + "Some context. " * 800
    start = time.perf_counter()
    assert _reply(long_question)
    assert time.perf_counter() - start < 0.5


# --- repeated requests: no cache, the same steps as a new request ------------------------

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string"}},
            "required": ["location"],
        },
    },
}


@pytest.fixture(scope="module")
def unlimited() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        yield sandbox


def _post(sandbox: Sandbox, body: dict[str, object], **headers: str) -> httpx.Response:
    return httpx.post(
        f"{sandbox.base_url}/chat/completions",
        json=body,
        headers={"authorization": f"Bearer {sandbox.api_key}", **headers},
    )


def _without_id_and_created(response: httpx.Response) -> dict[str, object]:
    data = response.json()
    return {k: v for k, v in data.items() if k not in ("id", "created")}


def test_a_repeated_request_gets_the_same_completion_with_a_new_id(unlimited: Sandbox) -> None:
    body = chat_body("What is the capital of Kenya?", n=2, seed=3)
    first, second = _post(unlimited, body), _post(unlimited, body)
    assert first.status_code == second.status_code == 200
    assert first.json()["id"] != second.json()["id"]
    assert _without_id_and_created(second) == _without_id_and_created(first)
    assert "Nairobi" in second.json()["choices"][0]["message"]["content"]


def test_a_repeat_is_charged_and_stored_like_a_new_request(unlimited: Sandbox) -> None:
    body = chat_body("What is the capital of Peru?", store=True, metadata={"team": "docs"})
    first, second = _post(unlimited, body), _post(unlimited, body)
    usage = first.json()["usage"]["total_tokens"]
    before = int(first.headers["x-ratelimit-remaining-tokens"])
    assert int(second.headers["x-ratelimit-remaining-tokens"]) == before - usage
    stored = httpx.get(
        f"{unlimited.base_url}/chat/completions/{second.json()['id']}",
        headers={"authorization": f"Bearer {unlimited.api_key}"},
    )
    assert stored.status_code == 200
    assert stored.json() == second.json()
    assert stored.json()["metadata"] == {"team": "docs"}


def test_tool_calls_and_simulated_failures_are_never_replayed(unlimited: Sandbox) -> None:
    body = chat_body("What's the weather in Oslo?", tools=[WEATHER_TOOL])
    first, second = _post(unlimited, body), _post(unlimited, body)
    calls = [r.json()["choices"][0]["message"]["tool_calls"][0]["id"] for r in (first, second)]
    assert calls[0] != calls[1], "a repeat reused a tool call id"
    plain = chat_body("Hello there!")
    assert _post(unlimited, plain).status_code == 200
    failed = _post(unlimited, plain, **{"metal-sandbox-simulate": "server_error"})
    assert failed.status_code == 500
