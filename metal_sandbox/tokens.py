"""The sandbox's tokenizer: how `usage`, `max_tokens`, context windows and TPM are counted.

It is not the production tokenizer, but it is honest: the pieces concatenate back to the
exact text, counts grow with the text (about four characters a token for English), and
the same count drives usage, truncation and rate limits, so they always agree.
"""

from __future__ import annotations

import functools
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


#: Texts up to this long have their count remembered (bounding the cache's memory).
_CACHED_TEXT = 1024


def count(text: str) -> int:
    """`len(pieces(text))`. Every request counts its prompt and its reply, mostly texts
    seen before (docs examples, test suites), so short ones are counted once."""
    return _count_cached(text) if len(text) <= _CACHED_TEXT else _count(text)


def _count(text: str) -> int:
    """A match longer than the longest word piece is cut into 6-character pieces until at
    most 8 characters remain: `(n - 3) // 6` pieces more than one."""
    return sum(
        1 if n <= _LONGEST_WORD_PIECE else 1 + (n - 3) // 6 for n in map(len, _PIECE.findall(text))
    )


_count_cached = functools.lru_cache(maxsize=4096)(_count)


def truncate(text: str, limit: int) -> str:
    return "".join(pieces(text)[:limit])


def count_messages(texts: Iterable[str], *, messages: int, images: int) -> int:
    """Prompt tokens of a conversation: its texts plus the per-message framing."""
    return sum(count(t) for t in texts) + messages * PER_MESSAGE + PER_REPLY + images * PER_IMAGE
