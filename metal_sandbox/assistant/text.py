"""Small text helpers shared by the assistant's modules.

Everything here is pure and order-preserving: the sandbox must print the same words for the
same request on every machine, so nothing iterates over a set or depends on `hash()`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")

STOPWORDS: frozenset[str] = frozenset(
    """a an the and or but if then else of to in on at by for with from into about as is are
    was were be been am do does did have has had i me my you your he him his she her it its we
    us our they them their this that these those there here what which who whom whose when
    where why how can could would should will may might must not no so than too very just also
    please tell give show let get got some any all each every more most other such only own
    same s t now up down out over again once one want need like know make use using current
    given e g eg etc return returns fetch retrieve information info function tool call value
    data ok hey hi hello""".split()  # noqa: SIM905
)


def words(text: str) -> list[str]:
    """Lower-case word tokens, identifiers split first so `get_weather` matches "weather"."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", text)
    return re.findall(r"[a-z0-9]+", re.sub(r"[_\-.]+", " ", spaced).lower())


def stem(word: str) -> str:
    """Crude singular form, enough to match "cities" with "city" and "prices" with "price"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def content_words(text: str) -> list[str]:
    """Stemmed words that carry meaning, in order of first appearance, without repeats."""
    seen: list[str] = []
    for word in words(text):
        token = stem(word)
        if token not in STOPWORDS and token not in seen and len(token) > 1:
            seen.append(token)
    return seen


def first_sentence(text: str) -> str:
    """The opening sentence (up to ". ", "! " or "? " before a capital or a digit): brevity
    and summaries both need it."""
    return re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])", text.strip(), maxsplit=1)[0]


def pick(options: Sequence[T], variant: int) -> T:
    """Variant 0 is the canonical phrasing; any other variant gets one of the alternatives."""
    if variant <= 0 or len(options) == 1:
        return options[0]
    return options[1 + (variant - 1) % (len(options) - 1)]


def join_list(items: Sequence[str]) -> str:
    """English list with an Oxford comma: "a", "a and b", "a, b, and c"."""
    if len(items) <= 2:
        return " and ".join(items)
    return f"{', '.join(items[:-1])}, and {items[-1]}"


def format_number(value: float) -> str:
    """Integers without ".0", other values rounded to six decimals with zeros trimmed."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def proper_nouns(text: str) -> list[str]:
    """Runs of capitalised words ("Ada Lovelace", "Paris"), not a question's opening word
    nor "I": the names, places and titles a question mentions, in order."""
    found: list[str] = []
    for match in re.finditer(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*", text):
        run = match.group(0).split()
        if run[0].lower().split("'")[0] in STOPWORDS:
            run = run[1:]
        name = " ".join(run)
        if name and name != "I" and name not in found:
            found.append(name)
    return found


def places(text: str) -> list[str]:
    """Proper nouns after "in", "at", "for", "from" or "to" ("in Paris and Tokyo")."""
    found: list[str] = []
    run = r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)*"
    for match in re.finditer(
        rf"\b(?:in|at|for|from|to|near)\s+({run}(?:(?:,\s*|\s+and\s+|\s+or\s+){run})*)", text
    ):
        for name in re.split(r",\s*|\s+and\s+|\s+or\s+", match.group(1)):
            if name not in found:
                found.append(name)
    return found
