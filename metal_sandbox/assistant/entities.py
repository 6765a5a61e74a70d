"""Pull typed values out of free text: people, places, dates, numbers, lists, emails.

Tool arguments and JSON-schema instances are filled from these, so "Alice and Bob are going
to a science fair on Friday" can become names, an event and a day. Every function returns
values in the order they appear in the text, so results are stable.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.places import find_cities, find_companies, find_countries
from metal_sandbox.assistant.text import STOPWORDS

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_NOT_NAMES = frozenset(
    """I I'm I'll I've I'd A An The And But Or If So Then This That These Those There Here It
    Its We You Your Our My He She They His Her Their What Which Who Whom Whose When Where Why
    How Please Can Could Would Should Will Shall May Might Must Do Does Did Is Are Was Were Be
    Hi Hello Hey Dear Thanks Thank Yes No Not Ok Okay Sure Also Today Tomorrow Yesterday
    Tonight Next Last This Every Each Extract Create Make Write Give Tell Show List Name Find
    Get Set Send Book Schedule Add Remove Update Delete Return Generate Parse Convert Summarize
    Translate Describe Explain Answer Respond Reply Use Let Note Remember Meeting Event Team
    Project Task Order Customer User Client Product Item Mr Mrs Ms Dr Prof Sir Madam Inc Ltd
    LLC Corp Co Street St Avenue Ave Road Rd JSON API HTTP REST URL SDK AI LLM OK USD EUR GBP
    Weather Time Date Email Phone Address Title Summary Subject Message Note Notes Dinner Lunch
    Breakfast Party Conference Science Fair Birthday Christmas Easter New Year After Before
    During On In At By For From To With Without About Around Between Our Their""".split()  # noqa: SIM905
)


def emails(text: str) -> list[str]:
    """E-mail addresses, for `format: email` fields and "to" parameters."""
    return re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)


def urls(text: str) -> list[str]:
    """http(s) URLs without trailing punctuation."""
    return [u.rstrip(".,);") for u in re.findall(r"https?://[^\s\"'<>]+", text)]


def phones(text: str) -> list[str]:
    """Phone-number-like runs of at least seven digits (ISO dates excluded)."""
    found = re.findall(r"(?<![\w-])(\+?\d[\d ().-]{6,}\d)(?![\w-])", text)
    return [
        p
        for p in found
        if len(re.sub(r"\D", "", p)) >= 7 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", p)
    ]


def places(text: str) -> list[str]:
    """Known cities and countries, then capitalised words after "in", "from", "to" or "at"."""
    found: list[tuple[int, str]] = []
    for city in find_cities(text):
        found.append((text.lower().find(city.name.lower()), city.name))
    for country in find_countries(text):
        if not any(country.capital == name for _, name in found):
            found.append((max(text.lower().find(country.name.lower()), 0), country.name))
    for match in re.finditer(
        r"\b(?:in|from|to|at|near|visiting|visit)\s+"
        r"([A-Z][a-zA-Z'-]+(?:\s[A-Z][a-zA-Z'-]+)*)",
        text,
    ):
        name = match.group(1)
        if (
            name.split()[0] not in _NOT_NAMES
            and name not in WEEKDAYS + MONTHS
            and not any(name in known or known in name for _, known in found)
        ):
            found.append((match.start(1), name))
    return _ordered(found)


def _ordered(found: list[tuple[int, str]]) -> list[str]:
    out: list[str] = []
    for _, name in sorted(found, key=lambda item: item[0]):
        if name not in out:
            out.append(name)
    return out


def person_names(text: str) -> list[str]:
    """Capitalised words (or runs of them) that are not places, days, companies or starters."""
    excluded = set(places(text)) | {name for name, _ in find_companies(text)}
    names: list[str] = []
    for match in re.finditer(r"\b[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?(?:\s[A-Z][a-z]+)?\b", text):
        name = match.group(0)
        parts = name.split()
        while parts and (parts[0] in _NOT_NAMES or parts[0] in WEEKDAYS + MONTHS):
            parts = parts[1:]
        if len(parts) > 1 and (parts[-1] in _NOT_NAMES or parts[-1] in WEEKDAYS + MONTHS):
            parts = parts[:-1]
        candidate = re.sub(r"'s$", "", " ".join(parts))
        before = text[max(0, match.start() - 6) : match.start()].lower()
        if (
            candidate
            and candidate not in excluded
            and candidate not in names
            and not any(candidate in place for place in excluded)
            and not re.search(r"\b(?:in|from|at|near)\s+$", before)
        ):
            names.append(candidate)
    return names


_DAY_PHRASE = re.compile(
    r"\b(?:(?:next|this|last)\s+)?(?:" + "|".join(WEEKDAYS) + r")\b|\btomorrow\b|\btoday\b|"
    r"\btonight\b|\byesterday\b|\b(?:next|this|last) (?:week|weekend|month|year)\b",
    re.I,
)
_MONTH_DATE = re.compile(
    r"\b("
    + "|".join(MONTHS)
    + r"|"
    + "|".join(m[:3] for m in MONTHS)
    + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?\b",
    re.I,
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + "|".join(MONTHS) + r")(?:,?\s+(\d{4}))?\b", re.I
)


def iso_dates(text: str) -> list[str]:
    """Dates written with a year, as YYYY-MM-DD: "May 1, 2024" and "2024-05-01" alike."""
    found: list[tuple[int, str]] = [
        (m.start(), m.group(0)) for m in re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", text)
    ]
    for match in _MONTH_DATE.finditer(text):
        if match.group(3):
            found.append((match.start(), _iso(match.group(3), match.group(1), match.group(2))))
    for match in _DAY_MONTH.finditer(text):
        if match.group(3):
            found.append((match.start(), _iso(match.group(3), match.group(2), match.group(1))))
    return _ordered(found)


def _iso(year: str, month: str, day: str) -> str:
    number = next(i for i, m in enumerate(MONTHS, 1) if m.lower().startswith(month[:3].lower()))
    return f"{int(year):04d}-{number:02d}-{min(int(day), 28 if number == 2 else 30):02d}"


def date_phrases(text: str) -> list[str]:
    """Dates as written: "Friday", "next Tuesday", "May 3", "2024-05-01"."""
    found: list[tuple[int, str]] = [(m.start(), m.group(0)) for m in _DAY_PHRASE.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _MONTH_DATE.finditer(text)]
    found += [(m.start(), m.group(0)) for m in _DAY_MONTH.finditer(text)]
    found += [(m.start(), m.group(0)) for m in re.finditer(r"\b\d{4}-\d{2}-\d{2}\b", text)]
    return _ordered(found)


def times(text: str) -> list[str]:
    """Clock times as written: "3pm", "15:30", "noon"."""
    pattern = (
        r"\b\d{1,2}(?::\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d{2}\b|"
        r"\bnoon\b|\bmidnight\b"
    )
    return [m.group(0) for m in re.finditer(pattern, text, re.I)]


def iso_time(phrase: str) -> str:
    """ "3pm" becomes "15:00:00"; "noon" becomes "12:00:00"."""
    lowered = phrase.lower().replace(".", "")
    if lowered in ("noon", "midnight"):
        return "12:00:00" if lowered == "noon" else "00:00:00"
    match = re.match(r"(\d{1,2})(?::(\d{2}))?\s?(am|pm)?", lowered)
    if not match:
        return "09:00:00"
    hour = int(match.group(1)) % 12 if match.group(3) else int(match.group(1)) % 24
    hour += 12 if match.group(3) == "pm" else 0
    return f"{hour:02d}:{int(match.group(2) or 0):02d}:00"


_NUMBER = re.compile(
    r"(?<![\w.])[-+]?\$?\d+(?:,\d{3})*(?:\.\d+)?%?(?![\w])|"
    r"\b(?:zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
    r"twelve|twenty|thirty|forty|fifty|hundred)\b",
    re.I,
)
#: Spelled-out numbers the assistant reads, by their value.
SPELLED_NUMBERS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}


def _as_number(token: str) -> float:
    lowered = token.lower()
    if lowered in SPELLED_NUMBERS:
        return SPELLED_NUMBERS[lowered]
    return float(re.sub(r"[$,%+]", "", token))


def numbers(text: str) -> list[float]:
    """Every number, digits or spelled out, ignoring those inside dates and clock times."""
    cleaned = re.sub(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b", " ", text)
    return [_as_number(m.group(0)) for m in _NUMBER.finditer(cleaned)]


def number_near(text: str, keywords: tuple[str, ...], window: int = 4) -> float | None:
    """The number closest to one of `keywords` (at most `window` words away; before wins)."""
    tokens = re.findall(r"\$?\d+(?:,\d{3})*(?:\.\d+)?%?|[A-Za-z]+", text)
    cues = [
        j
        for j, word in enumerate(tokens)
        if any(word.lower() == k or word.lower().rstrip("s") == k for k in keywords)
    ]
    best: tuple[int, int, float] | None = None
    for i, token in enumerate(tokens):
        if not _NUMBER.fullmatch(token):
            continue
        for j in cues:
            if abs(i - j) <= window:
                distance = (abs(i - j), 0 if i < j else 1)
                if best is None or distance < best[:2]:
                    best = (*distance, _as_number(token))
    return best[2] if best else None


def items_after(text: str, keyword: str) -> list[str]:
    """ "ingredients: flour, sugar and eggs" gives ["flour", "sugar", "eggs"]."""
    pattern = (
        rf"\b{re.escape(keyword)}s?\b\s*(?:are|is|include|includes|including|of|like|"
        rf"such as)?\s*:?\s*(.+?)(?:[.;!?](?:\s|$)|\n|$)"
    )
    match = re.search(pattern, text, re.I)
    return split_items(match.group(1)) if match else []


_VERBS = frozenset(
    """buy need get bring include add like love want pack use visit see try
    make cook bake invite call meet have has is are was were with and""".split()  # noqa: SIM905
)


def split_items(phrase: str) -> list[str]:
    """Split "flour, sugar, and eggs" into items, trimming articles and leading verbs."""
    parts = re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+|\s*&\s*", phrase.strip())
    items: list[str] = []
    for part in parts:
        tokens = part.strip(" .\"'").split()
        while tokens and tokens[0].lower() in ("a", "an", "the", "some", "and", "or"):
            tokens = tokens[1:]
        if tokens:
            items.append(" ".join(tokens))
    if items:
        first = items[0].split()
        cut = max(
            (i + 1 for i, w in enumerate(first[:-1]) if w.lower() in _VERBS | STOPWORDS), default=0
        )
        items[0] = " ".join(first[cut:])
    return [item for item in items if item]


def any_list(text: str) -> list[str]:
    """The first "x, y and z"-style list in the text, if there is one."""
    match = re.search(
        r"((?:[\w'-]+(?:\s[\w'-]+){0,2},\s+)+(?:and\s+|or\s+)?[\w'-]+"
        r"(?:\s[\w'-]+){0,2})",
        text,
    )
    if match:
        return split_items(match.group(1))
    pair = re.search(r"([\w'-]+(?:\s[\w'-]+)?)\s+and\s+([\w'-]+(?:\s[\w'-]+)?)", text)
    return split_items(f"{pair.group(1)}, {pair.group(2)}") if pair else []


_EVENT = re.compile(
    r"\b(?:going to|attend(?:ing)?|attends|at|to|for|organi[sz]ing|hosting|having|planning|"
    r"scheduled?|book(?:ing)?)\s+(?:a|an|the|our|their|my|his|her)\s+"
    r"((?:[A-Za-z][\w'-]*\s+){0,3}?[A-Za-z][\w'-]*)"
    r"(?=\s+(?:on|at|in|with|next|this|tomorrow|today|tonight|from|for)\b|\s*[,.!?]|\s*$)"
)


def event_name(text: str) -> str | None:
    """ "going to a science fair on Friday" gives "Science fair"."""
    match = _EVENT.search(text)
    if not match:
        return None
    name = match.group(1)
    return name[:1].upper() + name[1:]


def keywords(text: str, limit: int = 5) -> list[str]:
    """Distinct meaningful words, for "tags" and "keywords" arrays."""
    out: list[str] = []
    text = re.sub(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|https?://\S+", " ", text)
    for word in re.findall(r"[A-Za-z][A-Za-z'-]+", text):
        lowered = word.lower()
        if (
            len(lowered) > 3
            and lowered not in STOPWORDS
            and lowered not in out
            and lowered not in _VERBS
        ):
            out.append(lowered)
    return out[:limit]


_POSITIVE = (
    "love",
    "loved",
    "great",
    "excellent",
    "amazing",
    "happy",
    "good",
    "fantastic",
    "wonderful",
    "best",
    "enjoy",
    "enjoyed",
    "awesome",
    "perfect",
    "recommend",
    "delighted",
    "pleased",
    "nice",
    "brilliant",
    "beautiful",
    "fast",
)
_NEGATIVE = (
    "hate",
    "hated",
    "terrible",
    "awful",
    "bad",
    "worst",
    "broken",
    "disappointed",
    "disappointing",
    "poor",
    "angry",
    "refund",
    "slow",
    "horrible",
    "useless",
    "annoying",
    "frustrated",
    "frustrating",
    "late",
    "never",
    "problem",
    "issue",
    "rude",
)


def sentiment(text: str) -> str:
    """positive, negative or neutral by counting opinion words, with simple negation."""
    score = 0
    tokens = re.findall(r"[a-z']+", text.lower())
    for i, token in enumerate(tokens):
        negated = i > 0 and tokens[i - 1] in (
            "not",
            "never",
            "don't",
            "didn't",
            "isn't",
            "wasn't",
            "no",
        )
        sign = 1 if token in _POSITIVE else -1 if token in _NEGATIVE else 0
        score += -sign if negated else sign
    return "positive" if score > 0 else "negative" if score < 0 else "neutral"
