"""Authentication: both headers, the test keys, and every way a key can be wrong."""

from __future__ import annotations

import httpx
import openai
import pytest

from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.testing import Sandbox

from openai_compat import validate
from sandbox_helpers import RATE_HEADERS, chat_body

LIVE_SHAPED = "mk_live_" + "A1b2C3d4" * 4  # the right shape, but a live key


def test_bearer_and_x_api_key_both_authenticate(metal_sandbox: Sandbox) -> None:
    for headers in (
        {"authorization": f"Bearer {metal_sandbox.api_key}"},
        {"x-api-key": metal_sandbox.api_key},
    ):
        response = httpx.get(metal_sandbox.base_url + "/models", headers=headers)
        assert response.status_code == 200, response.text
        assert all(name in response.headers for name in RATE_HEADERS)


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({}, "You didn't provide an API key"),
        ({"authorization": "Bearer nonsense"}, "Malformed API key"),
        ({"x-api-key": "mk_test_short"}, "Malformed API key"),
        ({"authorization": "Bearer mk_test_" + "Z" * 32}, "Incorrect API key provided: mk_test_"),
        (
            {"authorization": f"Bearer {LIVE_SHAPED}"},
            "Live keys (mk_live_...) do not work on the sandbox",
        ),
    ],
)
def test_bad_keys_are_401_invalid_api_key(
    metal_sandbox: Sandbox, headers: dict[str, str], says: str
) -> None:
    response = httpx.get(metal_sandbox.base_url + "/models", headers=headers)
    assert response.status_code == 401
    body = response.json()
    validate("ErrorResponse", body)
    assert body["error"]["code"] == "invalid_api_key"
    assert body["error"]["message"].startswith(says)
    assert "Z" * 28 not in body["error"]["message"], "the key must be masked"
    assert "x-ratelimit-limit-requests" not in response.headers


def test_sdk_raises_authentication_error_with_request_id(metal_sandbox: Sandbox) -> None:
    client = openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key="mk_test_" + "Q" * 32, max_retries=0
    )
    with pytest.raises(openai.AuthenticationError) as caught:
        client.models.list()
    assert caught.value.code == "invalid_api_key"
    assert caught.value.request_id and caught.value.request_id.startswith("req_")


def test_read_only_key_can_read_but_not_write(metal_sandbox: Sandbox) -> None:
    read_only = next(k for k in TEST_KEYS if k.read_only)
    client = openai.OpenAI(base_url=metal_sandbox.base_url, api_key=read_only.secret, max_retries=0)
    assert client.models.retrieve("aurora").id == "aurora"
    with pytest.raises(openai.PermissionDeniedError) as caught:
        client.chat.completions.create(**chat_body())
    assert caught.value.code == "insufficient_permissions"


def test_the_sandbox_ships_three_keys_per_account() -> None:
    accounts = [k.account for k in TEST_KEYS]
    assert accounts.count("acct_sandbox") == 3
    assert all(k.secret.startswith("mk_test_") and len(k.secret) == 40 for k in TEST_KEYS)


def test_two_different_keys_are_refused(metal_sandbox: Sandbox) -> None:
    response = httpx.get(
        metal_sandbox.base_url + "/models",
        headers={
            "authorization": f"Bearer {metal_sandbox.api_key}",
            "x-api-key": TEST_KEYS[1].secret,
        },
    )
    assert response.status_code == 401
    assert "Two different API keys" in response.json()["error"]["message"]
    same = httpx.get(
        metal_sandbox.base_url + "/models",
        headers={
            "authorization": f"Bearer {metal_sandbox.api_key}",
            "x-api-key": metal_sandbox.api_key,
        },
    )
    assert same.status_code == 200
