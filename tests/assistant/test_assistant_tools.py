"""Tool selection, schema-valid arguments, parallel calls, and answers from tool results."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from metal_sandbox.assistant import Reply, ToolCall, respond


def tool(name: str, description: str, properties: dict[str, Any],
         required: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    parameters = {"type": "object", "properties": properties,
                  "required": list(properties) if required is None else required, **extra}
    return {"type": "function", "function": {"name": name, "description": description,
                                             "parameters": parameters}}


WEATHER = tool("get_weather", "Get the current weather for a location.", {
    "location": {"type": "string", "description": "City and country, e.g. Paris, France"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}}, ["location"])
OPENAI_WEATHER = tool("get_current_weather", "Get the current weather in a given location", {
    "location": {"type": "string", "description": "The city and state, e.g. San Francisco, CA"},
    "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]}},
    additionalProperties=False)
TIME = tool("getCurrentTime", "Current local time in a time zone.", {
    "timezone": {"type": "string", "description": "IANA time zone, e.g. America/New_York"}})
STOCK = tool("get_stock_price", "Latest stock price for a ticker symbol.", {
    "symbol": {"type": "string", "description": "Ticker, e.g. AAPL"}})
EMAIL = tool("send_email", "Send an email to a recipient.", {
    "to": {"type": "string", "format": "email"}, "subject": {"type": "string"},
    "body": {"type": "string"}})
SEARCH = tool("search_web", "Search the web for pages.", {
    "query": {"type": "string"},
    "max_results": {"type": "integer", "minimum": 1, "maximum": 10}}, ["query"])
ORDER = tool("get_order_status", "Look up the status of a customer order.", {
    "order_id": {"type": "string", "description": "The order number"},
    "include_items": {"type": "boolean"}}, ["order_id"])
EVENT = tool("create_calendar_event", "Schedule a meeting on the calendar.", {
    "title": {"type": "string"}, "date": {"type": "string", "format": "date"},
    "attendees": {"type": "array", "items": {"type": "string"}, "minItems": 1},
    "duration_minutes": {"type": "integer", "minimum": 15, "maximum": 480, "multipleOf": 15},
    "priority": {"type": "string", "enum": ["low", "normal", "high"]},
    "location": {"anyOf": [{"type": "string"}, {"type": "null"}]},
    "reminder": {"type": "object", "properties": {
        "minutes_before": {"type": "integer", "minimum": 0}}, "required": ["minutes_before"],
        "additionalProperties": False}},
    additionalProperties=False)
NO_PARAMS = {"type": "function", "function": {"name": "get_server_status",
                                              "description": "Report whether the server is up"}}
ALL_TOOLS = [WEATHER, OPENAI_WEATHER, TIME, STOCK, EMAIL, SEARCH, ORDER, EVENT, NO_PARAMS]


def call(question: str, tools: list[dict[str, Any]], **options: Any) -> Reply:
    reply = respond([{"role": "user", "content": question}], model="aurora", tools=tools,
                    **options)
    for made in reply.tool_calls:
        validate(made, tools)
    return reply


def validate(made: ToolCall, tools: list[dict[str, Any]]) -> None:
    function = next(t["function"] for t in tools if t["function"]["name"] == made.name)
    arguments = json.loads(made.arguments)
    schema = function.get("parameters") or {"type": "object"}
    jsonschema.validate(arguments, schema, format_checker=jsonschema.FormatChecker())
    assert made.arguments == json.dumps(arguments, ensure_ascii=False)


def calls(reply: Reply) -> list[tuple[str, dict[str, Any]]]:
    assert reply.content is None
    return [(c.name, json.loads(c.arguments)) for c in reply.tool_calls]


def test_weather_call_takes_city_and_unit_from_the_question() -> None:
    reply = call("What's the weather in Paris in celsius?", [WEATHER])
    assert calls(reply) == [("get_weather", {"location": "Paris, France", "unit": "celsius"})]
    assert reply.tool_calls[0].arguments == '{"location": "Paris, France", "unit": "celsius"}'


def test_openai_style_location_gets_the_state() -> None:
    assert calls(call("What's the weather like in Boston today?", [OPENAI_WEATHER])) == [
        ("get_current_weather", {"location": "Boston, MA", "unit": "fahrenheit"})]
    assert calls(call("Weather in Tokyo?", [OPENAI_WEATHER])) == [
        ("get_current_weather", {"location": "Tokyo, Japan", "unit": "celsius"})]


def test_unknown_city_is_used_as_written() -> None:
    assert calls(call("Will it rain in Springfield tomorrow?", [WEATHER])) == [
        ("get_weather", {"location": "Springfield"})]


def test_parallel_calls_one_per_city() -> None:
    reply = call("What's the weather in Paris and Tokyo?", [WEATHER])
    assert calls(reply) == [("get_weather", {"location": "Paris, France"}),
                            ("get_weather", {"location": "Tokyo, Japan"})]
    single = call("What's the weather in Paris and Tokyo?", [WEATHER], parallel_tool_calls=False)
    assert calls(single) == [("get_weather", {"location": "Paris, France"})]


def test_parallel_calls_across_tools() -> None:
    reply = call("What's the weather in Paris and what time is it there?", [WEATHER, TIME])
    assert calls(reply) == [("get_weather", {"location": "Paris, France"}),
                            ("getCurrentTime", {"timezone": "Europe/Paris"})]


def test_best_tool_is_chosen_among_many() -> None:
    cases = {
        "What time is it in Tokyo?": ("getCurrentTime", {"timezone": "Asia/Tokyo"}),
        "How is Apple stock doing?": ("get_stock_price", {"symbol": "AAPL"}),
        "Search the web for the latest news on fusion energy":
            ("search_web", {"query": "the latest news on fusion energy"}),
        "Where is my order #A1234?": ("get_order_status", {"order_id": "A1234"}),
    }
    for question, expected in cases.items():
        assert calls(call(question, ALL_TOOLS))[0] == expected


def test_email_arguments() -> None:
    ((name, arguments),) = calls(call("Send an email to bob@example.com saying the launch moved "
                                      "to Friday", [EMAIL, WEATHER]))
    assert name == "send_email"
    assert arguments["to"] == "bob@example.com"
    assert arguments["body"] == "The launch moved to Friday"


def test_auto_answers_in_text_when_no_tool_fits() -> None:
    reply = call("What is the capital of France?", [WEATHER, STOCK])
    assert reply.tool_calls == () and reply.content == "The capital of France is Paris."


def test_none_never_calls() -> None:
    reply = call("What's the weather in Paris?", [WEATHER], tool_choice="none")
    assert reply.tool_calls == () and "real-time" in (reply.content or "")


def test_required_always_calls_the_best_tool() -> None:
    assert calls(call("What is the capital of France?", [WEATHER], tool_choice="required")) == [
        ("get_weather", {"location": "France"})]


def test_named_function_is_called() -> None:
    choice = {"type": "function", "function": {"name": "getCurrentTime"}}
    assert calls(call("Hello", [WEATHER, TIME], tool_choice=choice)) == [
        ("getCurrentTime", {"timezone": "UTC"})]


def test_tool_without_parameters() -> None:
    reply = call("Is the server up?", [NO_PARAMS, WEATHER])
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [("get_server_status", "{}")]


@pytest.mark.parametrize("question", [
    "Hello", "Schedule a meeting with Alice and Bob on March 3, 2025 for 45 minutes, urgent",
    "What is 2 + 2?", "Paris", "", "Tell me everything about everything",
])
@pytest.mark.parametrize("chosen", [t["function"]["name"] for t in ALL_TOOLS])
def test_forced_arguments_always_validate(question: str, chosen: str) -> None:
    choice = {"type": "function", "function": {"name": chosen}}
    reply = call(question or "?", ALL_TOOLS, tool_choice=choice)
    assert [c.name for c in reply.tool_calls] == [chosen]


def test_calendar_arguments_come_from_the_question() -> None:
    ((_, arguments),) = calls(call("Schedule a meeting with Alice and Bob on March 3, 2025 for "
                                   "45 minutes, it's urgent", [EVENT]))
    assert arguments["date"] == "2025-03-03"
    assert arguments["attendees"] == ["Alice", "Bob"]
    assert arguments["duration_minutes"] == 45
    assert arguments["priority"] == "high"


def test_no_calls_after_the_assistant_already_called() -> None:
    messages = [{"role": "user", "content": "Weather in Paris?"},
                {"role": "assistant", "content": "It is sunny."}]
    reply = respond(messages, model="aurora", tools=[WEATHER], tool_choice="required")
    assert reply.tool_calls == ()


def conversation(question: str, made: list[tuple[str, dict[str, Any]]],
                 results: list[str]) -> list[dict[str, Any]]:
    return [
        {"role": "user", "content": question},
        {"role": "assistant", "content": None, "tool_calls": [
            {"id": f"call_{i}", "type": "function",
             "function": {"name": name, "arguments": json.dumps(args)}}
            for i, (name, args) in enumerate(made)]},
        *({"role": "tool", "tool_call_id": f"call_{i}", "content": r}
          for i, r in enumerate(results)),
    ]


def final(question: str, made: list[tuple[str, dict[str, Any]]], results: list[str],
          **options: Any) -> str:
    reply = respond(conversation(question, made, results), model="aurora", **options)
    assert reply.tool_calls == () and isinstance(reply.content, str)
    return reply.content


def test_weather_results_are_phrased_together() -> None:
    text = final("What's the weather in Paris and Tokyo?",
                 [("get_weather", {"location": "Paris"}), ("get_weather", {"location": "Tokyo"})],
                 [json.dumps({"location": "Paris", "temperature": 18, "unit": "celsius",
                              "condition": "sunny"}),
                  json.dumps({"location": "Tokyo", "temperature": 24, "unit": "celsius",
                              "condition": "clear"})])
    assert text == "It's 18°C and sunny in Paris, and 24°C and clear in Tokyo."


def test_location_and_unit_can_come_from_the_call() -> None:
    text = final("Weather in Boston?", [("get_current_weather", {"location": "Boston, MA",
                                                                 "unit": "fahrenheit"})],
                 [json.dumps({"temperature": 72, "description": "Partly cloudy"})])
    assert text == "It's 72°F and partly cloudy in Boston, MA."


@pytest.mark.parametrize(("result", "expected"), [
    (json.dumps({"time": "14:05", "timezone": "Asia/Tokyo"}), "It's 14:05 in Tokyo."),
    (json.dumps({"symbol": "AAPL", "price": 189.5, "currency": "USD"}),
     "AAPL is trading at 189.50 USD."),
    (json.dumps({"order_id": "A1234", "status": "shipped", "items": ["book", "lamp"]}),
     "Here's what I found: order ID is A1234, status is shipped, and items are book and lamp."),
    (json.dumps({"error": "City not found"}),
     "I couldn't get that: the lookup tool reported an error (City not found)."),
    (json.dumps([{"title": "Fusion milestone"}, {"title": "New reactor"}]),
     "The lookup tool found 2 results: Fusion milestone and New reactor."),
    ("42", "The lookup tool returned 42."),
    ("sunny and mild", 'The lookup tool returned: "sunny and mild".'),
    ("", "The lookup tool returned nothing."),
])
def test_result_shapes(result: str, expected: str) -> None:
    assert final("?", [("lookup", {})], [result]) == expected


def test_tool_results_follow_the_tone() -> None:
    messages = [{"role": "system", "content": "You are a pirate."},
                *conversation("Weather in Paris?", [("get_weather", {"location": "Paris"})],
                              [json.dumps({"temperature": 18, "unit": "celsius",
                                           "condition": "sunny"})])]
    reply = respond(messages, model="aurora", tools=[WEATHER])
    assert reply.content == "Arr, it be 18°C and sunny in Paris, matey!"


def test_tool_results_into_a_schema() -> None:
    schema = {"type": "object", "properties": {"temperature": {"type": "number"},
                                               "condition": {"type": "string"}},
              "required": ["temperature", "condition"], "additionalProperties": False}
    text = final("Weather?", [("get_weather", {"location": "Paris"})],
                 [json.dumps({"temperature": 18, "condition": "sunny"})],
                 response_format={"type": "json_schema",
                                  "json_schema": {"name": "w", "schema": schema}})
    assert json.loads(text) == {"temperature": 18, "condition": "sunny"}
