"""Follow the tone a system prompt asks for: a persona, a voice, brevity.

The voices themselves are data (`voices` in replies.yaml); rewriting is word-level, so the
facts of a reply never change: a pirate still says Tokyo, only "Arr" and "be" are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metal_sandbox.assistant import data
from metal_sandbox.assistant.data import Voice

_NAMED = re.compile(
    r"\b(?:[Yy]ou are|[Yy]ou're|[Yy]our name is|[Aa]ct as|[Cc]all yourself)\s+"
    r"(?:called\s+|named\s+)?([A-Z][a-z][\w'-]*)\b(.*)"
)
_PLAIN = re.compile(r"\b[Yy]ou are\s+((?:an?)\s[^.!?\n]+)")
_NOT_A_NAME = (
    "A",
    "An",
    "The",
    "I",
    "You",
    "Your",
    "Not",
    "Always",
    "Never",
    "Very",
    "Only",
)
_LOWER_STARTS = frozenset(
    """The It There This That These Those A An Here Yes No Sure Of In To Be Ye Yer Your My Me
    Today Thou Thy""".split()  # noqa: SIM905
)


@dataclass(frozen=True)
class Style:
    """What the instructions ask of the reply: who speaks, in which voices, how briefly."""

    persona: str = ""
    role: str = ""
    voices: tuple[Voice, ...] = ()
    concise: bool = False

    def who(self, model: str) -> str:
        """ "I'm Max, a support agent for Acme" or "I'm Aurora"."""
        name = self.persona or data.MODELS.get(model, data.MODELS["aurora"])["name"]
        return f"I'm {name}, {self.role}" if self.role else f"I'm {name}"


def detect(instructions: str, question: str) -> Style:
    persona, role = _persona(instructions)
    voices = tuple(v for v in data.VOICES if v.when.search(instructions))
    concise = bool(data.CONCISE.search(instructions) or data.CONCISE.search(question))
    return Style(persona, role, voices, concise)


def _persona(instructions: str) -> tuple[str, str]:
    """("Max", "a helpful assistant for Acme") from "You are Max, a helpful assistant for
    Acme"; ("", "a pirate") from "You are a pirate"."""
    named = _NAMED.search(instructions)
    if named and named.group(1) not in _NOT_A_NAME and not named.group(1).endswith("-"):
        role = re.match(r",?\s+((?:an?|the)\s[^.!?\n]+)", named.group(2))
        return named.group(1), _trim(role.group(1)) if role else ""
    plain = _PLAIN.search(instructions)
    return "", _trim(plain.group(1)) if plain else ""


def _trim(role: str) -> str:
    role = re.split(r",|;|:|\s(?:who|that|which|and you|so)\s", role)[0].strip()
    return " ".join(role.split()[:10])


def speak(text: str, style: Style) -> str:
    """The reply in each voice the instructions ask for, in order."""
    for voice in style.voices:
        text = _in_voice(text, voice)
    return text


def _in_voice(text: str, voice: Voice) -> str:
    for old, new in voice.replace:
        text = text.replace(old, new)
    for pattern, new in voice.swap:
        text = pattern.sub(lambda m, new=new: _like(m.group(0), new), text)
    if voice.lead and not text.startswith(voice.unless):
        first = text.split(" ", 1)[0].rstrip(",")
        lowered = text[:1].lower() + text[1:] if first in _LOWER_STARTS else text
        text = f"{voice.lead} {lowered}" if voice.lead.endswith("!") else f"{voice.lead}, {lowered}"
    if voice.end and text.endswith("."):
        text = text[:-1] + voice.end
    return text


def _like(old: str, new: str) -> str:
    """`new` with a capital letter where `old` had one."""
    return new[:1].upper() + new[1:] if old[:1].isupper() else new
