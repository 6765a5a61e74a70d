"""Countries, cities and companies the assistant recognises by name.

One table serves three features: capital-city answers (with French, Spanish and German
phrasings, so the "answer in French" tone works on them), tool arguments (a city's country,
US state and IANA time zone), and JSON-schema filling (cities and countries in free text).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Country:
    """A country and its capital, with the phrase "of <country>" in three languages."""

    name: str
    capital: str
    english: str  # how the name reads after "of": "the United States"
    french: str  # "de la France"
    french_capital: str
    spanish: str  # "de Francia"
    spanish_capital: str
    german: str  # "von Frankreich"
    german_capital: str
    aliases: tuple[str, ...] = ()


def _c(
    name: str,
    capital: str,
    fr: str,
    es: str,
    de: str,
    *aliases: str,
    english: str = "",
    caps: tuple[str, str, str] = ("", "", ""),
) -> Country:
    return Country(
        name,
        capital,
        english or name,
        fr,
        caps[0] or capital,
        es,
        caps[1] or capital,
        de,
        caps[2] or capital,
        tuple(aliases),
    )


COUNTRIES: tuple[Country, ...] = (
    _c("France", "Paris", "de la France", "de Francia", "von Frankreich", caps=("", "París", "")),
    _c(
        "Germany",
        "Berlin",
        "de l'Allemagne",
        "de Alemania",
        "von Deutschland",
        caps=("", "Berlín", ""),
    ),
    _c("Spain", "Madrid", "de l'Espagne", "de España", "von Spanien"),
    _c("Italy", "Rome", "de l'Italie", "de Italia", "von Italien", caps=("", "Roma", "Rom")),
    _c(
        "United Kingdom",
        "London",
        "du Royaume-Uni",
        "del Reino Unido",
        "des Vereinigten Königreichs",
        "uk",
        "britain",
        "great britain",
        english="the United Kingdom",
        caps=("Londres", "Londres", ""),
    ),
    _c(
        "United States",
        "Washington, D.C.",
        "des États-Unis",
        "de Estados Unidos",
        "der Vereinigten Staaten",
        "usa",
        "us",
        "america",
        "united states of america",
        english="the United States",
        caps=("Washington", "Washington D. C.", ""),
    ),
    _c("Canada", "Ottawa", "du Canada", "de Canadá", "von Kanada"),
    _c(
        "Mexico",
        "Mexico City",
        "du Mexique",
        "de México",
        "von Mexiko",
        caps=("Mexico", "Ciudad de México", "Mexiko-Stadt"),
    ),
    _c("Brazil", "Brasília", "du Brésil", "de Brasil", "von Brasilien"),
    _c("Argentina", "Buenos Aires", "de l'Argentine", "de Argentina", "von Argentinien"),
    _c("Japan", "Tokyo", "du Japon", "de Japón", "von Japan", caps=("", "Tokio", "Tokio")),
    _c(
        "China",
        "Beijing",
        "de la Chine",
        "de China",
        "von China",
        caps=("Pékin", "Pekín", "Peking"),
    ),
    _c(
        "India",
        "New Delhi",
        "de l'Inde",
        "de la India",
        "von Indien",
        caps=("", "Nueva Delhi", "Neu-Delhi"),
    ),
    _c("Australia", "Canberra", "de l'Australie", "de Australia", "von Australien"),
    _c(
        "Russia",
        "Moscow",
        "de la Russie",
        "de Rusia",
        "von Russland",
        caps=("Moscou", "Moscú", "Moskau"),
    ),
    _c(
        "Egypt",
        "Cairo",
        "de l'Égypte",
        "de Egipto",
        "von Ägypten",
        caps=("Le Caire", "El Cairo", "Kairo"),
    ),
    _c("Kenya", "Nairobi", "du Kenya", "de Kenia", "von Kenia"),
    _c("Nigeria", "Abuja", "du Nigeria", "de Nigeria", "von Nigeria"),
    _c(
        "Portugal",
        "Lisbon",
        "du Portugal",
        "de Portugal",
        "von Portugal",
        caps=("Lisbonne", "Lisboa", "Lissabon"),
    ),
    _c(
        "Netherlands",
        "Amsterdam",
        "des Pays-Bas",
        "de los Países Bajos",
        "der Niederlande",
        "holland",
        "the netherlands",
        english="the Netherlands",
    ),
    _c(
        "Belgium",
        "Brussels",
        "de la Belgique",
        "de Bélgica",
        "von Belgien",
        caps=("Bruxelles", "Bruselas", "Brüssel"),
    ),
    _c(
        "Switzerland",
        "Bern",
        "de la Suisse",
        "de Suiza",
        "der Schweiz",
        caps=("Berne", "Berna", ""),
    ),
    _c(
        "Austria",
        "Vienna",
        "de l'Autriche",
        "de Austria",
        "von Österreich",
        caps=("Vienne", "Viena", "Wien"),
    ),
    _c(
        "Sweden",
        "Stockholm",
        "de la Suède",
        "de Suecia",
        "von Schweden",
        caps=("", "Estocolmo", ""),
    ),
    _c("Norway", "Oslo", "de la Norvège", "de Noruega", "von Norwegen"),
    _c(
        "Poland",
        "Warsaw",
        "de la Pologne",
        "de Polonia",
        "von Polen",
        caps=("Varsovie", "Varsovia", "Warschau"),
    ),
    _c(
        "Greece",
        "Athens",
        "de la Grèce",
        "de Grecia",
        "von Griechenland",
        caps=("Athènes", "Atenas", "Athen"),
    ),
    _c("Turkey", "Ankara", "de la Turquie", "de Turquía", "der Türkei", "türkiye"),
    _c(
        "South Korea",
        "Seoul",
        "de la Corée du Sud",
        "de Corea del Sur",
        "von Südkorea",
        "korea",
        caps=("Séoul", "Seúl", ""),
    ),
    _c("Thailand", "Bangkok", "de la Thaïlande", "de Tailandia", "von Thailand"),
    _c(
        "Indonesia",
        "Jakarta",
        "de l'Indonésie",
        "de Indonesia",
        "von Indonesien",
        caps=("", "Yakarta", ""),
    ),
    _c("Ireland", "Dublin", "de l'Irlande", "de Irlanda", "von Irland"),
    _c("Peru", "Lima", "du Pérou", "de Perú", "von Peru"),
    _c("New Zealand", "Wellington", "de la Nouvelle-Zélande", "de Nueva Zelanda", "von Neuseeland"),
    _c("Vietnam", "Hanoi", "du Viêt Nam", "de Vietnam", "von Vietnam", caps=("Hanoï", "Hanói", "")),
    _c(
        "Colombia",
        "Bogotá",
        "de la Colombie",
        "de Colombia",
        "von Kolumbien",
        caps=("Bogota", "", ""),
    ),
)


@dataclass(frozen=True)
class City:
    """A city with what tools tend to ask for: country, US state code and time zone."""

    name: str
    country: str
    timezone: str
    state: str = ""


def _city(spec: str) -> City:
    name, country, timezone, *state = spec.split("|")
    return City(name, country, timezone, state[0] if state else "")


CITIES: tuple[City, ...] = tuple(
    _city(s)
    for s in (
        "New York|United States|America/New_York|NY",
        "San Francisco|United States|America/Los_Angeles|CA",
        "Los Angeles|United States|America/Los_Angeles|CA",
        "Boston|United States|America/New_York|MA",
        "Chicago|United States|America/Chicago|IL",
        "Seattle|United States|America/Los_Angeles|WA",
        "Austin|United States|America/Chicago|TX",
        "Miami|United States|America/New_York|FL",
        "Denver|United States|America/Denver|CO",
        "Washington, D.C.|United States|America/New_York|DC",
        "Paris|France|Europe/Paris",
        "Lyon|France|Europe/Paris",
        "Berlin|Germany|Europe/Berlin",
        "Munich|Germany|Europe/Berlin",
        "Madrid|Spain|Europe/Madrid",
        "Barcelona|Spain|Europe/Madrid",
        "Rome|Italy|Europe/Rome",
        "Milan|Italy|Europe/Rome",
        "London|United Kingdom|Europe/London",
        "Edinburgh|United Kingdom|Europe/London",
        "Dublin|Ireland|Europe/Dublin",
        "Amsterdam|Netherlands|Europe/Amsterdam",
        "Brussels|Belgium|Europe/Brussels",
        "Zurich|Switzerland|Europe/Zurich",
        "Geneva|Switzerland|Europe/Zurich",
        "Bern|Switzerland|Europe/Zurich",
        "Vienna|Austria|Europe/Vienna",
        "Stockholm|Sweden|Europe/Stockholm",
        "Oslo|Norway|Europe/Oslo",
        "Warsaw|Poland|Europe/Warsaw",
        "Athens|Greece|Europe/Athens",
        "Lisbon|Portugal|Europe/Lisbon",
        "Istanbul|Turkey|Europe/Istanbul",
        "Ankara|Turkey|Europe/Istanbul",
        "Moscow|Russia|Europe/Moscow",
        "Cairo|Egypt|Africa/Cairo",
        "Nairobi|Kenya|Africa/Nairobi",
        "Lagos|Nigeria|Africa/Lagos",
        "Abuja|Nigeria|Africa/Lagos",
        "Cape Town|South Africa|Africa/Johannesburg",
        "Johannesburg|South Africa|Africa/Johannesburg",
        "Dubai|United Arab Emirates|Asia/Dubai",
        "Mumbai|India|Asia/Kolkata",
        "New Delhi|India|Asia/Kolkata",
        "Bangalore|India|Asia/Kolkata",
        "Singapore|Singapore|Asia/Singapore",
        "Bangkok|Thailand|Asia/Bangkok",
        "Jakarta|Indonesia|Asia/Jakarta",
        "Hanoi|Vietnam|Asia/Ho_Chi_Minh",
        "Hong Kong|China|Asia/Hong_Kong",
        "Shanghai|China|Asia/Shanghai",
        "Beijing|China|Asia/Shanghai",
        "Seoul|South Korea|Asia/Seoul",
        "Tokyo|Japan|Asia/Tokyo",
        "Osaka|Japan|Asia/Tokyo",
        "Kyoto|Japan|Asia/Tokyo",
        "Sydney|Australia|Australia/Sydney",
        "Melbourne|Australia|Australia/Melbourne",
        "Canberra|Australia|Australia/Sydney",
        "Wellington|New Zealand|Pacific/Auckland",
        "Auckland|New Zealand|Pacific/Auckland",
        "Toronto|Canada|America/Toronto",
        "Vancouver|Canada|America/Vancouver",
        "Montreal|Canada|America/Toronto",
        "Ottawa|Canada|America/Toronto",
        "Mexico City|Mexico|America/Mexico_City",
        "São Paulo|Brazil|America/Sao_Paulo",
        "Rio de Janeiro|Brazil|America/Sao_Paulo",
        "Brasília|Brazil|America/Sao_Paulo",
        "Buenos Aires|Argentina|America/Argentina/Buenos_Aires",
        "Lima|Peru|America/Lima",
        "Bogotá|Colombia|America/Bogota",
    )
)

COMPANIES: tuple[tuple[str, str], ...] = (
    ("Apple", "AAPL"),
    ("Microsoft", "MSFT"),
    ("Alphabet", "GOOGL"),
    ("Google", "GOOGL"),
    ("Amazon", "AMZN"),
    ("Nvidia", "NVDA"),
    ("Tesla", "TSLA"),
    ("Meta", "META"),
    ("Netflix", "NFLX"),
    ("IBM", "IBM"),
    ("Intel", "INTC"),
)

_PLAIN = str.maketrans("áéíóúãâêôçü", "aeiouaaeocu")


def _plain(text: str) -> str:
    return text.lower().translate(_PLAIN)


@functools.cache
def _phrase(phrase: str) -> tuple[str, re.Pattern[str]]:
    """A phrase's plain form and its whole-word pattern, made once per phrase: the finders
    below run on every chat request, for about a hundred names each."""
    plain = _plain(phrase)
    return plain, re.compile(r"(?<![\w])" + re.escape(plain) + r"(?![\w])")


def _positions(plain_text: str, phrase: str) -> list[int]:
    """Where `phrase` stands as whole words in `plain_text` (already `_plain`). The substring
    test first: most names are absent, and it is far cheaper than the pattern."""
    plain, pattern = _phrase(phrase)
    if plain not in plain_text:
        return []
    return [m.start() for m in pattern.finditer(plain_text)]


_US = re.compile(r"\b(?:US|U\.S\.)(?!\w)")


def find_countries(text: str) -> list[Country]:
    """Countries named in `text` (by name or alias), in the order they appear."""
    plain_text = _plain(text)
    hits: list[tuple[int, int, Country]] = []
    for order, country in enumerate(COUNTRIES):
        for name in (country.name, *country.aliases):
            found = (
                [m.start() for m in _US.finditer(text)]
                if name == "us"
                else _positions(plain_text, name)
            )
            hits.extend((pos, order, country) for pos in found)
    return _unique(item for _, _, item in sorted(hits, key=lambda h: (h[0], h[1])))


def find_cities(text: str) -> list[City]:
    """Cities named in `text`, in order of appearance; "New York" wins over "York"."""
    plain_text = _plain(text)
    hits = [
        (pos, -len(city.name), city) for city in CITIES for pos in _positions(plain_text, city.name)
    ]
    return _unique(city for _, _, city in sorted(hits, key=lambda h: (h[0], h[1])))


@functools.cache
def _ticker(symbol: str) -> re.Pattern[str]:
    return re.compile(rf"\b{symbol}\b")


def find_companies(text: str) -> list[tuple[str, str]]:
    """(company, ticker) pairs named in `text` by name or by upper-case ticker."""
    plain_text = _plain(text)
    hits: list[tuple[int, tuple[str, str]]] = []
    for company in COMPANIES:
        hits.extend((pos, company) for pos in _positions(plain_text, company[0]))
        if company[1] in text:
            hits.extend((m.start(), company) for m in _ticker(company[1]).finditer(text))
    return _unique(item for _, item in sorted(hits, key=lambda h: h[0]))


def country_named(name: str) -> Country | None:
    """The country whose name or alias is exactly `name`, ignoring case."""
    wanted = _plain(name.strip())
    for country in COUNTRIES:
        if wanted in (_plain(n) for n in (country.name, *country.aliases)):
            return country
    return None


def city_named(name: str) -> City | None:
    """The city called exactly `name`, ignoring case and accents."""
    wanted = _plain(name.strip())
    return next((c for c in CITIES if _plain(c.name) == wanted), None)


def _unique(items: Iterable[T]) -> list[T]:
    out: list[T] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


@dataclass(frozen=True)
class Mention:
    """Where a known place is named in a text, so a follow-up can swap it for another."""

    start: int
    end: int
    kind: str  # "country" or "city"
    name: str


def mentions(text: str) -> list[Mention]:
    """Every country and city named in `text`, by position; longer names win overlaps."""
    plain_text = _plain(text)
    found: list[Mention] = []
    for country in COUNTRIES:
        for alias in (country.name, *country.aliases):
            if alias == "us":
                continue
            found += [
                Mention(p, p + len(alias), "country", country.name)
                for p in _positions(plain_text, alias)
            ]
    for city in CITIES:
        found += [
            Mention(p, p + len(city.name), "city", city.name)
            for p in _positions(plain_text, city.name)
        ]
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[Mention] = []
    for mention in found:
        if not kept or mention.start >= kept[-1].end:
            kept.append(mention)
    return kept
