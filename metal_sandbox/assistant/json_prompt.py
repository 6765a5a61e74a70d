"""JSON that a prompt asks for in its own words, with or without `response_format`.

instructor's JSON modes and many apps put a JSON schema in the system prompt ("...match the
following json_schema: {...}"), quote an example object ('{"sentiment": ...}'), or just say
"reply in JSON with the keys name and age". Each becomes a schema the filler can fill.
"""

from __future__ import annotations

import json
import re
from typing import Any

_WANTS_JSON = re.compile(
    r"\b(?:in|as|with|using|return|returns|respond with|reply with|output|only|valid|a)\s+"
    r"(?:a\s+|an\s+|valid\s+)?json\b|\bjson (?:object|format|only)\b|\bjson_schema\b",
    re.I,
)
_KEYS = re.compile(
    r"\b(?:with|using|containing|having|includ\w*)\s+(?:the\s+)?(?:json\s+)?"
    r"(?:keys?|fields?|properties|attributes)\s*(?:named|called|:)?\s*(.+?)(?:[.?!\n]|$)",
    re.I,
)
_SCHEMA_WORDS = ("properties", "type", "$defs", "anyOf", "items", "$ref")
_TRIES = 8  # opening braces tried: bounds the work on a long prompt full of braces
_INTEGERS = (
    "age",
    "count",
    "year",
    "quantity",
    "number",
    "rank",
    "total",
    "minutes",
    "days",
)
_NUMBERS = ("price", "score", "rating", "amount", "temperature", "confidence", "cost")
_LISTS = (
    "tags",
    "items",
    "names",
    "steps",
    "keywords",
    "participants",
    "list",
    "people",
)


def wants_json(text: str) -> bool:
    return bool(_WANTS_JSON.search(text))


def wants_fence(text: str) -> bool:
    """Whether the prompt asks for the JSON inside a ```json block (instructor's MD_JSON)."""
    return "```json" in text or bool(re.search(r"\bjson code ?block\b", text, re.I))


def embedded_schema(text: str) -> dict[str, Any] | None:
    """The first JSON object in the text, as a schema: itself when it is one, else the
    schema of the example it is."""
    decoder = json.JSONDecoder()
    start = text.find("{")
    for _ in range(_TRIES):
        if start < 0:
            return None
        try:
            found, _end = decoder.raw_decode(text, start)
        except ValueError:
            start = text.find("{", start + 1)
            continue
        if isinstance(found, dict) and found:
            return found if any(k in found for k in _SCHEMA_WORDS) else schema_of(found)
        start = text.find("{", start + 1)
    return None


def schema_of(example: Any) -> dict[str, Any]:
    """The schema an example value stands for: the same keys with the same types."""
    if isinstance(example, dict):
        return {
            "type": "object",
            "properties": {str(k): schema_of(v) for k, v in example.items()},
            "required": [str(k) for k in example],
        }
    if isinstance(example, list):
        return {"type": "array", "items": schema_of(example[0]) if example else {}}
    if isinstance(example, bool):
        return {"type": "boolean"}
    if isinstance(example, int):
        return {"type": "integer"}
    if isinstance(example, float):
        return {"type": "number"}
    return {"type": "string"}


def requested_keys(text: str) -> list[str]:
    """Keys named in words: "with the keys name, city and year"."""
    match = _KEYS.search(text)
    if not match:
        return []
    phrase = re.split(r"\s+(?:for|from|about|in|that|based|describing|of)\b|:", match.group(1))[0]
    keys = [
        re.sub(r"[\"'`]", "", k).strip().replace(" ", "_")
        for k in re.split(r",\s*(?:and\s+)?|\s+and\s+|\s+or\s+", phrase)
    ]
    return [k for k in keys if re.fullmatch(r"[A-Za-z_]\w{0,40}", k)][:12]


def schema_for_keys(keys: list[str]) -> dict[str, Any]:
    """An object schema, each key's type guessed from its name (`year` is an integer)."""
    return {
        "type": "object",
        "properties": {k: _guess(k) for k in keys},
        "required": keys,
    }


def _guess(key: str) -> dict[str, Any]:
    last = key.lower().rsplit("_", 1)[-1]
    if key.lower().startswith(("is_", "has_", "can_")):
        return {"type": "boolean"}
    if last in _LISTS:
        return {"type": "array", "items": {"type": "string"}}
    if last in _INTEGERS:
        return {"type": "integer"}
    if last in _NUMBERS:
        return {"type": "number"}
    return {"type": "string"}
