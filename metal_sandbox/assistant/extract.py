"""Values found in the conversation: names, places, dates, numbers, addresses.

Tool arguments and JSON-schema values come from here, chosen by what a property's name asks
for (`fields` in replies.yaml: a `city` is a place, an `author` a person). Each kind is
found once per request, whatever the size of the instance being filled.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from metal_sandbox.assistant import data
from metal_sandbox.assistant.text import stem, words

_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -](?:[A-Z][a-z]+|[A-Z]\.))*")
_COMMON = frozenset(
    """A An The I What What's Whats Who Where When Why How Which Is Are Was Were Do Does Did
    Can Could Would Should Will Please Tell Give Show Find Get Make Write List Name Explain
    Describe Hello Hi Hey Thanks My Your Our It This That There Here And Or But If In On At
    To For From Of With Yes No Ok Okay Reply Answer Return Extract Summarize""".split()  # noqa: SIM905
)
_DATES = (
    r"\b(?:today|tonight|tomorrow|yesterday|(?:next|this|last) \w+|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|"
    r"\d{4}-\d{2}-\d{2}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2}(?:st|nd|rd|th)?"
    r"(?:,? \d{4})?|\d{1,2}(?:st|nd|rd|th)? (?:of )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|"
    r"nov|dec)[a-z]*(?: \d{4})?)\b"
)
_DATE = re.compile(_DATES, re.I)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://[^\s\"'<>)]+")
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.]*\w)")
_BEFORE_PLACE = frozenset(["in", "at", "to", "from", "near", "for", "visiting", "around"])


def kind_of(name: str) -> str:
    """The kind of value a property name asks for ("" when its words say nothing)."""
    for token in reversed(words(name)):
        kind = data.FIELDS.get(token) or data.FIELDS.get(stem(token))
        if kind:
            return kind
    return ""


class Context:
    """What values may come from: the user's words, the reply's text, and known facts."""

    def __init__(self, text: str, answer: str = "", facts: dict[str, Any] | None = None) -> None:
        self.text = text
        self.answer = answer
        self.facts = facts or {}

    @cached_property
    def _proper(self) -> list[tuple[str, bool]]:
        """Capitalised phrases, each with whether a place preposition comes before it."""
        found: list[tuple[str, bool]] = []
        for match in _CAPITALISED.finditer(self.text):
            parts = match.group(0).split(" ")
            while parts and parts[0].rstrip("'s") in _COMMON:
                parts.pop(0)
            phrase = " ".join(parts)
            if not phrase or _DATE.fullmatch(phrase):
                continue
            before = self.text[: match.start()].rsplit(None, 1)
            word = (
                before[-1].lower() if before and len(parts) == match.group(0).count(" ") + 1 else ""
            )
            listed = word in ("and", "or") or word.endswith(",")
            place = word in _BEFORE_PLACE or (listed and bool(found) and found[-1][1])
            if phrase not in (p for p, _ in found):
                found.append((phrase, place))
        return found

    @cached_property
    def places(self) -> list[str]:
        marked = [p for p, place in self._proper if place]
        return marked or [p for p, _ in self._proper]

    @cached_property
    def people(self) -> list[str]:
        return [p for p, place in self._proper if not place]

    @cached_property
    def dates(self) -> list[str]:
        return [d[:1].upper() + d[1:] for d in dict.fromkeys(_DATE.findall(self.text))]

    @cached_property
    def emails(self) -> list[str]:
        return list(dict.fromkeys(_EMAIL.findall(self.text)))

    @cached_property
    def urls(self) -> list[str]:
        return list(dict.fromkeys(u.rstrip(".,;") for u in _URL.findall(self.text)))

    @cached_property
    def numbers(self) -> list[float]:
        return [float(n) for n in _NUMBER.findall(self.text)]

    def number_for(self, name: str) -> float | None:
        """The number the text gives for a property: "ticket number is 42" for
        `ticket_number`, "1815" for `year`, "3 apples" for `apples`."""
        tokens = [stem(t) for t in words(name)]
        if "year" in tokens:
            year = re.search(r"\b(1[5-9]\d{2}|20\d{2})\b", self.text)
            if year:
                return float(year.group(1))
        for token in tokens:
            if len(token) < 3:
                continue
            after = re.search(
                rf"\b{re.escape(token)}\w*\D{{0,16}}?(-?\d+(?:\.\d+)?)", self.text, re.I
            )
            before = re.search(rf"(-?\d+(?:\.\d+)?)\s+{re.escape(token)}", self.text, re.I)
            hit = after or before
            if hit:
                return float(hit.group(1))
        return None

    def strings(self, kind: str) -> list[str]:
        """Every value of one kind in the text, in order."""
        return {
            "place": self.places,
            "person": self.people,
            "date": self.dates,
            "email": self.emails,
            "url": self.urls,
        }.get(kind, [])
