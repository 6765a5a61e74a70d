"""The sandbox's tokenizer: how `usage`, `max_tokens`, context windows and TPM are counted.

It is not the production tokenizer, but it is honest: the pieces concatenate back to the
exact text, counts grow with the text (about four characters a token for English), and
the same count drives usage, truncation and rate limits, so they always agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PIECE = re.compile(r" ?[^\W\d_]+| ?\d{1,3}| ?[^\w\s]+| ?_+|\s+(?!\S)|\s+")
_LONGEST_WORD_PIECE = 8
#: Tokens that frame each message, and the reply's priming, as OpenAI counts them.
PER_MESSAGE = 3
PER_REPLY = 3
#: What one image costs, whatever its size (OpenAI's low-detail price).
PER_IMAGE = 85


def pieces(text: str) -> list[str]:
    """Split text into tokens whose concatenation is exactly `text`."""
    out: list[str] = []
    for match in _PIECE.finditer(text):
        piece = match.group()
        while len(piece) > _LONGEST_WORD_PIECE:
            out.append(piece[:6])
            piece = piece[6:]
        out.append(piece)
    return out


def count(text: str) -> int:
    return len(pieces(text))


def truncate(text: str, limit: int) -> str:
    return "".join(pieces(text)[:limit])


def count_messages(texts: Iterable[str], *, messages: int, images: int) -> int:
    """Prompt tokens of a conversation: its texts plus the per-message framing."""
    return sum(count(t) for t in texts) + messages * PER_MESSAGE + PER_REPLY + images * PER_IMAGE
