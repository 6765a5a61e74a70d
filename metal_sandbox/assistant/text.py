"""Small text helpers: placeholders, sentences, words.

Everything here is pure and order-preserving, so the same request prints the same words on
every machine (nothing iterates over a set or depends on `hash()`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
_SENTENCE_END = re.compile(r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)[.!?](?=\s|$)")
_FLIPS = {
    "my": "your",
    "me": "you",
    "mine": "yours",
    "i": "you",
    "i'm": "you're",
    "am": "are",
}
_FLIP = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in _FLIPS) + r")\b", re.I)


def first_sentence(text: str) -> str:
    match = _SENTENCE_END.search(text)
    return text[: match.end()].strip() if match else text.strip()


def flip(text: str) -> str:
    """The user's words from the assistant's side: "my name" becomes "your name"."""
    return _FLIP.sub(lambda m: _FLIPS[m.group(0).lower()], text)


_FILTERS = {"sentence": first_sentence, "lower": str.lower, "flip": flip}


def fill_in(template: str, values: dict[str, str], *, keep: bool = False) -> str:
    """`{word}` and `{word|filter}` replaced from `values`; unknown ones are kept as written
    (with `keep`, so a later pass can fill them) or printed as written."""

    def one(match: re.Match[str]) -> str:
        name, how = match.group(1), match.group(2)
        if name not in values:
            return match.group(0)
        value = values[name]
        return _FILTERS[how](value) if how in _FILTERS else value

    return _PLACEHOLDER.sub(one, template) if "{" in template else template


def pick(options: Sequence[T], variant: int) -> T:
    """Variant 0 is the first option; other variants take the others in turn."""
    if variant <= 0 or len(options) == 1:
        return options[0]
    return options[1 + (variant - 1) % (len(options) - 1)]


def split_identifier(name: str) -> str:
    """`getCurrentWeather` and `get_current_weather` as words: "get Current Weather"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[_\-.]+", " ", spaced)


def words(text: str) -> list[str]:
    """Lower-case words, identifiers split first so `get_weather` holds "weather"."""
    return re.findall(r"[a-z0-9]+", split_identifier(text).lower())


def stem(word: str) -> str:
    """A crude singular, enough to match "cities" with "city"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def join_list(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
