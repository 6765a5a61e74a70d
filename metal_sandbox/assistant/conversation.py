"""Read an OpenAI-style message list into what the assistant needs to answer it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

#: Characters of a message that are read: a bound on the work of every reply.
ANALYSED = 4000


@dataclass(frozen=True)
class ToolResult:
    """A tool message with the call it answers (name and parsed arguments)."""

    name: str
    arguments: dict[str, Any]
    content: str


@dataclass(frozen=True)
class Conversation:
    """`question` is the latest user message; `earlier` the user messages before it, the
    latest first; `results` is non-empty when the conversation ends with tool results.
    """

    instructions: str
    question: str
    earlier: tuple[str, ...]
    images: tuple[str, ...]
    results: tuple[ToolResult, ...]
    last_role: str


def text_of(content: Any) -> str:
    """The text of a message's content: a string, None, or a list of typed parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = [
            str(p.get("text", ""))
            for p in content
            if isinstance(p, dict) and p.get("type") in ("text", "input_text")
        ]
        return "\n".join(t for t in texts if t)
    return ""


def images_of(content: Any) -> tuple[str, ...]:
    """URLs of the `image_url` parts, in order."""
    if not isinstance(content, list):
        return ()
    urls = []
    for part in content:
        if isinstance(part, dict) and part.get("type") == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else image
            if isinstance(url, str):
                urls.append(url)
    return tuple(urls)


def read(messages: list[dict[str, Any]]) -> Conversation:
    instructions = "\n".join(
        text_of(m.get("content"))[:ANALYSED]
        for m in messages
        if m.get("role") in ("system", "developer")
    )
    users = [m for m in messages if m.get("role") == "user"]
    texts = [text_of(m.get("content"))[:ANALYSED].strip() for m in users]
    return Conversation(
        instructions=instructions,
        question=texts[-1] if texts else "",
        earlier=tuple(reversed(texts[:-1])),
        images=images_of(users[-1].get("content")) if users else (),
        results=tuple(_pending_results(messages)),
        last_role=str(messages[-1].get("role", "")) if messages else "",
    )


def _pending_results(messages: list[dict[str, Any]]) -> list[ToolResult]:
    """Tool messages at the end of the conversation, paired with the calls they answer."""
    index = len(messages)
    while index > 0 and messages[index - 1].get("role") == "tool":
        index -= 1
    tail = messages[index:]
    calls = _calls_by_id(messages[index - 1]) if tail and index > 0 else {}
    return [
        ToolResult(
            *calls.get(str(m.get("tool_call_id", "")), ("", {})),
            text_of(m.get("content")),
        )
        for m in tail
    ]


def _calls_by_id(message: dict[str, Any]) -> dict[str, tuple[str, dict[str, Any]]]:
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for call in message.get("tool_calls") or []:
        function = call.get("function") or {}
        try:
            arguments = json.loads(function.get("arguments") or "{}")
        except ValueError:
            arguments = {}
        found[str(call.get("id", ""))] = (
            str(function.get("name", "")),
            arguments if isinstance(arguments, dict) else {},
        )
    return found
