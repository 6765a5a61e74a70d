"""Chat completions the sandbox has worked out before, by the bytes of their request.

"Same request, same reply": a repeated chat request gets the same completion but for its
`id` and `created`. Test suites and docs examples repeat requests all the time, so the
sandbox keeps the JSON of a completion after those two fields and answers a repeat by
writing a fresh head in front of it: no validation, no assistant, no serialisation.

Only plain completions qualify: not streamed, not in the background, without tool calls
(their call ids are new each time) and without a simulated failure. The cache is bounded
in entries and in the size of what it keeps, so it cannot grow a long run's memory.
"""

from __future__ import annotations

from dataclasses import dataclass

from cachetools import LRUCache

from metal_sandbox.schemas.chat import ChatCompletion

MAX_ENTRIES = 512
MAX_REQUEST_BYTES = 8 * 1024
MAX_RESPONSE_BYTES = 16 * 1024


@dataclass(frozen=True)
class Repeat:
    """What answering a repeat needs: the response after its head, and the token counts
    the rate limiter charges for it."""

    tail: bytes
    token_estimate: int
    total_tokens: int
    store: bool
    model: str = ""
    metadata: dict[str, str] | None = None


def head(completion_id: str, created: int) -> bytes:
    """The start of a completion's JSON up to `created`, as `json_body` writes it."""
    return (
        f'{{\n  "id": "{completion_id}",\n  "object": "chat.completion",\n  "created": {created},\n'
    ).encode()


class Repeats:
    def __init__(self, maxsize: int = MAX_ENTRIES) -> None:
        self._entries: LRUCache[bytes, Repeat] = LRUCache(maxsize=maxsize)

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, request_body: bytes) -> Repeat | None:
        return self._entries.get(request_body)

    def remember(
        self,
        request_body: bytes,
        completion: ChatCompletion,
        response_body: bytes,
        *,
        token_estimate: int,
        store: bool,
    ) -> None:
        """Keep a plain completion's response for its request, if it qualifies."""
        if len(request_body) > MAX_REQUEST_BYTES or len(response_body) > MAX_RESPONSE_BYTES:
            return
        if completion.status is not None or any(c.message.tool_calls for c in completion.choices):
            return
        start = head(completion.id, completion.created)
        if not response_body.startswith(start):
            return  # the serialisation changed shape: answer every request in full
        self._entries[request_body] = Repeat(
            response_body[len(start) :],
            token_estimate,
            completion.usage.total_tokens if completion.usage else 0,
            store,
            completion.model,
            completion.metadata,
        )

    def clear(self) -> None:
        self._entries.clear()
