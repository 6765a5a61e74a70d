"""Recognise clearly harmful requests and word a polite refusal.

Aurora's principles say it declines harmful requests; the sandbox shows that with a short
pattern list. Patterns name the harmful act, not the topic, so "how do I protect my account
from hackers" or "kill a process in Linux" are still answered.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.text import pick

_HARMS: tuple[tuple[str, str, str], ...] = (
    # (pattern, what the request would do, a safe alternative to offer)
    (
        r"\b(?:make|build|create|assemble|construct|manufacture)\b[^.?!]{0,40}\b(?:bomb|explosives?|"
        r"pipe bomb|grenade|napalm|bioweapon|chemical weapon|nerve agent)\b",
        "making weapons or explosives could seriously hurt people",
        "the history of chemistry or how bomb-disposal teams keep people safe",
    ),
    (
        r"\b(?:3d[- ]print(?:ed)?|untraceable|ghost)\s+(?:gun|firearm|weapon)s?\b",
        "making untraceable weapons could seriously hurt people",
        "firearm safety and the law",
    ),
    (
        r"\b(?:write|create|make|build|code|develop)\b[^.?!]{0,40}\b(?:malware|ransomware|"
        r"keylogger|virus|trojan|worm|botnet|spyware|rootkit)\b",
        "creating malware could harm people and systems",
        "how to protect computers against malware",
    ),
    (
        r"\bhack(?:ing)?\s+(?:into\s+)?(?:someone|somebody|my (?:ex|partner|boss|neighbou?r)|"
        r"(?:a|an|her|his|their|my \w+'s) (?:account|phone|email|wifi|computer))|"
        r"\bhack into\b|\bbreak into (?:someone|an?|her|his|their|my \w+'s) "
        r"(?:account|email|phone|wifi|wi-fi|network)",
        "breaking into someone else's account is illegal and harmful",
        "how to secure your own accounts",
    ),
    (
        r"\b(?:steal|crack|phish|dump)\b[^.?!]{0,30}\b(?:passwords?|credentials|credit cards?|"
        r"identit(?:y|ies))\b|\bphishing (?:email|page|site|kit)\b",
        "stealing credentials or identities harms real people",
        "how to recognise and report phishing",
    ),
    (
        r"\b(?:make|cook|synthesi[sz]e|produce)\b[^.?!]{0,20}\b(?:meth|methamphetamine|fentanyl|"
        r"heroin|cocaine)\b",
        "making illegal drugs is dangerous and illegal",
        "where to find support for substance use",
    ),
    (
        r"\b(?:poison|kill|murder|hurt|stab|shoot)\s+(?:someone|somebody|a person|people|my "
        r"(?:wife|husband|boss|neighbou?r|teacher|friend|brother|sister)|him|her)\b",
        "hurting someone is something I won't help with",
        "resources for resolving conflict or getting help",
    ),
)


_PROTECTIVE = re.compile(
    r"\b(?:protect|defend|prevent|detect|remove|recover|secure|avoid|"
    r"stop|block|guard)\w*\b[^.?!]{0,40}\b(?:against|from)?",
    re.I,
)


def harm(text: str) -> tuple[str, str] | None:
    """(reason, alternative) when `text` asks for something clearly harmful, else None.

    A question about protecting oneself ("how do I protect my computer from ransomware")
    is not a request to cause harm, whatever words it shares with one."""
    if _PROTECTIVE.search(text):
        return None
    for pattern, reason, alternative in _HARMS:
        if re.search(pattern, text, re.I):
            return reason, alternative
    return None


def refusal(text: str, variant: int = 0) -> str | None:
    """The refusal sentence for a harmful request, or None when the request is fine."""
    found = harm(text)
    if not found:
        return None
    reason, alternative = found
    opener = pick(
        (
            "I can't help with that",
            "I'm sorry, but I can't help with that",
            "I won't be able to help with that",
        ),
        variant,
    )
    return (
        f"{opener}, because {reason}. If it's useful, I'm happy to talk about "
        f"{alternative} instead."
    )
