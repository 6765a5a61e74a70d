"""Each error status reaches the SDK as the right exception class, with its request id."""

from __future__ import annotations

import openai
import pytest

from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.testing import Sandbox

from sandbox_helpers import REQUEST_ID, chat_body

BIG = "x" * (1 << 20)


def trigger(sandbox: Sandbox, status: int) -> None:
    key = {401: "mk_test_" + "N" * 32, 403: TEST_KEYS[2].secret}.get(status, sandbox.api_key)
    client = openai.OpenAI(base_url=sandbox.base_url, api_key=key, max_retries=0)
    simulate = {500: "server_error", 503: "service_unavailable"}.get(status)
    headers = {"metal-sandbox-simulate": simulate} if simulate else {}
    if status == 409:
        client.chat.completions.create(**chat_body("a"), extra_headers={"idempotency-key": "x"})
        client.chat.completions.create(**chat_body("b"), extra_headers={"idempotency-key": "x"})
    elif status == 429:
        for _ in range(6):
            client.models.list()
    elif status == 404:
        client.models.retrieve("gpt-4o")
    elif status == 413:
        client.chat.completions.create(**chat_body(BIG))
    elif status == 422:
        client.chat.completions.create(
            **chat_body(),
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "x", "strict": True, "schema": {"type": "object"}},
            },
        )
    elif status == 400:
        client.chat.completions.create(model="aurora", messages=[])
    else:
        client.chat.completions.create(**chat_body(), extra_headers=headers)


@pytest.mark.parametrize(
    ("status", "exception"),
    [
        (400, openai.BadRequestError),
        (401, openai.AuthenticationError),
        (403, openai.PermissionDeniedError),
        (404, openai.NotFoundError),
        (409, openai.ConflictError),
        (413, openai.APIStatusError),
        (422, openai.UnprocessableEntityError),
        (429, openai.RateLimitError),
        (500, openai.InternalServerError),
        (503, openai.InternalServerError),
    ],
)
def test_exception_class_per_status(
    metal_sandbox: Sandbox, status: int, exception: type[openai.APIStatusError]
) -> None:
    with pytest.raises(exception) as caught:
        trigger(metal_sandbox, status)
    error = caught.value
    assert error.status_code == status
    assert REQUEST_ID.match(error.request_id or "")
    assert error.request_id == error.response.headers["x-request-id"]
    assert isinstance(error.body, dict) and set(error.body) == {"message", "type", "param", "code"}


def test_sdk_retries_server_errors_then_gives_up(metal_sandbox: Sandbox) -> None:
    client = openai.OpenAI(
        base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key, max_retries=2
    )
    with pytest.raises(openai.InternalServerError):
        client.with_options(timeout=5).chat.completions.create(
            **chat_body(), extra_headers={"metal-sandbox-simulate": "service_unavailable"}
        )
    used = client.models.with_raw_response.list().headers["x-ratelimit-remaining-requests"]
    assert used == "1", "three attempts and one listing spent four of five requests"
