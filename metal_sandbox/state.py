"""Bounded, expiring stores: stored completions and idempotency records.

Both are `cachetools.TTLCache`s on the sandbox clock, so entries expire when the API says
they do and a long run cannot grow memory past `maxsize` entries per store.
"""

from __future__ import annotations

import asyncio
import hashlib
from dataclasses import dataclass, field

from cachetools import TTLCache

from metal_sandbox.clock import Clock


def fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


@dataclass
class Recorded:
    """A response as it was first sent, to replay byte for byte."""

    status: int
    headers: dict[str, str]
    body: bytes
    media_type: str


@dataclass
class IdempotencyRecord:
    fingerprint: str
    done: asyncio.Event = field(default_factory=asyncio.Event)
    response: Recorded | None = None


class Stores:
    def __init__(
        self,
        clock: Clock,
        *,
        idempotency_ttl: float,
        idempotency_max: int,
        completions_ttl: float,
        completions_max: int,
    ) -> None:
        self.idempotency: TTLCache[tuple[str, str], IdempotencyRecord] = TTLCache(
            maxsize=idempotency_max, ttl=idempotency_ttl, timer=clock.now
        )
        # Stored completions as the JSON their retrieval sends: a tenth of the memory of
        # the models they were made from.
        self.completions: TTLCache[tuple[str, str], bytes] = TTLCache(
            maxsize=completions_max, ttl=completions_ttl, timer=clock.now
        )

    def reset(self) -> None:
        self.idempotency.clear()
        self.completions.clear()
