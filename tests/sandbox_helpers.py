"""Small helpers for sandbox tests (importable because `tests/` is on pythonpath)."""

from __future__ import annotations

import re

ULID = r"[0-9A-HJKMNP-TV-Z]{26}"
REQUEST_ID = re.compile(rf"^req_{ULID}$")
COMPLETION_ID = re.compile(rf"^chatcmpl-{ULID}$")
RATE_HEADERS = (
    "x-ratelimit-limit-requests",
    "x-ratelimit-remaining-requests",
    "x-ratelimit-reset-requests",
    "x-ratelimit-limit-tokens",
    "x-ratelimit-remaining-tokens",
    "x-ratelimit-reset-tokens",
)


def chat_body(content: str = "Hello!", **extra: object) -> dict[str, object]:
    return {"model": "aurora", "messages": [{"role": "user", "content": content}], **extra}
