"""Deterministic log probabilities for a reply, in OpenAI's `logprobs` shape.

The sandbox does not sample, so these are not measured: each token's probability comes from
a hash of the token and the one before it, always above one half (the token shown is the
likeliest), and the alternatives share what is left, likeliest first. What clients rely on
holds: the tokens are the sandbox tokenizer's pieces of the reply and concatenate to it
exactly, `bytes` are their UTF-8 bytes, the numbers are log probabilities (at most 0, and
a position's probabilities sum to less than 1), and the same reply gets the same numbers.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterator

from metal_sandbox import tokens
from metal_sandbox.schemas.chat import ChoiceLogprobs, Delta, TokenLogprob, TopLogprob

#: Alternatives offered at a position, matching whether the token starts with a space.
_SPACED = (
    " the", " a", " and", " to", " of", " in", " is", " it", " you", " that", " for",
    " on", " with", " as", " I", " this", " be", " are", " at", " or", " can", " your",
    " we", " an", " by", " not", " but", " from", " all", " so", " if", " one",
)  # fmt: skip
_BARE = (
    "The", "A", "I", "It", "You", "This", "Here", ".", ",", "!", "?", "\n", ":", ";",
    "-", "s", "ing", "ed", "Sure", "Yes", "No", "In", "To", "And", "We", "If", "So",
    "What", "There", "That", "They", "My",
)  # fmt: skip


def _unit(*parts: str) -> float:
    """A number in [0, 1) fixed by `parts`."""
    digest = hashlib.blake2b("\x00".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _entry(token: str, previous: str, top: int) -> TokenLogprob:
    chosen = 0.55 + 0.44 * _unit(previous, token)
    pool = _SPACED if token.startswith(" ") else _BARE
    others = sorted((c for c in pool if c != token), key=lambda c: _unit(token, previous, c))
    rest = 1.0 - chosen
    alternatives = [
        TopLogprob(token=c, logprob=_log(rest * 0.5**k), bytes=list(c.encode()))
        for k, c in enumerate(others[: max(top - 1, 0)], start=1)
    ]
    head = TopLogprob(token=token, logprob=_log(chosen), bytes=list(token.encode()))
    listed = [head, *alternatives] if top else []
    return TokenLogprob(**head.model_dump(), top_logprobs=listed)


def _log(probability: float) -> float:
    """Rounded down to 6 places, so the rounded probabilities of a position never sum to
    more than the exact ones (below 1), even with all 20 alternatives."""
    return math.floor(math.log(probability) * 1e6) / 1e6


def of_text(text: str, top: int) -> list[TokenLogprob]:
    """One entry per token of `text`, each with its `top` likeliest tokens (0 to 20)."""
    pieces = tokens.pieces(text)
    return [_entry(piece, pieces[i - 1] if i else "", top) for i, piece in enumerate(pieces)]


def of_reply(content: str | None, refusal: str | None, top: int) -> ChoiceLogprobs:
    """A choice's `logprobs`: its content's tokens, or its refusal's."""
    return ChoiceLogprobs(
        content=of_text(content, top) if content is not None else None,
        refusal=of_text(refusal, top) if refusal else None,
    )


def of_deltas(
    logprobs: ChoiceLogprobs | None, deltas: Iterator[Delta]
) -> Iterator[tuple[Delta, ChoiceLogprobs | None]]:
    """Pair each streamed delta with the entries of the text it carries, so the chunks'
    `logprobs` concatenate to the whole reply's."""
    content = iter(logprobs.content or []) if logprobs else iter(())
    for delta in deltas:
        if logprobs is None or not (delta.content or delta.refusal):
            yield delta, None
        elif delta.refusal:
            yield delta, ChoiceLogprobs(content=None, refusal=logprobs.refusal)
        else:
            taken: list[TokenLogprob] = []
            while "".join(e.token for e in taken) != delta.content:
                taken.append(next(content))
            yield delta, ChoiceLogprobs(content=taken, refusal=None)
