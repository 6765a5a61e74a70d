"""Idempotency records and stored completions are bounded by bytes as well as by count,
and the oldest entries go first."""

from __future__ import annotations

import gc
from pathlib import Path

import httpx

from metal_sandbox.clock import Clock
from metal_sandbox.config import SandboxConfig
from metal_sandbox.state import ENTRY_OVERHEAD_BYTES, BoundedStore
from metal_sandbox.testing import Sandbox

KIB = 1024


def store(clock: Clock, *, max_items: int = 100, max_bytes: int = 100 * KIB) -> BoundedStore:
    return BoundedStore(
        ttl=60, max_items=max_items, max_bytes=max_bytes, timer=clock.now, sizeof=len
    )


def test_the_oldest_entries_go_first_when_the_bytes_run_out() -> None:
    kept = store(Clock(frozen=True), max_bytes=10 * (KIB + ENTRY_OVERHEAD_BYTES))
    for i in range(25):
        kept[i] = b"x" * KIB
        assert kept.nbytes <= kept.max_bytes
    assert list(kept) == list(range(15, 25))
    assert kept.nbytes == 10 * (KIB + ENTRY_OVERHEAD_BYTES)
    del kept[20]
    kept[99] = b"y" * (3 * KIB)  # room for it: the two oldest go
    assert list(kept) == [17, 18, 19, 21, 22, 23, 24, 99]


def test_the_count_bound_holds_too_and_storing_again_renews() -> None:
    kept = store(Clock(frozen=True), max_items=3)
    for key in "abc":
        kept[key] = b"."
    kept["a"] = b"!"  # renewed: now the newest
    kept["d"] = b"."
    assert list(kept) == ["c", "a", "d"]
    assert kept.nbytes == 3 * (1 + ENTRY_OVERHEAD_BYTES)


def test_entries_expire_and_one_too_large_is_not_kept() -> None:
    clock = Clock(frozen=True)
    kept = store(clock, max_bytes=10 * KIB)
    kept["old"] = b"1"
    clock.advance(30)
    kept["new"] = b"2"
    kept["huge"] = b"x" * (10 * KIB)
    assert "huge" not in kept and list(kept) == ["old", "new"]
    clock.advance(31)
    assert kept.get("old") is None and kept["new"] == b"2"
    assert kept.nbytes == 1 + ENTRY_OVERHEAD_BYTES
    kept.clear()
    assert (len(kept), kept.nbytes) == (0, 0)


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def test_large_streams_with_fresh_keys_stay_under_the_byte_bound() -> None:
    """Ten streams of 128 choices (about 11 MB each) with fresh Idempotency-Keys and
    `store: true`: without a byte bound they kept about 110 MB,
    and RSS grew by more than that."""
    config = SandboxConfig(requests_per_minute=0, tokens_per_minute=0)
    body = {
        "model": "aurora",
        "messages": [{"role": "user", "content": "Write a long essay about the history of Paris."}],
        "n": 128,
        "stream": True,
        "store": True,
    }
    auth = {"authorization": f"Bearer {Sandbox().api_key}"}
    with Sandbox(config) as sandbox, httpx.Client(base_url=sandbox.base_url, headers=auth) as http:
        stores = sandbox.runtime.stores
        gc.collect()
        before, sizes = rss_mb(), []
        for i in range(10):
            response = http.post(
                "/chat/completions", json=body, headers={"idempotency-key": f"k{i}"}, timeout=60
            )
            assert response.status_code == 200
            sizes.append(len(response.content))
            del response
            assert stores.idempotency.nbytes <= config.idempotency_max_bytes
            assert stores.completions.nbytes <= config.stored_max_bytes
        gc.collect()
        grown = rss_mb() - before
        assert min(sizes) > 8_000_000, "each response is large"
        assert 2 <= len(stores.idempotency) < 10, "the oldest records were dropped for bytes"
        assert stores.idempotency.nbytes > config.idempotency_max_bytes - max(sizes) - 4096
        replay = http.post("/chat/completions", json=body, headers={"idempotency-key": "k9"})
        assert replay.headers["idempotent-replayed"] == "true", "the newest record is kept"
        bound_mb = (config.idempotency_max_bytes + config.stored_max_bytes) / 2**20
    assert grown < bound_mb + 30, f"RSS grew {grown:.0f} MB, stores bounded at {bound_mb:.0f} MB"
