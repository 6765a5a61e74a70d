"""Render the answer as JSON when the request asks for it, else as plain text.

`response_format` decides first: `json_schema` gets an instance of its schema, `json_object`
an object. Without one, a prompt can still ask: one that carries a JSON schema (as
instructor's JSON modes send it) gets an instance of that schema, and one that asks for JSON
gets an object. An object's keys are the ones the prompt names ("with the keys name, city
and year", or '{"sentiment": ...}'), typed by their names, else {"answer": ...}.
"""

from __future__ import annotations

import json
import re
from typing import Any

from metal_sandbox import json_schema
from metal_sandbox.assistant.conversation import Conversation
from metal_sandbox.assistant.reply import Answer
from metal_sandbox.assistant.schema_fill import Context, fill
from metal_sandbox.assistant.table import load
from metal_sandbox.assistant.text import stem, words

_ANSWER = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}


def render(
    text: str, answer: Answer, convo: Conversation, response_format: dict[str, Any] | None
) -> str:
    """The message content for this response format (or for the prompt's own request)."""
    kind = (response_format or {}).get("type")
    prompt = f"{convo.question}\n{convo.instructions}"
    if kind in (None, "text") and "{" not in prompt and "json" not in prompt.lower():
        return text  # the common case, and the fast one
    older = [t for t in reversed(convo.user_texts[:-1]) if t]
    ctx = Context("\n".join([convo.question, *older]).strip(), text, dict(answer.facts))
    if kind == "json_schema":
        spec = (response_format or {}).get("json_schema") or {}
        return _dump(fill(spec["schema"] if isinstance(spec.get("schema"), dict) else {}, ctx))
    if kind is None:
        schema = _schema_in(convo.question) or _schema_in(convo.instructions)
        if schema is not None:
            return _dump(fill(schema, ctx))
    asks = kind is None and "json" in prompt.lower() and load().asks_for_json.search(prompt)
    if kind != "json_object" and not asks:
        return text
    keys = requested_keys(convo.question) or requested_keys(convo.instructions)
    if not keys:
        return _dump({"answer": text})
    schema = {"type": "object", "properties": {k: _guess(k) for k in keys}, "required": keys}
    return _dump(fill(schema, ctx))


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _schema_in(text: str) -> dict[str, Any] | None:
    """A JSON schema written in the prompt, if it holds one within the sandbox's bounds."""
    decoder = json.JSONDecoder()
    if "{" not in text:
        return None
    for match in list(re.finditer(r"\{", text))[:20]:
        try:
            found, _ = decoder.raw_decode(text, match.start())
        except ValueError:
            continue
        if isinstance(found, dict) and ("properties" in found or found.get("type") == "object"):
            try:
                json_schema.check(found)
            except json_schema.SchemaProblem:
                return _ANSWER  # beyond the bounds: JSON still, but not that schema
            return found
    return None


def requested_keys(text: str) -> list[str]:
    """Key names a prompt asks for: "with keys name and age" or '{"name": ..., "age": ...}'."""
    quoted = re.findall(r"[\"'`](\w+)[\"'`]\s*:", text)
    if quoted:
        return list(dict.fromkeys(quoted))
    match = load().json_keys.search(text)
    if not match:
        return []
    phrase = re.split(r"\s+(?:for|from|about|in|that|based|describing|of)\b|:", match.group(1))[0]
    keys = [
        k.strip(" \"'`").replace(" ", "_") for k in re.split(r",\s*(?:and\s+)?|\s+and\s+", phrase)
    ]
    return [k for k in keys if re.fullmatch(r"[A-Za-z_]\w{0,40}", k)][:12]


def _guess(key: str) -> dict[str, Any]:
    """A property schema with a type guessed from the key's last word ("is_valid": boolean)."""
    tokens = words(key) or [key.lower()]
    types = load().raw["values"]["keys"]
    kind = "boolean" if tokens[0] in ("is", "has", "can") else "string"
    kind = next(
        (t for t, names in types.items() if stem(tokens[-1]) in names or tokens[-1] in names), kind
    )
    return {"type": "array", "items": {"type": "string"}} if kind == "array" else {"type": kind}
