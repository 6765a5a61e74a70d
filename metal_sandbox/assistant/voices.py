"""Follow the tone that system and developer prompts ask for.

The voices themselves (pirate, formal...) are data in replies.yaml; this module finds the
ones a system prompt asks for, reads the name and role it gives ("You are Max, a support
agent for Acme"), and rewrites a reply word by word, so the facts of an answer never change:
a pirate still says Paris, only "Arr" and "be" are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

from metal_sandbox.assistant.table import Table, Voice
from metal_sandbox.assistant.text import STOPWORDS

_NOT_A_NAME = ("A", "An", "The", "I", "You", "Your", "Not", "Always", "Never", "Very", "Only")
_COMMON_STARTS = ("The", "It", "There", "This", "That", "These", "A", "An", "Here", "Yes", "No")


@dataclass(frozen=True)
class Style:
    """What the instructions ask of the reply's voice."""

    persona: str = ""
    role: str = ""
    voices: tuple[Voice, ...] = ()
    concise: bool = False


def detect(instructions: str, question: str, table: Table) -> Style:
    """Read the style from system/developer text; the question may ask for brevity too."""
    if not instructions:  # most requests: no voice, persona or role to look for
        return Style(concise=bool(table.concise.search(question)))
    voices = tuple(v for v in table.voices if v.when.search(instructions))
    persona, role = _persona(instructions)
    concise = bool(table.concise.search(instructions) or table.concise.search(question))
    return Style(persona, role, voices, concise)


def _persona(instructions: str) -> tuple[str, str]:
    """("Max", "a helpful assistant for Acme") from "You are Max, a helpful assistant for Acme"."""
    named = re.search(
        r"\b(?:[Yy]ou are|[Yy]ou're|[Yy]our name is|[Aa]ct as|[Cc]all yourself)\s+"
        r"(?:called\s+|named\s+)?([A-Z][a-z][\w'-]*)\b(.*)",
        instructions,
    )
    if (
        named
        and named.group(1) not in _NOT_A_NAME
        and not re.search(r"-|(?:ish|ese|ian|an)$", named.group(1))
    ):
        role = re.match(r",?\s+((?:an?|the)\s[^.!?\n]+)", named.group(2))
        return named.group(1), _trim_role(role.group(1)) if role else ""
    plain = re.search(r"\b[Yy]ou are\s+((?:an?)\s[^.!?\n]+)", instructions)
    return "", _trim_role(plain.group(1)) if plain else ""


def _trim_role(role: str) -> str:
    role = re.split(r",|;|:|\s(?:who|that|which|and you|so)\s", role)[0].strip()
    return " ".join(role.split()[:10])


def apply(text: str, voices: tuple[Voice, ...]) -> str:
    """The reply in each requested voice, in the order replies.yaml lists them."""
    for voice in voices:
        text = speak(text, voice)
    return text


def speak(text: str, voice: Voice) -> str:
    """One voice: its marks, its words, its lead and its ending."""
    for old, new in voice.marks:
        text = text.replace(old, new)
    for pattern, new in voice.words:
        text = pattern.sub(partial(_keep_case, new), text)
    if voice.lead and not text.startswith(voice.unless or (voice.lead,)):
        first = text.split(" ", 1)[0].rstrip(",")
        common = first in _COMMON_STARTS or (first.lower() in STOPWORDS and first != "I")
        text = f"{voice.lead}, {text[:1].lower() + text[1:] if common else text}"
    if voice.end and text.endswith((".", "!")):
        text = text[:-1] + voice.end
    return text


def _keep_case(new: str, old: re.Match[str]) -> str:
    return new[:1].upper() + new[1:] if old.group(0)[:1].isupper() else new
