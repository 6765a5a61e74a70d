"""Answers from the knowledge table: capitals, maths, conversions, translations, lists,
jokes, trivia and API concepts.

Each function returns None when the question is not of its kind, so `engine.py` can try them
in order. Answers carry `facts` so a JSON schema asking for "capital" or "result" gets the
value itself rather than a sentence.
"""

from __future__ import annotations

import math
import re

from metal_sandbox.assistant import arithmetic, units
from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.entities import SPELLED_NUMBERS
from metal_sandbox.assistant.knowledge import (
    JOKES,
    LANGUAGES,
    LISTS,
    TRANSLATIONS,
    find_concept,
    find_trivia,
)
from metal_sandbox.assistant.places import (
    COUNTRIES,
    Country,
    city_named,
    country_named,
    find_countries,
)
from metal_sandbox.assistant.text import capitalize_first, format_number, join_list, pick


def capital(question: str, variant: int) -> Answer | None:
    """ "What is the capital of France?" and "Paris is the capital of which country?"."""
    if not re.search(r"\bcapitals?\b", question, re.I):
        return None
    countries = find_countries(question)
    if not countries:
        return _country_of_capital(question)
    sentences = [
        pick(
            (
                f"The capital of {c.english} is {c.capital}.",
                f"{c.capital} is the capital of {c.english}.",
                f"It's {c.capital}, the capital of {c.english}.",
            ),
            variant,
        )
        for c in countries[:5]
    ]
    text = _join_sentences(sentences)
    first = countries[0]
    return Answer(
        text.replace("..", "."),
        kind="fact",
        varied=True,
        localized=_localized(countries),
        simple=f"{_join_sentences(sentences[:1])} That's the city where the country's "
        "leaders work.".replace("..", "."),
        facts={"country": first.name, "capital": first.capital, "city": first.capital},
    )


def _join_sentences(sentences: list[str]) -> str:
    if len(sentences) == 1:
        return sentences[0]
    clauses = [s.rstrip(".") for s in sentences]
    clauses = [clauses[0]] + [c[:1].lower() + c[1:] for c in clauses[1:]]
    joined = f"{clauses[0]}, and {clauses[1]}" if len(clauses) == 2 else join_list(clauses)
    return joined + "."


def _localized(countries: list[Country]) -> dict[str, str]:
    forms = {
        "french": [f"La capitale {c.french} est {c.french_capital}." for c in countries],
        "spanish": [f"La capital {c.spanish} es {c.spanish_capital}." for c in countries],
        "german": [f"Die Hauptstadt {c.german} ist {c.german_capital}." for c in countries],
    }
    return {lang: " ".join(texts).replace("..", ".") for lang, texts in forms.items()}


def _country_of_capital(question: str) -> Answer | None:
    for country in COUNTRIES:
        if re.search(rf"\b{re.escape(country.capital)}\b", question) and re.search(
            r"\bwhich country\b|\bwhat country\b|\bcapital of what\b|\bcapital of which\b",
            question,
            re.I,
        ):
            text = f"{country.capital} is the capital of {country.english}.".replace("..", ".")
            return Answer(text, facts={"country": country.name, "capital": country.capital})
    return None


_PRIME_QUESTION = re.compile(r"\bis\s+(\d{1,12})\s+(?:a\s+)?prime(?:\s+number)?\b", re.I)


def _is_prime(n: int) -> bool:
    return n > 1 and all(n % d for d in range(2, math.isqrt(n) + 1))


def primality(question: str) -> Answer | None:
    """ "Is 97 a prime number?": a yes or no, with the reason."""
    match = _PRIME_QUESTION.search(question)
    if not match:
        return None
    n = int(match.group(1))
    if _is_prime(n):
        return Answer(
            f"Yes, {n} is a prime number: its only divisors are 1 and {n}.",
            kind="math",
            facts={"number": n, "is_prime": True},
        )
    if n < 2:
        return Answer(
            f"No, {n} is not a prime number: primes start at 2.",
            kind="math",
            facts={"number": n, "is_prime": False},
        )
    factor = next(d for d in range(2, math.isqrt(n) + 1) if n % d == 0)
    return Answer(
        f"No, {n} is not a prime number: it is {factor} × {n // factor}.",
        kind="math",
        facts={"number": n, "is_prime": False},
    )


def calculation(question: str, variant: int) -> Answer | None:
    """Primality, then equations ("solve 8x + 7 = -23"), then plain arithmetic, then unit
    conversions."""
    prime = primality(question)
    if prime:
        return prime
    solution = arithmetic.find_equation(question)
    if solution:
        return _solved(solution)
    calc = arithmetic.find_calculation(question)
    if calc:
        return _calculated(calc, variant)
    conversion = units.find_conversion(question)
    if conversion:
        return Answer(
            conversion.sentence(),
            kind="math",
            facts={"result": round(conversion.result, 2), "unit": conversion.target.plural},
        )
    return None


def _calculated(calc: arithmetic.Calculation, variant: int) -> Answer:
    expression = calc.expression
    if calc.error == "division by zero":
        return Answer(
            f"Dividing by zero is undefined, so {expression} has no numerical answer.", kind="math"
        )
    if calc.error:
        return Answer(
            f"The result of {expression} is too large for me to state exactly.", kind="math"
        )
    value = format_number(calc.value)
    text = pick(
        (f"{expression} is {value}.", f"{expression} equals {value}.", f"The answer is {value}."),
        variant,
    )
    localized = (
        {}
        if expression.startswith("the ")
        else {
            "french": f"Le résultat de {expression} est {value}.",
            "spanish": f"El resultado de {expression} es {value}.",
            "german": f"Das Ergebnis von {expression} ist {value}.",
        }
    )
    number = calc.value if not float(calc.value).is_integer() else int(calc.value)
    return Answer(
        capitalize_first(text),
        kind="math",
        varied=True,
        localized=localized,
        facts={"expression": expression, "result": number},
    )


def _solved(solution: arithmetic.Solution) -> Answer:
    steps = [f"{e[:1].lower()}{e[1:].rstrip('.')} to get {o}" for e, o in solution.steps]
    body = ", then ".join(steps) if steps else f"it is already solved: {solution.final}"
    text = f"To solve {solution.equation}, {body}. So {solution.final}."
    return Answer(
        text,
        kind="math",
        short=f"{solution.final}.",
        facts={
            "steps": [{"explanation": e, "output": o} for e, o in solution.steps],
            "final_answer": solution.final,
            solution.variable: solution.value,
            "result": solution.value,
        },
    )


_TRANSLATE = (
    r"\btranslate\s+(.+?)\s+(?:in)?to\s+([a-z]+)\b",
    r"^(?:please\s+)?say\s+(.+?)\s+in\s+([a-z]+)\b",
    r"\bhow (?:do|would|can) (?:you|i|we) say\s+(.+?)\s+in\s+([a-z]+)\b",
    r"\bwhat(?:'s| is)\s+(.+?)\s+in\s+([a-z]+)\b",
)


def translation(question: str, variant: int) -> Answer | None:
    """Short everyday phrases into French, Spanish, German or Italian."""
    for pattern in _TRANSLATE:
        match = re.search(pattern, question, re.I)
        if not match:
            continue
        quoted = re.match(r"^[\"'“‘](.+)[\"'”’]$", match.group(1).strip())
        known = re.sub(r"[^\w' ]", "", match.group(1).lower()).strip() in TRANSLATIONS
        if pattern not in _TRANSLATE[:2] and not quoted and not known:
            continue
        phrase = (quoted.group(1) if quoted else match.group(1)).strip()
        return _translated(phrase, match.group(2).lower(), variant)
    return None


def _translated(phrase: str, language: str, variant: int) -> Answer:
    key = re.sub(r"[^\w' ]", "", phrase.lower()).strip()
    shown = phrase.strip(" ?!.")
    if language not in LANGUAGES:
        return Answer(
            f"I can only translate a few short phrases into French, Spanish, German "
            f"and Italian, so I'd rather not guess at {language.capitalize()}.",
            kind="unknown",
        )
    found = TRANSLATIONS.get(key, {}).get(language)
    name = language.capitalize()
    if not found:
        return Answer(
            f"I'm not confident translating \"{shown}\" into {name}, so I'd rather "
            "not guess. I can reliably translate short everyday phrases such as "
            '"good morning" or "thank you".',
            kind="unknown",
        )
    text = pick(
        (
            f'In {name}, "{shown}" is "{found}".',
            f'"{capitalize_first(shown)}" in {name} is "{found}".',
            f'You\'d say "{found}" in {name}.',
        ),
        variant,
    )
    return Answer(
        text,
        kind="fact",
        varied=True,
        short=f'"{found}".',
        facts={
            "translation": found,
            "language": name,
            "source": shown,
            "original": shown,
            "text": found,
        },
    )


def joke(question: str, variant: int) -> Answer | None:
    """A clean programmer joke; each variant tells a different one."""
    if not re.search(r"\bjokes?\b|\bmake me laugh\b|\bsomething funny\b|\bpun\b", question, re.I):
        return None
    text = pick(JOKES, variant)
    setup, _, punchline = text.partition("? ")
    return Answer(
        text,
        kind="creative",
        varied=True,
        facts={"setup": setup + "?", "punchline": punchline or text},
    )


#: Words that ask for a number of items: "list three planets", "name a few colours".
_NUMBER_WORDS = {word: n for word, n in SPELLED_NUMBERS.items() if 1 <= n <= 10}
_COUNTS = {**_NUMBER_WORDS, "a few": 3, "some": 3, "several": 3}


def list_answer(question: str, variant: int) -> Answer | None:
    """ "List three planets" or "What are the primary colors?"."""
    lowered = question.lower()
    for label, (aliases, items) in LISTS.items():
        alias = next((a for a in aliases if re.search(rf"\b{re.escape(a)}\b", lowered)), None)
        if alias is None:
            continue
        count = _count(lowered)
        if count is None and not re.search(
            r"\b(?:list|name|what are|which are|give|tell)\b", lowered
        ):
            continue
        shown = label.replace("colors", "colours") if "colour" in lowered else label
        return _listed(shown, items, count, variant)
    return None


def _count(lowered: str) -> int | None:
    digits = re.search(r"\b(\d{1,2})\b", lowered)
    if digits:
        return int(digits.group(1))
    return next((n for word, n in _COUNTS.items() if re.search(rf"\b{word}\b", lowered)), None)


_OPEN_LISTS = ("fruits", "programming languages", "prime numbers", "HTTP methods")


def _listed(label: str, items: tuple[str, ...], count: int | None, variant: int) -> Answer:
    number = {n: word for word, n in _NUMBER_WORDS.items()}
    chosen = list(items if count is None else items[:count])
    if count == 1:
        text = f"One of the {label} is {chosen[0]}."
    elif count is not None and count > len(items) and label in _OPEN_LISTS:
        text = f"Here are {number.get(len(items), len(items))} {label}: {join_list(chosen)}."
    elif count is not None and count > len(items):
        text = f"There are only {number.get(len(items), len(items))} {label}: {join_list(chosen)}."
    elif count is None or (count == len(items) and label not in _OPEN_LISTS):
        text = f"The {label} are {join_list(chosen)}."
    else:
        text = pick(
            (
                f"Here are {number.get(count, count)} {label}: {join_list(chosen)}.",
                f"Sure: {join_list(chosen)}.",
                f"{capitalize_first(join_list(chosen))} are {number.get(count, count)} {label}.",
            ),
            variant,
        )
    key = re.sub(r"\W+", "_", label.lower())
    return Answer(text, kind="list", varied=True, facts={key: chosen, "items": chosen})


_PLACE = re.compile(
    r"^(?:where is|where's|tell me about|what do you know about|describe|"
    r"what is|what's)\s+(?:the\s+)?(.+?)[?.!]*$",
    re.I,
)


def place(question: str) -> Answer | None:
    """A few solid facts about a city or country in the table: country, capital, time zone."""
    match = _PLACE.match(question.strip())
    if not match:
        return None
    name = match.group(1).strip()
    city, country = city_named(name), country_named(name)
    if city:
        capital = country_named(city.country)
        role = ", and it is the capital" if capital and capital.capital == city.name else ""
        text = (
            f"{city.name} is a city in {_english(city.country)}{role}. Its time zone is "
            f"{city.timezone}."
        )
        return Answer(
            text, facts={"city": city.name, "country": city.country, "timezone": city.timezone}
        )
    if country:
        return Answer(
            f"{capitalize_first(country.english)} is a country whose capital is "
            f"{country.capital}.".replace("..", "."),
            facts={"country": country.name, "capital": country.capital},
        )
    return None


def _english(country: str) -> str:
    known = country_named(country)
    return known.english if known else country


def trivia(question: str) -> Answer | None:
    """A stored answer for a few well-known general-knowledge questions."""
    found = find_trivia(question)
    return Answer(found, kind="fact") if found else None


_EXPLAIN = re.compile(
    r"\bwhat(?:'s| is| are)\b|\bexplain\b|\bdefine\b|\bdefinition\b|"
    r"\btell me about\b|\bmean(?:s|ing)?\b|\bhow (?:does|do)\b.*\bwork\b|"
    r"\bdescribe\b|\bwhy (?:use|do)\b",
    re.I,
)


def concept(question: str) -> Answer | None:
    """Explain an API or machine-learning term from the concept table."""
    found = find_concept(question)
    if not found:
        return None
    if not _EXPLAIN.search(question) and len(question.split()) > 4:
        return None
    return Answer(
        found.text,
        kind="concept",
        simple=found.simple,
        facts={"term": found.aliases[0], "definition": found.text},
    )
