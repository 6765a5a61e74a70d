"""Read an OpenAI-style message list into what the assistant needs to answer it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Characters of a message that are read; keeps every reply fast whatever its size.
READ = 4000


@dataclass(frozen=True)
class ToolResult:
    """A tool message with the call it answers (name and parsed arguments)."""

    name: str
    arguments: dict[str, Any]
    content: str


@dataclass(frozen=True)
class Conversation:
    """The parts of a conversation that decide the reply: `question` is the latest user
    message; `results` is non-empty when the conversation ends with tool results."""

    instructions: str
    user_texts: tuple[str, ...]
    images: tuple[str, ...]
    results: tuple[ToolResult, ...]
    last_role: str
    question: str


def text_of(content: Any) -> str:
    """The text of a message's content: a string, None, or a list of typed parts."""
    if isinstance(content, str):
        return content[:READ]
    if isinstance(content, list):
        texts = [
            str(p.get("text", ""))
            for p in content
            if isinstance(p, dict) and p.get("type") in ("text", "input_text")
        ]
        return "\n".join(t for t in texts if t)[:READ]
    return ""


def images_of(content: Any) -> tuple[str, ...]:
    """URLs of the `image_url` parts, in order."""
    parts = content if isinstance(content, list) else []
    images = [p.get("image_url") for p in parts if isinstance(p, dict)]
    urls = [i.get("url") if isinstance(i, dict) else i for i in images]
    return tuple(u for u in urls if isinstance(u, str))


def read(messages: list[dict[str, Any]]) -> Conversation:
    """Build a Conversation from already-validated messages."""
    instructions = "\n".join(
        text_of(m.get("content")) for m in messages if m.get("role") in ("system", "developer")
    )
    users = [m for m in messages if m.get("role") == "user"]
    texts = tuple(text_of(m.get("content")).strip() for m in users)
    return Conversation(
        instructions[:READ],
        texts,
        images_of(users[-1].get("content")) if users else (),
        tuple(_pending_results(messages)),
        str(messages[-1].get("role", "")) if messages else "",
        texts[-1] if texts else "",
    )


def _pending_results(messages: list[dict[str, Any]]) -> list[ToolResult]:
    """Tool messages at the end of the conversation, paired with the calls they answer."""
    index = len(messages)
    while index > 0 and messages[index - 1].get("role") == "tool":
        index -= 1
    calls = _calls_by_id(messages[index - 1] if index > 0 else {})
    results = []
    for message in messages[index:]:
        name, arguments = calls.get(str(message.get("tool_call_id", "")), ("", {}))
        results.append(ToolResult(name, arguments, text_of(message.get("content"))))
    return results


def _calls_by_id(message: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for call in message.get("tool_calls") or []:
        function = call.get("function") or {}
        try:
            arguments = json.loads(function.get("arguments") or "{}")
        except ValueError:
            arguments = None
        name = str(function.get("name", ""))
        found[str(call.get("id", ""))] = (name, arguments if isinstance(arguments, dict) else {})
    return found
