"""The webhook endpoint API, through the official SDK's `client.webhooks`."""

from __future__ import annotations

import httpx
import openai
import pytest
from webhook_receiver import receiver

from metal_sandbox.testing import Sandbox

EVENTS = ["chat.completion.completed", "chat.completion.failed"]


def test_create_shows_the_secret_once(client: openai.OpenAI) -> None:
    created = client.webhooks.create(
        url="http://127.0.0.1:9/hooks", event_types=EVENTS, name="orders"
    )
    assert created.id.startswith("we_")
    assert created.signing_secret.startswith("whsec_")
    assert created.signing_secret_hint == "whsec_..." + created.signing_secret[-4:]
    fetched = client.webhooks.retrieve(created.id)
    assert fetched.url == "http://127.0.0.1:9/hooks"
    assert "signing_secret" not in fetched.model_dump()


def test_list_update_delete(client: openai.OpenAI) -> None:
    first = client.webhooks.create(url="http://localhost:9/a", event_types=EVENTS, name="a")
    second = client.webhooks.create(url="http://[::1]:9/b", event_types=EVENTS[:1], name="b")
    assert [e.id for e in client.webhooks.list()] == [second.id, first.id]  # newest first
    page = client.webhooks.list(limit=1)
    assert [e.id for e in page.data] == [second.id] and page.has_more
    assert [e.id for e in client.webhooks.list(limit=1, after=second.id).data] == [first.id]
    updated = client.webhooks.update(first.id, name="renamed", event_types=EVENTS[1:])
    assert (updated.name, updated.event_types) == ("renamed", EVENTS[1:])
    deleted = client.webhooks.delete(first.id)
    assert deleted.deleted is True
    with pytest.raises(openai.NotFoundError) as caught:
        client.webhooks.retrieve(first.id)
    assert caught.value.code == "webhook_endpoint_not_found"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/hooks",
        "http://10.0.0.5/hooks",
        "http://192.168.1.10/hooks",
        "ftp://127.0.0.1/x",
        "not a url",
    ],
)
def test_only_loopback_urls_in_the_sandbox(client: openai.OpenAI, url: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.webhooks.create(url=url, event_types=EVENTS, name="x")
    assert (caught.value.code, caught.value.param) == ("invalid_url", "url")


def test_loopback_range_is_accepted(client: openai.OpenAI) -> None:
    for url in ("http://127.0.0.2:9/x", "http://localhost/x", "https://[::1]:8443/x"):
        assert client.webhooks.create(url=url, event_types=EVENTS, name="x").url == url


def test_unknown_event_type_is_rejected(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.webhooks.create(
            url="http://127.0.0.1:9/x", event_types=["batch.completed"], name="x"
        )
    assert caught.value.param == "event_types[0]"


def test_endpoints_are_per_account_and_capped(
    metal_sandbox: Sandbox, client: openai.OpenAI
) -> None:
    from metal_sandbox.config import SandboxConfig
    from metal_sandbox.keys import TEST_KEYS

    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        ours = openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0)
        theirs = openai.OpenAI(
            base_url=sandbox.base_url, api_key=TEST_KEYS[3].secret, max_retries=0
        )
        made = [
            ours.webhooks.create(url="http://127.0.0.1:9/x", event_types=EVENTS, name=f"e{i}")
            for i in range(10)
        ]
        with pytest.raises(openai.BadRequestError) as caught:
            ours.webhooks.create(url="http://127.0.0.1:9/x", event_types=EVENTS, name="e10")
        assert caught.value.code == "endpoint_limit_reached"
        assert list(theirs.webhooks.list()) == []
        with pytest.raises(openai.NotFoundError):
            theirs.webhooks.retrieve(made[0].id)


def test_deliveries_of_an_unknown_endpoint_are_404(http: httpx.Client) -> None:
    response = http.get("/v1/webhook_endpoints/we_nope/deliveries")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "webhook_endpoint_not_found"
    with receiver() as hook:
        created = http.post(
            "/v1/webhook_endpoints", json={"url": hook.url, "event_types": EVENTS, "name": "x"}
        ).json()
    response = http.post(f"/v1/webhook_endpoints/{created['id']}/deliveries/whdel_x/redeliver")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "delivery_not_found"


def test_a_deleted_endpoint_gets_no_more_retries(metal_sandbox: Sandbox) -> None:
    from metal_sandbox.config import SandboxConfig

    config = SandboxConfig(clock_speed=100, requests_per_minute=0, tokens_per_minute=0)
    with Sandbox(config) as sandbox, receiver([500]) as failing:
        client = openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0)
        endpoint = client.webhooks.create(url=failing.url, event_types=EVENTS, name="x")
        client.chat.completions.create(
            model="aurora",
            extra_body={"background": True},
            messages=[{"role": "user", "content": "Hi"}],
        )
        failing.wait_for(1)
        client.webhooks.delete(endpoint.id)
        count = len(failing.received)
        import time

        time.sleep(0.5)  # 50 sandbox seconds: the second and third retries were due
        assert len(failing.received) == count
