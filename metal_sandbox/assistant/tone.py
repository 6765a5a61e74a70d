"""Follow the tone that system and developer prompts ask for.

Detection is keyword-based on the instructions (and a few phrases in the question, such as
"in one sentence"). Rewriting is word-level so the facts of an answer never change: a pirate
still says Paris, only "Arr" and "be" are added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.text import STOPWORDS, first_sentences

_VOICES: tuple[tuple[str, str], ...] = (
    ("pirate", r"\bpirates?\b"),
    ("shakespeare", r"\bshakespeare(?:an)?\b|\belizabethan\b"),
    (
        "child",
        r"like i'?m (?:five|5)|like i am (?:five|5)|\beli5\b|(?:five|5)[- ]year[- ]old|"
        r"\bchild(?:ren)?\b|\bkids?\b",
    ),
    ("formal", r"\bformal(?:ly)?\b|\bprofessional(?:ly)?\b|\bpolite(?:ly)?\b"),
    (
        "enthusiastic",
        r"\benthusiastic(?:ally)?\b|\bexcited\b|\bcheerful\b|\bupbeat\b|"
        r"\benergetic\b",
    ),
)
_CONCISE = (
    r"\bconcise(?:ly)?\b|\bbrief(?:ly)?\b|\bone[- ]sentence\b|\bsingle sentence\b|"
    r"\bterse\b|\bsuccinct(?:ly)?\b|\bshort answers?\b|"
    r"\bkeep (?:it|answers|replies) short\b"
)
_LANGUAGE = (
    r"\b(?:in|speak|speaks|using|only|respond in|answer in|reply in)\s+"
    r"(french|spanish|german)\b"
)
_NOT_A_NAME = ("A", "An", "The", "I", "You", "Your", "Not", "Always", "Never", "Very", "Only")


@dataclass(frozen=True)
class Style:
    """What the instructions ask of the reply's voice."""

    persona: str = ""
    role: str = ""
    language: str = ""
    voices: tuple[str, ...] = ()
    concise: bool = False


def detect(instructions: str, question: str = "") -> Style:
    """Read the style from system/developer text; the question may add brevity or ELI5."""
    lowered = instructions.lower()
    voices = tuple(v for v, pattern in _VOICES if re.search(pattern, lowered))
    simple = r"\bin simple terms\b|\bsimply\b|\bfor a beginner\b|\bin plain english\b"
    if "child" not in voices and re.search(f"{_VOICES[2][1]}|{simple}", question.lower()):
        voices = (*voices, "child")
    language = re.search(_LANGUAGE, lowered)
    persona, role = _persona(instructions)
    concise = bool(re.search(_CONCISE, lowered) or re.search(_CONCISE, question.lower()))
    return Style(persona, role, language.group(1) if language else "", voices, concise)


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


LANGUAGE_FALLBACK = {
    "french": "Je ne peux pas encore répondre à cela en français, voici donc ma réponse en "
    "anglais.",
    "spanish": "Todavía no puedo responder a esto en español, así que aquí está mi respuesta "
    "en inglés.",
    "german": "Das kann ich noch nicht auf Deutsch beantworten, daher hier meine Antwort auf "
    "Englisch.",
}


def apply(answer: Answer, style: Style) -> str:
    """Rewrite the draft answer in the requested language, length and voice."""
    if style.language:
        localized = answer.localized.get(style.language)
        if localized:
            return first_sentences(localized) if style.concise else localized
        text = answer.short if style.concise and answer.short else answer.text
        return f"{LANGUAGE_FALLBACK[style.language]} {text}"
    text = answer.text
    if "child" in style.voices and answer.kind != "greeting":
        text = answer.simple or first_sentences(text, 2)
    if style.concise:
        text = answer.short or first_sentences(text)
    for voice in style.voices:
        text = _REWRITERS.get(voice, _same)(text, answer.kind)
    return text


def _same(text: str, kind: str) -> str:
    return text


def _swap(text: str, table: tuple[tuple[str, str], ...]) -> str:
    """Replace whole words, keeping a capital letter where the original had one."""
    for old, new in table:

        def repl(match: re.Match[str], new: str = new) -> str:
            return new[:1].upper() + new[1:] if match.group(0)[:1].isupper() else new

        text = re.sub(rf"(?<![\w']){old}(?![\w'])", repl, text, flags=re.I)
    return text


_PIRATE = (
    ("hello", "ahoy"),
    ("hi", "ahoy"),
    ("hi there", "ahoy"),
    ("my", "me"),
    ("you", "ye"),
    ("your", "yer"),
    ("yours", "yers"),
    ("is", "be"),
    ("are", "be"),
    ("am", "be"),
    ("I'm", "I be"),
    ("you're", "ye be"),
    ("it's", "it be"),
    ("friend", "matey"),
    ("friends", "hearties"),
    ("yes", "aye"),
    ("of", "o'"),
    ("money", "doubloons"),
    ("stop", "avast"),
    ("there's", "there be"),
)
_LOWER_STARTS = (
    "The",
    "It",
    "There",
    "This",
    "That",
    "These",
    "Those",
    "A",
    "An",
    "Here",
    "Yes",
    "No",
    "Sure",
    "Of",
    "In",
    "To",
    "Today",
    "Be",
    "Ye",
    "Yer",
)


def _lead(opener: str, text: str) -> str:
    """Put an interjection in front, lower-casing a common first word ("Arr, the ...")."""
    first = text.split(" ", 1)[0].rstrip(",")
    common = first in _LOWER_STARTS or first.lower() in STOPWORDS and first != "I"
    lowered = text[:1].lower() + text[1:] if common else text
    return f"{opener}, {lowered}"


def _pirate(text: str, kind: str) -> str:
    text = _swap(text, _PIRATE)
    if not text.startswith("Ahoy"):
        text = _lead("Arr", text)
    return text[:-1] + ", matey!" if text.endswith(".") else text


_CONTRACTIONS = (
    ("I'm", "I am"),
    ("can't", "cannot"),
    ("don't", "do not"),
    ("it's", "it is"),
    ("you're", "you are"),
    ("I'd", "I would"),
    ("I'll", "I will"),
    ("that's", "that is"),
    ("here's", "here is"),
    ("there's", "there is"),
    ("won't", "will not"),
    ("isn't", "is not"),
    ("aren't", "are not"),
    ("doesn't", "does not"),
    ("haven't", "have not"),
    ("let's", "let us"),
    ("what's", "what is"),
    ("you'll", "you will"),
    ("we're", "we are"),
    ("they're", "they are"),
    ("I've", "I have"),
    ("couldn't", "could not"),
    ("wouldn't", "would not"),
    ("shouldn't", "should not"),
    ("didn't", "did not"),
)


def _formal(text: str, kind: str) -> str:
    text = text.replace("Hello!", "Good day.").replace("Hi there!", "Good day.")
    text = text.replace("How can I help you today?", "How may I assist you today?")
    text = _swap(text, _CONTRACTIONS)
    return re.sub(r"!(?=\s|$)", ".", text)


def _enthusiastic(text: str, kind: str) -> str:
    if kind == "greeting":
        text = text.replace("Hello!", "Hi there, it's great to see you!", 1)
    elif kind in ("fact", "concept", "math", "list", "tool_result"):
        text = f"Great question! {text}"
    return text[:-1] + "!" if text.endswith(".") else text


_BARD = (
    ("hello", "good morrow"),
    ("hi", "good morrow"),
    ("you are", "thou art"),
    ("your", "thy"),
    ("yes", "aye"),
    ("you", "thee"),
    ("it is", "'tis"),
    ("it's", "'tis"),
)


def _shakespeare(text: str, kind: str) -> str:
    text = _swap(text, _BARD)
    return text if text.startswith("Good morrow") else _lead("Verily", text)


_REWRITERS = {
    "pirate": _pirate,
    "formal": _formal,
    "enthusiastic": _enthusiastic,
    "shakespeare": _shakespeare,
}
