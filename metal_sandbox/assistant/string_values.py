"""Find a string for one schema property in the conversation, by what its name asks for.

"city" reads a place, "email" an address, "name" a person (or, inside an event or product, the
thing's name), "summary" the assistant's answer. Each finder returns MISSING when the text has
nothing suitable, and the schema walker then uses a typed default.
"""

from __future__ import annotations

import re
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.places import city_named, find_cities, find_companies, find_countries
from metal_sandbox.assistant.schema_values import (
    MISSING,
    FillContext,
    kind_of,
    norm,
    thing_parent,
)
from metal_sandbox.assistant.text import STOPWORDS, capitalize_first, first_sentences, words


def string_value(name: str, schema: dict[str, Any], ctx: FillContext, parent: str) -> Any:
    """A string for property `name` found in the context, or MISSING."""
    fmt = schema.get("format", "")
    if fmt in ("date", "date-time", "time", "email", "uri", "url"):
        return _formatted(fmt, ctx)
    kind = kind_of(name)
    finder = _STRING_FINDERS.get(kind)
    if kind == "person" and thing_parent(parent):
        return _thing_name(ctx)
    if kind == "person":
        found = _person(name, schema, ctx)
        return _thing_name(ctx) if found is MISSING else found
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


_LEADS = (
    "write",
    "create",
    "make",
    "give",
    "generate",
    "draft",
    "me",
    "us",
    "a",
    "an",
    "the",
    "please",
    "can",
    "could",
    "you",
    "i",
    "need",
    "want",
    "some",
    "my",
    "our",
    "this",
)
_BREAKS = (
    "for",
    "with",
    "on",
    "in",
    "about",
    "that",
    "which",
    "to",
    "from",
    "by",
    "is",
    "are",
    "was",
    "and",
    "of",
    "at",
)


def _noun_phrase(text: str) -> str:
    """ "A cake recipe for 8 servings." gives "Cake recipe": leading verbs and articles off,
    cut at the first preposition, at most six words."""
    tokens = re.findall(r"[\w'-]+", first_sentences(text.split("\n")[0]).split(",")[0])
    while tokens and tokens[0].lower() in _LEADS:
        tokens = tokens[1:]
    cut = next((i for i, t in enumerate(tokens) if t.lower() in _BREAKS), len(tokens))
    return capitalize_first(" ".join(tokens[: min(cut, 6)]))


_DIGEST = ("summary", "description", "gist", "tldr", "text", "content", "body", "details")
_REPLIES = ("answer", "response", "reply", "finalanswer", "output", "result", "message")


def _text(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    """The assistant's answer. When the model had no real answer, a summary-like field gets
    the user's own first sentence, reply-like fields the honest reply, and others nothing;
    for a tool's message body, the words the user dictated."""
    if ctx.answer and (ctx.confident or norm(name) in _REPLIES):
        return ctx.answer
    if ctx.answer:
        return (
            first_sentences(ctx.text.split("\n")[0])
            if norm(name) in _DIGEST and ctx.text
            else MISSING
        )
    said = re.search(
        r"\b(?:saying|that says|to say|with the message|telling (?:them|him|her))"
        r"\s*:?\s*[\"']?(.+?)[\"']?\s*$",
        ctx.text,
        re.I,
    )
    if said:
        return capitalize_first(said.group(1).strip())
    about = re.search(r"\babout\s+(.+?)[.?!]*$", ctx.text, re.I)
    return f"Hi, this is a note about {about.group(1).strip()}." if about else MISSING


def _title_of(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    return _title(ctx)


_LANGUAGE_NAMES = (
    "English",
    "French",
    "Spanish",
    "German",
    "Italian",
    "Portuguese",
    "Dutch",
    "Japanese",
    "Chinese",
    "Korean",
    "Russian",
    "Arabic",
    "Hindi",
    "Python",
    "JavaScript",
    "TypeScript",
    "Rust",
    "Go",
    "Java",
)


def _language(name: str, schema: dict[str, Any], ctx: FillContext) -> Any:
    hits = [(ctx.text.find(n), n) for n in _LANGUAGE_NAMES if re.search(rf"\b{n}\b", ctx.text)]
    return min(hits)[1] if hits else MISSING


_COLORS = (
    "red",
    "orange",
    "yellow",
    "green",
    "blue",
    "purple",
    "pink",
    "black",
    "white",
    "gray",
    "grey",
    "brown",
    "teal",
    "violet",
)


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
    text = re.sub(
        r"^(?:please\s+)?(?:can you\s+)?(?:search|look up|find|google|lookup|"
        r"look for)\s+(?:the web\s+|online\s+|for\s+|the internet\s+)*",
        "",
        ctx.text.strip().split("\n")[0],
        flags=re.I,
    )
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
    "email": _simple(entities.emails),
    "phone": _simple(entities.phones),
    "url": _simple(entities.urls),
    "timezone": _timezone,
    "first": _part_of_name(0),
    "last": _part_of_name(-1),
    "place": _place,
    "country": _country,
    "symbol": _symbol,
    "company": _company,
    "date": _date,
    "time": _time,
    "text": _text,
    "title": _title_of,
    "language": _language,
    "color": _color,
    "sentiment": _sentiment,
    "query": _query,
    "currency": _currency,
    "unit": _unit,
    "id": _identifier,
    "person": _person,
}
