"""The delivery engine on its own, on a virtual clock and a mock HTTP client, both given
to it where it is made: deliveries that cannot be attempted, and `drain()`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx

from metal_sandbox.clock import VirtualClock
from metal_sandbox.ids import IdFactory
from metal_sandbox.schemas.webhooks import (
    ChatCompletionCompletedEvent,
    CompletionEventData,
    CreateWebhookEndpoint,
)
from metal_sandbox.webhooks.engine import RETRY_DELAYS, WebhookEngine

ACCOUNT = "acct_test"


def engine_with(answer: Callable[[httpx.Request], httpx.Response]) -> WebhookEngine:
    clock = VirtualClock(instant=True)
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    engine = WebhookEngine(
        clock, IdFactory(clock, deterministic=True), deterministic=True, client=client
    )
    request = CreateWebhookEndpoint.model_validate(
        {
            "url": "http://127.0.0.1:9/hooks",
            "name": "x",
            "event_types": ["chat.completion.completed"],
        }
    )
    engine.create(ACCOUNT, request)
    return engine


def emit(engine: WebhookEngine) -> None:
    event = ChatCompletionCompletedEvent(
        id=engine.ids.new("evt_"),
        created_at=int(engine.clock.now()),
        data=CompletionEventData(id="chatcmpl-1", status="completed"),
    )
    assert engine.emit(ACCOUNT, event, event.type, event.id) == 1


def test_a_delivery_that_cannot_be_attempted_fails_with_its_reason_and_can_be_redelivered() -> None:
    calls: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.InvalidURL("Invalid port: 'abc'")  # not an HTTPError: a task killer
        return httpx.Response(204)

    async def scenario() -> None:
        engine = engine_with(answer)
        (endpoint,) = engine.list(ACCOUNT)
        emit(engine)
        await engine.drain()
        (delivery,) = endpoint.deliveries
        assert delivery.status == "failed"
        assert delivery.next_attempt_at is None
        (attempt,) = delivery.attempts
        assert attempt.status_code is None
        assert attempt.error == "could not be attempted: InvalidURL: Invalid port: 'abc'"
        assert len(calls) == 1, "not retried: the same request would fail the same way"
        redelivered = engine.redeliver(ACCOUNT, endpoint.id, delivery.id)
        assert redelivered.status == "pending"
        await engine.drain()
        assert delivery.status == "succeeded"
        assert [a.status_code for a in delivery.attempts] == [None, 204]

    asyncio.run(scenario())


def test_drain_waits_for_the_whole_retry_schedule() -> None:
    async def scenario() -> None:
        engine = engine_with(lambda request: httpx.Response(500))
        (endpoint,) = engine.list(ACCOUNT)
        emit(engine)
        await engine.drain()
        (delivery,) = endpoint.deliveries
        assert delivery.status == "failed"
        assert len(delivery.attempts) == len(RETRY_DELAYS)
        spent = delivery.attempts[-1].attempted_at - delivery.attempts[0].attempted_at
        assert abs(spent - sum(RETRY_DELAYS)) <= 0.1 * sum(RETRY_DELAYS)  # the jittered schedule

    asyncio.run(scenario())
