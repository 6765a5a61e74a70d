"""Every row of the error catalog is produced by the sandbox, exactly as documented.

Each trigger below makes one error happen for real. The test fails if a catalog row has
no trigger, if a trigger's response differs from its row in status, type or code, or if
the documented example message does not have the shape of the real one.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import httpx
import pytest

from metal_sandbox.errors import CATALOG, ErrorSpec
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

Trigger = Callable[[httpx.Client, Sandbox], httpx.Response]
CHAT = "/v1/chat/completions"


def post(body: object, **headers: str) -> Trigger:
    return lambda http, sandbox: http.post(CHAT, json=body, headers=headers)


def raw(content: bytes, content_type: str = "application/json") -> Trigger:
    return lambda http, sandbox: http.post(
        CHAT, content=content, headers={"content-type": content_type}
    )


def repeat(times: int, trigger: Trigger) -> Trigger:
    def run(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
        for _ in range(times - 1):
            trigger(http, sandbox)
        return trigger(http, sandbox)

    return run


def reused_key(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    http.post(CHAT, json=chat_body("a"), headers={"idempotency-key": "order-42"})
    return http.post(CHAT, json=chat_body("b"), headers={"idempotency-key": "order-42"})


HOOKS = "/v1/webhook_endpoints"
ENDPOINT = {
    "url": "http://127.0.0.1:9/hooks",
    "name": "x",
    "event_types": ["chat.completion.failed"],
}
UNKNOWN_ENDPOINT = "we_01JD0000000000000000000000"


def eleventh_endpoint(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    for _ in range(10):  # five requests a minute: let each creation find a fresh window
        http.post(HOOKS, json=ENDPOINT)
        sandbox.runtime.clock.advance(12)
    return http.post(HOOKS, json=ENDPOINT)


def unknown_delivery(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    created = http.post(HOOKS, json=ENDPOINT).json()
    return http.post(
        f"{HOOKS}/{created['id']}/deliveries/whdel_01JD0000000000000000000000/redeliver"
    )


RESPONSES = "/v1/responses"
UNKNOWN_RESPONSE = "resp_01JD0000000000000000000000"


def cancel_finished(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    """A background response left to finish (0.4 sandbox seconds), then cancelled."""
    created = http.post(RESPONSES, json={"model": "aurora", "input": "Hi", "background": True})
    time.sleep(1.5)
    return http.post(f"{RESPONSES}/{created.json()['id']}/cancel")


def unknown_message(http: httpx.Client, sandbox: Sandbox) -> httpx.Response:
    stored = http.post(CHAT, json=chat_body(store=True)).json()["id"]
    return http.get(f"{CHAT}/{stored}/messages", params={"after": f"{stored}-9"})


LOOSE = {"type": "object", "properties": {"name": {"type": "string"}}}
LONG = {"model": "valley-fast-1", "messages": [{"role": "user", "content": "word " * 38_970}]}

TRIGGERS: dict[tuple[str, str], Trigger] = {
    ("invalid_json", "invalid_request_error"): raw(b'{"model": '),
    ("invalid_content_type", "invalid_request_error"): raw(b"hi", "text/plain"),
    ("invalid_body", "invalid_request_error"): raw(b"[1, 2]"),
    ("missing_required_parameter", "invalid_request_error"): post({"model": "aurora"}),
    ("unknown_parameter", "invalid_request_error"): post(chat_body(temprature=1)),
    ("invalid_type", "invalid_request_error"): post(chat_body(temperature="hot")),
    ("invalid_value", "invalid_request_error"): post(chat_body(temperature=3)),
    ("empty_array", "invalid_request_error"): post({"model": "aurora", "messages": []}),
    ("unsupported_parameter", "invalid_request_error"): post(chat_body(reasoning_effort="low")),
    ("unsupported_value", "invalid_request_error"): post(chat_body(modalities=["text", "audio"])),
    ("context_length_exceeded", "invalid_request_error"): post(LONG),
    ("invalid_api_version", "invalid_request_error"): lambda http, sandbox: http.get(
        "/v1/models", headers={"metal-version": "2020-01-01"}
    ),
    ("invalid_idempotency_key", "invalid_request_error"): post(
        chat_body(), **{"idempotency-key": "k" * 256}
    ),
    ("invalid_api_key", "invalid_request_error"): lambda http, sandbox: http.get(
        "/v1/models", headers={"authorization": "Bearer mk_test_" + "abcd" * 7 + "wxyz"}
    ),
    ("insufficient_permissions", "permission_error"): post(
        chat_body(), authorization=f"Bearer {TEST_KEYS[2].secret}"
    ),
    ("model_not_found", "invalid_request_error"): lambda http, sandbox: http.get(
        "/v1/models/gpt-4o"
    ),
    ("completion_not_found", "invalid_request_error"): lambda http, sandbox: http.get(
        "/v1/chat/completions/chatcmpl-01JD0000000000000000000000"
    ),
    ("message_not_found", "invalid_request_error"): unknown_message,
    ("unknown_url", "invalid_request_error"): lambda http, sandbox: http.get("/v1/chat/completion"),
    ("method_not_allowed", "invalid_request_error"): lambda http, sandbox: http.delete(
        "/v1/models"
    ),
    ("idempotency_key_reused", "invalid_request_error"): reused_key,
    ("request_too_large", "invalid_request_error"): raw(b"x" * (1 << 20) + b"x"),
    ("invalid_schema", "invalid_request_error"): post(
        chat_body(
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "person", "strict": True, "schema": LOOSE},
            }
        )
    ),
    ("unsupported_schema", "invalid_request_error"): post(
        chat_body(
            response_format={
                "type": "json_schema",
                "json_schema": {
                    "name": "n",
                    "schema": {
                        "type": "object",
                        "properties": {"a": {"type": "string", "minLength": 2_000_000}},
                    },
                },
            }
        )
    ),
    ("response_not_found", "invalid_request_error"): lambda http, sandbox: http.get(
        f"{RESPONSES}/{UNKNOWN_RESPONSE}"
    ),
    ("previous_response_not_found", "invalid_request_error"): lambda http, sandbox: http.post(
        RESPONSES,
        json={"model": "aurora", "input": "Hi", "previous_response_id": UNKNOWN_RESPONSE},
    ),
    ("tool_call_not_found", "invalid_request_error"): lambda http, sandbox: http.post(
        RESPONSES,
        json={
            "model": "aurora",
            "input": [{"type": "function_call_output", "call_id": "call_x", "output": "1"}],
        },
    ),
    ("response_not_cancellable", "invalid_request_error"): cancel_finished,
    ("invalid_url", "invalid_request_error"): lambda http, sandbox: http.post(
        HOOKS, json={**ENDPOINT, "url": "https://example.com/hooks"}
    ),
    ("endpoint_limit_reached", "invalid_request_error"): eleventh_endpoint,
    ("webhook_endpoint_not_found", "invalid_request_error"): lambda http, sandbox: http.get(
        f"{HOOKS}/{UNKNOWN_ENDPOINT}"
    ),
    ("delivery_not_found", "invalid_request_error"): unknown_delivery,
    ("rate_limit_exceeded", "requests"): repeat(6, lambda http, sandbox: http.get("/v1/models")),
    ("rate_limit_exceeded", "tokens"): repeat(2, post(chat_body("word " * 12_000))),
    ("server_error", "server_error"): post(
        chat_body(), **{"metal-sandbox-simulate": "server_error"}
    ),
    ("service_unavailable", "server_error"): post(
        chat_body(), **{"metal-sandbox-simulate": "service_unavailable"}
    ),
}


def shape(message: str) -> str:
    """A message with its variable parts (quoted values, numbers) replaced."""
    return re.sub(r"'[^']*'|\d+", "#", message)


def test_every_catalog_row_has_a_trigger() -> None:
    assert set(TRIGGERS) == {(s.code, s.type) for s in CATALOG}


@pytest.mark.parametrize("spec", CATALOG, ids=lambda s: f"{s.status}-{s.code}-{s.type}")
def test_the_sandbox_returns_the_documented_error(
    metal_sandbox: Sandbox, http: httpx.Client, spec: ErrorSpec
) -> None:
    response = TRIGGERS[(spec.code, spec.type)](http, metal_sandbox)
    assert response.status_code == spec.status, response.text
    error = response.json()["error"]
    assert (error["type"], error["code"]) == (spec.type, spec.code)
    assert shape(error["message"]).startswith(shape(spec.example).rstrip(".")), (
        f"the catalog's example no longer looks like the real message:\n"
        f"  real:    {error['message']}\n  example: {spec.example}"
    )
