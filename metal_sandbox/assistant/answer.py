"""The assistant's draft answer, before tone and response format are applied."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Answer:
    """Draft text plus what the later stages need to restyle or restructure it.

    `localized` holds hand-written French/Spanish/German versions (knowledge-table answers);
    `simple` a child-friendly version; `short` a one-sentence version better than cutting at
    the first full stop; `facts` named values that JSON-schema filling can reuse; `varied`
    says the text already reflects the `variant`, so no generic opener is added.
    """

    text: str
    kind: str = "fact"
    localized: dict[str, str] = field(default_factory=dict)
    simple: str = ""
    short: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    varied: bool = False
