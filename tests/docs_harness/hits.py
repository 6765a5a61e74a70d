"""The record of what each example did: every request the sandbox answered (method, path,
status), filed under the example that was running. The coverage gate reads it to tell
which operations of the contract some example exercised."""

from __future__ import annotations

import threading
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Hit:
    method: str
    path: str
    status: int


@dataclass
class HitLog:
    """Every request the sandbox answered, by the example that was running."""

    current: str | None = None
    hits: dict[str, list[Hit]] = field(default_factory=lambda: defaultdict(list))
    ran: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, owner: str | None, hit: Hit) -> None:
        if owner is not None:
            with self._lock:  # the sandbox answers in its own thread
                self.hits[owner].append(hit)


class RecordHits:
    """ASGI middleware: log method, path and status of every response. It sits in front of
    the sandbox, so curl examples, which run in a subprocess, are recorded too."""

    def __init__(self, app: Any, log: HitLog) -> None:
        self.app = app
        self.log = log

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        owner = self.log.current

        async def recording_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.log.record(owner, Hit(scope["method"], scope["path"], message["status"]))
            await send(message)

        await self.app(scope, receive, recording_send)
