"""Issue 12, items 1 and 2, on a live sandbox: a JSON schema in `response_format` or a tool's
`parameters` is checked for keyword types and size before any work, so no request of a few
hundred bytes can stall the server or get a 500; and OpenAI's refusals of `tools: []` and
of a `tool_choice` that no tool can answer."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from metal_sandbox.config import SandboxConfig
from metal_sandbox.json_schema import largest_allowed
from metal_sandbox.testing import Sandbox

#: What one answer may take, however hostile the schema (the machine is shared and slow).
BUDGET = 1.0
CHAT = "/v1/chat/completions"


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A sandbox of its own without rate limits: the fuzz sends a hundred requests."""
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as started:
        yield started


@pytest.fixture(scope="module")
def api(sandbox: Sandbox) -> Iterator[httpx.Client]:
    headers = {"authorization": f"Bearer {sandbox.api_key}"}
    with httpx.Client(base_url=sandbox.url, headers=headers, timeout=30) as session:
        yield session


def in_format(schema: Any, strict: bool = False) -> dict[str, Any]:
    return {
        "model": "aurora",
        "messages": [{"role": "user", "content": "hi"}],
        "response_format": {
            "type": "json_schema",
            "json_schema": {"name": "n", "strict": strict, "schema": schema},
        },
    }


def in_tool(schema: Any) -> dict[str, Any]:
    return {
        "model": "aurora",
        "messages": [{"role": "user", "content": "hi"}],
        "tools": [{"type": "function", "function": {"name": "f", "parameters": schema}}],
    }


def timed(api: httpx.Client, body: dict[str, Any]) -> tuple[httpx.Response, float]:
    start = time.perf_counter()
    response = api.post(CHAT, json=body)
    return response, time.perf_counter() - start


def assert_refused(response: httpx.Response, code: str, param: str) -> dict[str, Any]:
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["type"], error["code"], error["param"]) == (
        "invalid_request_error",
        code,
        param,
    ), error
    return error


def one_property(sub: Any) -> dict[str, Any]:
    return {"type": "object", "properties": {"a": sub}, "required": ["a"]}


# --- item 1: schemas whose smallest instance is huge --------------------------------------


def test_the_issue_trigger_min_length_2000000_is_refused_fast(
    api: httpx.Client,
) -> None:
    body = json.loads(
        '{"model":"aurora","messages":[{"role":"user","content":"hi"}],"response_format":'
        '{"type":"json_schema","json_schema":{"name":"n","strict":true,"schema":{"type":'
        '"object","properties":{"a":{"type":"string","minLength":2000000}},"required":["a"],'
        '"additionalProperties":false}}}}'
    )
    response, elapsed = timed(api, body)
    error = assert_refused(response, "unsupported_schema", "response_format")
    assert elapsed < BUDGET
    assert "2000002 bytes" in error["message"] and "root.properties.a" in error["message"]


@pytest.mark.parametrize("wrap", [in_format, in_tool], ids=["response_format", "tools"])
def test_min_items_1000000000_is_refused_fast(api: httpx.Client, wrap: Any) -> None:
    schema = one_property({"type": "array", "items": {"type": "string"}, "minItems": 10**9})
    response, elapsed = timed(api, wrap(schema))
    param = "response_format" if wrap is in_format else "tools[0].function.parameters"
    error = assert_refused(response, "unsupported_schema", param)
    assert elapsed < BUDGET
    assert "the limit is 4096" in error["message"]


# --- item 2: badly typed keywords ----------------------------------------------------------

BAD_KEYWORDS = {
    "properties-not-object": (
        {"type": "object", "properties": ["a"]},
        "root.properties",
    ),
    "required-not-list": (
        {"type": "object", "properties": {"a": {"type": "string"}}, "required": "a"},
        "root.required",
    ),
    "minLength-not-integer": (
        one_property({"type": "string", "minLength": "5"}),
        "root.properties.a.minLength",
    ),
    "minLength-fraction": (
        one_property({"type": "string", "minLength": 2.5}),
        "root.properties.a.minLength",
    ),
    "minItems-not-integer": (
        one_property({"type": "array", "minItems": [1]}),
        "root.properties.a.minItems",
    ),
    "format-list": (
        one_property({"type": "string", "format": ["date"]}),
        "root.properties.a.format",
    ),
    "format-object": (
        one_property({"type": "string", "format": {"a": 1}}),
        "root.properties.a.format",
    ),
}


@pytest.mark.parametrize("wrap", [in_format, in_tool], ids=["response_format", "tools"])
@pytest.mark.parametrize("case", BAD_KEYWORDS, ids=str)
def test_a_badly_typed_keyword_is_a_400_naming_it(api: httpx.Client, wrap: Any, case: str) -> None:
    schema, where = BAD_KEYWORDS[case]
    param = "response_format" if wrap is in_format else "tools[0].function.parameters"
    error = assert_refused(api.post(CHAT, json=wrap(schema)), "unsupported_schema", param)
    assert f"(at {where})" in error["message"]
    assert "is not of type" in error["message"]


def test_the_second_tool_is_named_in_param(api: httpx.Client) -> None:
    body = in_tool({"type": "object"})
    body["tools"].append(
        {"type": "function", "function": {"name": "g", "parameters": {"required": 1}}}
    )
    error = assert_refused(
        api.post(CHAT, json=body), "unsupported_schema", "tools[1].function.parameters"
    )
    assert "function 'g'" in error["message"]


# --- tools and tool_choice -----------------------------------------------------------------


def test_an_empty_tools_array_is_refused(api: httpx.Client) -> None:
    body = {**in_tool({"type": "object"}), "tools": []}
    error = assert_refused(api.post(CHAT, json=body), "empty_array", "tools")
    assert error["message"].startswith("Invalid 'tools': empty array.")


@pytest.mark.parametrize(
    "choice", ["required", {"type": "function", "function": {"name": "f"}}], ids=str
)
def test_a_forced_call_without_tools_is_refused(api: httpx.Client, choice: Any) -> None:
    body = {"model": "aurora", "messages": [{"role": "user", "content": "hi"}]}
    error = assert_refused(
        api.post(CHAT, json={**body, "tool_choice": choice}),
        "invalid_value",
        "tool_choice",
    )
    assert "only allowed when 'tools' are specified" in error["message"]


def test_a_tool_choice_naming_an_unknown_function_is_refused(api: httpx.Client) -> None:
    body = {
        **in_tool({"type": "object"}),
        "tool_choice": {"type": "function", "function": {"name": "nope"}},
    }
    error = assert_refused(api.post(CHAT, json=body), "invalid_value", "tool_choice")
    assert "'nope'" in error["message"] and "(f)" in error["message"]


def test_tool_choice_none_and_auto_without_tools_are_accepted(
    api: httpx.Client,
) -> None:
    body = {"model": "aurora", "messages": [{"role": "user", "content": "hi"}]}
    for choice in ("none", "auto"):
        assert api.post(CHAT, json={**body, "tool_choice": choice}).status_code == 200


# --- the largest allowed schema ---------------------------------------------------------


def test_the_largest_allowed_schema_gets_a_valid_instance(api: httpx.Client) -> None:
    schema = largest_allowed()
    # Room for the whole instance: a reply cut at `max_tokens` ends with "length", not JSON.
    response, elapsed = timed(api, {**in_format(schema, strict=True), "max_tokens": 16000})
    assert response.status_code == 200, response.text
    assert elapsed < BUDGET
    choice = response.json()["choices"][0]
    assert choice["finish_reason"] == "stop"
    jsonschema.validate(json.loads(choice["message"]["content"]), schema)


def test_one_more_level_or_property_is_refused(api: httpx.Client) -> None:
    deeper = {"type": "object", "properties": {"z": largest_allowed()}}
    assert_refused(api.post(CHAT, json=in_format(deeper)), "unsupported_schema", "response_format")
    wider = largest_allowed()
    wider["properties"]["extra"] = {"type": "string"}
    error = assert_refused(
        api.post(CHAT, json=in_format(wider)), "unsupported_schema", "response_format"
    )
    assert "more than 100 properties" in error["message"]


# --- the fuzz ---------------------------------------------------------------------------

KEYWORDS = [
    "type",
    "properties",
    "required",
    "items",
    "prefixItems",
    "additionalProperties",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "format",
    "pattern",
    "enum",
    "const",
    "minimum",
    "maximum",
    "multipleOf",
    "anyOf",
    "allOf",
    "$ref",
    "$defs",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.sampled_from([0, 1, 2, 10**6, 10**9, 2**63, 1e308, -1, 0.5]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["string", "object", "array", "integer", "#", "#/$defs/x", "(a+)+b", ""]),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYWORDS + ["a", "x"]), inner, max_size=3),
    ),
    max_leaves=10,
)
SUBSCHEMAS = st.recursive(
    st.dictionaries(st.sampled_from(KEYWORDS), VALUES, max_size=4),
    lambda inner: st.dictionaries(
        st.sampled_from(KEYWORDS),
        st.one_of(inner, st.dictionaries(st.text(max_size=3), inner)),
        max_size=4,
    ),
    max_leaves=8,
)


class Watcher(threading.Thread):
    """A second client asking for `/v1/models` while the fuzz runs: the slowest answer."""

    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(daemon=True)
        self.sandbox, self.stop, self.slowest, self.statuses = (
            sandbox,
            threading.Event(),
            0.0,
            set(),
        )
        self.answers = 0

    def run(self) -> None:
        headers = {"authorization": f"Bearer {self.sandbox.api_key}"}
        with httpx.Client(base_url=self.sandbox.url, headers=headers, timeout=30) as other:
            while not self.stop.is_set():
                start = time.perf_counter()
                self.statuses.add(other.get("/v1/models").status_code)
                self.slowest = max(self.slowest, time.perf_counter() - start)
                self.answers += 1
                time.sleep(0.01)


@pytest.fixture(scope="module")
def watcher(sandbox: Sandbox) -> Iterator[Watcher]:
    watching = Watcher(sandbox)
    watching.start()
    yield watching
    watching.stop.set()
    watching.join(timeout=5)


@settings(
    max_examples=100,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sub=SUBSCHEMAS, as_tool=st.booleans(), at_root=st.booleans())
def test_fuzzed_schema_keywords_never_500_nor_stall(
    api: httpx.Client,
    watcher: Watcher,
    sub: dict[str, Any],
    as_tool: bool,
    at_root: bool,
) -> None:
    schema = {"type": "object", **sub} if at_root else one_property(sub)
    response, elapsed = timed(api, in_tool(schema) if as_tool else in_format(schema))
    assert response.status_code < 500, (schema, response.text)
    assert elapsed < BUDGET, (schema, elapsed)
    if response.status_code == 400:
        assert response.json()["error"]["code"] in {
            "unsupported_schema",
            "invalid_type",
        }


def test_the_other_client_was_served_during_the_fuzz(watcher: Watcher) -> None:
    """Runs after the fuzz (file order): the second client got quick answers meanwhile."""
    assert watcher.answers > 10
    assert watcher.statuses == {200}
    assert watcher.slowest < BUDGET
