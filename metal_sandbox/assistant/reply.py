"""What the assistant hands back to the server (text, tool calls, or a refusal), and the
draft answer it restyles before that."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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


@dataclass(frozen=True)
class Answer:
    """Draft text plus what the later stages need to restyle or restructure it.

    `short` is a one-sentence version better than cutting at the first full stop; `facts`
    named values that JSON replies reuse; `varied` says the text already reflects the
    `variant`, so no opener is added; `openers` replace the table's for this answer.
    """

    text: str
    short: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    varied: bool = False
    openers: tuple[str, ...] = ()
