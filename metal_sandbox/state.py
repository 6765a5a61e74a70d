"""Bounded, expiring stores: stored completions, stored responses and idempotency records.

Each store keeps an entry for a fixed time on the sandbox clock, and holds at most a
number of entries and a number of bytes: an idempotency record keeps its whole response
(a stream of `n=128` choices is about 11 MB), so a count alone would let a few thousand
large responses take gigabytes. When either bound is reached the oldest entries go first.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from metal_sandbox.clock import Clock

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

#: What an entry costs beyond its payload (key, bookkeeping, object headers), in bytes.
ENTRY_OVERHEAD_BYTES = 512


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


@dataclass
class Recorded:
    """A response as it was first sent, to replay byte for byte."""

    status: int
    headers: dict[str, str]
    body: bytes
    media_type: str

    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers.items())


@dataclass
class IdempotencyRecord:
    fingerprint: str
    done: asyncio.Event = field(default_factory=asyncio.Event)
    response: Recorded | None = None

    def size(self) -> int:
        """Bytes held: the response once there is one. Store the record again after
        setting its response, so the store accounts for it."""
        return self.response.size() if self.response is not None else 0


@dataclass(frozen=True)
class Stored:
    """A stored response of the Responses API: the JSON its retrieval sends, its input
    items (JSON, oldest first), and the chat messages of its conversation through its
    output (JSON, or None until a background response finishes)."""

    body: bytes
    items: bytes
    conversation: bytes | None

    def size(self) -> int:
        return len(self.body) + len(self.items) + len(self.conversation or b"")


@dataclass
class _Entry(Generic[V]):
    value: V
    expires: float
    size: int


class BoundedStore(MutableMapping[K, V]):
    """A mapping whose entries expire `ttl` seconds after they were stored, with at most
    `max_items` entries and `max_bytes` bytes (as `sizeof` counts them, plus
    `ENTRY_OVERHEAD_BYTES` each). Storing a key again renews it. An entry larger than
    `max_bytes` on its own is not kept.

    All entries live equally long, so insertion order is expiry order: expired entries
    and evicted ones both leave from the front, in O(1) each."""

    def __init__(
        self,
        *,
        ttl: float,
        max_items: int,
        max_bytes: int,
        timer: Callable[[], float],
        sizeof: Callable[[V], int],
    ) -> None:
        self.ttl, self.max_items, self.max_bytes = ttl, max_items, max_bytes
        self._timer, self._sizeof = timer, sizeof
        self._entries: OrderedDict[K, _Entry[V]] = OrderedDict()
        self.nbytes = 0
        """The bytes the store accounts for now."""

    def __setitem__(self, key: K, value: V) -> None:
        self._discard(key)
        size = self._sizeof(value) + ENTRY_OVERHEAD_BYTES
        if size > self.max_bytes:
            return
        self._entries[key] = _Entry(value, self._timer() + self.ttl, size)
        self.nbytes += size
        while len(self._entries) > self.max_items or self.nbytes > self.max_bytes:
            self._discard(next(iter(self._entries)))

    def __getitem__(self, key: K) -> V:
        self._expire()
        return self._entries[key].value

    def fresh(self, key: K, now: float | None = None) -> V | None:
        """The entry's value if it is there and not expired at `now` (default: the
        timer's), without sweeping the others: for walks that look up many keys in a row."""
        entry = self._entries.get(key)
        if entry is None or entry.expires <= (self._timer() if now is None else now):
            return None
        return entry.value

    def now(self) -> float:
        return self._timer()

    def __delitem__(self, key: K) -> None:
        self._expire()
        if key not in self._entries:
            raise KeyError(key)
        self._discard(key)

    def __iter__(self) -> Iterator[K]:
        self._expire()
        return iter(list(self._entries))

    def __len__(self) -> int:
        self._expire()
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()
        self.nbytes = 0

    def _expire(self) -> None:
        now = self._timer()
        while self._entries:
            key, entry = next(iter(self._entries.items()))
            if entry.expires > now:
                return
            self._discard(key)

    def _discard(self, key: K) -> None:
        entry = self._entries.pop(key, None)
        if entry is not None:
            self.nbytes -= entry.size


class Stores:
    def __init__(
        self,
        clock: Clock,
        *,
        idempotency_ttl: float,
        idempotency_max: int,
        idempotency_max_bytes: int,
        completions_ttl: float,
        completions_max: int,
        completions_max_bytes: int,
    ) -> None:
        self.idempotency: BoundedStore[tuple[str, str], IdempotencyRecord] = BoundedStore(
            ttl=idempotency_ttl,
            max_items=idempotency_max,
            max_bytes=idempotency_max_bytes,
            timer=clock.now,
            sizeof=IdempotencyRecord.size,
        )
        # Stored completions as the JSON their retrieval sends: a tenth of the memory of
        # the models they were made from. (Imported here: `stored` reads the pipeline's
        # serialisation, and the pipeline reads this module.)
        from metal_sandbox.stored import StoredCompletion, StoredCompletions

        self.completions = StoredCompletions(
            BoundedStore(
                ttl=completions_ttl,
                max_items=completions_max,
                max_bytes=completions_max_bytes,
                timer=clock.now,
                sizeof=StoredCompletion.size,
            )
        )

        # Stored responses of the Responses API, with their input items and conversation.
        self.responses: BoundedStore[tuple[str, str], Stored] = BoundedStore(
            ttl=completions_ttl,
            max_items=completions_max,
            max_bytes=completions_max_bytes,
            timer=clock.now,
            sizeof=Stored.size,
        )

    def reset(self) -> None:
        self.idempotency.clear()
        self.completions.clear()
        self.responses.clear()
