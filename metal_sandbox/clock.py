"""The sandbox's clock: real time, sped-up time, time that stands still, or virtual time.

Every time-dependent behaviour (rate-limit windows, expiry of stored state, webhook
retries, `created` timestamps) reads this clock, never `time.time()`, and waits with its
`sleep()`, never `asyncio.sleep()`, so that tests can make a one-minute window pass in a
fraction of a second and docs examples can print the same timestamps on every run.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import time

#: Where a frozen clock starts: 2026-11-01T00:00:00Z, the current API version's date.
FROZEN_EPOCH = 1_793_491_200.0
#: How many turns of the event loop `VirtualClock.settle()` gives the sandbox's tasks.
SETTLE_TURNS = 50


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


class VirtualClock(Clock):
    """A frozen clock on which waiting costs no real time, for tests and generated examples.

    Two ways to wait, chosen with `instant`:

    - `instant=False`: a `sleep()` waits on a timeline of its own, which moves only when
      `run(seconds)` is awaited. What `seconds` of waiting lets happen on the live sandbox
      (background work, the first delivery attempt) happens at once, in order, and what
      would come later does not happen at all. `now()` stays frozen, as on the docs'
      deterministic sandbox, whose waits take real time while its clock stands still.
    - `instant=True`: every `sleep()` returns at once and moves `now()` forward by its
      length, so a retry schedule of hours runs to its end in a moment and the
      timestamps it records are those of the schedule.
    """

    def __init__(self, *, instant: bool = False) -> None:
        self.instant = instant
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()
        self.timeline = 0.0
        super().__init__(frozen=True)

    def reset(self) -> None:
        """Rewind, and cancel every sleeper: they belong to work that `reset` forgets."""
        super().reset()
        for _, _, future in self._sleepers:
            future.cancel()
        self._sleepers.clear()
        self.timeline = 0.0

    async def sleep(self, sandbox_seconds: float) -> None:
        if self.instant:
            self.advance(max(0.0, sandbox_seconds))
            await asyncio.sleep(0)
            return
        future = asyncio.get_running_loop().create_future()
        wake = (self.timeline + max(0.0, sandbox_seconds), next(self._order), future)
        heapq.heappush(self._sleepers, wake)
        await future

    async def run(self, seconds: float) -> None:
        """Let `seconds` pass on the timeline, waking each sleeper in turn and letting it
        run until it waits again before the next one wakes."""
        target = self.timeline + seconds
        await self.settle()
        while self._sleepers and self._sleepers[0][0] <= target:
            when, _, future = heapq.heappop(self._sleepers)
            self.timeline = max(self.timeline, when)
            if not future.done():
                future.set_result(None)
            await self.settle()
        self.timeline = target

    @staticmethod
    async def settle() -> None:
        """Let every task run until it waits: all the sandbox's I/O in an example is in
        memory, so a few turns of the event loop are enough."""
        for _ in range(SETTLE_TURNS):
            await asyncio.sleep(0)
