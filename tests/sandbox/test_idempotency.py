"""Idempotency-Key: a retry replays the first response; a new body with an old key is a 409."""

from __future__ import annotations

import asyncio

import httpx
import openai
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

CHAT = "/v1/chat/completions"


def test_a_retry_replays_the_first_response(http: httpx.Client) -> None:
    headers = {"idempotency-key": "order-42"}
    first = http.post(CHAT, json=chat_body(), headers=headers)
    again = http.post(CHAT, json=chat_body(), headers=headers)
    assert first.status_code == again.status_code == 200
    assert first.headers["idempotent-replayed"] == "false"
    assert again.headers["idempotent-replayed"] == "true"
    assert again.content == first.content
    assert again.headers["x-request-id"] != first.headers["x-request-id"]
    assert again.headers["x-ratelimit-remaining-requests"] == "4", "a replay costs nothing"


def test_same_key_other_body_is_409(client: openai.OpenAI) -> None:
    client.chat.completions.create(**chat_body("Hello!"), extra_headers={"idempotency-key": "k1"})
    with pytest.raises(openai.ConflictError) as caught:
        client.chat.completions.create(
            **chat_body("Goodbye!"), extra_headers={"idempotency-key": "k1"}
        )
    assert caught.value.code == "idempotency_key_reused"


def test_keys_are_per_account(metal_sandbox: Sandbox, http: httpx.Client) -> None:
    from metal_sandbox.keys import TEST_KEYS

    http.post(CHAT, json=chat_body("Hello!"), headers={"idempotency-key": "shared"})
    other = httpx.post(
        metal_sandbox.url + CHAT,
        json=chat_body("Goodbye!"),
        headers={"idempotency-key": "shared", "authorization": f"Bearer {TEST_KEYS[3].secret}"},
    )
    assert other.status_code == 200
    assert other.headers["idempotent-replayed"] == "false"


def test_a_streamed_response_replays_byte_for_byte(http: httpx.Client) -> None:
    headers = {"idempotency-key": "stream-1"}
    first = http.post(CHAT, json=chat_body(stream=True), headers=headers)
    again = http.post(CHAT, json=chat_body(stream=True), headers=headers)
    assert again.headers["content-type"].startswith("text/event-stream")
    assert again.content == first.content
    assert first.content.endswith(b"data: [DONE]\n\n")


def test_ten_concurrent_requests_with_one_key_run_once(metal_sandbox: Sandbox) -> None:
    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(
            base_url=metal_sandbox.url,
            headers={
                "authorization": f"Bearer {metal_sandbox.api_key}",
                "idempotency-key": "burst",
            },
            timeout=30,
        ) as session:
            return await asyncio.gather(
                *(session.post(CHAT, json=chat_body(store=True)) for _ in range(10))
            )

    responses = asyncio.run(burst())
    assert {r.status_code for r in responses} == {200}
    assert [r.headers["idempotent-replayed"] for r in responses].count("false") == 1
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(metal_sandbox.runtime.stores.completions) == 1, "the completion ran once"


def test_a_refused_request_is_not_remembered(metal_sandbox: Sandbox, http: httpx.Client) -> None:
    for _ in range(5):
        http.get("/v1/models")
    headers = {"idempotency-key": "after-429"}
    assert http.post(CHAT, json=chat_body(), headers=headers).status_code == 429
    metal_sandbox.runtime.clock.advance(60)
    retried = http.post(CHAT, json=chat_body(), headers=headers)
    assert retried.status_code == 200
    assert retried.headers["idempotent-replayed"] == "false"


def test_keys_expire_after_24_hours(metal_sandbox: Sandbox, http: httpx.Client) -> None:
    headers = {"idempotency-key": "daily"}
    first = http.post(CHAT, json=chat_body(), headers=headers)
    metal_sandbox.runtime.clock.advance(24 * 3600 + 1)
    later = http.post(CHAT, json=chat_body(), headers=headers)
    assert later.headers["idempotent-replayed"] == "false"
    assert later.json()["id"] != first.json()["id"]


@pytest.mark.parametrize("key", ["", "k" * 256])
def test_bad_keys_are_rejected(http: httpx.Client, key: str) -> None:
    response = http.post(CHAT, json=chat_body(), headers={"idempotency-key": key})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_idempotency_key"


def test_state_is_bounded() -> None:
    config = SandboxConfig(
        requests_per_minute=0,
        tokens_per_minute=0,
        idempotency_max_keys=20,
        stored_max_completions=10,
    )
    with (
        Sandbox(config) as sandbox,
        httpx.Client(
            base_url=sandbox.url, headers={"authorization": f"Bearer {sandbox.api_key}"}
        ) as http,
    ):
        for i in range(60):
            http.post(CHAT, json=chat_body(store=True), headers={"idempotency-key": f"k{i}"})
        stores = sandbox.runtime.stores
        assert len(stores.idempotency) == 20
        assert len(stores.completions) == 10


def test_a_reused_key_is_not_retried_by_the_sdk(metal_sandbox: Sandbox) -> None:
    client = openai.OpenAI(base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key)
    sent: list[object] = []
    client._client.event_hooks["request"].append(sent.append)
    client.chat.completions.create(**chat_body("a"), extra_headers={"idempotency-key": "once"})
    with pytest.raises(openai.ConflictError) as caught:
        client.chat.completions.create(**chat_body("b"), extra_headers={"idempotency-key": "once"})
    assert caught.value.response.headers["x-should-retry"] == "false"
    assert len(sent) == 2, "the 409 was not retried"
