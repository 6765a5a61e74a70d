"""The state of one running sandbox: its clock, ids, rate limits and stores."""

from __future__ import annotations

import asyncio

import httpx

from metal_sandbox.clock import Clock
from metal_sandbox.config import SandboxConfig
from metal_sandbox.ids import IdFactory
from metal_sandbox.ratelimit import RateLimiter
from metal_sandbox.state import Stores
from metal_sandbox.webhooks.engine import WebhookEngine


class Runtime:
    def __init__(
        self,
        config: SandboxConfig,
        *,
        clock: Clock | None = None,
        webhook_client: httpx.AsyncClient | None = None,
    ) -> None:
        """`clock` replaces the one `config` describes (a `VirtualClock` runs examples
        without real waits); `webhook_client` sends the webhook deliveries (one with a
        mock transport needs no receiver). Both default to what a live sandbox uses."""
        self.config = config
        self.clock = clock or Clock(speed=config.clock_speed, frozen=config.deterministic)
        self.ids = IdFactory(self.clock, deterministic=config.deterministic)
        self.limiter = RateLimiter(
            rpm=config.requests_per_minute,
            tpm=config.tokens_per_minute,
            window_seconds=config.rate_window_seconds,
            time_scale=self.clock.speed,
        )
        self.stores = Stores(
            self.clock,
            idempotency_ttl=config.idempotency_ttl_seconds,
            idempotency_max=config.idempotency_max_keys,
            idempotency_max_bytes=config.idempotency_max_bytes,
            completions_ttl=config.stored_ttl_seconds,
            completions_max=config.stored_max_completions,
            completions_max_bytes=config.stored_max_bytes,
        )
        self.webhooks = WebhookEngine(
            self.clock,
            self.ids,
            deterministic=config.deterministic,
            timeout_seconds=config.webhook_timeout_seconds,
            client=webhook_client,
        )
        self.background_tasks: set[asyncio.Task[None]] = set()

    def reset(self) -> None:
        """Forget all state and rewind the clock and ids, as if freshly started."""
        for task in list(self.background_tasks):
            task.get_loop().call_soon_threadsafe(task.cancel)
        self.background_tasks.clear()
        self.webhooks.reset()
        self.clock.reset()
        self.ids.reset()
        self.limiter.reset()
        self.stores.reset()
