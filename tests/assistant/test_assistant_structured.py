"""response_format: json_object and json_schema replies are valid and filled from the chat."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Any, Literal

import jsonschema
import pytest
from openai.lib._pydantic import to_strict_json_schema
from pydantic import BaseModel, Field

from metal_sandbox.assistant import respond


def structured(question: str, schema: dict[str, Any], *, system: str | None = None,
               name: str = "result") -> Any:
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": question}]
    reply = respond(messages, model="aurora", response_format={
        "type": "json_schema", "json_schema": {"name": name, "schema": schema, "strict": True}})
    assert isinstance(reply.content, str)
    value = json.loads(reply.content)
    jsonschema.validate(value, schema, format_checker=jsonschema.FormatChecker())
    return value


def json_object(question: str, system: str | None = None) -> Any:
    messages = ([{"role": "system", "content": system}] if system else []) + [
        {"role": "user", "content": question}]
    reply = respond(messages, model="aurora", response_format={"type": "json_object"})
    assert isinstance(reply.content, str) and "\n" not in reply.content
    value = json.loads(reply.content)
    assert isinstance(value, dict)
    return value


def test_json_object_answers_the_question() -> None:
    assert json_object("What is the capital of France?", "Reply in JSON.") == {
        "answer": "The capital of France is Paris."}


def test_json_object_with_requested_keys() -> None:
    assert json_object("Return JSON with keys name and age for: Maria is 42 years old.") == {
        "name": "Maria", "age": 42}
    assert json_object('Classify as JSON like {"sentiment": "...", "is_urgent": false}: The '
                       "app is broken and I need it fixed, this is urgent!") == {
        "sentiment": "negative", "is_urgent": True}


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


def test_openai_calendar_event_example() -> None:
    value = structured("Alice and Bob are going to a science fair on Friday.",
                       to_strict_json_schema(CalendarEvent), system="Extract the event "
                       "information.", name="CalendarEvent")
    assert value == {"name": "Science fair", "date": "Friday", "participants": ["Alice", "Bob"]}


class Step(BaseModel):
    explanation: str
    output: str


class MathReasoning(BaseModel):
    steps: list[Step]
    final_answer: str


def test_openai_math_reasoning_example() -> None:
    value = structured("how can I solve 8x + 7 = -23", to_strict_json_schema(MathReasoning),
                       system="You are a helpful math tutor.")
    assert value == {"steps": [{"explanation": "Subtract 7 from both sides.", "output": "8x = -30"},
                               {"explanation": "Divide both sides by 8.", "output": "x = -3.75"}],
                     "final_answer": "x = -3.75"}


class Address(BaseModel):
    city: str
    country: str


class Person(BaseModel):
    name: str
    age: int = Field(ge=0, le=130)
    email: str | None = None
    address: Address
    hobbies: list[str]


PERSON_TEXT = ("John Smith is 30 years old, lives in Boston and his email is john@example.com. "
               "His hobbies include chess, hiking and jazz.")


@pytest.mark.parametrize("schema", [Person.model_json_schema(), to_strict_json_schema(Person)])
def test_person_from_text(schema: dict[str, Any]) -> None:
    assert structured(PERSON_TEXT, schema) == {
        "name": "John Smith", "age": 30, "email": "john@example.com",
        "address": {"city": "Boston", "country": "United States"},
        "hobbies": ["chess", "hiking", "jazz"]}


def test_properties_follow_schema_order() -> None:
    value = structured(PERSON_TEXT, {"type": "object", "properties": {
        "hobbies": {"type": "array", "items": {"type": "string"}}, "age": {"type": "integer"},
        "name": {"type": "string"}}, "required": ["hobbies", "age", "name"]})
    assert list(value) == ["hobbies", "age", "name"]


class Capital(BaseModel):
    country: str
    capital: str


class Joke(BaseModel):
    setup: str
    punchline: str


class Review(BaseModel):
    sentiment: Literal["positive", "negative", "neutral"]
    score: float = Field(ge=0, le=1)
    summary: str


def test_values_from_knowledge_answers() -> None:
    assert structured("What is the capital of France?", Capital.model_json_schema()) == {
        "country": "France", "capital": "Paris"}
    assert structured("Tell me a joke", Joke.model_json_schema()) == {
        "setup": "Why do programmers prefer dark mode?",
        "punchline": "Because light attracts bugs."}
    assert structured("What is 17 * 23?", {"type": "object", "properties": {
        "answer": {"type": "integer"}, "explanation": {"type": "string"}},
        "required": ["answer", "explanation"]}) == {"answer": 391, "explanation": "17 * 23 is 391."}


def test_sentiment_and_score() -> None:
    value = structured("I absolutely love this keyboard, the keys feel great.",
                       Review.model_json_schema())
    assert value["sentiment"] == "positive" and value["score"] == 0.9
    assert value["summary"] == "I absolutely love this keyboard, the keys feel great."


class Item(BaseModel):
    name: str
    quantity: int


class Cart(BaseModel):
    items: list[Item]


def test_list_of_objects_from_a_list_in_the_text() -> None:
    assert structured("I bought 2 apples and 3 bananas", Cart.model_json_schema()) == {
        "items": [{"name": "apples", "quantity": 2}, {"name": "bananas", "quantity": 3}]}


class Recipe(BaseModel):
    title: str
    ingredients: list[str]
    servings: int


def test_recipe() -> None:
    assert structured("A cake recipe for 8 servings. Ingredients: flour, sugar and eggs.",
                      Recipe.model_json_schema()) == {
        "title": "Cake recipe", "ingredients": ["flour", "sugar", "eggs"], "servings": 8}


class Color(StrEnum):
    red = "red"
    green = "green"
    blue = "blue"


class Node(BaseModel):
    value: int
    children: list[Node]


class Palette(BaseModel):
    primary: Color
    accents: list[Color] = Field(min_length=1, max_length=2)
    note: str | None = None


class Ticket(BaseModel):
    title: str = Field(max_length=40)
    priority: Literal["low", "medium", "high"]
    tags: list[str]
    due: str | None = Field(default=None, json_schema_extra={"format": "date"})
    estimate_hours: float = Field(gt=0, le=40)
    assignee_email: str = Field(json_schema_extra={"format": "email"})


SCHEMAS: list[tuple[str, dict[str, Any]]] = [
    ("Hello", {"type": "object", "properties": {}, "additionalProperties": False}),
    ("Hello", {"type": "string"}),
    ("Hello", {"type": "integer", "minimum": 3, "maximum": 9}),
    ("Hello", {"type": "array", "items": {"type": "integer", "minimum": 5}, "minItems": 2}),
    ("Hello", {"type": "array", "items": {"type": "string"}, "minItems": 3, "uniqueItems": True}),
    ("Hello", {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1}),
    ("Hello", {"type": "integer", "minimum": 1, "multipleOf": 7}),
    ("Hello", {"type": "string", "minLength": 20, "maxLength": 25}),
    ("Hello", {"type": "boolean"}),
    ("Hello", {"type": "null"}),
    ("Hello", {"const": "fixed"}),
    ("Hello", {"enum": [1, 2, 3]}),
    ("Hello", {"type": ["string", "null"]}),
    ("Hello", {"type": "object", "properties": {"when": {"type": "string",
                                                         "format": "date-time"},
                                                "at": {"type": "string", "format": "time"},
                                                "site": {"type": "string", "format": "uri"},
                                                "id": {"type": "string", "format": "uuid"}},
               "required": ["when", "at", "site", "id"]}),
    ("Meeting on May 3, 2024 at 3pm with sam@x.io", {
        "type": "object", "properties": {
            "date": {"type": "string", "format": "date"},
            "email": {"type": "string", "format": "email"},
            "start": {"type": "string", "format": "date-time"}},
        "required": ["date", "email", "start"], "additionalProperties": False}),
    ("The red one, with green and blue accents", Palette.model_json_schema()),
    ("Red palette", to_strict_json_schema(Palette)),
    ("build a tree", Node.model_json_schema()),
    ("Fix the login bug ASAP, assign to dev@example.com, about 3 hours, due 2025-02-01",
     Ticket.model_json_schema()),
    ("Nothing useful here", Ticket.model_json_schema()),
    ("Hello", {"type": "object", "properties": {
        "pair": {"type": "array", "prefixItems": [{"type": "string"}, {"type": "integer"}]},
        "choice": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
        "merged": {"allOf": [{"type": "object", "properties": {"a": {"type": "string"}},
                              "required": ["a"]},
                             {"properties": {"b": {"type": "integer"}}, "required": ["b"]}]}},
        "required": ["pair", "choice", "merged"]}),
    ("Hello", {"type": "object", "$defs": {"Leaf": {"type": "object", "properties": {
        "label": {"type": "string", "pattern": "^[a-z]+$"}}, "required": ["label"]}},
        "properties": {"leaf": {"$ref": "#/$defs/Leaf"},
                       "maybe": {"anyOf": [{"$ref": "#/$defs/Leaf"}, {"type": "null"}]}},
        "required": ["leaf", "maybe"]}),
    ("Rate this movie: it was terrible", {"type": "object", "properties": {
        "rating": {"type": "integer", "minimum": 1, "maximum": 5},
        "sentiment": {"type": "string", "enum": ["positive", "negative", "neutral"]},
        "keywords": {"type": "array", "items": {"type": "string"}, "maxItems": 3}},
        "required": ["rating", "sentiment", "keywords"]}),
    ("Hello", {"type": "object", "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
        "slug": {"type": "string", "pattern": "^[a-z]+(?:-[a-z]+)*$", "minLength": 1},
        "phone": {"type": "string", "pattern": "^\\+?[0-9 ]{7,15}$"}},
        "required": ["code", "slug", "phone"], "additionalProperties": False}),
    ("Call me at +1 555 0100 about order ABC-1234", {"type": "object", "properties": {
        "code": {"type": "string", "pattern": "^[A-Z]{3}-\\d{4}$"},
        "phone": {"type": "string"}}, "required": ["code", "phone"]}),
    ("What's the weather in Paris in fahrenheit?", {"type": "object", "properties": {
        "city": {"type": "string"}, "unit": {"type": "string", "enum": ["C", "F"]},
        "country": {"type": "string"}, "timezone": {"type": "string"}},
        "required": ["city", "unit", "country", "timezone"]}),
]


@pytest.mark.parametrize(("question", "schema"), SCHEMAS)
def test_every_instance_validates(question: str, schema: dict[str, Any]) -> None:
    first = structured(question, schema)
    assert structured(question, schema) == first


def test_values_in_the_table_are_plausible() -> None:
    palette = structured("The red one, with green and blue accents", Palette.model_json_schema())
    assert palette["primary"] == "red" and palette["accents"] == ["red", "green"]
    ticket = structured("Fix the login bug ASAP, assign to dev@example.com, about 3 hours, "
                        "due 2025-02-01", Ticket.model_json_schema())
    assert ticket["priority"] == "high" and ticket["assignee_email"] == "dev@example.com"
    assert ticket["due"] == "2025-02-01" and ticket["estimate_hours"] == 3
    table = dict(SCHEMAS)
    weather = structured("What's the weather in Paris in fahrenheit?",
                         table["What's the weather in Paris in fahrenheit?"])
    assert weather == {"city": "Paris", "unit": "F", "country": "France",
                       "timezone": "Europe/Paris"}
    rating = structured("Rate this movie: it was terrible",
                        table["Rate this movie: it was terrible"])
    assert rating["rating"] == 1 and rating["sentiment"] == "negative"
    order = structured("Call me at +1 555 0100 about order ABC-1234",
                       table["Call me at +1 555 0100 about order ABC-1234"])
    assert order == {"code": "ABC-1234", "phone": "+1 555 0100"}


def test_recursion_is_cut_off() -> None:
    assert structured("build a tree", Node.model_json_schema()) == {
        "value": 0, "children": [{"value": 0, "children": []}]}
