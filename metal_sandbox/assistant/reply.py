"""What the assistant hands back to the server: text, tool calls, or a refusal."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ToolCall:
    """One function call; `arguments` is JSON text of the arguments object."""

    name: str
    arguments: str


@dataclass(frozen=True)
class Reply:
    """The assistant message: `content` None only when the reply is tool calls."""

    content: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    refusal: str | None = None
