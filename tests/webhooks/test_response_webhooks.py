"""Background responses are announced by OpenAI's `response.completed` and
`response.failed` events, signed so that `client.webhooks.unwrap()` verifies them."""

from __future__ import annotations

import openai
from webhook_receiver import receiver

from metal_sandbox.testing import Sandbox

from openai_compat import validate

EVENTS = ["response.completed", "response.failed"]


def test_a_background_response_is_announced_and_verifiable(
    metal_sandbox: Sandbox, client: openai.OpenAI
) -> None:
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        queued = client.responses.create(
            model="aurora", input="What is the capital of France?", background=True
        )
        assert queued.status == "queued"
        (delivery,) = hook.wait_for(1)
    event = client.webhooks.unwrap(delivery.body, delivery.headers, secret=endpoint.signing_secret)
    assert event.type == "response.completed" and event.data.id == queued.id
    validate("WebhookResponseCompleted", event.model_dump(mode="json", exclude_none=True))
    assert delivery.headers["webhook-id"] == event.id
    done = client.responses.retrieve(queued.id)
    assert done.status == "completed" and done.output_text == "The capital of France is Paris."


def test_a_failed_background_response_is_announced(
    metal_sandbox: Sandbox, client: openai.OpenAI
) -> None:
    with receiver() as hook:
        endpoint = client.webhooks.create(url=hook.url, event_types=["response.failed"], name="x")
        queued = client.responses.create(
            model="aurora",
            input="Hi",
            background=True,
            extra_headers={"metal-sandbox-simulate": "service_unavailable"},
        )
        (delivery,) = hook.wait_for(1)
    event = client.webhooks.unwrap(delivery.body, delivery.headers, secret=endpoint.signing_secret)
    assert event.type == "response.failed" and event.data.id == queued.id
    validate("WebhookResponseFailed", event.model_dump(mode="json", exclude_none=True))
    failed = client.responses.retrieve(queued.id)
    assert failed.status == "failed" and failed.error is not None
    assert failed.error.code == "server_error"


def test_a_cancelled_response_is_not_announced(
    metal_sandbox: Sandbox, client: openai.OpenAI
) -> None:
    with receiver() as hook:
        client.webhooks.create(url=hook.url, event_types=EVENTS, name="app")
        queued = client.responses.create(model="aurora", input="Hi", background=True)
        client.responses.cancel(queued.id)
        finished = client.responses.create(model="aurora", input="Hello!", background=True)
        (delivery,) = hook.wait_for(1)
    assert finished.id in delivery.body.decode() and queued.id not in delivery.body.decode()
