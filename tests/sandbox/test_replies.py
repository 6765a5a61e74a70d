"""The reply model: the table in `metal_sandbox/assistant/replies.yaml` and the general rules
PRODUCT.md promises for any prompt (greetings, the system prompt's voice, tool choice and
arguments, schema filling, tool results, JSON asked for in the prompt, an honest fallback)."""

from __future__ import annotations

import json
import time
from typing import Any

import jsonschema
import pytest

from metal_sandbox.assistant import Reply, respond
from metal_sandbox.assistant.table import fill, key, load


def ask(text: str, *, system: str = "", model: str = "aurora", **options: Any) -> Reply:
    messages = [{"role": "system", "content": system}] if system else []
    return respond([*messages, {"role": "user", "content": text}], model=model, **options)


def said(text: str, **options: Any) -> str:
    content = ask(text, **options).content
    assert content is not None
    return content


# --- the table --------------------------------------------------------------------------


def test_every_prompt_of_the_table_gets_its_reply() -> None:
    """What a docs writer puts in replies.yaml is what the sandbox says."""
    table = load()
    fields = {
        "me": "Aurora",
        "intro": "I'm Aurora.",
        "about": table.text("models", "aurora", "about"),
    }
    checked = 0
    for item in table.raw["replies"]:
        prompts = item.get("prompt", [])
        if "reply" not in item or "earlier" in item:
            continue
        for prompt in [prompts] if isinstance(prompts, str) else prompts:
            assert said(prompt) == fill(item["reply"], fields), prompt
            checked += 1
    assert checked > 10


def test_a_table_prompt_ignores_case_spaces_and_final_punctuation() -> None:
    assert key("  What IS 2 + 2 ?? ") == key("what is 2 + 2")
    assert said("what is 17 * 23") == said("What is 17 * 23?") == "17 * 23 is 391."


def test_a_pattern_entry_fills_in_what_it_caught() -> None:
    story = said("Write a short story about a lighthouse.")
    assert story.count("a lighthouse") == 4 and story.startswith("Once upon a time")
    assert said("Summarize this text: Cats sleep a lot. They also purr.") == (
        "In short: Cats sleep a lot."
    )


def test_an_entry_can_depend_on_an_earlier_message() -> None:
    messages = [
        {"role": "user", "content": "My name is Sam."},
        {"role": "assistant", "content": "Nice to meet you, Sam!"},
        {"role": "user", "content": "What is my name?"},
    ]
    assert respond(messages, model="aurora").content == "Your name is Sam."
    alone = said("What is my name?")
    assert "Sam" not in alone and "not" in alone, "without the earlier message, no name"


def test_variants_are_other_choices_and_variant_zero_is_canonical() -> None:
    jokes = [said("Tell me a joke", variant=v) for v in range(5)]
    assert len(set(jokes)) == 5
    assert said("Tell me a joke", variant=5) == jokes[1]
    opened = said("What is 2 + 2?", variant=1)
    assert opened != said("What is 2 + 2?") and opened.endswith("2 + 2 is 4.")


def test_the_table_file_is_plain_data() -> None:
    raw = load().raw
    assert {"replies", "voices", "greeting", "fallback", "refusals"} <= set(raw)
    assert all("reply" in e or "facts" in e for e in raw["replies"])


# --- greetings and the system prompt ----------------------------------------------------


@pytest.mark.parametrize(
    ("model", "name"),
    [("aurora", "Aurora"), ("valley-fast-1", "Valley"), ("valley-pro-1", "Valley")],
)
def test_a_greeting_names_the_model(model: str, name: str) -> None:
    assert said("Hello!", model=model) == f"Hello! I'm {name}. How can I help you today?"
    assert said("hey there", model=model).startswith("Hello!")


def test_a_leading_greeting_does_not_hide_the_question() -> None:
    assert said("Hi! What is the capital of France?") == "The capital of France is Paris."


def test_a_system_prompt_persona_and_role_are_used() -> None:
    system = "You are Max, a support agent for Acme."
    assert said("Hello!", system=system) == (
        "Hello! I'm Max, a support agent for Acme. How can I help you today?"
    )
    assert said("Who are you?", system=system).startswith("I'm Max, a support agent for Acme.")


def test_the_pirate_voice_keeps_the_facts() -> None:
    reply = said("What is the capital of Japan?", system="Talk like a pirate.")
    assert reply == "Arr, the capital o' Japan be Tokyo, matey!"


def test_the_formal_voice_drops_contractions() -> None:
    reply = said("Who are you?", system="You are Jeeves, a butler. Speak formally.")
    assert reply == "I am Jeeves, a butler. How may I assist you today?"


def test_concise_keeps_the_first_sentence() -> None:
    full = said("Explain what an API is.")
    short = said("Explain what an API is.", system="Be concise.")
    assert full.startswith(short) and short.endswith(".") and len(short) < len(full)


def test_a_voice_from_the_table_applies_to_any_reply() -> None:
    plain = said("Who won the 2034 World Cup?")
    pirate = said("Who won the 2034 World Cup?", system="You speak like a pirate.")
    assert pirate != plain and pirate.startswith("Arr, ")


# --- refusals and the fallback ----------------------------------------------------------


def test_a_harmful_request_is_declined_and_a_protective_one_is_not() -> None:
    declined = ask("Write ransomware that encrypts a hospital's files.")
    assert declined.refusal and declined.content == declined.refusal
    assert "malware" in declined.refusal
    assert ask("How do I protect my computer from ransomware?").refusal is None


def test_the_fallback_restates_the_question_and_is_deterministic() -> None:
    first = said("Who won the 2034 World Cup?")
    assert first.startswith("I'm not certain who won the 2034 World Cup,")
    assert said("Who won the 2034 World Cup?") == first
    assert said("Who won the 2034 World Cup?", variant=1) != first
    topic = said("Tell me about my garden.")
    assert "your garden" in topic
    assert said("") == load().text("empty")
    assert said("The sky is green") == load().text("fallback")[-1]["reply"]


def test_images_are_described_from_their_url() -> None:
    content = [
        {"type": "text", "text": "What is in this image?"},
        {"type": "image_url", "image_url": {"url": "https://example.com/a/golden-retriever.jpg"}},
    ]
    reply = respond([{"role": "user", "content": content}], model="aurora")
    assert reply.content == "The image appears to show a golden retriever."


# --- tools --------------------------------------------------------------------------------


def tool(name: str, description: str, **properties: dict[str, Any]) -> dict[str, Any]:
    parameters = {"type": "object", "properties": properties, "required": list(properties)}
    return {
        "type": "function",
        "function": {"name": name, "description": description, "parameters": parameters},
    }


WEATHER = tool(
    "get_weather",
    "Get the current weather in a city.",
    location={"type": "string"},
    unit={"type": "string", "enum": ["celsius", "fahrenheit"]},
)
CLOCK = tool("get_local_time", "Get the local time in a city.", city={"type": "string"})
EMAIL = tool("send_email", "Send an email.", to={"type": "string", "format": "email"})


def calls(text: str, tools: list[dict[str, Any]], **options: Any) -> list[tuple[str, Any]]:
    reply = ask(text, tools=tools, **options)
    return [(c.name, json.loads(c.arguments)) for c in reply.tool_calls]


def test_the_tool_that_fits_is_called_with_arguments_from_the_question() -> None:
    tools = [CLOCK, WEATHER]
    assert calls("What's the weather in Oslo in fahrenheit?", tools) == [
        ("get_weather", {"location": "Oslo", "unit": "fahrenheit"})
    ]
    assert calls("What time is it in New York?", tools) == [
        ("get_local_time", {"city": "New York"})
    ]
    assert calls("Is it going to rain in Lima?", tools)[0][0] == "get_weather", "a synonym"


def test_no_tool_fits_small_talk_and_none_means_none() -> None:
    assert calls("Hello!", [WEATHER]) == []
    assert calls("What's the weather in Oslo?", [WEATHER], tool_choice="none") == []


def test_required_and_named_tool_choices_are_followed() -> None:
    assert calls("Hello!", [WEATHER, CLOCK], tool_choice="required")[0][0] == "get_weather"
    named = {"type": "function", "function": {"name": "get_local_time"}}
    assert calls("What's the weather in Oslo?", [WEATHER, CLOCK], tool_choice=named) == [
        ("get_local_time", {"city": "Oslo"})
    ]


def test_parallel_calls_fan_out_over_the_places_named() -> None:
    both = calls("What's the weather in Paris and in Rome?", [WEATHER])
    assert [a["location"] for _, a in both] == ["Paris", "Rome"]
    one = calls("What's the weather in Paris and in Rome?", [WEATHER], parallel_tool_calls=False)
    assert len(one) == 1


def test_arguments_are_valid_against_the_parameters() -> None:
    ((name, arguments),) = calls("Email ada@example.com about lunch", [EMAIL])
    assert (name, arguments) == ("send_email", {"to": "ada@example.com"})
    jsonschema.validate(arguments, EMAIL["function"]["parameters"])


def tool_turn(result: str, arguments: str = '{"location": "Paris"}') -> list[dict[str, Any]]:
    call = {
        "id": "c1",
        "type": "function",
        "function": {"name": "get_weather", "arguments": arguments},
    }
    return [
        {"role": "user", "content": "What's the weather in Paris?"},
        {"role": "assistant", "content": None, "tool_calls": [call]},
        {"role": "tool", "tool_call_id": "c1", "content": result},
    ]


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (
            '{"temperature": 18, "unit": "celsius", "condition": "Sunny"}',
            "It's 18°C and sunny in Paris.",
        ),
        ('{"error": "city not found"}', "reported an error (city not found)"),
        ('{"humidity": 80, "windy": true}', "humidity is 80 and windy is yes"),
        ("Sunny, 22 °C", 'The get_weather tool returned: "Sunny, 22 °C".'),
    ],
)
def test_tool_results_are_used_in_the_next_answer(result: str, expected: str) -> None:
    reply = respond(tool_turn(result), model="aurora", tools=[WEATHER])
    assert reply.content is not None and expected in reply.content


# --- JSON ---------------------------------------------------------------------------------

SCHEMAS: dict[str, dict[str, Any]] = {
    "event": {
        "type": "object",
        "properties": {
            "title": {"type": "string", "minLength": 3, "maxLength": 40},
            "date": {"type": "string", "format": "date"},
            "attendees": {"type": "array", "items": {"type": "string"}, "minItems": 2},
            "priority": {"enum": ["low", "high"]},
        },
        "required": ["title", "date", "attendees", "priority"],
        "additionalProperties": False,
    },
    "refs": {
        "$defs": {
            "Step": {
                "type": "object",
                "properties": {"n": {"type": "integer", "minimum": 1}},
                "required": ["n"],
            }
        },
        "type": "object",
        "properties": {
            "steps": {"type": "array", "items": {"$ref": "#/$defs/Step"}, "minItems": 1}
        },
        "required": ["steps"],
    },
    "choices": {
        "type": "object",
        "properties": {
            "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
            "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
            "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "pair": {"type": "array", "prefixItems": [{"type": "integer"}, {"const": "x"}]},
            "flag": {"type": "boolean"},
        },
        "required": ["code", "score", "note", "pair", "flag"],
    },
}


@pytest.mark.parametrize("name", SCHEMAS)
def test_a_schema_gets_a_valid_instance(name: str) -> None:
    schema = SCHEMAS[name]
    response_format = {"type": "json_schema", "json_schema": {"name": name, "schema": schema}}
    jsonschema.validate(json.loads(said("Plan it.", response_format=response_format)), schema)


def test_schema_values_come_from_facts_and_the_question() -> None:
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "country": {"type": "string"}},
        "required": ["city", "country"],
    }
    response_format = {"type": "json_schema", "json_schema": {"name": "c", "schema": schema}}
    assert json.loads(said("What is the capital of Kenya?", response_format=response_format)) == {
        "city": "Nairobi",
        "country": "Kenya",
    }


def test_json_object_uses_the_keys_the_prompt_names() -> None:
    text = "Grace Hopper was born in New York in 1906. Reply with the keys name, city and year."
    data = json.loads(said(text, response_format={"type": "json_object"}))
    assert data == {"name": "Grace Hopper", "city": "New York", "year": 1906}


def test_a_prompt_that_asks_for_json_gets_json_without_response_format() -> None:
    data = json.loads(said("What is the capital of France? Answer in JSON."))
    assert data == {"answer": "The capital of France is Paris."}
    keyed = json.loads(said("Return JSON with the fields name and age: Ada is 36."))
    assert set(keyed) == {"name", "age"} and keyed["age"] == 36


def test_a_prompt_that_carries_a_schema_gets_an_instance_of_it() -> None:
    schema = SCHEMAS["event"]
    system = f"Reply with a JSON object that matches this JSON schema:\n{json.dumps(schema)}"
    jsonschema.validate(json.loads(said("Lunch with Ada and Bob", system=system)), schema)


def test_a_huge_schema_in_the_prompt_is_not_filled() -> None:
    """The hardening bounds hold for a schema in the prompt too: no 2 MB string."""
    schema = {"type": "object", "properties": {"a": {"type": "string", "minLength": 2_000_000}}}
    start = time.perf_counter()
    reply = said(f"Fill this JSON schema: {json.dumps(schema)}")
    assert time.perf_counter() - start < 0.5
    assert len(reply) < 10_000 and isinstance(json.loads(reply), dict)


def test_plain_prompts_stay_plain_text() -> None:
    assert said("What is JSON?")[:1] != "{"
    assert said("Explain what an API is.")[:1] != "{"


# --- robustness: odd but valid requests never raise, never hang, stay deterministic -------

ODD_CONVERSATIONS: list[list[dict[str, Any]]] = [
    [{"role": "user", "content": ""}],
    [{"role": "user", "content": None}],
    [{"role": "user"}],
    [{"role": "user", "content": []}],
    [{"role": "system", "content": "You are a pirate."}],
    [
        {"role": "developer", "content": [{"type": "text", "text": "Be formal."}]},
        {"role": "user", "content": "hi"},
    ],
    [{"role": "user", "content": "?!?!"}],
    [{"role": "user", "content": "🙂🙂🙂"}],
    [{"role": "user", "content": "What is (((1+2)*3?"}],
    [{"role": "user", "content": "Summarize:"}],
    [{"role": "tool", "tool_call_id": "call_1", "content": "{}"}],
    [
        {"role": "user", "content": "Weather?"},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "a", "type": "function", "function": {"name": "w", "arguments": "no"}}
            ],
        },
        {"role": "tool", "tool_call_id": "b", "content": '[1, {"x": null}, true]'},
    ],
    [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}],
    [{"role": "user", "content": [{"type": "image_url", "image_url": "https://x.y/z.png"}]}],
    [{"role": "user", "content": "My name is "}],
    [{"role": "user", "content": "{not json {"}],
]
FORMATS: list[dict[str, Any] | None] = [
    None,
    {"type": "text"},
    {"type": "json_object"},
    {"type": "json_schema", "json_schema": {"name": "x", "schema": {}}},
]


@pytest.mark.parametrize("response_format", FORMATS)
@pytest.mark.parametrize("messages", ODD_CONVERSATIONS)
def test_odd_inputs_get_a_reply(
    messages: list[dict[str, Any]], response_format: dict[str, Any] | None
) -> None:
    reply = respond(messages, model="valley-pro-1", response_format=response_format, variant=7)
    assert isinstance(reply.content, str) and reply.content.strip()
    if response_format and response_format["type"] != "text":
        json.loads(reply.content)
    assert reply == respond(
        messages, model="valley-pro-1", response_format=response_format, variant=7
    )


WEIRD_TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": "a"}},
    {"type": "function", "function": {"name": "b", "parameters": {}}},
    {"type": "function", "function": {"name": "c", "parameters": {"type": "object"}}},
    {
        "type": "function",
        "function": {
            "name": "d",
            "parameters": {
                "type": "object",
                "properties": {
                    "n": {"type": "number", "enum": [1.5, 2.5]},
                    "flags": {"type": "array", "items": {"type": "boolean"}, "minItems": 2},
                    "nested": {
                        "type": "object",
                        "properties": {"deep": {"type": ["integer", "null"]}},
                        "required": ["deep"],
                    },
                    "any": {},
                    "mixed": {"type": ["string", "integer"]},
                },
                "required": ["n", "flags", "nested", "any", "mixed"],
            },
        },
    },
]


@pytest.mark.parametrize("target", ["a", "b", "c", "d"])
@pytest.mark.parametrize("question", ["hello", "d d d", "Use tool d with 3 flags", ""])
def test_odd_tool_schemas_get_valid_arguments(question: str, target: str) -> None:
    choice = {"type": "function", "function": {"name": target}}
    reply = ask(question, tools=WEIRD_TOOLS, tool_choice=choice)
    ((made,),) = [reply.tool_calls]
    assert made.name == target
    function = next(t["function"] for t in WEIRD_TOOLS if t["function"]["name"] == target)
    jsonschema.validate(json.loads(made.arguments), function.get("parameters") or {})


def test_long_inputs_stay_fast() -> None:
    prose = "The quick brown fox, named Alice, jumps over 12 lazy dogs in Paris. " * 800
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "items": {"type": "array", "items": {}}},
        "required": ["name", "items"],
    }
    response_format = {"type": "json_schema", "json_schema": {"name": "x", "schema": schema}}
    for text in (prose, "1 2 3 " * 5000, "a, " * 20000, "{" * 50000, "(" * 5000):
        start = time.perf_counter()
        jsonschema.validate(json.loads(said(text, response_format=response_format)), schema)
        assert time.perf_counter() - start < 1.0
