"""Server-sent events as the API frames them: each event one `data:` line followed by a
blank line, and the stream closed by `data: [DONE]`, as OpenAI's streams are; the
Responses API's typed events also carry an `event:` line, and no `[DONE]`."""

from __future__ import annotations

#: The last event of every stream.
DONE = b"data: [DONE]\n\n"


def event(data: str | bytes) -> bytes:
    """One event carrying `data` (a JSON document, on one line)."""
    payload = data.encode() if isinstance(data, str) else data
    return b"data: " + payload + b"\n\n"


def typed(name: str, data: str | bytes) -> bytes:
    """One event of a typed stream (the Responses API's): `event:` names it, `data:` holds
    its JSON, whose `type` is the same name."""
    payload = data.encode() if isinstance(data, str) else data
    return b"event: " + name.encode() + b"\ndata: " + payload + b"\n\n"
