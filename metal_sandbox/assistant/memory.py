"""Multi-turn context: what the user said about themselves, and elliptical follow-ups.

The model has no memory beyond the messages in the request, exactly like the real API, so
everything here is recomputed from the conversation each time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.places import mentions

_NAME = re.compile(
    r"\b(?i:my name is)\s+([A-Za-z][a-z'-]+(?: [A-Z][a-z'-]+)?)|"
    r"\b(?:I'm|I am|[Cc]all me|[Tt]his is)\s+([A-Z][a-z'-]+)\b"
)
_NOT_NAMES = (
    "Fine",
    "Good",
    "Great",
    "Okay",
    "Ok",
    "Sorry",
    "Not",
    "Just",
    "Ready",
    "Here",
    "Looking",
    "Trying",
    "Interested",
    "Happy",
    "Glad",
    "Back",
    "Done",
    "Sure",
    "So",
    "Also",
    "Really",
    "Very",
    "Still",
    "A",
    "An",
    "The",
    "In",
    "From",
    "At",
    "Going",
    "Working",
    "Learning",
    "Building",
    "Writing",
    "Using",
    "New",
    "Stuck",
    "Curious",
)
_FACT = re.compile(
    r"\bmy ((?:favou?rite|best) [a-z]+|age|birthday|job|hometown|city|country|"
    r"pet|dog's name|cat's name|hobby|email|company|role|team|major) is "
    r"([^.!?,;]+?)(?= and |[.!?,;]|$)",
    re.I,
)
_LIVES = re.compile(r"\bI live in ([A-Z][\w'-]*(?: [A-Z][\w'-]*)*)")
_WORKS = re.compile(r"\bI work (?:at|for) ([A-Z][\w&'-]*(?: [A-Z][\w&'-]*)*)")


@dataclass(frozen=True)
class Memory:
    """The user's name and other "my X is Y" facts, latest statement winning."""

    name: str = ""
    facts: tuple[tuple[str, str], ...] = ()

    def fact(self, key: str) -> str:
        """The latest value stated for `key`, or "" when the user never said it."""
        return next((value for k, value in reversed(self.facts) if k == key), "")


def _name_in(text: str) -> str:
    found = ""
    for match in _NAME.finditer(text):
        name = (match.group(1) or "").strip().title() or (match.group(2) or "").strip()
        if name[:1].isupper() and name.split()[0] not in _NOT_NAMES:
            found = name
    return found


def remember(user_texts: list[str]) -> Memory:
    """Collect the user's statements about themselves, oldest first."""
    name, facts = "", []
    for text in user_texts:
        name = _name_in(text) or name
        for key, value in _FACT.findall(text):
            key = key.strip().lower().replace("favourite", "favorite")
            if key != "name":
                facts.append((key, value.strip()))
        facts += [("home", v) for v in _LIVES.findall(text)]
        facts += [("employer", v) for v in _WORKS.findall(text)]
    return Memory(name, tuple(facts))


def recall(question: str, memory: Memory, intro: str) -> Answer | None:
    """Answer "What is my name?"-style questions, or acknowledge new personal facts."""
    lowered = question.lower()
    if re.search(r"\bwhat(?:'s| is) my name\b|\bwho am i\b|\b(?:know|remember) my name\b", lowered):
        if memory.name:
            return Answer(f"Your name is {memory.name}.", facts={"name": memory.name})
        return Answer(
            "You haven't told me your name in this conversation, so I don't know it. "
            "What should I call you?",
            kind="unknown",
        )
    asked = re.search(r"\bwhat(?:'s| is) my ((?:favou?rite |best |home )?[a-z]+)\b", lowered)
    if asked:
        key = asked.group(1).replace("favourite", "favorite")
        value = memory.fact(key)
        if value:
            return Answer(f"Your {key} is {value}.", facts={key.replace(" ", "_"): value})
        return Answer(
            f"You haven't told me your {key} in this conversation, so I don't know it.",
            kind="unknown",
        )
    for pattern, key, verb in (
        (r"\bwhere do i live\b", "home", "live in"),
        (r"\bwhere do i work\b", "employer", "work at"),
    ):
        if re.search(pattern, lowered):
            value = memory.fact(key)
            text = (
                f"You {verb} {value}."
                if value
                else "You haven't told me that in this conversation, so I don't know."
            )
            return Answer(text, kind="fact" if value else "unknown")
    return _acknowledge(question, memory, intro)


def _acknowledge(question: str, memory: Memory, intro: str) -> Answer | None:
    """Reply to a message that only introduces the user or states a fact about them."""
    if "?" in question:
        return None
    name = _name_in(question)
    rest = _NAME.sub("", question)
    rest = re.sub(r"^(?:hello|hi|hey)\b|[\W_]+", "", rest, flags=re.I)
    if name and len(rest) <= 2:
        return Answer(
            f"Nice to meet you, {name}! {intro} How can I help you today?",
            kind="greeting",
            facts={"name": name},
        )
    facts = remember([question]).facts
    if facts and not name and len(question.split()) <= 12:
        key, value = facts[0]
        label = {"home": "you live in", "employer": "you work at"}.get(key, f"your {key} is")
        return Answer(
            f"Got it: {label} {value}. I'll keep that in mind for the rest of this conversation.",
            kind="greeting",
        )
    return None


_FOLLOW_UP = re.compile(
    r"^(?:and|what about|how about|and what about|what of|same for|"
    r"and for|and in|also)\b[\s,]*(.*)$",
    re.I | re.S,
)


def resolve(question: str, previous: str) -> str:
    """Turn "And of Germany?" into "What is the capital of Germany?" using the last question.

    The previous question's country or city is swapped for the one in the follow-up; with
    nothing to swap, the follow-up's own words stand as the question ("And 3 + 3?").
    """
    match = _FOLLOW_UP.match(question.strip())
    if not match or not previous or len(question.split()) > 8:
        return question
    rest = re.sub(r"^(?:of|in|for|the|about|with)\s+", "", match.group(1).strip(), flags=re.I)
    new, old = mentions(rest), mentions(previous)
    if new and old:
        kind_old = next((m for m in old if m.kind == new[0].kind), old[0])
        return previous[: kind_old.start] + new[0].name + previous[kind_old.end :]
    capital = re.match(r"([A-Z][\w-]*(?: [A-Z][\w-]*)*)\W*$", rest)
    if capital and old:
        return previous[: old[0].start] + capital.group(1) + previous[old[0].end :]
    return rest or question
