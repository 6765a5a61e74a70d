"""Odd but valid requests never raise, never hang, and stay deterministic."""

from __future__ import annotations

import json
import time
from typing import Any

import jsonschema
import pytest

from metal_sandbox.assistant import respond

ODD_CONVERSATIONS: list[list[dict[str, Any]]] = [
    [{"role": "user", "content": ""}],
    [{"role": "user", "content": None}],
    [{"role": "user"}],
    [{"role": "user", "content": []}],
    [{"role": "user", "content": [{"type": "text", "text": ""}]}],
    [{"role": "system", "content": "You are a pirate."}],
    [{"role": "developer", "content": [{"type": "text", "text": "Be formal."}]},
     {"role": "user", "content": "hi"}],
    [{"role": "user", "content": "?!?!"}],
    [{"role": "user", "content": "🙂🙂🙂"}],
    [{"role": "user", "content": "What is (((1+2)*3?"}],
    [{"role": "user", "content": "= = = x = = ="}],
    [{"role": "user", "content": "translate"}],
    [{"role": "user", "content": "Summarize:"}],
    [{"role": "user", "content": "And?"}],
    [{"role": "tool", "tool_call_id": "call_1", "content": "{}"}],
    [{"role": "user", "content": "Weather?"},
     {"role": "assistant", "content": None, "tool_calls": [
         {"id": "a", "type": "function", "function": {"name": "w", "arguments": "not json"}}]},
     {"role": "tool", "tool_call_id": "b", "content": "[1, {\"x\": null}, true]"}],
    [{"role": "user", "content": "hello"}, {"role": "assistant", "content": "Hi!"}],
    [{"role": "user", "content": [{"type": "image_url", "image_url": {"url": "data:,"}}]}],
    [{"role": "user", "content": [{"type": "image_url", "image_url": "https://x.y/z.png"}]}],
    [{"role": "user", "content": "My name is "}],
    [{"role": "user", "content": "Convert -40 c to f"}],
    [{"role": "user", "content": "Name 0 planets"}],
    [{"role": "user", "content": "solve x = x + 1"}],
    [{"role": "user", "content": "What is 1e309 * 10?"}],
]


@pytest.mark.parametrize("messages", ODD_CONVERSATIONS)
@pytest.mark.parametrize("response_format", [None, {"type": "text"}, {"type": "json_object"},
                                             {"type": "json_schema", "json_schema": {
                                                 "name": "x", "schema": {}}}])
def test_odd_inputs_get_a_string(messages: list[dict[str, Any]],
                                 response_format: dict[str, Any] | None) -> None:
    reply = respond(messages, model="valley-pro-1", response_format=response_format,
                    variant=7)
    assert isinstance(reply.content, str) and reply.content.strip()
    if response_format and response_format["type"] != "text" and not reply.refusal:
        json.loads(reply.content)
    assert reply == respond(messages, model="valley-pro-1", response_format=response_format,
                            variant=7)


WEIRD_TOOLS: list[dict[str, Any]] = [
    {"type": "function", "function": {"name": "a"}},
    {"type": "function", "function": {"name": "b", "parameters": {}}},
    {"type": "function", "function": {"name": "c", "parameters": {"type": "object"}}},
    {"type": "function", "function": {"name": "d", "parameters": {
        "type": "object", "properties": {
            "n": {"type": "number", "enum": [1.5, 2.5]},
            "flags": {"type": "array", "items": {"type": "boolean"}, "minItems": 2},
            "nested": {"type": "object", "properties": {"deep": {"type": "object", "properties": {
                "x": {"type": ["integer", "null"]}}, "required": ["x"]}}, "required": ["deep"]},
            "any": {},
            "mixed": {"type": ["string", "integer"]},
        }, "required": ["n", "flags", "nested", "any", "mixed"]}}},
]


@pytest.mark.parametrize("question", ["hello", "d d d", "Use tool d with 3 flags", ""])
def test_weird_tool_schemas(question: str) -> None:
    for target in ("a", "b", "c", "d"):
        reply = respond([{"role": "user", "content": question}], model="aurora",
                        tools=WEIRD_TOOLS,
                        tool_choice={"type": "function", "function": {"name": target}})
        ((made,),) = [reply.tool_calls]
        assert made.name == target
        schema = next(t["function"].get("parameters") for t in WEIRD_TOOLS
                      if t["function"]["name"] == target) or {"type": "object"}
        jsonschema.validate(json.loads(made.arguments), schema)


def test_unknown_forced_tool_still_gets_a_call() -> None:
    reply = respond([{"role": "user", "content": "hi"}], model="aurora", tools=WEIRD_TOOLS,
                    tool_choice={"type": "function", "function": {"name": "missing"}})
    assert [(c.name, c.arguments) for c in reply.tool_calls] == [("missing", "{}")]


def test_long_inputs_stay_fast() -> None:
    prose = ("The quick brown fox, named Alice, jumps over 12 lazy dogs in Paris on Friday "
             "and then 3 + 4 = 7 again. ") * 800
    digits = "1 2 3 4 5 6 7 8 9 0 " * 5000
    for text in (prose, digits, "a, " * 20000, "=" * 50000, "(" * 5000):
        start = time.perf_counter()
        respond([{"role": "user", "content": text}], model="aurora",
                response_format={"type": "json_schema", "json_schema": {"name": "x", "schema": {
                    "type": "object", "properties": {"name": {"type": "string"},
                                                     "items": {"type": "array",
                                                               "items": {"type": "string"}}},
                    "required": ["name", "items"]}}})
        assert time.perf_counter() - start < 2.0
