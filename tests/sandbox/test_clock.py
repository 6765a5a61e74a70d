"""The virtual clock that generated examples and engine tests run on."""

from __future__ import annotations

import asyncio

from metal_sandbox.clock import FROZEN_EPOCH, VirtualClock


def test_sleepers_wake_in_order_only_as_far_as_the_timeline_runs() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        woke: list[str] = []

        async def background() -> None:  # queued 0.2 s, then running 0.5 s
            await clock.sleep(0.2)
            woke.append("in_progress")
            await clock.sleep(0.5)
            woke.append("completed")

        async def retry() -> None:
            await clock.sleep(5)
            woke.append("retry")

        tasks = [asyncio.create_task(background()), asyncio.create_task(retry())]
        await clock.run(1.5)
        assert woke == ["in_progress", "completed"], "what 1.5 s lets happen, in order"
        assert clock.now() == FROZEN_EPOCH, "the clock it shows stands still"
        await clock.run(3.5)
        assert woke[-1] == "retry"
        clock.reset()
        await asyncio.gather(*tasks)

    asyncio.run(scenario())


def test_reset_cancels_the_sleepers() -> None:
    async def scenario() -> None:
        clock = VirtualClock()
        sleeper = asyncio.create_task(clock.sleep(1))
        await clock.settle()
        clock.reset()
        await asyncio.gather(sleeper, return_exceptions=True)
        assert sleeper.cancelled()
        assert clock.timeline == 0.0

    asyncio.run(scenario())


def test_an_instant_clock_moves_by_each_sleep() -> None:
    async def scenario() -> None:
        clock = VirtualClock(instant=True)
        await clock.sleep(5)
        await clock.sleep(7200)
        assert clock.now() == FROZEN_EPOCH + 7205

    asyncio.run(scenario())
