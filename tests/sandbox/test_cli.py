"""`metal-sandbox`, the console script, started for real in its own process."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from metal_sandbox.keys import DEFAULT_KEY

SCRIPT = Path(sys.executable).with_name("metal-sandbox")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def running(*args: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [str(SCRIPT), "--port", str(port), "--quiet", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(url + "/models", timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "metal-sandbox did not start"
                time.sleep(0.05)
        yield url, process
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_console_script_is_installed() -> None:
    assert SCRIPT.exists() or shutil.which("metal-sandbox")


def test_serves_the_api_and_prints_its_keys() -> None:
    with running() as (url, process):
        response = httpx.get(url + "/models", headers={"authorization": f"Bearer {DEFAULT_KEY}"})
        assert response.status_code == 200
        assert response.headers["x-ratelimit-limit-requests"] == "5"
    output = process.stdout.read() if process.stdout else ""
    assert f"MeTal sandbox on {url}" in output
    assert DEFAULT_KEY in output


def test_rate_limit_flags_and_deterministic_mode() -> None:
    with running("--rpm", "0", "--deterministic") as (url, _):
        auth = {"authorization": f"Bearer {DEFAULT_KEY}"}
        statuses = {httpx.get(url + "/models", headers=auth).status_code for _ in range(8)}
        assert statuses == {200}
        body = {"model": "aurora", "messages": [{"role": "user", "content": "Hello!"}]}
        created = httpx.post(url + "/chat/completions", json=body, headers=auth).json()["created"]
        assert created == 1_793_491_200  # the frozen clock: 2026-11-01T00:00:00Z


def test_bad_flags_are_refused() -> None:
    result = subprocess.run([str(SCRIPT), "--clock-speed", "0"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "--clock-speed must be positive" in result.stderr
    help_text = subprocess.run([str(SCRIPT), "--help"], capture_output=True, text=True).stdout
    for flag in ("--host", "--port", "--clock-speed", "--deterministic", "--rpm", "--tpm"):
        assert flag in help_text
