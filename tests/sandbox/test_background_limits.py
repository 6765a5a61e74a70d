"""Background requests are charged against the tokens-per-minute limit when they are
accepted, like foreground ones: a burst of them cannot all pass the check at once."""

from __future__ import annotations

import asyncio
import re

import httpx

from metal_sandbox.config import SandboxConfig
from metal_sandbox.testing import Sandbox

TPM = SandboxConfig().tokens_per_minute  # the free plan's 20,000
BODY = {
    "model": "aurora",
    "messages": [{"role": "user", "content": "What is the capital of France?"}],
    "n": 4,
    "max_tokens": 1000,
    "background": True,
}


async def burst(sandbox: Sandbox, count: int) -> list[httpx.Response]:
    auth = {"authorization": f"Bearer {sandbox.api_key}"}
    async with httpx.AsyncClient(base_url=sandbox.base_url, headers=auth, timeout=30) as http:
        return await asyncio.gather(
            *(http.post("/chat/completions", json=BODY) for _ in range(count))
        )


def test_fifty_concurrent_background_requests_stay_within_the_tpm_limit() -> None:
    with Sandbox(SandboxConfig(requests_per_minute=0)) as sandbox:
        responses = asyncio.run(burst(sandbox, 50))
        admitted = [r for r in responses if r.status_code == 200]
        refused = [r for r in responses if r.status_code == 429]
        assert len(admitted) + len(refused) == 50, {r.status_code for r in responses}
        left = min(int(r.headers["x-ratelimit-remaining-tokens"]) for r in admitted)
        estimate = TPM - left
        assert 4000 < estimate // len(admitted) < 4100  # 4 x 1000 + the prompt, each
        assert len(admitted) == TPM // (estimate // len(admitted))  # 4: as many as fit
        for response in refused:
            message = response.json()["error"]["message"]
            used = int(re.search(r"Used (\d+)", message).group(1))
            assert used <= TPM, message
        assert all(r.json()["status"] == "queued" for r in admitted)
