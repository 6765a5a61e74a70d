"""The claims of "What is different on MeTal" (docs/switching-from-openai.md) that no
example on the page shows, checked on the sandbox."""

from __future__ import annotations

import re

import httpx
import openai
import pytest

from metal_sandbox.testing import Sandbox

from sandbox_helpers import REQUEST_ID, chat_body

HELLO = chat_body("Hello!")


def test_openai_organization_and_project_headers_are_ignored(http: httpx.Client) -> None:
    headers = {"OpenAI-Organization": "org-example", "OpenAI-Project": "proj_example"}
    plain = http.post("/v1/chat/completions", json=HELLO)
    with_them = http.post("/v1/chat/completions", json=HELLO, headers=headers)
    assert plain.status_code == with_them.status_code == 200
    assert with_them.json()["choices"] == plain.json()["choices"]


def test_the_sdk_s_organization_and_project_settings_change_nothing(
    metal_sandbox: Sandbox,
) -> None:
    client = openai.OpenAI(
        base_url=metal_sandbox.base_url,
        api_key=metal_sandbox.api_key,
        organization="org-example",
        project="proj_example",
        max_retries=0,
    )
    completion = client.chat.completions.create(model="aurora", messages=HELLO["messages"])
    assert completion.choices[0].message.content


def test_an_openai_style_key_gets_invalid_api_key(metal_sandbox: Sandbox) -> None:
    client = openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key="sk-not-a-real-key", max_retries=0
    )
    with pytest.raises(openai.AuthenticationError) as failure:
        client.models.list()
    assert failure.value.code == "invalid_api_key"


def test_x_api_key_is_accepted(metal_sandbox: Sandbox) -> None:
    response = httpx.get(
        metal_sandbox.base_url + "/models", headers={"X-Api-Key": metal_sandbox.api_key}
    )
    assert response.status_code == 200


def test_every_response_has_a_ulid_request_id_and_a_version(http: httpx.Client) -> None:
    for response in (http.get("/v1/models"), http.get("/v1/no-such-thing")):
        assert REQUEST_ID.match(response.headers["x-request-id"])
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", response.headers["metal-version"])


def test_a_body_over_1_mib_gets_a_413(http: httpx.Client) -> None:
    big = chat_body("x" * (1 << 20))
    response = http.post("/v1/chat/completions", json=big)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"


def test_errors_a_retry_cannot_fix_tell_the_sdk_not_to(http: httpx.Client) -> None:
    """The guide: a reused key's 409 and a 429 too large for any minute say
    `x-should-retry: false`."""
    key = {"Idempotency-Key": "switch-guide-409"}
    assert http.post("/v1/chat/completions", json=HELLO, headers=key).status_code == 200
    reused = http.post("/v1/chat/completions", json=chat_body("Other"), headers=key)
    assert reused.status_code == 409
    assert reused.headers["x-should-retry"] == "false"
    huge = chat_body("word " * 30_000)
    too_large = http.post("/v1/chat/completions", json=huge)
    assert too_large.status_code == 429, too_large.text
    assert too_large.headers["x-should-retry"] == "false"
