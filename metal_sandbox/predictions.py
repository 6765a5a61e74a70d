"""Predicted Outputs: how much of a `prediction` the reply used, as OpenAI counts it.

OpenAI reports `accepted_prediction_tokens` (predicted tokens that appear in the reply) and
`rejected_prediction_tokens` (those that do not), and bills rejected ones as completion
tokens. The sandbox's replies do not depend on the prediction, so only the count is
honoured: tokens are matched as a multiset, each reply token accepting at most one
predicted token.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from metal_sandbox import tokens
from metal_sandbox.schemas.chat import PredictionContent


@dataclass(frozen=True)
class PredictionCount:
    accepted: int = 0
    rejected: int = 0


def text_of(prediction: PredictionContent) -> str:
    content = prediction.content
    return content if isinstance(content, str) else "".join(part.text for part in content)


def count(prediction: PredictionContent | None, reply: str | None) -> PredictionCount:
    if prediction is None:
        return PredictionCount()
    predicted = Counter(tokens.pieces(text_of(prediction)))
    accepted = sum((predicted & Counter(tokens.pieces(reply or ""))).values())
    return PredictionCount(accepted=accepted, rejected=predicted.total() - accepted)
