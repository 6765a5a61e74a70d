"""Read an OpenAI-style message list into what the assistant needs to answer it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metal_sandbox.assistant.memory import resolve
from metal_sandbox.assistant.tool_results import ToolResult


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


def images_of(content: Any) -> list[str]:
    """URLs of the `image_url` parts, in order."""
    if not isinstance(content, list):
        return []
    urls: list[str] = []
    for part in content:
        if isinstance(part, dict) and part.get("type") == "image_url":
            image = part.get("image_url")
            url = image.get("url") if isinstance(image, dict) else image
            if isinstance(url, str):
                urls.append(url)
    return urls


@dataclass(frozen=True)
class Conversation:
    """The parts of a conversation that decide the reply.

    `question` is the latest user message with elliptical follow-ups resolved against the
    previous question; `results` is non-empty when the conversation ends with tool results.
    """

    instructions: str
    user_texts: tuple[str, ...]
    question: str
    images: tuple[str, ...]
    results: tuple[ToolResult, ...]
    last_role: str
    earlier: str

    @property
    def context_text(self) -> str:
        """User text to extract values from: the latest message first, then older ones."""
        older = [t for t in reversed(self.user_texts[:-1]) if t]
        return "\n".join([self.question, *older]).strip()


def read(messages: list[dict[str, Any]]) -> Conversation:
    """Build a Conversation from already-validated messages."""
    instructions = "\n".join(
        text_of(m.get("content")) for m in messages if m.get("role") in ("system", "developer")
    )
    users = [m for m in messages if m.get("role") == "user"]
    texts = tuple(text_of(m.get("content")) for m in users)
    question = ""
    for text in texts:
        question = resolve(text, question) if question else text
    last_role = str(messages[-1].get("role", "")) if messages else ""
    earlier = _earlier_text(messages)
    images = tuple(images_of(users[-1].get("content"))) if users else ()
    return Conversation(
        instructions,
        texts,
        question.strip(),
        images,
        tuple(pending_results(messages)),
        last_role,
        earlier,
    )


def _earlier_text(messages: list[dict[str, Any]]) -> str:
    """The message before the latest user message (a text to summarize, say)."""
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    texts = [
        text_of(m.get("content"))
        for m in reversed(messages[: max(last_user, 0)])
        if m.get("role") in ("user", "assistant")
    ]
    texts = [t for t in texts if t.strip()]
    return next((t for t in texts if len(t.split()) >= 6), texts[0] if texts else "")


def pending_results(messages: list[dict[str, Any]]) -> list[ToolResult]:
    """Tool messages at the end of the conversation, paired with the calls they answer."""
    tail: list[dict[str, Any]] = []
    index = len(messages) - 1
    while index >= 0 and messages[index].get("role") == "tool":
        tail.insert(0, messages[index])
        index -= 1
    if not tail:
        return []
    calls = _calls_by_id(messages[index] if index >= 0 else {})
    results = []
    for message in tail:
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
            arguments = {}
        found[str(call.get("id", ""))] = (
            str(function.get("name", "")),
            arguments if isinstance(arguments, dict) else {},
        )
    return found
