"""Honest answers for what the model cannot know or do.

Aurora acknowledges uncertainty rather than hallucinating, so an unknown question gets a
reply that restates it (so the reader sees it was understood) and says plainly that the model
is not sure. Real-time questions and real-world actions point to function calling instead.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.places import mentions
from metal_sandbox.assistant.text import clean_question, first_sentences, flip_pronouns, pick

_REALTIME: tuple[tuple[str, str, str], ...] = (
    # (pattern, what cannot be checked, which tool would help)
    (
        r"\bweather\b|\bforecast\b|\braining\b|\bsnowing\b|\bhow (?:hot|cold|warm) is it\b|"
        r"\btemperature (?:outside|today|now|in)\b|\b(?:will it|going to|is it)\b.*\b(?:rain|snow|"
        r"be sunny|be windy|be hot|be cold)\b",
        "the current weather",
        "a weather tool",
    ),
    (
        r"\bstock\b|\bshare price\b|\btrading at\b|\bmarket cap\b|\bnasdaq\b|\bdow jones\b|"
        r"\bs&p 500\b|\bbitcoin price\b|\bprice of bitcoin\b",
        "live market prices",
        "a market-data tool",
    ),
    (
        r"\bnews\b|\bheadlines?\b|\bbreaking\b|\blatest (?:version|release|update)\b",
        "today's news",
        "a news or web-search tool",
    ),
    (
        r"\bwhat time is it\b|\bcurrent time\b|\bwhat(?:'s| is) the time\b|\btime (?:is it )?"
        r"(?:now|right now)\b|\blocal time\b",
        "the current time",
        "a clock tool",
    ),
    (
        r"\bwhat(?:'s| is) (?:the date|today's date)\b|\bwhat day is (?:it|today)\b|"
        r"\btoday's date\b",
        "today's date",
        "a clock tool",
    ),
    (
        r"\bscore\b|\bwho won (?:the game|last night|yesterday)\b",
        "live scores",
        "a sports-data tool",
    ),
    (
        r"\bexchange rate\b|\bhow much is (?:a |one )?(?:dollar|euro|pound|yen)\b",
        "live exchange rates",
        "a currency tool",
    ),
)


def realtime(question: str, variant: int) -> Answer | None:
    """Say that live data is out of reach, and how to provide it; None if not a live topic."""
    for pattern, thing, tool in _REALTIME:
        if re.search(pattern, question, re.I):
            place = mentions(question)
            live_here = place and ("weather" in thing or "time" in thing)
            where = f" in {place[0].name}" if live_here else ""
            text = pick(
                (
                    f"I don't have real-time access, so I can't check {thing}{where}. "
                    f"If you give me {tool} through function calling, or paste in a "
                    "current source, I can answer from that.",
                    f"I can't look up {thing}{where}: I don't have access to real-time "
                    f"data. Connect {tool} with function calling, or share a current "
                    "source, and I'll use it.",
                ),
                variant,
            )
            return Answer(
                text,
                kind="unknown",
                varied=True,
                short=f"I don't have real-time access, so I can't check {thing}{where}.",
            )
    return None


_ACTIONS = re.compile(
    r"^(?:please\s+|can you\s+|could you\s+)?(book|send|order|buy|purchase|"
    r"schedule|call|email|text|remind|cancel|pay|transfer|reserve|"
    r"set (?:an? )?(?:alarm|reminder|timer))\b(.*)$",
    re.I | re.S,
)


def action(question: str, variant: int) -> Answer | None:
    """Real-world actions need a tool; say so instead of pretending to have done them."""
    match = _ACTIONS.match(clean_question(question))
    if not match:
        return None
    task = flip_pronouns(f"{match.group(1).lower()}{match.group(2)}").strip()
    text = (
        f"I can't {task} myself, because I can only reply with text. If you give me a tool "
        "that does it, through function calling, I can call it with the details from your "
        "message."
    )
    return Answer(text, kind="unknown", short=f"I can't {task} myself without a tool.")


_LEAD_INS = re.compile(
    r"^(?:please\s+|(?:can|could) you (?:tell me|explain)\s+|do you know\s+|"
    r"i (?:want|would like|'d like) to know\s+|tell me\s+|i wonder\s+)+",
    re.I,
)


def restate(question: str) -> tuple[str, str]:
    """("clause", "") as in "who the first person on Mars was", or ("", "topic"), or ("", "")."""
    text = _LEAD_INS.sub("", clean_question(question))
    text = re.sub(
        r"\s+(?:in simple terms|simply|for a beginner|in plain english|briefly)$",
        "",
        text,
        flags=re.I,
    )
    wh = re.match(r"^(who|what|where|when|why|which)\s+(is|are|was|were)\s+(.+)$", text, re.I)
    if wh:
        return f"{wh.group(1).lower()} {flip_pronouns(wh.group(3))} {wh.group(2).lower()}", ""
    subject = re.match(
        r"^(who|what)\s+(?!(?:is|are|was|were|do|does|did|can|could|will|would|"
        r"should|has|have|had)\b)(\w+\s+.+)$",
        text,
        re.I,
    )
    if subject and not re.search(r"\b(?:do|does|did)\b", subject.group(2), re.I):
        return f"{subject.group(1).lower()} {flip_pronouns(subject.group(2))}", ""
    how = re.match(
        r"^how\s+(?:do|does|can|could|should|would|to)\s+(?:you|i|we|one)?\s*(.+)$", text, re.I
    )
    if how:
        return f"how to {flip_pronouns(how.group(1))}", ""
    about = re.match(
        r"^(?:about|explain|describe|define|what do you know about|"
        r"what can you tell me about|(?:me )?more about)\s+(.+)$",
        text,
        re.I,
    )
    if about:
        return "", flip_pronouns(about.group(1))
    return "", ""


def unknown(question: str, variant: int) -> Answer:
    """An honest "I'm not sure" that shows the question was understood."""
    clause, topic = restate(question)
    offer = "If you can share a source or more details, I'm happy to work through it with you."
    if clause:
        lead = pick((f"I'm not certain {clause}", f"I don't know for sure {clause}"), variant)
        text = f"{lead}, and I'd rather say so than guess. {offer}"
    elif topic:
        lead = pick(
            (
                f"I don't have reliable information about {topic}",
                f"I don't know enough about {topic} to answer well",
            ),
            variant,
        )
        text = f"{lead}, and I'd rather say so than guess. {offer}"
    elif "?" in question or re.match(
        r"^(?:who|what|where|when|why|how|which|is|are|can|do|"
        r"does|did|will|would|should)\b",
        question.strip(),
        re.I,
    ):
        shown = clean_question(question)
        shown = shown if len(shown) <= 80 else "that"
        quoted = f'the answer to "{shown}?"' if shown != "that" else "that"
        text = (
            pick(
                (
                    f"I'm not sure of {quoted}, and I'd rather say so than guess. ",
                    f"I don't know {quoted} for certain, and I won't guess. ",
                ),
                variant,
            )
            + offer
        )
    else:
        text = pick(
            (
                "Thanks for letting me know. How can I help with that?",
                "Noted. What would you like me to do with that?",
            ),
            variant,
        )
    return Answer(text, kind="unknown", varied=True, short=first_sentences(text))
