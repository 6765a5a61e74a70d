"""Background completions and signed, retried, at-least-once webhook deliveries."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import httpx
import openai
import pytest
import standardwebhooks
from webhook_receiver import Received, receiver

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

EVENTS = ["chat.completion.completed", "chat.completion.failed"]


@pytest.fixture
def fast() -> Iterator[Sandbox]:
    """A sandbox whose clock runs 10,000x faster: the whole retry schedule (about 3 h 40 min)
    takes about 1.3 s, receivers still get 1 s of real time to answer, and rate limits
    are off."""
    config = SandboxConfig(
        clock_speed=10_000,
        requests_per_minute=0,
        tokens_per_minute=0,
        webhook_timeout_seconds=10_000,
    )
    with Sandbox(config) as sandbox:
        yield sandbox


def sdk(sandbox: Sandbox) -> openai.OpenAI:
    return openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0)


def wait_until(check, timeout: float = 30.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


def test_background_completion_is_announced_and_verifiable(
    metal_sandbox: Sandbox, client: openai.OpenAI
) -> None:
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        queued = client.chat.completions.create(
            **chat_body("What is the capital of France?"), extra_body={"background": True}
        )
        assert queued.model_extra["status"] == "queued"
        assert queued.choices == []
        (delivery,) = hook.wait_for(1)
    event = client.webhooks.unwrap(delivery.body, delivery.headers, secret=endpoint.signing_secret)
    assert event.type == "chat.completion.completed"
    assert event.data.id == queued.id
    assert delivery.headers["webhook-id"] == event.id
    done = client.chat.completions.retrieve(queued.id)
    assert done.model_extra["status"] == "completed"
    assert "Paris" in done.choices[0].message.content
    verified = standardwebhooks.Webhook(endpoint.signing_secret).verify(
        delivery.body, delivery.headers
    )
    assert verified["data"]["id"] == queued.id


def test_status_moves_from_queued_to_completed(fast: Sandbox) -> None:
    client = sdk(fast)
    queued = client.chat.completions.create(**chat_body(), extra_body={"background": True})
    seen = []
    wait_until(
        lambda: (
            seen.append(client.chat.completions.retrieve(queued.id).model_extra["status"])
            or seen[-1] == "completed"
        )
    )
    assert seen[-1] == "completed"
    assert set(seen) <= {"queued", "in_progress", "completed"}


def test_a_failed_background_completion_sends_the_failed_event(fast: Sandbox) -> None:
    client = sdk(fast)
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        queued = client.chat.completions.create(
            **chat_body(),
            extra_body={"background": True},
            extra_headers={"metal-sandbox-simulate": "server_error"},
        )
        (delivery,) = hook.wait_for(1)
    event = client.webhooks.unwrap(delivery.body, delivery.headers, secret=endpoint.signing_secret)
    assert event.type == "chat.completion.failed"
    failed = client.chat.completions.retrieve(queued.id)
    assert failed.model_extra["status"] == "failed"
    assert failed.model_extra["error"]["code"] == "server_error"


def test_background_cannot_stream(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(**chat_body(), stream=True, extra_body={"background": True})
    assert caught.value.param == "background"


def test_failing_twice_then_succeeding_keeps_one_webhook_id(fast: Sandbox) -> None:
    client = sdk(fast)
    with receiver([500, 503, 200]) as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="flaky")
        client.chat.completions.create(**chat_body(), extra_body={"background": True})
        got = hook.wait_for(3)
        deliveries = client.get(
            f"/webhook_endpoints/{endpoint.id}/deliveries", cast_to=httpx.Response
        ).json()["data"]
        wait_until(
            lambda: (
                client.get(
                    f"/webhook_endpoints/{endpoint.id}/deliveries", cast_to=httpx.Response
                ).json()["data"][0]["status"]
                == "succeeded"
            )
        )
        (delivery,) = client.get(
            f"/webhook_endpoints/{endpoint.id}/deliveries", cast_to=httpx.Response
        ).json()["data"]
    assert len({r.headers["webhook-id"] for r in got}) == 1
    assert len(deliveries) == 1
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 503, 200]
    assert [a["attempt"] for a in delivery["attempts"]] == [1, 2, 3]
    assert delivery["status"] == "succeeded"


def test_a_slow_receiver_times_out_and_is_retried(fast: Sandbox) -> None:
    client = sdk(fast)
    fast.runtime.webhooks.timeout_seconds = 1000  # 0.1 s of real time at 10,000x
    with receiver([200], delay=0.5) as slow:
        endpoint = client.webhooks.create(url=slow.url, event_types=EVENTS, name="slow")
        client.chat.completions.create(**chat_body(), extra_body={"background": True})
        slow.wait_for(2)
    delivery = client.get(
        f"/webhook_endpoints/{endpoint.id}/deliveries", cast_to=httpx.Response
    ).json()["data"][0]
    assert delivery["attempts"][0]["status_code"] is None
    assert delivery["attempts"][0]["error"].startswith("timed out")


def test_a_dead_receiver_ends_failed_and_can_be_redelivered(fast: Sandbox) -> None:
    client = sdk(fast)
    with receiver() as hook:
        dead_url = hook.url
    endpoint = client.webhooks.create(url=dead_url, event_types=EVENTS, name="dead")
    client.chat.completions.create(**chat_body(), extra_body={"background": True})
    path = f"/webhook_endpoints/{endpoint.id}/deliveries"

    def delivery() -> dict:
        return client.get(path, cast_to=httpx.Response).json()["data"][0]

    wait_until(
        lambda: (
            client.get(path, cast_to=httpx.Response).json()["data"]
            and delivery()["status"] == "failed"
        )
    )
    failed = delivery()
    assert len(failed["attempts"]) == 8
    assert all(a["status_code"] is None and a["error"] for a in failed["attempts"])
    with receiver() as revived:
        client.webhooks.update(endpoint.id, url=revived.url)
        client.post(f"{path}/{failed['id']}/redeliver", cast_to=httpx.Response)
        (received,) = revived.wait_for(1)
        wait_until(lambda: delivery()["status"] == "succeeded")
    assert received.headers["webhook-id"] == failed["event_id"]


def test_the_docs_verifier_rejects_forgeries(metal_sandbox: Sandbox, client: openai.OpenAI) -> None:
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        client.chat.completions.create(**chat_body(), extra_body={"background": True})
        (good,) = hook.wait_for(1)
    secret = endpoint.signing_secret
    client.webhooks.verify_signature(good.body, good.headers, secret=secret)  # genuine: passes
    stale = dict(good.headers, **{"webhook-timestamp": str(int(time.time()) - 301)})
    forgeries: dict[str, tuple[bytes, dict[str, str], str]] = {
        "tampered body": (good.body.replace(b"completed", b"cancelled"), good.headers, secret),
        "wrong secret": (good.body, good.headers, "whsec_" + "A" * 43 + "="),
        "stale timestamp": (good.body, stale, secret),
        "missing header": (
            good.body,
            {k: v for k, v in good.headers.items() if k != "webhook-signature"},
            secret,
        ),
    }
    for name, (body, headers, key) in forgeries.items():
        with pytest.raises((openai.InvalidWebhookSignatureError, ValueError)):
            client.webhooks.unwrap(body, headers, secret=key)
        assert name


def test_rotation_signs_with_both_secrets_for_24_hours(fast: Sandbox) -> None:
    client = sdk(fast)
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        old = endpoint.signing_secret
        rotated = client.webhooks.rotate_secret(endpoint.id)
        new = rotated.signing_secret
        assert new != old and rotated.model_extra["rotation_expires_at"]
        client.chat.completions.create(**chat_body(), extra_body={"background": True})
        (during,) = hook.wait_for(1)
        assert len(during.headers["webhook-signature"].split()) == 2
        for secret in (old, new):
            client.webhooks.verify_signature(during.body, during.headers, secret=secret)
        fast.runtime.clock.advance(24 * 3600 + 1)
        client.chat.completions.create(**chat_body(), extra_body={"background": True})
        after = hook.wait_for(2)[1]
    client.webhooks.verify_signature(after.body, after.headers, secret=new)
    with pytest.raises(openai.InvalidWebhookSignatureError):
        client.webhooks.verify_signature(after.body, after.headers, secret=old)


def test_200_background_completions_three_endpoints_one_down(fast: Sandbox) -> None:
    client = sdk(fast)
    with receiver() as live_a, receiver() as live_b, receiver() as gone:
        dead_url = gone.url
    with receiver() as live_a, receiver() as live_b:
        ids = {
            name: client.webhooks.create(url=url, event_types=EVENTS, name=name).id
            for name, url in (("a", live_a.url), ("b", live_b.url), ("dead", dead_url))
        }

        async def burst() -> list[str]:
            async with httpx.AsyncClient(
                base_url=fast.base_url,
                timeout=60,
                headers={"authorization": f"Bearer {fast.api_key}"},
            ) as session:
                sent = await asyncio.gather(
                    *(
                        session.post(
                            "/chat/completions", json=chat_body(f"Question {i}", background=True)
                        )
                        for i in range(200)
                    )
                )
            return [r.json()["id"] for r in sent]

        completion_ids = asyncio.run(burst())
        a, b = live_a.wait_for(200, timeout=60), live_b.wait_for(200, timeout=60)

        def listed(name: str) -> list[dict]:
            return client.get(
                f"/webhook_endpoints/{ids[name]}/deliveries", cast_to=httpx.Response
            ).json()["data"]

        wait_until(
            lambda: (
                all(d["status"] == "failed" for d in listed("dead")) and len(listed("dead")) == 200
            ),
            timeout=60,
        )
        time.sleep(0.2)  # nothing further may arrive
        for received, name in ((live_a.received, "a"), (live_b.received, "b")):
            assert len(received) == 200, "exactly once each: no duplicate, nothing lost"
            events = {json.loads(r.body)["data"]["id"] for r in received}
            assert events == set(completion_ids)
            assert all(d["status"] == "succeeded" for d in listed(name))
        assert len(a) == len(b) == 200
    dead = listed("dead")
    assert {d["event_id"] for d in dead} == {json.loads(r.body)["id"] for r in a}
    assert all(len(d["attempts"]) == 8 for d in dead)


def received_ids(received: list[Received]) -> list[str]:
    return [r.headers["webhook-id"] for r in received]
