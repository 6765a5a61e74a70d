"""Find a value for one schema property in the conversation, guided by the property's name.

`schema_fill.py` walks the schema; this module (numbers, booleans, enums, facts) and
`string_values.py` answer "what is the `age` here?" from the text ("30 years old"), from facts
the assistant already worked out (a capital, a tool result), or not at all (MISSING), in which
case the walker falls back to a typed default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.places import find_cities
from metal_sandbox.assistant.text import STOPWORDS, words


class _Missing:
    """The "nothing found" marker; distinct from None, which is a valid JSON null."""

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()


@dataclass(frozen=True)
class FillContext:
    """What a value may come from: the user's words, the text answer, and known facts."""

    text: str
    answer: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    title: str = ""
    confident: bool = True

    def narrowed(self, text: str, facts: dict[str, Any] | None = None) -> FillContext:
        """A context for one list element: "2 apples" fills one item of an array."""
        return replace(self, text=text, answer="", facts=facts or {})


_FACT_ALIASES = {
    "finalanswer": ("final_answer", "answer", "result"),
    "answer": ("answer", "result"),
    "result": ("result", "answer"),
    "city": ("city", "location", "capital"),
    "location": ("location", "city"),
    "explanation": ("definition",),
    "definition": ("definition",),
    "temp": ("temperature",),
    "value": ("result",),
    "output": ("result",),
    "ticker": ("symbol",),
    "symbol": ("ticker",),
}


def norm(key: str) -> str:
    """A key without case, spaces or punctuation: "Final_Answer" becomes "finalanswer"."""
    return re.sub(r"[^a-z0-9]", "", key.lower())


def fact(name: str, ctx: FillContext) -> Any:
    """A fact whose key matches the property name, directly or through a known alias."""
    table = {norm(k): v for k, v in ctx.facts.items()}
    for key in (name, *_FACT_ALIASES.get(norm(name), ())):
        if norm(key) in table:
            return table[norm(key)]
    return MISSING


_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("email", "mail")),
    ("phone", ("phone", "mobile", "tel", "telephone")),
    ("url", ("url", "link", "website", "homepage", "uri", "href")),
    ("timezone", ("timezone", "tz")),
    ("first", ("first", "given", "forename")),
    ("last", ("last", "surname", "family")),
    (
        "place",
        (
            "city",
            "location",
            "place",
            "destination",
            "origin",
            "hometown",
            "town",
            "where",
            "venue",
            "address",
            "region",
            "area",
        ),
    ),
    ("country", ("country", "nation")),
    ("symbol", ("symbol", "ticker", "stock")),
    ("company", ("company", "organization", "organisation", "employer", "business")),
    ("date", ("date", "day", "when", "deadline", "due", "birthday", "dob")),
    ("time", ("time", "hour")),
    ("title", ("title", "headline", "subject", "topic", "heading")),
    (
        "text",
        (
            "summary",
            "description",
            "answer",
            "text",
            "response",
            "content",
            "explanation",
            "reasoning",
            "message",
            "details",
            "reply",
            "result",
            "output",
            "body",
            "comment",
            "note",
            "notes",
            "feedback",
            "reason",
            "justification",
            "definition",
            "joke",
            "setup",
            "punchline",
            "translation",
            "rationale",
        ),
    ),
    ("language", ("language", "lang", "locale")),
    ("color", ("color", "colour")),
    ("sentiment", ("sentiment", "mood", "tone", "feeling")),
    ("query", ("query", "search", "q", "keyword", "term", "prompt", "question")),
    ("currency", ("currency",)),
    ("unit", ("unit", "units")),
    ("id", ("id", "identifier", "number", "code", "reference")),
    (
        "person",
        (
            "name",
            "fullname",
            "person",
            "author",
            "owner",
            "assignee",
            "customer",
            "contact",
            "user",
            "username",
            "speaker",
            "host",
            "sender",
            "recipient",
            "guest",
            "attendee",
            "organizer",
            "organiser",
            "patient",
            "student",
            "employee",
            "manager",
            "who",
            "participant",
            "member",
            "friend",
            "people",
            "invitee",
            "attendees",
            "participants",
            "members",
            "guests",
            "authors",
        ),
    ),
)
_THING_PARENTS = (
    "event",
    "meeting",
    "appointment",
    "party",
    "conference",
    "fair",
    "product",
    "item",
    "recipe",
    "book",
    "movie",
    "film",
    "song",
    "album",
    "game",
    "project",
    "task",
    "ticket",
    "company",
    "organization",
    "city",
    "country",
    "place",
    "restaurant",
    "course",
    "dish",
    "team",
    "app",
    "tool",
    "file",
    "pet",
    "ingredient",
    "step",
    "category",
    "plan",
    "trip",
    "order",
    "line",
)


def kind_of(name: str) -> str:
    """The kind of value a property name asks for: "city" is a place, "author" a person."""
    tokens = [w for w in words(name)] or [name.lower()]
    for kind, cues in _KINDS:
        if any(t in cues or t.rstrip("s") in cues for t in tokens):
            return kind
    return ""


def thing_parent(parent: str) -> bool:
    """Whether an object describes a thing (an event, a product), so its `name` is not a
    person's name."""
    lowered = " ".join(words(parent))
    return any(re.search(rf"\b{p}s?\b", lowered) for p in _THING_PARENTS)


_NUMBER_CUES = {
    "age": ("age", "aged", "years", "year", "old"),
    "price": (
        "price",
        "cost",
        "costs",
        "dollars",
        "usd",
        "eur",
        "euros",
        "pounds",
        "total",
        "amount",
        "budget",
        "salary",
        "pay",
    ),
    "quantity": (
        "quantity",
        "qty",
        "count",
        "pieces",
        "units",
        "items",
        "servings",
        "people",
        "guests",
        "persons",
        "tickets",
        "copies",
    ),
    "temperature": ("temperature", "temp", "degrees"),
    "rating": ("rating", "stars", "star", "score", "out"),
}


def number_value(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """A number for property `name`: "30 years old" for age, "$12.50" for price, ..."""
    if norm(name) in ("confidence", "certainty", "probability"):
        return 0.9 if ctx.confident else 0.3
    tokens = [t for t in words(name) if t not in STOPWORDS] or [name.lower()]
    cues: tuple[str, ...] = tuple(tokens) + tuple(t.rstrip("s") for t in tokens)
    for key, extra in _NUMBER_CUES.items():
        if key in tokens or any(t in extra for t in tokens):
            cues += extra
    if "price" in cues:
        money = re.search(r"[$€£]\s?(\d+(?:,\d{3})*(?:\.\d+)?)", ctx.text)
        if money:
            return float(money.group(1).replace(",", ""))
    if "year" in tokens and "age" not in tokens:
        year = re.search(r"\b(1[89]\d{2}|20\d{2})\b", ctx.text)
        if year:
            return int(year.group(1))
    found = entities.number_near(ctx.text, cues)
    if found is None and ctx.text and len(ctx.text.split()) <= 4:
        values = entities.numbers(ctx.text)
        found = values[0] if values else None
    if found is None and any(t in ("score", "rating", "stars") for t in tokens):
        return _opinion_score(schema, ctx)
    return MISSING if found is None else found


def _opinion_score(schema: dict[str, Any], ctx: FillContext) -> Any:
    """A score from the text's sentiment, placed within the schema's bounds (default 1-5)."""
    low = schema.get("minimum", 1 if schema.get("type") == "integer" else 0)
    high = schema.get("maximum", 5 if schema.get("type") == "integer" else 1)
    if not isinstance(low, int | float) or not isinstance(high, int | float) or not ctx.text:
        return MISSING
    share = {"positive": 0.9, "negative": 0.1, "neutral": 0.5}[entities.sentiment(ctx.text)]
    value = low + share * (high - low)
    return round(value) if schema.get("type") == "integer" else round(value, 2)


def boolean_value(name: str, ctx: FillContext) -> Any:
    """True when the property's key word appears un-negated in the text ("urgent")."""
    tokens = [t for t in words(name) if t not in ("is", "has", "can", "should", "was", "needs")]
    lowered = ctx.text.lower()
    for token in tokens:
        match = re.search(rf"\b(not |no |never |isn't |aren't |non-)?{re.escape(token)}", lowered)
        if match and len(token) > 2:
            return match.group(1) is None
    return MISSING


_ENUM_SYNONYMS = {
    "celsius": r"°c\b|\bcelsius\b|\bcentigrade\b|\bmetric\b",
    "fahrenheit": r"°f\b|\bfahrenheit\b|\bimperial\b",
    "high": r"\burgent\b|\basap\b|\bimmediately\b|\bcritical\b|\bhigh\b",
    "urgent": r"\burgent\b|\basap\b|\bimmediately\b",
    "low": r"\bwhenever\b|\bno rush\b|\blow\b|\bminor\b",
}


def enum_value(options: list[Any], name: str, ctx: FillContext) -> Any:
    """The option the text mentions (earliest first), via synonyms or sentiment if needed."""
    lowered = ctx.text.lower()
    hits: list[tuple[int, int, Any]] = []
    for order, option in enumerate(options):
        label = str(option).lower().replace("_", " ")
        pattern = _ENUM_SYNONYMS.get(label)
        if pattern is None and len(label) >= 3:
            pattern = rf"(?<![\w]){re.escape(label)}(?![\w])"
        if pattern is None and label in ("c", "f"):
            pattern = _ENUM_SYNONYMS["celsius" if label == "c" else "fahrenheit"]
        match = re.search(pattern, lowered) if pattern else None
        if match:
            hits.append((match.start(), order, option))
    if hits:
        return min(hits, key=lambda h: (h[0], h[1]))[2]
    labels = [str(o).lower() for o in options]
    if {"positive", "negative"} <= set(labels) and ctx.text:
        mood = entities.sentiment(ctx.text)
        if mood in labels:
            return options[labels.index(mood)]
    return MISSING


def enum_default(options: list[Any], ctx: FillContext) -> Any:
    """A neutral choice when the text names none: "neutral", "medium", or the local unit."""
    labels = [str(o).lower() for o in options]
    if "celsius" in labels and "fahrenheit" in labels:
        cities = find_cities(ctx.text)
        american = bool(cities) and cities[0].country == "United States"
        return options[labels.index("fahrenheit" if american else "celsius")]
    for preferred in ("neutral", "medium", "normal", "other", "unknown"):
        if preferred in labels:
            return options[labels.index(preferred)]
    return options[0]
