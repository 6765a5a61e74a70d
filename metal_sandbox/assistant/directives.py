"""Simple instructions a test or quick-start example gives: "Say this is a test", "Count to
10", "Respond with OK", "Give me three tips for ...", "I need help with ...".

These are the first requests many readers send, so they get exact, obedient answers.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.text import capitalize_first, flip_pronouns, join_list

_ECHO = re.compile(
    r"^(?:please\s+)?(?:say|repeat after me|repeat|respond with|reply with|"
    r"answer with|echo|just say)\s*:?\s*(.+?)\s*$",
    re.I | re.S,
)


def echo(request: str) -> Answer | None:
    """ "Say this is a test" answers "This is a test."."""
    match = _ECHO.match(request.strip())
    if not match:
        return None
    said = match.group(1).strip().strip("\"'“”‘’")
    if not said or len(said.split()) > 40 or re.match(r"(?:something|anything)\b", said, re.I):
        return None
    if re.fullmatch(r"(?:hello|hi|hey)", said, re.I):
        return Answer(f"{capitalize_first(said.lower())}!", kind="fact", varied=True)
    if re.fullmatch(r"[A-Z0-9 ._-]+", said):
        return Answer(said, kind="fact", varied=True)
    ending = "" if said[-1] in ".!?" else "."
    return Answer(capitalize_first(said) + ending, kind="fact", varied=True)


_COUNT = re.compile(
    r"\bcount (?:from (-?\d+) )?(?:to|up to) (-?\d+)\b|\bcount (?:from "
    r"(-?\d+) )?down (?:to|from) (-?\d+)\b",
    re.I,
)


def count(request: str) -> Answer | None:
    """ "Count to 10" gives "1, 2, 3, 4, 5, 6, 7, 8, 9, 10."."""
    match = _COUNT.search(request)
    if not match:
        return None
    if match.group(2) is not None:
        start, end = int(match.group(1) or 1), int(match.group(2))
    else:
        start, end = (
            int(match.group(3) or match.group(4)),
            1 if match.group(3) is None else int(match.group(4)),
        )
    if abs(end - start) > 100:
        return Answer(
            "That's a long count. I'll keep it readable: here are the first and last "
            f"numbers, {start} and {end}.",
            kind="fact",
        )
    step = 1 if end >= start else -1
    numbers = [str(n) for n in range(start, end + step, step)]
    return Answer(", ".join(numbers) + ".", kind="fact", varied=True, facts={"numbers": numbers})


_TIPS = (
    "start with one concrete goal",
    "get feedback early and often",
    "keep notes on what works and what doesn't",
    "set aside regular time to practice",
    "review and simplify your work before calling it done",
)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "a few": 3, "some": 3}


def tips(request: str) -> Answer | None:
    """General, honest advice for "Give me three tips for X"."""
    match = re.search(
        r"\b(one|two|three|four|five|a few|some|\d)\s+(?:\w+\s+)?(?:tips|pieces "
        r"of advice|suggestions|ideas)\s+(?:for|on|about|to)\s+(.+?)[.?!]*$",
        request,
        re.I,
    )
    if not match:
        return None
    word = match.group(1).lower()
    number = max(1, min(int(word) if word.isdigit() else _NUMBERS[word], len(_TIPS)))
    topic = flip_pronouns(match.group(2).strip())
    chosen = list(_TIPS[:number])
    spoken = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}[number]
    noun = "tip" if number == 1 else "tips"
    return Answer(
        f"Here are {spoken} {noun} for {topic}: {join_list(chosen)}.",
        kind="list",
        facts={"tips": chosen, "items": chosen},
    )


_HELP = re.compile(
    r"^(?:hi,?\s+|hello,?\s+)?(?:i need|i want|i'd like|i would like|can you|"
    r"could you|please|can i get|i could use)\s+(?:some\s+)?help(?: me)?"
    r"(?:\s+(?:with|on|understanding|to))?\s*(.*?)[.?!]*$",
    re.I,
)


def help_request(request: str) -> Answer | None:
    """ "I need help with my code" gets an offer and the questions that move it forward."""
    match = _HELP.match(request.strip())
    if not match:
        return None
    subject = flip_pronouns(match.group(1).strip())
    about = f" with {subject}" if subject else ""
    return Answer(
        f"I'd be glad to help{about}. Could you share the details: what you're trying "
        "to do, what you've tried, and what's happening instead?",
        kind="greeting",
    )
