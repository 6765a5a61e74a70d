"""The values of an example's output that differ from run to run on a reader's sandbox, in
one place. Pages show what the deterministic sandbox prints; a reader's `metal-sandbox`
runs on the real clock with fresh ids, so the reader's run compares outputs with these
values masked, on both sides, and nothing else.
"""

from __future__ import annotations

import re

#: (what it is, the pattern, what it is shown as). Anything not listed must match exactly.
RUN_VARYING: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "ids: a prefix and a 26-character ULID (chatcmpl-, req_, we_, whdel_, evt_, resp_…)",
        re.compile(r"\b([a-z]+[-_])[0-9A-HJKMNP-TV-Z]{26}\b"),
        r"\1<ulid>",
    ),
    (
        "tool call ids: call_ and 24 letters and digits, random in the sandbox as in OpenAI",
        re.compile(r"\bcall_[A-Za-z0-9]{24}\b"),
        "call_<id>",
    ),
    (
        "Unix timestamps in seconds (created, created_at, updated_at, attempted_at…)",
        re.compile(r"\b1[7-9]\d{8}\b"),
        "<unix-time>",
    ),
    (
        "webhook signing secrets, shown once at creation and rotation",
        re.compile(r"\bwhsec_[A-Za-z0-9+/]{40,}={0,2}"),
        "whsec_<secret>",
    ),
    (
        "the hint of a signing secret: its last four characters",
        re.compile(r"\bwhsec_\.\.\.[A-Za-z0-9+/=]{4}"),
        "whsec_...<hint>",
    ),
    (
        "what is left of the minute: the requests of the last minute spend it",
        re.compile(r"\b(x-ratelimit-remaining-(?:requests|tokens): )\d+"),
        r"\1<left>",
    ),
    (
        "how long until the minute is whole again: from the last request's arrival",
        re.compile(r"\b(x-ratelimit-reset-(?:requests|tokens): )\d+(?:m\d+)?m?s\b"),
        r"\1<duration>",
    ),
    (
        "the wait a 429 asks for: until a place in the window frees, by the sandbox's clock",
        re.compile(r"\b(retry-after(?:-ms)?: )\d+\b"),
        r"\1<wait>",
    ),
    (
        "the same wait in a 429's message",
        re.compile(r"\b(Please try again in )\d+s\."),
        r"\1<wait>s.",
    ),
    (
        "the tokens a refused request finds used: every request of the last minute counts",
        re.compile(r"(tokens per minute \(TPM\): Limit \d+, Used )\d+,"),
        r"\1<used>,",
    ),
)


def mask(text: str) -> str:
    """`text` with every run-varying value replaced by its placeholder."""
    for _, pattern, placeholder in RUN_VARYING:
        text = pattern.sub(placeholder, text)
    return text
