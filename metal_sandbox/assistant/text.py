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
    """a an the and or but if then else of to in on at by for with from into onto about as is
    are was were be been being am do does did doing have has had having i me my mine you your
    yours he him his she her it its we us our they them their this that these those there here
    what which who whom whose when where why how can could would should will shall may might
    must not no nor so than too very just also please tell give show let get gets got some any
    all each every both few more most other such only own same s t don now up down out over
    under again further once one want need like know make use using used current given
    specified e g eg etc i.e return returns fetch retrieve information info function tool
    call value data okay ok hey hi hello""".split()  # noqa: SIM905
)

_ABBREVIATIONS = ("D.C.", "e.g.", "i.e.", "U.S.", "Mr.", "Mrs.", "Dr.", "vs.", "etc.", "St.")


def words(text: str) -> list[str]:
    """Lower-case word tokens, identifiers split first so `get_weather` matches "weather"."""
    return re.findall(r"[a-z0-9]+", split_identifier(text).lower())


def split_identifier(name: str) -> str:
    """Turn `getCurrentWeather` or `get_current_weather` into "get Current Weather"-like text."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    return re.sub(r"[_\-.]+", " ", spaced)


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


def sentences(text: str) -> list[str]:
    """Split prose into sentences without breaking "Washington, D.C." or "e.g." apart."""
    parts: list[str] = []
    start = 0
    for match in re.finditer(r"(?<=[.!?])\s+(?=[A-Z0-9\"'])", text):
        before = text[start : match.start()]
        if before.endswith(_ABBREVIATIONS) and not before.endswith("D.C."):
            continue
        parts.append(before.strip())
        start = match.end()
    parts.append(text[start:].strip())
    return [p for p in parts if p]


def first_sentences(text: str, count: int = 1) -> str:
    """The opening `count` sentences: the "concise" tone and summaries both need this."""
    found = sentences(text)
    return " ".join(found[:count]) if found else text.strip()


def join_list(items: Sequence[str], conjunction: str = "and") -> str:
    """English list with an Oxford comma: "a", "a and b", "a, b, and c"."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return f"{', '.join(items[:-1])}, {conjunction} {items[-1]}"


def article(noun_phrase: str) -> str:
    """Prefix "a" or "an", or nothing for plurals, so image and topic phrases read naturally."""
    last = noun_phrase.split()[-1] if noun_phrase.split() else ""
    if last.endswith("s") and not last.endswith(("ss", "us", "is")):
        return noun_phrase
    return ("an " if noun_phrase[:1].lower() in "aeiou" else "a ") + noun_phrase


def capitalize_first(text: str) -> str:
    """Upper-case the first letter only, leaving proper nouns and acronyms alone."""
    return text[:1].upper() + text[1:] if text else text


def ensure_period(text: str) -> str:
    """End a sentence with a full stop unless it already ends with punctuation."""
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def pick(options: Sequence[T], variant: int) -> T:
    """Variant 0 is the canonical phrasing; any other variant gets one of the alternatives."""
    if variant <= 0 or len(options) == 1:
        return options[0]
    return options[1 + (variant - 1) % (len(options) - 1)]


def format_number(value: float) -> str:
    """Integers without ".0", other values rounded to six decimals with zeros trimmed."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_FLIPS = {
    "i": "you",
    "me": "you",
    "my": "your",
    "mine": "yours",
    "am": "are",
    "myself": "yourself",
    "you": "me",
    "your": "my",
    "yours": "mine",
    "i'm": "you're",
    "we": "you",
    "our": "your",
    "us": "you",
}


def flip_pronouns(text: str) -> str:
    """Restate the user's words from the assistant's side: "my code" becomes "your code"."""

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        return _FLIPS.get(word.lower(), word)

    return re.sub(r"\b[A-Za-z']+\b", swap, text)


def clean_question(text: str) -> str:
    """Strip surrounding whitespace, quotes and trailing punctuation from a question."""
    return text.strip().strip("\"'“”").rstrip("?!. ").strip()
