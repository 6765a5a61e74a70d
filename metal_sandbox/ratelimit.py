"""Per-account rate limits: requests and tokens per minute, sliding windows.

Each account keeps a log of (time, amount) entries for the last window; everything is
read from the sandbox clock so tests can shrink or skip a minute.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

from metal_sandbox.errors import APIError


def duration(seconds: float) -> str:
    """OpenAI's reset format: `250ms`, `12s`, `1m0s` (a window is one minute, so never more
    unless a test widens it)."""
    if seconds <= 0:
        return "0s"
    if seconds < 1:
        return f"{math.ceil(seconds * 1000)}ms"
    minutes, secs = divmod(math.ceil(seconds), 60)
    return f"{minutes}m{secs}s" if minutes else f"{secs}s"


@dataclass
class Window:
    """A sliding window over one resource (requests or tokens) of one account."""

    limit: int
    seconds: float
    log: deque[tuple[float, int]] = field(default_factory=deque)
    used: int = 0

    def expire(self, now: float) -> None:
        while self.log and self.log[0][0] <= now - self.seconds:
            self.used -= self.log.popleft()[1]

    def remaining(self) -> int:
        return max(0, self.limit - self.used)

    def retry_after(self, now: float, amount: int) -> float:
        """Seconds until `amount` fits in the window again."""
        freed, needed = 0, self.used + amount - self.limit
        for at, taken in self.log:
            freed += taken
            if freed >= needed:
                return at + self.seconds - now
        return self.seconds

    def reset_in(self, now: float) -> float:
        return self.log[-1][0] + self.seconds - now if self.log else 0.0

    def add(self, now: float, amount: int) -> None:
        if amount:
            self.log.append((now, amount))
            self.used += amount


@dataclass
class Account:
    requests: Window
    tokens: Window


class RateLimiter:
    """Admits or refuses work for an account; `limit=0` turns a resource's limit off."""

    def __init__(
        self, *, rpm: int, tpm: int, window_seconds: float, time_scale: float = 1.0
    ) -> None:
        """`time_scale` is the clock's speed: waits are reported in the client's real
        seconds, so an SDK that sleeps for `retry-after` wakes when the window has moved."""
        self.rpm, self.tpm, self.window_seconds = rpm, tpm, window_seconds
        self.time_scale = time_scale
        self._accounts: dict[str, Account] = {}

    def reset(self) -> None:
        self._accounts.clear()

    def accounts(self) -> int:
        """How many accounts have a log: none while both limits are off."""
        return len(self._accounts)

    def _account(self, name: str, now: float) -> Account:
        account = self._accounts.get(name)
        if account is None:
            account = Account(
                Window(self.rpm, self.window_seconds), Window(self.tpm, self.window_seconds)
            )
            self._accounts[name] = account
        account.requests.expire(now)
        account.tokens.expire(now)
        return account

    def admit_request(self, name: str, now: float) -> None:
        if not self.rpm:
            return  # no limit: nothing to count, and no log to grow with every request
        window = self._account(name, now).requests
        if window.used + 1 > self.rpm:
            wait = window.retry_after(now, 1) / self.time_scale
            raise _limited("requests", "requests per minute (RPM)", window, 1, wait)
        window.add(now, 1)

    def admit_tokens(self, name: str, now: float, estimate: int) -> None:
        if not self.tpm:
            return
        window = self._account(name, now).tokens
        if estimate > self.tpm:
            raise _too_large(self.tpm, estimate, self.window_seconds / self.time_scale)
        if window.used + estimate > self.tpm:
            wait = window.retry_after(now, estimate) / self.time_scale
            raise _limited("tokens", "tokens per minute (TPM)", window, estimate, wait)

    def spend_tokens(self, name: str, now: float, tokens: int) -> None:
        if self.tpm:
            self._account(name, now).tokens.add(now, tokens)

    def headers(self, name: str, now: float) -> dict[str, str]:
        """The `x-ratelimit-*` trio of each limit that is on. A limit turned off (`0`) sends
        none: `limit 0, remaining 0` would read as a budget used up, not as no budget."""
        if not (self.rpm or self.tpm):
            return {}
        account = self._account(name, now)
        headers: dict[str, str] = {}
        for kind, limit, window in (
            ("requests", self.rpm, account.requests),
            ("tokens", self.tpm, account.tokens),
        ):
            if limit:
                headers[f"x-ratelimit-limit-{kind}"] = str(limit)
                headers[f"x-ratelimit-remaining-{kind}"] = str(window.remaining())
                headers[f"x-ratelimit-reset-{kind}"] = duration(
                    window.reset_in(now) / self.time_scale
                )
        return headers


def _too_large(limit: int, estimate: int, window: float) -> APIError:
    """A request that can never fit the window. Like every 429 it carries `retry-after`
    (the product promises it on each one: here, a whole window), but waiting cannot help,
    so clients are told not to retry (`x-should-retry: false`, which the OpenAI SDKs obey
    before they read `retry-after`)."""
    seconds = max(1, math.ceil(window))
    return APIError(
        "rate_limit_exceeded",
        f"Request too large for tokens per minute (TPM): Limit {limit}, Requested "
        f"{estimate}. Lower max_tokens or shorten the messages; waiting will not help.",
        type_="tokens",
        headers={
            "retry-after": str(seconds),
            "retry-after-ms": str(seconds * 1000),
            "x-should-retry": "false",
        },
    )


def _limited(kind: str, label: str, window: Window, amount: int, wait: float) -> APIError:
    """A 429 whose `retry-after` (whole seconds) and `retry-after-ms` say when to retry."""
    seconds = max(1, math.ceil(wait))
    return APIError(
        "rate_limit_exceeded",
        f"Rate limit reached for {label}: Limit {window.limit}, Used {window.used}, "
        f"Requested {amount}. Please try again in {seconds}s.",
        type_=kind,
        headers={
            "retry-after": str(seconds),
            "retry-after-ms": str(max(1, math.ceil(wait * 1000))),
        },
    )
