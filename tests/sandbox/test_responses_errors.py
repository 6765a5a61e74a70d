"""Bad input to the Responses API: each gets its documented error (OpenAI's body, the
catalog's code, the field at fault in `param`), never a 5xx or a hang; and every field of
OpenAI's request is known, `null` meaning "not set" wherever OpenAI allows it."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import spec
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.schemas.responses import CreateResponse
from metal_sandbox.testing import Sandbox

from openai_compat import schema, validate

HI = {"model": "aurora", "input": "Hi"}
CAT = "https://example.com/cat.png"
READ_ONLY = next(k.secret for k in TEST_KEYS if k.read_only)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as running:
        yield running


@pytest.fixture
def http(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers, timeout=10) as session:
        yield session


def refused(response: httpx.Response, code: str, param: str | None) -> str:
    """Assert the documented error and return its message."""
    assert response.status_code == spec(code).status, response.text
    body = response.json()
    validate("ErrorResponse", body)
    assert (body["error"]["code"], body["error"]["param"]) == (code, param), body
    return body["error"]["message"]


BAD_BODIES: list[tuple[dict[str, Any], str, str | None]] = [
    ({"input": "Hi"}, "missing_required_parameter", "model"),
    ({**HI, "model": "gpt-4o"}, "model_not_found", "model"),
    ({**HI, "input": 42}, "invalid_type", "input"),
    (
        {**HI, "input": [{"type": "web_search_call", "id": "ws_1"}]},
        "invalid_value",
        "input[0].type",
    ),
    ({**HI, "input": ["Hi"]}, "invalid_type", "input[0]"),
    ({**HI, "input": [{"role": "robot", "content": "Hi"}]}, "invalid_value", "input[0].role"),
    ({**HI, "input": [{"role": "user"}]}, "missing_required_parameter", "input[0].content"),
    (
        {**HI, "input": [{"role": "user", "content": [{"type": "output_text", "text": "x"}]}]},
        "invalid_value",
        "input[0].content[0].type",
    ),
    (
        {**HI, "input": [{"role": "user", "content": [{"type": "input_file", "file_id": "f"}]}]},
        "unsupported_value",
        "input[0].content[0].type",
    ),
    (
        {**HI, "input": [{"role": "user", "content": [{"type": "input_image", "file_id": "f"}]}]},
        "unsupported_value",
        "input[0].content[0].file_id",
    ),
    (
        {
            **HI,
            "input": [{"role": "system", "content": [{"type": "input_image", "image_url": CAT}]}],
        },
        "invalid_value",
        "input[0].content[0].type",
    ),
    (  # as chat's image parts: a web URL or a data: URL, nothing else
        {**HI, "input": [{"role": "user", "content": [{"type": "input_image", "image_url": "x"}]}]},
        "invalid_value",
        "input[0].content[0].image_url",
    ),
    ({**HI, "input": [{"role": "user", "content": []}]}, "empty_array", "input[0].content"),
    ({"model": "aurora", "input": []}, "empty_array", "input"),
    (
        {**HI, "input": [{"type": "function_call_output", "call_id": "call_nope", "output": "1"}]},
        "tool_call_not_found",
        "input[0].call_id",
    ),
    (
        {**HI, "previous_response_id": "resp_nope"},
        "previous_response_not_found",
        "previous_response_id",
    ),
    ({**HI, "tools": [{"type": "web_search"}]}, "unsupported_value", "tools[0].type"),
    ({**HI, "tools": [{"type": "teleport"}]}, "invalid_value", "tools[0].type"),
    ({**HI, "tool_choice": "required"}, "invalid_value", "tool_choice"),
    (
        {**HI, "tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": []}},
        "unsupported_value",
        "tool_choice",
    ),
    ({**HI, "prompt": {"id": "pmpt_1"}}, "unsupported_parameter", "prompt"),
    ({**HI, "conversation": "conv_1"}, "unsupported_parameter", "conversation"),
    ({**HI, "moderation": {"model": "omni"}}, "unsupported_parameter", "moderation"),
    ({**HI, "max_output_tokens": 15}, "invalid_value", "max_output_tokens"),
    ({**HI, "max_output_tokens": 10**6}, "invalid_value", "max_output_tokens"),
    ({**HI, "temperature": 3}, "invalid_value", "temperature"),
    ({**HI, "reasoning": {"effort": "low"}}, "unsupported_parameter", "reasoning.effort"),
    (
        {**HI, "model": "valley-pro-1", "reasoning": {"effort": "minimal"}},
        "unsupported_value",
        "reasoning.effort",
    ),
    ({**HI, "text": {"format": {"type": "xml"}}}, "invalid_value", "text.format.type"),
    (
        {
            **HI,
            "text": {"format": {"type": "json_schema", "name": "x", "schema": {"type": "array"}}},
        },
        "invalid_schema",
        "text.format",
    ),
    ({**HI, "metadata": {"k": 1}}, "invalid_type", "metadata.k"),
    ({**HI, "temprature": 1}, "unknown_parameter", "temprature"),
    (
        {**HI, "input": "word " * 40_000, "model": "valley-fast-1"},
        "context_length_exceeded",
        "input",
    ),
]


@pytest.mark.parametrize(
    ("body", "code", "param"), BAD_BODIES, ids=[f"{c}-{p}" for _, c, p in BAD_BODIES]
)
def test_bad_requests_get_their_documented_error(
    http: httpx.Client, body: dict[str, Any], code: str, param: str | None
) -> None:
    refused(http.post("/v1/responses", json=body), code, param)


def test_a_function_tool_schema_problem_names_the_responses_field(http: httpx.Client) -> None:
    tool = {
        "type": "function",
        "name": "f",
        "strict": True,
        "parameters": {"type": "object", "properties": {"a": {"type": "string"}}},
    }
    message = refused(
        http.post("/v1/responses", json={**HI, "tools": [tool]}), "invalid_schema", "tools"
    )
    assert "function 'f'" in message


def test_chats_checks_speak_of_the_responses_fields(http: httpx.Client) -> None:
    """The chat path's own refusals name `max_output_tokens`, not chat's field."""
    too_many = {**HI, "model": "valley-fast-1", "max_output_tokens": 9000}
    message = refused(
        http.post("/v1/responses", json=too_many), "invalid_value", "max_output_tokens"
    )
    assert message.startswith("Invalid value for 'max_output_tokens': 9000 is too large.")
    assert "max_completion_tokens" not in message


def test_an_unfinished_background_response_cannot_be_continued(http: httpx.Client) -> None:
    queued = http.post("/v1/responses", json={**HI, "background": True}).json()
    follow_up = http.post("/v1/responses", json={**HI, "previous_response_id": queued["id"]})
    assert "status 'queued'" in refused(follow_up, "invalid_value", "previous_response_id")


def test_unknown_ids_on_every_operation(http: httpx.Client) -> None:
    unknown = "/v1/responses/resp_01JD0000000000000000000000"
    for method, path in [
        ("GET", unknown),
        ("DELETE", unknown),
        ("POST", unknown + "/cancel"),
        ("GET", unknown + "/input_items"),
    ]:
        refused(http.request(method, path), "response_not_found", "response_id")


def test_replaying_a_stored_stream_is_refused(http: httpx.Client) -> None:
    created = http.post("/v1/responses", json=HI).json()
    path = f"/v1/responses/{created['id']}"
    refused(http.get(path, params={"stream": "true"}), "unsupported_value", "stream")
    assert http.get(path, params={"stream": "false"}).json()["id"] == created["id"]


def test_input_items_query_errors(http: httpx.Client) -> None:
    created = http.post("/v1/responses", json=HI).json()
    items = f"/v1/responses/{created['id']}/input_items"
    refused(http.get(items, params={"order": "sideways"}), "invalid_value", "order")
    refused(http.get(items, params={"after": "msg_nope"}), "invalid_value", "after")
    refused(http.get(items, params={"limit": 0}), "invalid_value", "limit")
    refused(http.get(items, params={"limit": 101}), "invalid_value", "limit")


def test_the_read_only_key_cannot_write(sandbox: Sandbox, http: httpx.Client) -> None:
    created = http.post("/v1/responses", json=HI).json()
    headers = {"authorization": f"Bearer {READ_ONLY}"}
    with httpx.Client(base_url=sandbox.url, headers=headers) as reader:
        for method, path, body in [
            ("POST", "/v1/responses", HI),
            ("DELETE", f"/v1/responses/{created['id']}", None),
            ("POST", f"/v1/responses/{created['id']}/cancel", None),
        ]:
            refused(reader.request(method, path, json=body), "insufficient_permissions", None)
        assert reader.get(f"/v1/responses/{created['id']}").status_code == 200


def test_a_background_failure_is_a_failed_response(http: httpx.Client) -> None:
    queued = http.post(
        "/v1/responses",
        json={**HI, "background": True},
        headers={"metal-sandbox-simulate": "server_error"},
    ).json()
    assert queued["status"] == "queued"
    deadline = time.monotonic() + 10
    while (body := http.get(f"/v1/responses/{queued['id']}").json())["status"] != "failed":
        assert time.monotonic() < deadline, body["status"]
        time.sleep(0.05)
    validate("Response", body)
    assert body["error"]["code"] == "server_error"


def _openai_fields() -> dict[str, dict[str, Any]]:
    fields: dict[str, dict[str, Any]] = {}
    for part in schema("CreateResponse")["allOf"]:
        for inner in part.get("allOf", [part]):
            fields.update(inner.get("properties", {}))
    return fields


def test_every_field_of_openais_request_is_known() -> None:
    assert set(_openai_fields()) <= set(CreateResponse.model_fields)


def _nullable(field: dict[str, Any]) -> bool:
    branches = field.get("anyOf", [field])
    return any(b.get("type") == "null" or "null" in (b.get("type") or []) for b in branches)


NULLABLE = sorted(name for name, field in _openai_fields().items() if _nullable(field))


@pytest.mark.parametrize("field", NULLABLE)
def test_null_means_not_set(http: httpx.Client, field: str) -> None:
    body = {**HI, field: None}
    validate("CreateResponse", body)
    response = http.post("/v1/responses", json=body)
    assert response.status_code == 200, response.text
    assert response.json()["output"][0]["content"][0]["text"]
