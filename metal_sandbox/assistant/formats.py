"""Render the answer as `response_format` asks: plain text, a JSON object, or a schema instance.

`json_object` answers {"answer": ...} unless the prompt names keys ("with keys name and age",
or a quoted example like {"sentiment": ...}); those keys get types guessed from their names
and values from the conversation, like a schema would.
"""

from __future__ import annotations

import json
import re
from typing import Any

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.entities import split_items
from metal_sandbox.assistant.schema_fill import fill
from metal_sandbox.assistant.schema_values import FillContext
from metal_sandbox.assistant.text import words


def render(
    text: str,
    answer: Answer,
    *,
    context_text: str,
    instructions: str,
    response_format: dict[str, Any] | None,
) -> str:
    """The message content for this response format."""
    kind = (response_format or {}).get("type", "text")
    facts = dict(answer.facts)
    ctx = FillContext(
        text=context_text, answer=text, facts=facts, confident=answer.kind not in ("unknown",)
    )
    if kind == "json_schema":
        spec = (response_format or {}).get("json_schema") or {}
        schema = spec["schema"] if isinstance(spec.get("schema"), dict) else {}
        ctx = FillContext(ctx.text, ctx.answer, facts, str(spec.get("name", "")), ctx.confident)
        return _dump(fill(schema, ctx))
    if kind == "json_object":
        keys = requested_keys(context_text) or requested_keys(instructions)
        if not keys:
            return _dump({"answer": text})
        return _dump(fill(_schema_for(keys), ctx))
    return text


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def requested_keys(text: str) -> list[str]:
    """Key names a prompt asks for: "with keys name and age" or '{"name": ..., "age": ...}'."""
    quoted = re.findall(r"[\"'`](\w+)[\"'`]\s*:", text)
    if quoted:
        return list(dict.fromkeys(quoted))
    match = _KEYS_WITH.search(text) or _KEYS_COLON.search(text)
    if not match:
        return []
    phrase = re.split(r"\s+(?:for|from|about|in|that|based|describing|of)\b|:", match.group(1))[0]
    keys = [re.sub(r"[\"'`]", "", k).strip().replace(" ", "_") for k in split_items(phrase)]
    return [k for k in keys if re.fullmatch(r"[A-Za-z_]\w{0,40}", k)][:12]


_KEYS_WITH = re.compile(
    r"\b(?:with|using|containing|having|includ\w*)\s+(?:the\s+)?(?:json\s+)?"
    r"(?:keys?|fields?|properties|attributes)\s*(?:named|called|:)?\s*"
    r"(.+?)(?:[.?!\n]|$)",
    re.I,
)
_KEYS_COLON = re.compile(r"\b(?:keys?|fields?)\s*:\s*(.+?)(?:[.?!\n]|$)", re.I)
_INTEGERS = (
    "age",
    "count",
    "year",
    "quantity",
    "number",
    "rank",
    "population",
    "total",
    "servings",
    "minutes",
    "hours",
    "days",
)
_NUMBERS = (
    "price",
    "score",
    "rating",
    "amount",
    "temperature",
    "confidence",
    "cost",
    "percentage",
    "latitude",
    "longitude",
    "weight",
    "height",
)
_LISTS = (
    "ingredients",
    "tags",
    "items",
    "participants",
    "names",
    "steps",
    "colors",
    "colours",
    "languages",
    "skills",
    "hobbies",
    "keywords",
    "attendees",
    "examples",
    "features",
    "options",
    "topics",
    "list",
    "members",
    "people",
)


def _schema_for(keys: list[str]) -> dict[str, Any]:
    """An object schema with a type guessed from each key's name."""
    return {"type": "object", "properties": {k: _guess(k) for k in keys}, "required": keys}


def _guess(key: str) -> dict[str, Any]:
    tokens = words(key)
    last = tokens[-1] if tokens else key.lower()
    if tokens and tokens[0] in ("is", "has", "can", "should") or last in ("valid", "correct"):
        return {"type": "boolean"}
    if last in _LISTS:
        return {"type": "array", "items": {"type": "string"}}
    if last in _INTEGERS:
        return {"type": "integer"}
    if last in _NUMBERS:
        return {"type": "number"}
    return {"type": "string"}
