"""Published API versions, newest last. Responses carry `metal-version`; requests may pin one."""

from __future__ import annotations

VERSIONS: dict[str, str] = {
    "2026-06-01": "First public version: chat completions and models, with aurora, "
    "valley-fast-1 and valley-pro-1.",
    "2026-11-01": "Streaming, tools, structured output, embeddings (aurora-embed-1), stored "
    "and background completions, idempotency keys and webhooks.",
}
CURRENT = "2026-11-01"
