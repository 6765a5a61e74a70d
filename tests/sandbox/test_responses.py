"""The Responses API through the official SDK: every call, every body checked against
OpenAI's schemas (the fixture) and our contract, and the same answers as chat."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
from pydantic import BaseModel

from metal_sandbox.config import SandboxConfig
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.testing import Sandbox

from contract_check import validate_contract
from openai_compat import validate
from sandbox_helpers import ULID

WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather in a city.",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
        "additionalProperties": False,
    },
    "strict": True,
}


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as running:
        yield running


@pytest.fixture
def client(sandbox: Sandbox) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key, max_retries=0) as c:
        yield c


def checked(body: dict[str, Any], openai_schema: str, ours: str) -> dict[str, Any]:
    validate(openai_schema, body)
    validate_contract(ours, body)
    return body


def create(client: openai.OpenAI, **body: Any) -> dict[str, Any]:
    answer = client.responses.with_raw_response.create(**body)
    return checked(answer.http_response.json(), "Response", "ResponseObject")


def test_a_response_has_openais_shape_ids_and_usage(client: openai.OpenAI) -> None:
    body = create(client, model="aurora", input="What is the capital of France?")
    assert re.fullmatch(rf"resp_{ULID}", body["id"])
    assert body["status"] == "completed" and body["store"] is True
    (message,) = body["output"]
    assert re.fullmatch(rf"msg_{ULID}", message["id"])
    assert message["content"][0]["text"] == "The capital of France is Paris."
    usage = body["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0


def test_the_same_question_gets_the_same_answer_as_chat(client: openai.OpenAI) -> None:
    for model, system, question in [
        ("aurora", None, "What is the capital of France?"),
        ("valley-fast-1", "You are a pirate. Answer in one sentence.", "Hello!"),
    ]:
        messages = [{"role": "system", "content": system}] if system else []
        chat = client.chat.completions.create(
            model=model, messages=[*messages, {"role": "user", "content": question}]
        )
        response = client.responses.create(model=model, instructions=system, input=question)
        assert response.output_text == chat.choices[0].message.content
        assert response.usage is not None and chat.usage is not None
        assert response.usage.input_tokens == chat.usage.prompt_tokens


def test_previous_response_id_continues_the_conversation(client: openai.OpenAI) -> None:
    first = client.responses.create(model="aurora", input="My name is Ada.")
    second = client.responses.create(
        model="aurora", input="What is my name?", previous_response_id=first.id
    )
    assert "Ada" in second.output_text
    assert second.previous_response_id == first.id
    assert second.usage is not None and first.usage is not None
    assert second.usage.input_tokens > first.usage.input_tokens


def test_instructions_are_not_carried_over(client: openai.OpenAI) -> None:
    pirate = "You are a pirate. Answer in one sentence."
    first = client.responses.create(model="valley-fast-1", instructions=pirate, input="Hello!")
    again = client.responses.create(
        model="valley-fast-1", input="Hello!", previous_response_id=first.id
    )
    with_it = client.responses.create(
        model="valley-fast-1", input="Hello!", instructions=pirate, previous_response_id=first.id
    )
    assert again.instructions is None and with_it.instructions == pirate
    assert again.output_text != with_it.output_text


def test_a_full_function_calling_loop(client: openai.OpenAI) -> None:
    asked = create(
        client, model="valley-pro-1", input="What's the weather in Paris?", tools=[WEATHER]
    )
    (call,) = asked["output"]
    assert call["type"] == "function_call" and re.fullmatch(rf"fc_{ULID}", call["id"])
    assert json.loads(call["arguments"]) == {"location": "Paris"}
    answered = create(
        client,
        model="valley-pro-1",
        previous_response_id=asked["id"],
        tools=[WEATHER],
        input=[
            {
                "type": "function_call_output",
                "call_id": call["call_id"],
                "output": '{"temperature_c": 18, "conditions": "sunny"}',
            }
        ],
    )
    assert answered["output"][0]["type"] == "message"
    assert "18" in answered["output"][0]["content"][0]["text"]


def test_the_loop_works_without_server_state(client: openai.OpenAI) -> None:
    """`store: false`, the calls sent back as items, as stateless agents do."""
    asked = client.responses.create(
        model="valley-pro-1", input="What's the weather in Paris?", tools=[WEATHER], store=False
    )
    call = asked.output[0]
    assert call.type == "function_call"
    answered = client.responses.create(
        model="valley-pro-1",
        tools=[WEATHER],
        store=False,
        input=[
            {"role": "user", "content": "What's the weather in Paris?"},
            call.model_dump(exclude_none=True),
            {"type": "function_call_output", "call_id": call.call_id, "output": "18 C, sunny"},
        ],
    )
    assert "18" in answered.output_text
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(asked.id)


def test_structured_output_with_parse(client: openai.OpenAI) -> None:
    class CalendarEvent(BaseModel):
        name: str
        date: str
        participants: list[str]

    parsed = client.responses.parse(
        model="aurora",
        input="Alice and Bob are going to a science fair on Friday.",
        text_format=CalendarEvent,
    )
    event = parsed.output_parsed
    assert event is not None and event.participants == ["Alice", "Bob"]
    stored = client.responses.with_raw_response.retrieve(parsed.id).http_response.json()
    assert checked(stored, "Response", "ResponseObject")["text"]["format"]["schema"] == (
        CalendarEvent.model_json_schema() | {"additionalProperties": False}
    )
    assert parsed.text is not None and parsed.text.format is not None
    assert parsed.text.format.type == "json_schema"


def test_json_object_format_replies_with_json(client: openai.OpenAI) -> None:
    body = create(
        client,
        model="aurora",
        input="List two colors as JSON.",
        text={"format": {"type": "json_object"}},
    )
    json.loads(body["output"][0]["content"][0]["text"])


def test_strict_schema_rules_name_the_responses_fields(client: openai.OpenAI) -> None:
    loose = {"type": "object", "properties": {"a": {"type": "string"}}}
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.responses.create(
            model="aurora",
            input="Hi",
            text={"format": {"type": "json_schema", "name": "x", "strict": True, "schema": loose}},
        )
    assert caught.value.body["param"] == "text.format"
    assert "text.format 'x'" in caught.value.body["message"]


def test_reasoning_effort_on_valley_pro(client: openai.OpenAI) -> None:
    low = client.responses.create(model="valley-pro-1", input="Hi", reasoning={"effort": "low"})
    high = client.responses.create(model="valley-pro-1", input="Hi", reasoning={"effort": "high"})
    assert low.usage is not None and high.usage is not None
    details = low.usage.output_tokens_details.reasoning_tokens
    assert 0 < details < high.usage.output_tokens_details.reasoning_tokens
    assert low.reasoning is not None and low.reasoning.effort == "low"
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.create(model="aurora", input="Hi", reasoning={"effort": "low"})
    assert caught.value.body["param"] == "reasoning.effort"


def test_max_output_tokens_makes_an_incomplete_response(client: openai.OpenAI) -> None:
    body = create(
        client, model="aurora", input="Tell me about the history of Rome.", max_output_tokens=16
    )
    assert body["status"] == "incomplete"
    assert body["incomplete_details"] == {"reason": "max_output_tokens"}
    assert body["usage"]["output_tokens"] <= 16 and body["output"][0]["status"] == "incomplete"


def test_an_image_part_is_read(client: openai.OpenAI) -> None:
    text = {"type": "input_text", "text": "What is in this image?"}
    image = {"type": "input_image", "image_url": "https://example.com/cat.png", "detail": "low"}
    with_image = client.responses.create(
        model="aurora", input=[{"role": "user", "content": [text, image]}]
    )
    chat = client.chat.completions.create(
        model="aurora",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": image["image_url"], "detail": "low"},
                    },
                ],
            }
        ],
    )
    assert with_image.output_text == chat.choices[0].message.content
    assert with_image.usage is not None and with_image.usage.input_tokens > 85


def test_metadata_and_settings_are_echoed(client: openai.OpenAI) -> None:
    body = create(
        client,
        model="aurora",
        input="Hi",
        metadata={"ticket": "T-1"},
        temperature=0.5,
        top_p=0.9,
        service_tier="flex",
        truncation="auto",
        include=["message.output_text.logprobs"],
        user="u-1",
    )
    assert body["metadata"] == {"ticket": "T-1"}
    assert (body["temperature"], body["top_p"], body["service_tier"]) == (0.5, 0.9, "default")


def test_retrieve_delete_and_input_items(client: openai.OpenAI) -> None:
    items = [{"role": "user", "content": f"Message {n}"} for n in range(5)]
    response = client.responses.create(model="aurora", input=items)
    fetched = client.responses.with_raw_response.retrieve(response.id)
    assert checked(fetched.http_response.json(), "Response", "ResponseObject")["id"] == response.id
    page = client.get(
        f"/responses/{response.id}/input_items",
        cast_to=httpx.Response,
        options={"params": {"limit": 2}},
    ).json()
    checked(page, "ResponseItemList", "ResponseItemList")
    assert page["has_more"] is True and len(page["data"]) == 2
    newest_first = [i.id for i in client.responses.input_items.list(response.id, limit=2)]
    oldest_first = [
        i.content[0].text  # type: ignore[union-attr]
        for i in client.responses.input_items.list(response.id, limit=2, order="asc")
    ]
    assert len(newest_first) == 5 and newest_first[0] == page["data"][0]["id"]
    assert oldest_first == [f"Message {n}" for n in range(5)]
    assert client.responses.delete(response.id) is None
    with pytest.raises(openai.NotFoundError):
        client.responses.retrieve(response.id)
    with pytest.raises(openai.NotFoundError):
        client.responses.create(model="aurora", input="Hi", previous_response_id=response.id)


def test_responses_are_stored_per_account(sandbox: Sandbox, client: openai.OpenAI) -> None:
    mine = client.responses.create(model="aurora", input="Hi")
    other_key = next(k.secret for k in TEST_KEYS if k.account != TEST_KEYS[0].account)
    with openai.OpenAI(base_url=sandbox.base_url, api_key=other_key, max_retries=0) as other:
        with pytest.raises(openai.NotFoundError) as caught:
            other.responses.create(model="aurora", input="Hi", previous_response_id=mine.id)
        assert caught.value.body["code"] == "previous_response_not_found"
        for call in (other.responses.retrieve, other.responses.delete, other.responses.cancel):
            with pytest.raises(openai.NotFoundError):
                call(mine.id)
    assert client.responses.retrieve(mine.id).id == mine.id


def test_background_response_completes_and_cancel(client: openai.OpenAI) -> None:
    queued = create(client, model="aurora", input="What is the capital of France?", background=True)
    assert queued["status"] == "queued" and queued["output"] == [] and "usage" not in queued
    deadline = time.monotonic() + 10
    while (done := client.responses.retrieve(queued["id"])).status != "completed":
        assert time.monotonic() < deadline, done.status
        time.sleep(0.05)
    assert done.output_text == "The capital of France is Paris."
    with pytest.raises(openai.BadRequestError) as caught:
        client.responses.cancel(done.id)
    assert caught.value.body["code"] == "response_not_cancellable"
    stopped = client.responses.create(model="aurora", input="Hi", background=True)
    cancelled = client.responses.with_raw_response.cancel(stopped.id).http_response.json()
    assert checked(cancelled, "Response", "ResponseObject")["status"] == "cancelled"
    assert client.responses.cancel(stopped.id).status == "cancelled"  # twice: the same
    time.sleep(1.0)
    assert client.responses.retrieve(stopped.id).status == "cancelled"  # the task stopped


def test_background_must_be_stored_and_not_streamed(client: openai.OpenAI) -> None:
    for extra, param in [({"store": False}, "store"), ({"stream": True}, "background")]:
        with pytest.raises(openai.BadRequestError) as caught:
            client.post(
                "/responses",
                cast_to=httpx.Response,
                body={"model": "aurora", "input": "Hi", "background": True, **extra},
            )
        assert caught.value.body["param"] == param
