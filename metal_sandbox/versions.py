"""Published API versions, newest last. Responses carry `metal-version`; requests may pin one."""

from __future__ import annotations

VERSIONS: dict[str, str] = {
    "2026-06-01": "First public version: chat completions and models, with Aurora.",
    "2026-11-01": "Streaming, tools, structured output, embeddings, stored and background "
    "completions, idempotency keys and webhooks; valley models.",
}
CURRENT = "2026-11-01"
