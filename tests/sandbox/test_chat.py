"""Chat completions through the official SDK: every parameter the API promises."""

from __future__ import annotations

import json

import openai
import pytest
from pydantic import BaseModel

from metal_sandbox import tokens
from metal_sandbox.examples import WEATHER_TOOL
from metal_sandbox.testing import Sandbox

from sandbox_helpers import COMPLETION_ID, chat_body

TIME = {
    "type": "function",
    "function": {
        "name": "get_time",
        "description": "Get the current local time in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}


def test_answers_the_question(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(**chat_body("What is the capital of France?"))
    assert COMPLETION_ID.match(completion.id)
    assert completion.object == "chat.completion"
    assert "Paris" in completion.choices[0].message.content
    assert completion.choices[0].finish_reason == "stop"


def test_same_request_same_reply(client: openai.OpenAI, metal_sandbox: Sandbox) -> None:
    first = client.chat.completions.create(**chat_body("Tell me a joke"))
    metal_sandbox.reset()
    second = client.chat.completions.create(**chat_body("Tell me a joke"))
    assert first.model_dump() == second.model_dump(), "deterministic mode repeats ids too"


def test_usage_counts_are_honest(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(**chat_body("What is the capital of France?"))
    usage = completion.usage
    assert usage.completion_tokens == tokens.count(completion.choices[0].message.content)
    assert usage.prompt_tokens == tokens.count("What is the capital of France?") + 3 + 3
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    longer = client.chat.completions.create(**chat_body("What is the capital of France? " * 5))
    assert longer.usage.prompt_tokens > usage.prompt_tokens


def test_system_field_equals_a_leading_system_message(client: openai.OpenAI) -> None:
    via_field = client.chat.completions.create(
        **chat_body("Hello!"), extra_body={"system": "You are a pirate."}
    )
    via_message = client.chat.completions.create(
        model="aurora",
        messages=[
            {"role": "system", "content": "You are a pirate."},
            {"role": "user", "content": "Hello!"},
        ],
    )
    plain = client.chat.completions.create(**chat_body("Hello!"))
    reply = via_field.choices[0].message.content
    assert reply == via_message.choices[0].message.content
    assert reply != plain.choices[0].message.content
    assert "arr" in reply.lower() or "ahoy" in reply.lower()


def test_multi_turn_remembers(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="aurora",
        messages=[
            {"role": "user", "content": "My name is Sam."},
            {"role": "assistant", "content": "Nice to meet you, Sam!"},
            {"role": "user", "content": "What is my name?"},
        ],
    )
    assert "Sam" in completion.choices[0].message.content


def test_image_parts(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="aurora",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What is in this image?"},
                    {
                        "type": "image_url",
                        "image_url": {"url": "https://example.com/photos/golden-retriever.jpg"},
                    },
                ],
            }
        ],
    )
    assert "golden retriever" in completion.choices[0].message.content.lower()
    assert completion.usage.prompt_tokens >= tokens.PER_IMAGE


def test_max_tokens_cuts_the_reply_with_finish_reason_length(client: openai.OpenAI) -> None:
    body = chat_body("Write a short story about a lighthouse")
    full = client.chat.completions.create(**body)
    cut = client.chat.completions.create(**body, max_tokens=10)
    assert cut.choices[0].finish_reason == "length"
    assert cut.usage.completion_tokens == 10
    assert full.choices[0].message.content.startswith(cut.choices[0].message.content)


def test_stop_sequences(client: openai.OpenAI) -> None:
    body = chat_body("What is the capital of France?")
    full = client.chat.completions.create(**body).choices[0].message.content
    stopped = client.chat.completions.create(**body, stop=["Paris"]).choices[0]
    assert stopped.message.content == full[: full.index("Paris")]
    assert stopped.finish_reason == "stop"


def test_n_choices_and_seed(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(**chat_body("Tell me a joke"), n=3, seed=1)
    assert [c.index for c in completion.choices] == [0, 1, 2]
    again = client.chat.completions.create(**chat_body("Tell me a joke"), n=3, seed=1)
    assert [c.message.content for c in completion.choices] == [
        c.message.content for c in again.choices
    ]


def test_reasoning_effort_only_on_valley_pro(client: openai.OpenAI) -> None:
    efforts = {}
    for effort in ("low", "high"):
        completion = client.chat.completions.create(
            model="valley-pro-1",
            reasoning_effort=effort,
            messages=[{"role": "user", "content": "What is 17 * 23?"}],
        )
        efforts[effort] = completion.usage.completion_tokens_details.reasoning_tokens
        assert "391" in completion.choices[0].message.content
    assert 0 < efforts["low"] < efforts["high"]
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(**chat_body(), reasoning_effort="low")
    assert (caught.value.code, caught.value.param) == ("unsupported_parameter", "reasoning_effort")


def test_context_length_exceeded(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model="valley-fast-1", messages=[{"role": "user", "content": "word " * 33_000}]
        )
    assert caught.value.code == "context_length_exceeded"
    assert "maximum context length is 32768 tokens" in caught.value.message


def test_max_tokens_above_the_model_limit(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            **{**chat_body(), "model": "valley-fast-1"}, max_tokens=50_000
        )
    assert (caught.value.code, caught.value.param) == ("invalid_value", "max_tokens")


def test_stored_completion_round_trip(client: openai.OpenAI) -> None:
    created = client.chat.completions.create(
        **chat_body("Hello!"), store=True, metadata={"ticket": "T-1"}
    )
    fetched = client.chat.completions.retrieve(created.id)
    assert fetched.choices[0].message.content == created.choices[0].message.content
    assert fetched.metadata == {"ticket": "T-1"}
    unstored = client.chat.completions.create(**chat_body("Hello!"))
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.retrieve(unstored.id)
    assert caught.value.code == "completion_not_found"


def test_stored_completions_expire_after_30_days(
    client: openai.OpenAI, metal_sandbox: Sandbox
) -> None:
    created = client.chat.completions.create(**chat_body("Hello!"), store=True)
    metal_sandbox.runtime.clock.advance(30 * 24 * 3600 + 1)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.retrieve(created.id)


# --- tools ----------------------------------------------------------------------------


def test_the_full_tool_loop(client: openai.OpenAI) -> None:
    messages = [{"role": "user", "content": "What's the weather in Paris?"}]
    first = client.chat.completions.create(model="aurora", messages=messages, tools=[WEATHER_TOOL])
    choice = first.choices[0]
    assert choice.finish_reason == "tool_calls"
    call = choice.message.tool_calls[0]
    assert call.function.name == "get_weather"
    assert json.loads(call.function.arguments)["location"].startswith("Paris")
    messages += [
        choice.message,  # the SDK's message object, sent back as is
        {
            "role": "tool",
            "tool_call_id": call.id,
            "content": json.dumps({"temperature": 18, "unit": "celsius", "condition": "sunny"}),
        },
    ]
    final = client.chat.completions.create(model="aurora", messages=messages, tools=[WEATHER_TOOL])
    answer = final.choices[0].message.content
    assert final.choices[0].finish_reason == "stop"
    assert "18" in answer and "sunny" in answer


def test_the_tool_that_fits_is_chosen(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        **chat_body("What time is it in Tokyo?"), tools=[WEATHER_TOOL, TIME]
    )
    call = completion.choices[0].message.tool_calls[0]
    assert call.function.name == "get_time"
    assert json.loads(call.function.arguments) == {"city": "Tokyo"}


def test_parallel_tool_calls(client: openai.OpenAI) -> None:
    body = chat_body("What's the weather in Paris and Tokyo?", tools=[WEATHER_TOOL])
    calls = client.chat.completions.create(**body).choices[0].message.tool_calls
    assert len(calls) == 2 and len({c.id for c in calls}) == 2
    single = client.chat.completions.create(**body, parallel_tool_calls=False)
    assert len(single.choices[0].message.tool_calls) == 1


def test_tool_choice(client: openai.OpenAI) -> None:
    none = client.chat.completions.create(
        **chat_body("What's the weather in Paris?"), tools=[WEATHER_TOOL], tool_choice="none"
    )
    assert none.choices[0].message.tool_calls is None
    forced = client.chat.completions.create(
        **chat_body("What's the weather in Paris?"),
        tools=[WEATHER_TOOL, TIME],
        tool_choice={"type": "function", "function": {"name": "get_time"}},
    )
    assert forced.choices[0].message.tool_calls[0].function.name == "get_time"
    required = client.chat.completions.create(
        **chat_body("Hello!"), tools=[WEATHER_TOOL], tool_choice="required"
    )
    assert required.choices[0].finish_reason == "tool_calls"


# --- structured output ----------------------------------------------------------------


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


def test_parse_fills_a_pydantic_model(client: openai.OpenAI) -> None:
    completion = client.chat.completions.parse(
        model="aurora",
        response_format=CalendarEvent,
        messages=[
            {"role": "user", "content": "Alice and Bob are going to a science fair on Friday."}
        ],
    )
    event = completion.choices[0].message.parsed
    assert isinstance(event, CalendarEvent)
    assert event.participants == ["Alice", "Bob"]
    assert event.date == "Friday"


def test_json_object(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        **chat_body("What is the capital of France? Answer in JSON."),
        response_format={"type": "json_object"},
    )
    data = json.loads(completion.choices[0].message.content)
    assert isinstance(data, dict) and "Paris" in json.dumps(data)


def test_strict_schema_rules_are_enforced_with_422(client: openai.OpenAI) -> None:
    loose = {"type": "object", "properties": {"name": {"type": "string"}}}
    with pytest.raises(openai.UnprocessableEntityError) as caught:
        client.chat.completions.create(
            **chat_body("Hi"),
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "person", "strict": True, "schema": loose},
            },
        )
    assert caught.value.code == "invalid_schema"
    assert "additionalProperties" in caught.value.message


@pytest.mark.anyio
async def test_async_client_completes(aclient: openai.AsyncOpenAI) -> None:
    completion = await aclient.chat.completions.create(**chat_body("What is 2 + 2?"))
    assert "4" in completion.choices[0].message.content


def test_reasoning_never_exceeds_the_token_budget(client: openai.OpenAI) -> None:
    completion = client.chat.completions.create(
        model="valley-pro-1",
        reasoning_effort="high",
        max_tokens=100,
        messages=[{"role": "user", "content": "What is 17 * 23?"}],
    )
    usage = completion.usage
    assert usage.completion_tokens == 100
    assert usage.completion_tokens_details.reasoning_tokens == 100
    assert completion.choices[0].finish_reason == "length"
    assert completion.choices[0].message.content == ""


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/photos/golden-retriever.jpg",
        "https://example.com/photos/golden-retriever.jpg",
        "data:image/png;base64,iVBORw0KGgo=",
    ],
)
def test_image_urls_openai_takes_are_taken(client: openai.OpenAI, url: str) -> None:
    """OpenAI fetches `http://` images as well as `https://` ones, and reads `data:` URLs;
    the chat page says so."""
    completion = client.chat.completions.create(
        model="aurora",
        messages=[{"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}],
    )
    assert completion.choices[0].message.content


@pytest.mark.parametrize(
    "url", ["ftp://example.com/a.png", "example.com/a.png", "data:text/plain;base64,aGk="]
)
def test_other_image_urls_are_a_400_naming_the_field(client: openai.OpenAI, url: str) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(
            model="aurora",
            messages=[
                {"role": "user", "content": [{"type": "image_url", "image_url": {"url": url}}]}
            ],
        )
    assert caught.value.code == "invalid_value"
    assert caught.value.param == "messages[0].content[0].image_url.url"
    assert "http:// or https://" in caught.value.message


def test_a_listed_model_that_cannot_chat_says_what_it_is(client: openai.OpenAI) -> None:
    """`aurora-embed-1` is in `GET /v1/models`: "does not exist" would be false. OpenAI
    answers a model that cannot chat with a 404 whose message says so."""
    listed = {model.id for model in client.models.list()}
    assert "aurora-embed-1" in listed
    with pytest.raises(openai.NotFoundError) as caught:
        client.chat.completions.create(**chat_body(model="aurora-embed-1"))
    assert caught.value.code == "model_not_found"
    assert "does not exist" not in caught.value.message
    assert "embeddings model" in caught.value.message and "/v1/embeddings" in caught.value.message
    with pytest.raises(openai.NotFoundError) as caught:
        client.embeddings.create(model="aurora", input="Hello!")
    assert "does not exist" not in caught.value.message
    assert "aurora-embed-1" in caught.value.message
