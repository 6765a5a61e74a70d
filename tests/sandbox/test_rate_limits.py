"""Rate limits: 5 requests and 20,000 tokens per minute per account, all keys together."""

from __future__ import annotations

import asyncio
import time

import httpx
import openai
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import APIError
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.ratelimit import RateLimiter
from metal_sandbox.testing import Sandbox

from openai_compat import validate
from sandbox_helpers import chat_body

PRIMARY, SECOND, _, OTHER = (k.secret for k in TEST_KEYS)


def get_models(sandbox: Sandbox, key: str = PRIMARY) -> httpx.Response:
    return httpx.get(sandbox.base_url + "/models", headers={"authorization": f"Bearer {key}"})


def test_headers_count_down_and_the_sixth_request_is_429(metal_sandbox: Sandbox) -> None:
    remaining = [
        int(get_models(metal_sandbox).headers["x-ratelimit-remaining-requests"]) for _ in range(5)
    ]
    assert remaining == [4, 3, 2, 1, 0]
    refused = get_models(metal_sandbox)
    assert refused.status_code == 429
    body = refused.json()
    validate("ErrorResponse", body)
    assert (body["error"]["type"], body["error"]["code"]) == ("requests", "rate_limit_exceeded")
    assert refused.headers["retry-after"] == "60"
    assert refused.headers["x-ratelimit-limit-requests"] == "5"
    assert refused.headers["x-ratelimit-reset-requests"] == "1m0s"


def test_keys_of_one_account_share_a_budget_and_other_accounts_do_not(
    metal_sandbox: Sandbox,
) -> None:
    for key in (PRIMARY, SECOND, PRIMARY, SECOND, PRIMARY):
        assert get_models(metal_sandbox, key).status_code == 200
    assert get_models(metal_sandbox, SECOND).status_code == 429
    assert get_models(metal_sandbox, OTHER).status_code == 200


def test_the_window_slides(metal_sandbox: Sandbox) -> None:
    for _ in range(5):
        get_models(metal_sandbox)
    metal_sandbox.runtime.clock.advance(59)
    assert get_models(metal_sandbox).status_code == 429
    metal_sandbox.runtime.clock.advance(1)
    assert get_models(metal_sandbox).status_code == 200


def test_tokens_per_minute(metal_sandbox: Sandbox, client: openai.OpenAI) -> None:
    long_prompt = chat_body("word " * 12_000, max_tokens=100)
    first = client.chat.completions.with_raw_response.create(**long_prompt)
    used = first.parse().usage.total_tokens
    assert used > 12_000
    assert int(first.headers["x-ratelimit-remaining-tokens"]) == 20_000 - used
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(**long_prompt)
    error = caught.value.body
    assert caught.value.type == "tokens"
    assert "tokens per minute (TPM): Limit 20000" in error["message"]


def test_concurrent_burst_gets_exactly_five_successes(metal_sandbox: Sandbox) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(
            base_url=metal_sandbox.base_url,
            headers={"authorization": f"Bearer {PRIMARY}"},
            timeout=30,
        ) as session:
            responses = await asyncio.gather(
                *(session.post("/chat/completions", json=chat_body()) for _ in range(50))
            )
            return [r.status_code for r in responses]

    statuses = asyncio.run(burst())
    assert statuses.count(200) == 5
    assert statuses.count(429) == 45


def test_sdk_retry_honours_retry_after_on_a_fast_clock() -> None:
    """With the clock 60x faster, a one-minute window passes in a second of real time: the
    SDK's own retry waits `retry-after-ms` and then succeeds."""
    with Sandbox(SandboxConfig(clock_speed=60, requests_per_minute=2)) as sandbox:
        client = openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=3)
        client.models.list()
        client.models.list()
        started = time.monotonic()
        raw = client.models.with_raw_response.list()
        waited = time.monotonic() - started
        assert raw.retries_taken >= 1
        assert raw.http_response.status_code == 200
        assert 0.2 < waited < 10, waited


def test_a_request_larger_than_the_token_window_is_not_retried(metal_sandbox: Sandbox) -> None:
    client = openai.OpenAI(base_url=metal_sandbox.base_url, api_key=metal_sandbox.api_key)
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(**chat_body("word " * 19_000))
    assert "Request too large for tokens per minute (TPM)" in caught.value.message
    assert caught.value.response.headers["x-should-retry"] == "false"
    remaining = client.models.with_raw_response.list().headers["x-ratelimit-remaining-requests"]
    assert remaining == "3", "the SDK made one attempt, not three"


def test_responses_carry_no_clock_or_server_headers(metal_sandbox: Sandbox) -> None:
    headers = get_models(metal_sandbox).headers
    assert "date" not in headers and "server" not in headers


def test_a_request_larger_than_the_window_is_not_to_be_retried(http: httpx.Client) -> None:
    """Waiting cannot let it through: `retry-after` is there as on every 429 (a whole
    window), and `x-should-retry: false` tells clients not to wait for it."""
    refused = http.post("/v1/chat/completions", json=chat_body("word " * 19_000))
    assert refused.status_code == 429
    assert "waiting will not help" in refused.json()["error"]["message"]
    assert refused.headers["retry-after"] == "60" and refused.headers["retry-after-ms"] == "60000"
    assert refused.headers["x-should-retry"] == "false"


def test_a_limit_turned_off_sends_no_headers_of_its_own() -> None:
    """`--rpm 0`: `limit 0, remaining 0` would read as a minute used up."""
    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        headers = get_models(sandbox).headers
    assert not [name for name in headers if name.endswith("-requests")]
    assert headers["x-ratelimit-limit-tokens"] == "20000"


def test_a_limit_turned_off_keeps_no_log() -> None:
    """With both limits off (the load bench's setting) nothing is counted: a log entry per
    request, kept for a minute, would be memory growing with the request rate."""
    limiter = RateLimiter(rpm=0, tpm=0, window_seconds=60)
    for second in range(100):
        limiter.admit_request("acct", float(second))
        limiter.admit_tokens("acct", float(second), 50)
        limiter.spend_tokens("acct", float(second), 50)
        assert limiter.headers("acct", float(second)) == {}
    on = RateLimiter(rpm=0, tpm=1000, window_seconds=60)
    on.spend_tokens("acct", 0.0, 600)
    with pytest.raises(APIError):
        on.admit_tokens("acct", 1.0, 500)
    assert "x-ratelimit-remaining-requests" not in on.headers("acct", 1.0)
    assert on.headers("acct", 1.0)["x-ratelimit-remaining-tokens"] == "400"
    assert limiter.accounts() == 0


def test_errors_of_an_operation_carry_the_headers_unknown_paths_do_not(
    http: httpx.Client,
) -> None:
    """What the rate limits page says: an operation's errors carry them once the key is
    known; an unknown path or method is answered before the key is read."""
    bad = http.post("/v1/chat/completions", json=chat_body(temperature=3))
    assert bad.status_code == 400 and "x-ratelimit-remaining-requests" in bad.headers
    for response in (http.get("/v1/nope"), http.delete("/v1/models")):
        assert response.status_code in (404, 405)
        assert not [name for name in response.headers if name.startswith("x-ratelimit-")]
