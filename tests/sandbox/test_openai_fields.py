"""Every request field of OpenAI's chat-completions contract: accepted, `null` as "not set",
and each doing what the contract and the docs say, or refused with the documented code.

The list of fields comes from OpenAI's own contract (`tests/fixtures/openai-surface.json`),
so a field OpenAI adds fails `test_every_field_has_a_sample` until it gets a row here.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from metal_sandbox import tokens
from metal_sandbox.examples import WEATHER_TOOL
from metal_sandbox.testing import Sandbox

from contract_check import validate_contract
from openai_compat import errors, validate
from sandbox_helpers import chat_body

SURFACE = Path(__file__).parent.parent / "fixtures" / "openai-surface.json"
CHAT = "/v1/chat/completions"
STORY = "Write a short story about a lighthouse"

#: A value OpenAI's contract allows for every body field of createChatCompletion.
SAMPLES: dict[str, Any] = {
    "audio": {"voice": "alloy", "format": "mp3"},
    "frequency_penalty": 0.5,
    "function_call": "auto",
    "functions": [{"name": "get_weather", "parameters": {"type": "object"}}],
    "logit_bias": {"15339": -100, "1917": 5},
    "logprobs": True,
    "max_completion_tokens": 64,
    "max_tokens": 64,
    "messages": [{"role": "user", "content": "Hello!", "name": "sam"}],
    "metadata": {"ticket": "T-1"},
    "modalities": ["text"],
    "model": "aurora",
    "moderation": {"model": "omni-moderation-latest", "policy": {"input": {"mode": "score"}}},
    "n": 2,
    "parallel_tool_calls": False,
    "prediction": {"type": "content", "content": "Hello! I'm Aurora."},
    "presence_penalty": -0.5,
    "prompt_cache_key": "support-bot-v3",
    "prompt_cache_options": {"mode": "implicit", "ttl": "30m"},
    "prompt_cache_retention": "24h",
    "reasoning_effort": "high",
    "response_format": {"type": "json_object"},
    "safety_identifier": "user-4fb1",
    "seed": 42,
    "service_tier": "flex",
    "stop": ["\n\n"],
    "store": True,
    "stream": False,
    "stream_options": {"include_usage": True, "include_obfuscation": False},
    "temperature": 0.2,
    "tool_choice": "auto",
    "tools": [WEATHER_TOOL],
    "top_logprobs": 2,
    "top_p": 0.9,
    "user": "user-4fb1",
    "verbosity": "high",
    "web_search_options": {"search_context_size": "low"},
}
#: Fields MeTal refuses with a documented code rather than pretend to honour.
REFUSED = {
    "audio": "unsupported_parameter",
    "web_search_options": "unsupported_parameter",
    "moderation": "unsupported_parameter",
    "functions": "unsupported_parameter",
    "function_call": "unsupported_parameter",
}
#: What else a sample needs to be served: its companion fields.
COMPANIONS: dict[str, dict[str, Any]] = {
    "reasoning_effort": {"model": "valley-pro-1"},
    "top_logprobs": {"logprobs": True},
    "stream_options": {"stream": True},
    "response_format": {"messages": [{"role": "user", "content": "Give me JSON"}]},
}


def chat_fields() -> list[str]:
    operations = json.loads(SURFACE.read_text())["operations"]
    return next(op["body"] for op in operations if op["operation_id"] == "createChatCompletion")


def body_with(field: str, value: Any) -> dict[str, Any]:
    return {**chat_body("Hello!"), **COMPANIONS.get(field, {}), field: value}


@pytest.fixture
def metal_sandbox(unlimited_sandbox: Sandbox) -> Sandbox:
    """Rate limits off: these tests send more than five requests a minute (the suite's
    `client`, `aclient` and `http` fixtures use it)."""
    return unlimited_sandbox


def error_code(response: httpx.Response, status: int = 400) -> tuple[str, str | None]:
    assert response.status_code == status, response.text
    validate("ErrorResponse", response.json())
    error = response.json()["error"]
    return error["code"], error["param"]


# --- every field ----------------------------------------------------------------------


def test_every_field_has_a_sample() -> None:
    assert sorted(SAMPLES) == sorted(chat_fields())


@pytest.mark.parametrize("field", sorted(SAMPLES))
def test_every_field_is_accepted_or_refused_as_documented(http: httpx.Client, field: str) -> None:
    body = body_with(field, SAMPLES[field])
    assert errors("CreateChatCompletionRequest", body) == [], "the sample is valid for OpenAI"
    response = http.post(CHAT, json=body)
    if field in REFUSED:
        assert error_code(response) == (REFUSED[field], field)
        return
    assert response.status_code == 200, response.text
    if not body.get("stream"):
        validate("CreateChatCompletionResponse", response.json())
        validate_contract("ChatCompletion", response.json())


@pytest.mark.parametrize("field", sorted(set(SAMPLES) - {"model", "messages"}))
def test_null_means_not_set(http: httpx.Client, field: str) -> None:
    """Every optional field takes `null` as "not set": wherever OpenAI's schema allows it,
    and also where its schema does not but its server does (`tools`, `tool_choice`,
    `user`...), since clients and frameworks send those nulls."""
    with_null = http.post(CHAT, json={**chat_body("Hello!"), field: None})
    without = http.post(CHAT, json=chat_body("Hello!"))
    assert with_null.status_code == 200, with_null.text
    assert with_null.json()["choices"] == without.json()["choices"]


def test_openai_allows_null_for_most_fields() -> None:
    """The premise of the test above, held to OpenAI's schema."""
    allowed = [f for f in SAMPLES if not errors("CreateChatCompletionRequest", body_with(f, None))]
    assert {"logprobs", "logit_bias", "service_tier", "verbosity", "prediction"} <= set(allowed)
    assert errors("CreateChatCompletionRequest", body_with("model", None))


@pytest.mark.parametrize("field", ["temprature", "instructions", "input", "previous_response_id"])
def test_fields_openai_does_not_have_are_unknown(http: httpx.Client, field: str) -> None:
    """`instructions` and friends are Responses API fields: not chat completions' either."""
    assert error_code(http.post(CHAT, json=chat_body(**{field: "x"}))) == (
        "unknown_parameter",
        field,
    )


# --- logprobs ---------------------------------------------------------------------------


def check_logprobs(content: str, entries: list[dict[str, Any]], top: int) -> None:
    assert "".join(e["token"] for e in entries) == content
    for entry in entries:
        validate("ChatCompletionTokenLogprob", entry)
        assert entry["bytes"] == list(entry["token"].encode())
        assert entry["logprob"] <= 0
        listed = entry["top_logprobs"]
        assert len(listed) == top
        if top:
            assert listed[0]["token"] == entry["token"]
            assert listed[0]["logprob"] == entry["logprob"]
        assert [t["logprob"] for t in listed] == sorted(
            (t["logprob"] for t in listed), reverse=True
        )
        assert sum(math.exp(t["logprob"]) for t in listed) < 1


@pytest.mark.parametrize("top", [0, 1, 5, 20])
def test_logprobs_spell_the_reply(client: openai.OpenAI, top: int) -> None:
    completion = client.chat.completions.create(
        **chat_body("What is the capital of France?"), logprobs=True, top_logprobs=top
    )
    raw = completion.model_dump(mode="json", exclude_unset=True)
    validate("CreateChatCompletionResponse", raw)
    choice = raw["choices"][0]
    check_logprobs(choice["message"]["content"], choice["logprobs"]["content"], top)


def test_logprobs_are_deterministic_and_absent_unless_asked(client: openai.OpenAI) -> None:
    ask = chat_body("Tell me a joke", logprobs=True, top_logprobs=3)
    first = client.chat.completions.create(**ask).choices[0].logprobs
    second = client.chat.completions.create(**ask).choices[0].logprobs
    assert first is not None and first == second
    assert client.chat.completions.create(**chat_body("Tell me a joke")).choices[0].logprobs is None
    unasked = client.chat.completions.create(**chat_body("Tell me a joke"), logprobs=False)
    assert unasked.choices[0].logprobs is None


@pytest.mark.anyio
async def test_streamed_logprobs_add_up_to_the_reply(aclient: openai.AsyncOpenAI) -> None:
    ask = chat_body("What is the capital of France?", logprobs=True, top_logprobs=2)
    whole = await aclient.chat.completions.create(**ask)
    stream = await aclient.chat.completions.create(**ask, stream=True)
    pieces: list[dict[str, Any]] = []
    async for chunk in stream:
        raw = chunk.model_dump(mode="json", exclude_unset=True)
        validate("CreateChatCompletionStreamResponse", raw)
        scored = raw["choices"][0].get("logprobs") if raw["choices"] else None
        pieces += (scored or {}).get("content") or []
    expected = whole.model_dump(mode="json")["choices"][0]["logprobs"]["content"]
    assert pieces == expected
    check_logprobs(whole.choices[0].message.content or "", pieces, 2)


@pytest.mark.parametrize(
    ("extra", "code", "param"),
    [
        ({"top_logprobs": 3}, "invalid_value", "top_logprobs"),
        ({"logprobs": False, "top_logprobs": 3}, "invalid_value", "top_logprobs"),
        ({"logprobs": True, "top_logprobs": 21}, "invalid_value", "top_logprobs"),
        ({"logprobs": True, "top_logprobs": -1}, "invalid_value", "top_logprobs"),
        ({"logprobs": True, "top_logprobs": 2.5}, "invalid_type", "top_logprobs"),
        ({"logprobs": "yes"}, "invalid_type", "logprobs"),
    ],
)
def test_bad_logprobs(http: httpx.Client, extra: dict[str, Any], code: str, param: str) -> None:
    assert error_code(http.post(CHAT, json=chat_body(**extra))) == (code, param)


# --- logit_bias, service_tier, verbosity, prediction ---------------------------------------


@pytest.mark.parametrize(
    ("bias", "code"),
    [
        ({"hello": 1}, "invalid_value"),
        ({"-1": 1}, "invalid_value"),
        ({"100277": 1}, "invalid_value"),
        ({"15339": 101}, "invalid_value"),
        ({"15339": -101}, "invalid_value"),
        ({"15339": "high"}, "invalid_type"),
        ({"15339": 1.5}, "invalid_type"),
        ([15339], "invalid_type"),
    ],
)
def test_logit_bias_is_checked(http: httpx.Client, bias: object, code: str) -> None:
    got, param = error_code(http.post(CHAT, json=chat_body(logit_bias=bias)))
    assert got == code and param is not None and param.startswith("logit_bias")


def test_logit_bias_takes_every_token_id_and_bias(client: openai.OpenAI) -> None:
    bias = {"0": -100, "100276": 100, "15339": 0}
    assert client.chat.completions.create(**chat_body(), logit_bias=bias).choices


@pytest.mark.parametrize("tier", ["auto", "default", "flex", "scale", "priority", "fast", None])
def test_service_tier_says_how_it_was_served(client: openai.OpenAI, tier: Any) -> None:
    completion = client.chat.completions.create(**chat_body(), service_tier=tier)
    assert completion.service_tier == "default"
    stream = client.chat.completions.create(**chat_body(), service_tier=tier, stream=True)
    assert {chunk.service_tier for chunk in stream} == {"default"}


def test_unknown_service_tier(http: httpx.Client) -> None:
    response = http.post(CHAT, json=chat_body(service_tier="gold"))
    assert error_code(response) == ("invalid_value", "service_tier")


def test_low_verbosity_shortens_the_reply(client: openai.OpenAI) -> None:
    def reply(verbosity: Any) -> str:
        completion = client.chat.completions.create(**chat_body(STORY), verbosity=verbosity)
        return completion.choices[0].message.content or ""

    full, low = reply(None), reply("low")
    assert reply("medium") == reply("high") == full
    assert low == full.split("\n\n")[0] and len(low) < len(full)


def test_low_verbosity_keeps_json_whole(client: openai.OpenAI) -> None:
    ask = chat_body(
        "Give me the capital of France as JSON", response_format={"type": "json_object"}
    )
    low = client.chat.completions.create(**ask, verbosity="low").choices[0].message.content
    assert json.loads(low or "")
    assert low == client.chat.completions.create(**ask).choices[0].message.content


@pytest.mark.parametrize("bad", ["short", 1, ["low"]])
def test_bad_verbosity(http: httpx.Client, bad: object) -> None:
    """Not one of the three values, whatever its type: `invalid_value` listing them."""
    response = http.post(CHAT, json=chat_body(verbosity=bad))
    assert error_code(response) == ("invalid_value", "verbosity")
    assert "'low', 'medium' or 'high'" in response.json()["error"]["message"]


def test_prediction_is_counted_in_usage(client: openai.OpenAI) -> None:
    plain = client.chat.completions.create(**chat_body())
    reply = plain.choices[0].message.content or ""
    exact = client.chat.completions.create(
        **chat_body(), prediction={"type": "content", "content": reply}
    )
    details = exact.usage.completion_tokens_details
    assert details.accepted_prediction_tokens == tokens.count(reply)
    assert details.rejected_prediction_tokens == 0
    assert exact.usage.completion_tokens == plain.usage.completion_tokens
    wrong = "Completely unrelated words about submarines"
    missed = client.chat.completions.create(
        **chat_body(), prediction={"type": "content", "content": [{"type": "text", "text": wrong}]}
    )
    rejected = missed.usage.completion_tokens_details.rejected_prediction_tokens
    assert rejected == len(tokens.pieces(wrong))
    assert missed.usage.completion_tokens == plain.usage.completion_tokens + rejected
    assert missed.usage.total_tokens == missed.usage.prompt_tokens + missed.usage.completion_tokens


@pytest.mark.parametrize(
    ("field", "value", "code", "param"),
    [
        ("prediction", {"type": "text", "content": "x"}, "invalid_value", "prediction.type"),
        ("prediction", {"type": "content"}, "missing_required_parameter", "prediction.content"),
        ("prediction", "Hello", "invalid_type", "prediction"),
        ("modalities", ["text", "audio"], "unsupported_value", "modalities"),
        ("modalities", ["video"], "invalid_value", "modalities[0]"),
        ("audio", {"voice": "alloy"}, "missing_required_parameter", "audio.format"),
        ("safety_identifier", "x" * 65, "invalid_value", "safety_identifier"),
        ("prompt_cache_key", 7, "invalid_type", "prompt_cache_key"),
        ("prompt_cache_retention", "1h", "invalid_value", "prompt_cache_retention"),
        ("prompt_cache_options", {"ttl": "1h"}, "invalid_value", "prompt_cache_options.ttl"),
        ("web_search_options", {"search_context_size": "huge"}, "invalid_value", None),
        ("functions", [], "empty_array", "functions"),
        ("stream_options", {"include_obfuscation": "no"}, "invalid_type", None),
        ("frequency_penalty", 2.5, "invalid_value", "frequency_penalty"),
        ("presence_penalty", -3, "invalid_value", "presence_penalty"),
        ("user", 42, "invalid_type", "user"),
    ],
)
def test_bad_values_get_the_documented_error(
    http: httpx.Client, field: str, value: object, code: str, param: str | None
) -> None:
    got, got_param = error_code(http.post(CHAT, json=body_with(field, value)))
    assert got == code
    assert got_param == param if param else got_param and got_param.startswith(field)


@pytest.mark.parametrize(
    ("model", "effort", "code"),
    [
        ("valley-pro-1", "minimal", "unsupported_value"),
        ("valley-pro-1", "xhigh", "unsupported_value"),
        ("aurora", "low", "unsupported_parameter"),
    ],
)
def test_reasoning_effort_outside_what_metal_serves(
    client: openai.OpenAI, model: str, effort: Any, code: str
) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(**chat_body(model=model), reasoning_effort=effort)
    assert caught.value.code == code
    assert caught.value.param == "reasoning_effort"


@pytest.mark.anyio
async def test_refused_fields_through_the_async_sdk(aclient: openai.AsyncOpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        await aclient.chat.completions.create(**chat_body(), modalities=["text", "audio"])
    assert caught.value.code == "unsupported_value"
    with pytest.raises(openai.BadRequestError) as caught:
        await aclient.chat.completions.create(
            **chat_body(), web_search_options={"search_context_size": "low"}
        )
    assert caught.value.code == "unsupported_parameter"
    fine = await aclient.chat.completions.create(**chat_body(), modalities=["text"])
    assert fine.choices[0].message.content


# --- name on every role -----------------------------------------------------------------

CONVERSATION = [
    {"role": "system", "content": "You are a helpful assistant.", "name": "rules"},
    {"role": "developer", "content": "Answer briefly.", "name": "dev"},
    {"role": "user", "content": "What's the weather in Paris?", "name": "sam"},
    {
        "role": "assistant",
        "name": "aurora",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "name": "get_weather", "content": "18°C, sunny"},
]


def test_name_on_every_role(client: openai.OpenAI) -> None:
    named = client.chat.completions.create(
        model="aurora", messages=CONVERSATION, tools=[WEATHER_TOOL]
    )
    unnamed = [{k: v for k, v in m.items() if k != "name"} for m in CONVERSATION]
    plain = client.chat.completions.create(model="aurora", messages=unnamed, tools=[WEATHER_TOOL])
    assert named.choices[0].message.content == plain.choices[0].message.content
    assert "18" in (named.choices[0].message.content or "")


@pytest.mark.anyio
async def test_name_on_every_role_async(aclient: openai.AsyncOpenAI) -> None:
    named = await aclient.chat.completions.create(
        model="aurora", messages=CONVERSATION, tools=[WEATHER_TOOL]
    )
    assert named.choices[0].finish_reason == "stop"


@pytest.mark.parametrize("index", range(len(CONVERSATION)))
def test_name_must_be_a_string(http: httpx.Client, index: int) -> None:
    messages = [dict(m) for m in CONVERSATION]
    messages[index]["name"] = 7
    response = http.post(CHAT, json={"model": "aurora", "messages": messages})
    assert error_code(response) == ("invalid_type", f"messages[{index}].name")
