"""Greetings, introductions, "what can you do?", thanks and goodbyes.

The model name matters here and only here: Aurora introduces itself as Aurora, the Valley
models as Valley, and a system prompt that names the assistant ("You are Max, ...") wins.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.text import pick
from metal_sandbox.assistant.tone import Style

_GREETING = re.compile(
    r"^(?:hello|hi|hey|hiya|howdy|greetings|yo|good (?:morning|afternoon|evening|day)|"
    r"bonjour|hola|hallo|salut)\b[\s,!.]*(?:there|everyone|all|again|friend|aurora|valley)?"
    r"[\s,!.]*",
    re.I,
)
_CAPABILITIES = re.compile(
    r"\bwhat (?:can|could) you do\b|\bwhat are you (?:able|good) "
    r"(?:to do|at)\b|\bhow can you help\b|\bwhat do you do\b|"
    r"\byour capabilities\b|\bwhat can i ask\b",
    re.I,
)
_IDENTITY = re.compile(
    r"\bwho are you\b|\bwhat are you\b|\bwhat(?:'s| is) your name\b|"
    r"\bwhich model\b|\bwhat model\b|\bintroduce yourself\b|"
    r"\btell me about yourself\b",
    re.I,
)
_HOW_ARE_YOU = re.compile(
    r"\bhow are you\b|\bhow's it going\b|\bhow are things\b|"
    r"^(?:what's up|whats up|sup)\b",
    re.I,
)
_OTHER_MODEL = re.compile(
    r"\bare you (chatgpt|gpt(?:-\d\w*)?|openai|claude|gemini|llama|siri|"
    r"alexa|copilot)\b",
    re.I,
)
_ARE_YOU_AI = re.compile(
    r"\bare you (?:an? )?(?:ai|bot|robot|machine|language model|human|"
    r"real person|person)\b",
    re.I,
)
_BROWSE = re.compile(
    r"\bcan you (?:browse|search|access|open|visit|read|see)\b.*\b(?:internet|"
    r"web|urls?|links?|websites?|pages?|online)\b",
    re.I,
)
_MODELS = re.compile(
    r"\b(?:what|which) models\b|\bmodels (?:do you|are) (?:support|offer|"
    r"available|there)|\blist (?:the |your )?models\b",
    re.I,
)
_THANKS = re.compile(r"^(?:thanks|thank you|thx|cheers|great,? thanks|perfect,? thanks)\b", re.I)
_BYE = re.compile(r"^(?:bye|goodbye|see you|see ya|good night|farewell)\b", re.I)

_MODEL_BLURB = {
    "aurora": "MeTal's flagship model. I'm built on written principles: I try to be genuinely "
    "helpful, I say so when I'm not sure, and I decline requests that could cause harm",
    "valley-fast-1": "MeTal's fast model for real-time chat",
    "valley-pro-1": "MeTal's model for reasoning and agent workflows",
}


def display_name(model: str, style: Style) -> str:
    """The name the assistant goes by: the system prompt's persona, else the model family."""
    if style.persona:
        return style.persona
    return "Valley" if model.startswith("valley") else "Aurora"


def strip_greeting(text: str) -> str:
    """The message without a leading "Hello, Aurora!", so "Hi! What is 2+2?" is answered."""
    return _GREETING.sub("", text.strip(), count=1).strip()


def is_greeting(text: str) -> bool:
    """Whether the message opens with a greeting word ("Hello", "Hey", "Good morning")."""
    return bool(_GREETING.match(text.strip()))


def smalltalk(
    text: str, *, model: str, style: Style, user_name: str, variant: int
) -> Answer | None:
    """An answer when the message is small talk, otherwise None."""
    rest = strip_greeting(text)
    me = display_name(model, style)
    intro = f"I'm {me}, {style.role}." if style.role else f"I'm {me}."
    if _CAPABILITIES.search(text):
        return capabilities(me, style, variant)
    if _IDENTITY.search(text) or _OTHER_MODEL.search(text) or _ARE_YOU_AI.search(text):
        return _who(text, me, model, style)
    if _BROWSE.search(text):
        return Answer(
            "No, I can't browse the internet or open links: I only see the messages "
            "in this conversation. If you give me a search or fetch tool through "
            "function calling, I can use it, or you can paste the text here.",
            kind="unknown",
            short="No, I can't browse the internet.",
        )
    if _MODELS.search(text):
        return Answer(
            "MeTal offers three chat models: aurora, the flagship, built on written "
            "constitutional principles; valley-fast-1, with a 32K context window for "
            "real-time chat; and valley-pro-1, with a 200K context window for "
            "reasoning and agents. GET /v1/models lists them.",
            kind="fact",
            short="aurora, valley-fast-1 and valley-pro-1.",
        )
    if _HOW_ARE_YOU.search(text):
        return Answer(
            "I'm a language model, so I don't have good or bad days, but I'm ready to "
            "help. What can I do for you?",
            kind="greeting",
            short="Ready to help. What can I do for you?",
        )
    if is_greeting(text) and not re.sub(r"[\W_]+", "", rest):
        return greeting(intro, user_name, variant)
    probe = re.fullmatch(r"\s*(ping|test|testing|test message)[\s.!?]*", text, re.I)
    if probe:
        return Answer(
            "Pong! I'm here and ready to help."
            if probe.group(1).lower() == "ping"
            else "Your test message came through. How can I help?",
            kind="greeting",
            varied=True,
        )
    if _THANKS.match(text) and len(text.split()) <= 6:
        return Answer(
            pick(
                (
                    "You're welcome! Let me know if there's anything else I can help with.",
                    "Happy to help! Anything else?",
                ),
                variant,
            ),
            kind="greeting",
            varied=True,
        )
    if _BYE.match(text) and len(text.split()) <= 6:
        return Answer("Goodbye! Have a great day.", kind="greeting")
    return None


def greeting(intro: str, user_name: str, variant: int) -> Answer:
    """ "Hello! I'm Aurora. How can I help you today?" with the user's name once it is known."""
    hello = f"Hello, {user_name}!" if user_name else "Hello!"
    hi = f"Hi, {user_name}!" if user_name else "Hi there!"
    text = pick(
        (
            f"{hello} {intro} How can I help you today?",
            f"{hi} {intro} What can I do for you?",
            f"{hello} {intro} What would you like to know?",
        ),
        variant,
    )
    localized = {
        "french": f"Bonjour ! {_translate_intro(intro, 'Je suis')} Comment puis-je vous aider "
        "aujourd'hui ?",
        "spanish": f"¡Hola! {_translate_intro(intro, 'Soy')} ¿En qué puedo ayudarte hoy?",
        "german": f"Hallo! {_translate_intro(intro, 'Ich bin')} Wie kann ich dir heute helfen?",
    }
    short = f"{hello} {intro[:-1]}, how can I help?"
    return Answer(text, kind="greeting", localized=localized, short=short, varied=True)


def _translate_intro(intro: str, verb: str) -> str:
    name = re.match(r"I'm ([^,.]+)", intro)
    return f"{verb} {name.group(1) if name else ''}."


def capabilities(me: str, style: Style, variant: int) -> Answer:
    """A short, true summary of what the model can do in a chat completion."""
    lead = pick(("Hi!", "Hello!", "Good question!"), variant)
    role = f", {style.role}" if style.role else ""
    text = (
        f"{lead} I'm {me}{role}. I can answer questions, explain concepts, write and "
        "summarize text, translate short phrases, do quick math, call the tools you give "
        "me, and reply in JSON that matches a schema. What would you like to do?"
    )
    return Answer(
        text,
        kind="greeting",
        varied=True,
        short=f"I'm {me}: I answer questions, write, translate, do math, call tools "
        "and produce JSON.",
    )


def _who(text: str, me: str, model: str, style: Style) -> Answer:
    """Identity questions, including "Are you ChatGPT?" and "Are you a bot?"."""
    found = identity(me, model, style)
    other = _OTHER_MODEL.search(text)
    if other:
        return Answer(f"No, {found.text}", kind="greeting")
    ai = _ARE_YOU_AI.search(text)
    if ai and re.search(r"human|person", ai.group(0), re.I):
        return Answer(
            f"No, I'm not a person: I'm an AI language model. {found.text}", kind="greeting"
        )
    if ai:
        return Answer(f"Yes, I'm an AI language model. {found.text}", kind="greeting")
    return found


def identity(me: str, model: str, style: Style) -> Answer:
    """Who the assistant is: the persona if the system prompt set one, else the model."""
    if style.persona:
        role = f", {style.role}" if style.role else ""
        return Answer(f"I'm {me}{role}. How can I help you today?", kind="greeting")
    blurb = _MODEL_BLURB.get(model, _MODEL_BLURB["aurora"])
    return Answer(
        f"I'm {me}, {blurb}.",
        kind="greeting",
        short=f"I'm {me}.",
        localized={
            "french": f"Je suis {me}, un modèle de MeTal.",
            "spanish": f"Soy {me}, un modelo de MeTal.",
            "german": f"Ich bin {me}, ein Modell von MeTal.",
        },
    )
