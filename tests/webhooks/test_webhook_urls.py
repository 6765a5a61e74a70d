"""Webhook URLs are checked in full when an endpoint is created or updated: an impossible
port is refused with `invalid_url`, not accepted and then failed in the delivery task."""

from __future__ import annotations

import openai
import pytest

EVENTS = ["chat.completion.completed"]
BAD_PORTS = [":abc", ":99999", ":65536", ":0", ":-1", ": 80", ":８０", ":", ":80:81"]


@pytest.mark.parametrize("port", BAD_PORTS)
def test_an_impossible_port_is_refused_at_creation(client: openai.OpenAI, port: str) -> None:
    url = f"http://127.0.0.1{port}/hooks"
    with pytest.raises(openai.BadRequestError) as caught:
        client.webhooks.create(url=url, event_types=EVENTS, name="x")
    assert (caught.value.code, caught.value.param) == ("invalid_url", "url")
    assert f"Invalid webhook URL '{url}'" in caught.value.message
    assert list(client.webhooks.list()) == []


@pytest.mark.parametrize("port", [":abc", ":99999", ": 80"])
def test_an_impossible_port_is_refused_on_update(client: openai.OpenAI, port: str) -> None:
    endpoint = client.webhooks.create(url="http://127.0.0.1:9/x", event_types=EVENTS, name="x")
    with pytest.raises(openai.BadRequestError) as caught:
        client.webhooks.update(endpoint.id, url=f"http://127.0.0.1{port}/x")
    assert caught.value.code == "invalid_url"
    assert client.webhooks.retrieve(endpoint.id).url == "http://127.0.0.1:9/x"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:1/x",
        "http://127.0.0.1:65535/x",
        "http://[::1]:8443/x",
        "http://localhost/",
    ],
)
def test_every_real_port_is_accepted(client: openai.OpenAI, url: str) -> None:
    assert client.webhooks.create(url=url, event_types=EVENTS, name="x").url == url


@pytest.mark.parametrize("url", ["http://127.0.0.1 /x", "http://127.0.0.1/a b", "http://:80/x"])
def test_spaces_and_a_missing_host_are_refused(client: openai.OpenAI, url: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.webhooks.create(url=url, event_types=EVENTS, name="x")
    assert caught.value.code == "invalid_url"
