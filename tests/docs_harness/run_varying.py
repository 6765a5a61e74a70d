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
)


def mask(text: str) -> str:
    """`text` with every run-varying value replaced by its placeholder."""
    for _, pattern, placeholder in RUN_VARYING:
        text = pattern.sub(placeholder, text)
    return text
