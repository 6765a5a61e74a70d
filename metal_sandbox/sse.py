"""Server-sent events as the API frames them: each event one `data:` line followed by a
blank line, and the stream closed by `data: [DONE]`, as OpenAI's streams are."""

from __future__ import annotations

#: The last event of every stream.
DONE = b"data: [DONE]\n\n"


def event(data: str | bytes) -> bytes:
    """One event carrying `data` (a JSON document, on one line)."""
    payload = data.encode() if isinstance(data, str) else data
    return b"data: " + payload + b"\n\n"
