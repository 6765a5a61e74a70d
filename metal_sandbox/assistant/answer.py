"""The assistant's draft answer, before tone and response format are applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """Draft text plus what the later stages need to restyle or restructure it.

    `short` is a one-sentence version better than cutting at the first full stop; `facts`
    named values that JSON replies reuse; `varied` says the text already reflects the
    `variant`, so no opener is added; `openers` replace the table's for this answer.
    """

    text: str
    kind: str = "fact"
    short: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    varied: bool = False
    openers: tuple[str, ...] = ()
