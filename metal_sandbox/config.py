"""Everything about the sandbox that a test or a reader may want to change."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SandboxConfig:
    """Settings of one sandbox. The defaults are production's free plan.

    `deterministic` freezes the clock at 2026-11-01T00:00:00Z and seeds every id, so the
    same requests print the same output on every run: the docs run in this mode.
    `clock_speed` makes sandbox time pass faster than real time (60 turns a rate-limit
    minute into a second). A limit of 0 turns that limit off. `webhook_timeout_seconds`
    is how long a receiver may take to answer, in sandbox seconds.

    Idempotency records (each with its whole response) and stored completions are each
    bounded by a count and by bytes (`idempotency_max_bytes`, `stored_max_bytes`: 32 MiB
    each); when either bound is reached the oldest entries are dropped first, and a
    response larger than the byte bound alone is not kept.
    """

    deterministic: bool = False
    clock_speed: float = 1.0
    requests_per_minute: int = 5
    tokens_per_minute: int = 20_000
    rate_window_seconds: float = 60.0
    max_body_bytes: int = 1 << 20
    idempotency_ttl_seconds: float = 24 * 3600
    idempotency_max_keys: int = 10_000
    idempotency_max_bytes: int = 32 << 20
    stored_ttl_seconds: float = 30 * 24 * 3600
    stored_max_completions: int = 10_000
    stored_max_bytes: int = 32 << 20
    webhook_timeout_seconds: float = 10.0
