"""The async SDK walks every operation of the contract against one live sandbox."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import openai
import pytest

from metal_sandbox import contract
from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

EVENTS = ["chat.completion.completed", "chat.completion.failed"]


@pytest.fixture
async def aclient_unlimited() -> AsyncIterator[tuple[openai.AsyncOpenAI, list[str]]]:
    """An async client whose every request is logged as `METHOD /path-template`."""
    seen: list[str] = []

    async def log(request: httpx.Request) -> None:
        seen.append(f"{request.method} {request.url.path}")

    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as sandbox:
        async with openai.AsyncOpenAI(
            base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0
        ) as client:
            client._client.event_hooks["request"].append(log)
            yield client, seen


def templates() -> set[str]:
    return {
        f"{method.upper()} /v1{path}"
        for path, item in contract.build()["paths"].items()
        for method in item
    }


def matches(template: str, concrete: str) -> bool:
    method, path = template.split(" ", 1)
    got_method, got_path = concrete.split(" ", 1)
    parts, got = path.split("/"), got_path.split("/")
    return (
        method == got_method
        and len(parts) == len(got)
        and all(p.startswith("{") or p == g for p, g in zip(parts, got, strict=True))
    )


@pytest.mark.anyio
async def test_async_sdk_covers_every_operation(aclient_unlimited) -> None:  # type: ignore[no-untyped-def]
    client, seen = aclient_unlimited
    assert [m.id async for m in client.models.list()][0] == "aurora"
    assert (await client.models.retrieve("valley-fast-1")).id == "valley-fast-1"
    stored = await client.chat.completions.create(**chat_body("Hello!"), store=True)
    assert (await client.chat.completions.retrieve(stored.id)).id == stored.id
    assert [c.id async for c in client.chat.completions.list()] == [stored.id]
    updated = await client.chat.completions.update(stored.id, metadata={"k": "v"})
    assert updated.metadata == {"k": "v"}
    messages = client.chat.completions.messages.list(stored.id)
    assert [m.content async for m in messages] == ["Hello!"]
    assert (await client.chat.completions.delete(stored.id)).deleted
    stream = await client.chat.completions.create(**chat_body("Hello!"), stream=True)
    assert "".join([c.choices[0].delta.content or "" async for c in stream])
    vectors = await client.embeddings.create(model="aurora-embed-1", input=["a", "b"])
    assert len(vectors.data) == 2
    endpoint = await client.webhooks.create(
        url="http://127.0.0.1:9/x", event_types=EVENTS, name="async"
    )
    assert [e.id async for e in client.webhooks.list()] == [endpoint.id]
    assert (await client.webhooks.retrieve(endpoint.id)).name == "async"
    assert (await client.webhooks.update(endpoint.id, name="renamed")).name == "renamed"
    rotated = await client.webhooks.rotate_secret(endpoint.id)
    assert rotated.signing_secret != endpoint.signing_secret
    deliveries = await client.get(
        f"/webhook_endpoints/{endpoint.id}/deliveries", cast_to=httpx.Response
    )
    assert deliveries.json()["data"] == []
    missing = f"/webhook_endpoints/{endpoint.id}/deliveries/whdel_x/redeliver"
    with pytest.raises(openai.NotFoundError):
        await client.post(missing, cast_to=httpx.Response)
    assert (await client.webhooks.delete(endpoint.id)).deleted
    response = await client.responses.create(model="aurora", input="Hello!")
    assert (await client.responses.retrieve(response.id)).output_text == response.output_text
    assert [i.id async for i in client.responses.input_items.list(response.id)]
    queued = await client.responses.create(model="aurora", input="Hello!", background=True)
    assert (await client.responses.cancel(queued.id)).status == "cancelled"
    await client.responses.delete(response.id)
    with pytest.raises(openai.NotFoundError):
        await client.responses.retrieve(response.id)
    uncovered = {t for t in templates() if not any(matches(t, s) for s in seen)}
    assert not uncovered
