"""The sandbox's clock: real time, sped-up time, or time that stands still.

Every time-dependent behaviour (rate-limit windows, expiry of stored state, webhook
retries, `created` timestamps) reads this clock, never `time.time()`, so that tests can
make a one-minute window pass in a fraction of a second and docs examples can print
the same timestamps on every run.
"""

from __future__ import annotations

import asyncio
import time

#: Where a frozen clock starts: 2026-11-01T00:00:00Z, the current API version's date.
FROZEN_EPOCH = 1_793_491_200.0


class Clock:
    """Seconds since the Unix epoch, as the sandbox sees them.

    `speed` multiplies how fast sandbox time passes relative to real time. A frozen clock
    only moves when `advance()` is called, which keeps printed output reproducible.
    """

    def __init__(self, *, speed: float = 1.0, frozen: bool = False) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed
        self.frozen = frozen
        self.reset()

    def reset(self) -> None:
        self._origin_real = time.monotonic()
        self._origin = FROZEN_EPOCH if self.frozen else time.time()
        self._offset = 0.0

    def now(self) -> float:
        if self.frozen:
            return self._origin + self._offset
        elapsed = (time.monotonic() - self._origin_real) * self.speed
        return self._origin + elapsed + self._offset

    def advance(self, seconds: float) -> None:
        """Move the clock forward, for tests that need a window to pass at once."""
        self._offset += seconds

    def real_seconds(self, sandbox_seconds: float) -> float:
        """How long a wait of `sandbox_seconds` takes in real time."""
        return sandbox_seconds / self.speed

    async def sleep(self, sandbox_seconds: float) -> None:
        await asyncio.sleep(max(0.0, self.real_seconds(sandbox_seconds)))
