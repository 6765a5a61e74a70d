"""Find a value for one schema property in the conversation, guided by the property's name.

`schema_fill.py` walks the schema; this module answers "what is the `age` here?" from the
text ("30 years old"), from facts the assistant already worked out (a capital, a tool result),
or not at all (MISSING), in which case the walker falls back to a typed default.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.places import city_named, find_cities, find_companies, find_countries
from metal_sandbox.assistant.text import STOPWORDS, capitalize_first, first_sentences, words


class _Missing:
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
    "finalanswer": ("final_answer", "answer", "result"), "answer": ("answer", "result"),
    "result": ("result", "answer"), "city": ("city", "location", "capital"),
    "location": ("location", "city"), "explanation": ("definition",),
    "definition": ("definition",), "temp": ("temperature",), "value": ("result",),
    "output": ("result",), "ticker": ("symbol",), "symbol": ("ticker",),
}


def _norm(key: str) -> str:
    return re.sub(r"[^a-z0-9]", "", key.lower())


def fact(name: str, ctx: FillContext) -> Any:
    """A fact whose key matches the property name, directly or through a known alias."""
    table = {_norm(k): v for k, v in ctx.facts.items()}
    for key in (name, *_FACT_ALIASES.get(_norm(name), ())):
        if _norm(key) in table:
            return table[_norm(key)]
    return MISSING


_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("email", "mail")), ("phone", ("phone", "mobile", "tel", "telephone")),
    ("url", ("url", "link", "website", "homepage", "uri", "href")),
    ("timezone", ("timezone", "tz")),
    ("first", ("first", "given", "forename")), ("last", ("last", "surname", "family")),
    ("place", ("city", "location", "place", "destination", "origin", "hometown", "town",
               "where", "venue", "address", "region", "area")),
    ("country", ("country", "nation")), ("symbol", ("symbol", "ticker", "stock")),
    ("company", ("company", "organization", "organisation", "employer", "business")),
    ("date", ("date", "day", "when", "deadline", "due", "birthday", "dob")),
    ("time", ("time", "hour")),
    ("title", ("title", "headline", "subject", "topic", "heading")),
    ("text", ("summary", "description", "answer", "text", "response", "content", "explanation",
              "reasoning", "message", "details", "reply", "result", "output", "body", "comment",
              "note", "notes", "feedback", "reason", "justification", "definition", "joke",
              "setup", "punchline", "translation", "rationale")),
    ("language", ("language", "lang", "locale")), ("color", ("color", "colour")),
    ("sentiment", ("sentiment", "mood", "tone", "feeling")),
    ("query", ("query", "search", "q", "keyword", "term", "prompt", "question")),
    ("currency", ("currency",)), ("unit", ("unit", "units")),
    ("id", ("id", "identifier", "number", "code", "reference")),
    ("person", ("name", "fullname", "person", "author", "owner", "assignee", "customer",
                "contact", "user", "username", "speaker", "host", "sender", "recipient",
                "guest", "attendee", "organizer", "organiser", "patient", "student",
                "employee", "manager", "who", "participant", "member", "friend", "people",
                "invitee", "attendees", "participants", "members", "guests", "authors")),
)
_PERSON_PARENTS = ("person", "user", "customer", "contact", "author", "employee", "student",
                   "patient", "member", "profile", "people", "participant", "attendee",
                   "guest", "speaker", "character", "friend", "owner", "signup", "account")


def kind_of(name: str) -> str:
    """The kind of value a property name asks for: "city" is a place, "author" a person."""
    tokens = [w for w in words(name)] or [name.lower()]
    for kind, cues in _KINDS:
        if any(t in cues or t.rstrip("s") in cues for t in tokens):
            return kind
    return ""


def person_parent(parent: str) -> bool:
    """Whether an object describes a person, so its `name` is a person's name."""
    lowered = " ".join(words(parent))
    return not parent or any(re.search(rf"\b{p}s?\b", lowered) for p in _PERSON_PARENTS)


def string_value(name: str, schema: dict[str, Any], ctx: FillContext, parent: str) -> Any:
    """A string for property `name` found in the context, or MISSING."""
    fmt = schema.get("format", "")
    if fmt in ("date", "date-time", "time", "email", "uri", "url"):
        return _formatted(fmt, ctx)
    kind = kind_of(name)
    finder = _STRING_FINDERS.get(kind)
    if kind == "person" and not person_parent(parent):
        return _thing_name(ctx)
    return finder(name, schema, ctx) if finder else MISSING


def _first(values: list[Any]) -> Any:
    return values[0] if values else MISSING


def _formatted(fmt: str, ctx: FillContext) -> Any:
    if fmt == "email":
        return _first(entities.emails(ctx.text))
    if fmt in ("uri", "url"):
        return _first(entities.urls(ctx.text))
    if fmt == "time":
        found = entities.times(ctx.text)
        return entities.iso_time(found[0]) if found else MISSING
    dates = entities.iso_dates(ctx.text)
    if not dates:
        return MISSING
    if fmt == "date":
        return dates[0]
    found = entities.times(ctx.text)
    return f"{dates[0]}T{entities.iso_time(found[0]) if found else '09:00:00'}Z"


def _place(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """A city or country; "origin"/"destination" read "from X"/"to X" first."""
    lowered = name.lower()
    for cue, word in (("origin", "from"), ("from", "from"), ("destination", "to"), ("to", "to")):
        if cue in words(lowered):
            match = re.search(rf"\b{word}\s+([A-Z][\w'-]*(?:\s[A-Z][\w'-]*)*)", ctx.text)
            if match:
                return format_location(match.group(1), schema.get("description", ""))
    found = entities.places(ctx.text)
    return format_location(found[0], schema.get("description", "")) if found else MISSING


def format_location(place: str, description: str) -> str:
    """Shape a city like the parameter's own example.

    When the description's example pairs a city with a two-letter code ("e.g. San Francisco,
    CA"), a US city in the built-in table gets its state ("Boston, MA") and any other city its
    country ("Paris, France"). When the example pairs a city with a country ("e.g. Paris,
    France"), every known city gets its country. Otherwise, or for unknown cities, the bare
    name is used. The same rule applies to tool arguments and JSON-schema fields.
    """
    example = re.search(r"e\.g\.?,?\s*[\"']?[A-Z][\w .'-]*,\s*([A-Z][A-Za-z]*)", description)
    city = city_named(place)
    if not example or city is None or "," in place:
        return place
    if re.fullmatch(r"[A-Z]{2}", example.group(1)) and city.state:
        return f"{city.name}, {city.state}"
    return f"{city.name}, {city.country}"


def _country(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    countries = find_countries(ctx.text)
    if countries:
        return countries[0].name
    cities = find_cities(ctx.text)
    return cities[0].country if cities else MISSING


def _timezone(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """The IANA zone of the first city (or capital of the first country) named; else UTC."""
    cities = find_cities(ctx.text)
    if cities:
        return cities[0].timezone
    capitals = [city_named(c.capital) for c in find_countries(ctx.text)]
    return next((c.timezone for c in capitals if c), "UTC")


def _person(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return _first(entities.person_names(ctx.text))


def _part_of_name(index: int) -> Any:
    def finder(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
        full = entities.person_names(ctx.text)
        parts = full[0].split() if full else []
        return parts[index] if len(parts) > 1 or (parts and index == 0) else MISSING
    return finder


def _thing_name(ctx: FillContext) -> Any:
    """The name of a non-person object: an event ("Science fair") or a short item phrase."""
    event = entities.event_name(ctx.text)
    if event:
        return event
    tokens = [t for t in re.findall(r"[A-Za-z][\w'-]*", ctx.text) if t.lower() not in STOPWORDS]
    if ctx.answer == "" and 0 < len(tokens) <= 4:
        return " ".join(tokens)
    return MISSING


def _title(ctx: FillContext) -> Any:
    """A short title: the event's name, what the message is "about", or its key words."""
    event = entities.event_name(ctx.text)
    if event:
        return event
    about = re.search(r"\babout\s+(?:the\s+|a\s+|an\s+)?([A-Za-z][^.?!,\n]{1,59})", ctx.text)
    if about:
        return capitalize_first(about.group(1).strip())
    return _noun_phrase(ctx.text) or MISSING


_LEADS = ("write", "create", "make", "give", "generate", "draft", "me", "us", "a", "an", "the",
          "please", "can", "could", "you", "i", "need", "want", "some", "my", "our", "this")
_BREAKS = ("for", "with", "on", "in", "about", "that", "which", "to", "from", "by", "is", "are",
           "was", "and", "of", "at")


def _noun_phrase(text: str) -> str:
    """"A cake recipe for 8 servings." gives "Cake recipe": leading verbs and articles off,
    cut at the first preposition, at most six words."""
    tokens = re.findall(r"[\w'-]+", first_sentences(text.split("\n")[0]))
    while tokens and tokens[0].lower() in _LEADS:
        tokens = tokens[1:]
    cut = next((i for i, t in enumerate(tokens) if t.lower() in _BREAKS), len(tokens))
    return capitalize_first(" ".join(tokens[:min(cut, 6)]))


_DIGEST = ("summary", "description", "gist", "tldr", "text", "content", "body", "details")
_REPLIES = ("answer", "response", "reply", "finalanswer", "output", "result", "message")


def _text(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """The assistant's answer. When the model had no real answer, a summary-like field gets
    the user's own first sentence, reply-like fields the honest reply, and others nothing;
    for a tool's message body, the words the user dictated."""
    if ctx.answer and (ctx.confident or _norm(name) in _REPLIES):
        return ctx.answer
    if ctx.answer:
        return first_sentences(ctx.text.split("\n")[0]) if _norm(name) in _DIGEST and \
            ctx.text else MISSING
    said = re.search(r"\b(?:saying|that says|to say|with the message|telling (?:them|him|her))"
                     r"\s*:?\s*[\"']?(.+?)[\"']?\s*$", ctx.text, re.I)
    if said:
        return capitalize_first(said.group(1).strip())
    about = re.search(r"\babout\s+(.+?)[.?!]*$", ctx.text, re.I)
    return f"Hi, this is a note about {about.group(1).strip()}." if about else MISSING


def _title_of(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return _title(ctx)


_LANGUAGE_NAMES = ("English", "French", "Spanish", "German", "Italian", "Portuguese", "Dutch",
                   "Japanese", "Chinese", "Korean", "Russian", "Arabic", "Hindi", "Python",
                   "JavaScript", "TypeScript", "Rust", "Go", "Java")


def _language(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    hits = [(ctx.text.find(n), n) for n in _LANGUAGE_NAMES if re.search(rf"\b{n}\b", ctx.text)]
    return min(hits)[1] if hits else MISSING


_COLORS = ("red", "orange", "yellow", "green", "blue", "purple", "pink", "black", "white",
           "gray", "grey", "brown", "teal", "violet")


def _color(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    hits = [(m.start(), c) for c in _COLORS for m in re.finditer(rf"\b{c}\b", ctx.text.lower())]
    return min(hits)[1] if hits else MISSING


def _symbol(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    companies = find_companies(ctx.text)
    return companies[0][1] if companies else MISSING


def _company(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    companies = find_companies(ctx.text)
    if companies:
        return companies[0][0]
    match = re.search(r"\b(?:at|for|with)\s+([A-Z][\w&]*(?:\s[A-Z][\w&]*)*)", ctx.text)
    return match.group(1) if match and match.group(1) not in entities.WEEKDAYS else MISSING


def _query(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """Search-style parameters get the request minus "search the web for" and the like."""
    text = re.sub(r"^(?:please\s+)?(?:can you\s+)?(?:search|look up|find|google|lookup|"
                  r"look for)\s+(?:the web\s+|online\s+|for\s+|the internet\s+)*", "",
                  ctx.text.strip().split("\n")[0], flags=re.I)
    text = text.strip().rstrip("?.!")
    return text or MISSING


def _sentiment(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return entities.sentiment(ctx.text)


def _date(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return _first(entities.date_phrases(ctx.text))


def _time(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return _first(entities.times(ctx.text))


def _identifier(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    match = re.search(r"#\s?([A-Z0-9-]*\d[A-Z0-9-]*)\b|\b([A-Z]{2,}-?\d+|\d{3,})\b", ctx.text)
    return (match.group(1) or match.group(2)) if match else MISSING


def _currency(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    match = re.search(r"\b(USD|EUR|GBP|JPY|CHF|CAD|AUD|CNY|INR)\b", ctx.text.upper())
    symbol = re.search(r"[$€£¥]", ctx.text)
    table = {"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY"}
    return match.group(1) if match else table[symbol.group(0)] if symbol else MISSING


def _unit(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    lowered = ctx.text.lower()
    if re.search(r"°c\b|\bcelsius\b|\bcentigrade\b|\bmetric\b", lowered):
        return "celsius"
    if re.search(r"°f\b|\bfahrenheit\b|\bimperial\b", lowered):
        return "fahrenheit"
    return MISSING


def _simple(finder: Any) -> Any:
    def wrapped(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
        return _first(finder(ctx.text))
    return wrapped


_STRING_FINDERS = {
    "email": _simple(entities.emails), "phone": _simple(entities.phones),
    "url": _simple(entities.urls), "timezone": _timezone, "first": _part_of_name(0),
    "last": _part_of_name(-1), "place": _place, "country": _country, "symbol": _symbol,
    "company": _company, "date": _date, "time": _time, "text": _text, "title": _title_of,
    "language": _language, "color": _color, "sentiment": _sentiment, "query": _query,
    "currency": _currency, "unit": _unit, "id": _identifier, "person": _person,
}


_NUMBER_CUES = {
    "age": ("age", "aged", "years", "year", "old"),
    "price": ("price", "cost", "costs", "dollars", "usd", "eur", "euros", "pounds", "total",
              "amount", "budget", "salary", "pay"),
    "quantity": ("quantity", "qty", "count", "pieces", "units", "items", "servings", "people",
                 "guests", "persons", "tickets", "copies"),
    "temperature": ("temperature", "temp", "degrees"),
    "rating": ("rating", "stars", "star", "score", "out"),
}


def number_value(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """A number for property `name`: "30 years old" for age, "$12.50" for price, ..."""
    if _norm(name) in ("confidence", "certainty", "probability"):
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
