"""`metal-sandbox`, the console script, started for real in its own process."""

from __future__ import annotations

import contextlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.server import SHUTDOWN_SECONDS

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


def test_a_client_that_starts_on_the_banner_is_never_refused() -> None:
    for _ in range(5):
        port = free_port()
        process = subprocess.Popen(
            [str(SCRIPT), "--port", str(port), "--quiet"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            assert process.stdout is not None
            banner = process.stdout.readline()
            assert banner.startswith(f"MeTal sandbox on http://127.0.0.1:{port}/v1"), banner
            socket.create_connection(("127.0.0.1", port), timeout=1).close()  # at once
        finally:
            process.terminate()
            process.wait(timeout=10)


def test_sigterm_stops_it_within_seconds_even_under_load() -> None:
    with running("--rpm", "0", "--tpm", "0") as (url, process):
        stop = threading.Event()
        auth = {"authorization": f"Bearer {DEFAULT_KEY}"}
        long_stream = {
            "model": "aurora",
            "messages": [{"role": "user", "content": "Write a long essay about Paris."}],
            "n": 64,
            "stream": True,
        }

        def load(body: dict[str, object]) -> None:
            with httpx.Client(headers=auth, timeout=30) as http:
                while not stop.is_set():
                    with contextlib.suppress(httpx.TransportError):
                        http.post(url + "/chat/completions", json=body)

        short = {"model": "aurora", "messages": [{"role": "user", "content": "Hello!"}]}
        workers = [threading.Thread(target=load, args=(b,)) for b in [long_stream, short] * 4]
        for worker in workers:
            worker.start()
        try:
            time.sleep(1.0)  # the load is on
            started = time.monotonic()
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=15)
            stopped_in = time.monotonic() - started
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=30)
    assert stopped_in < SHUTDOWN_SECONDS + 3, f"took {stopped_in:.1f} s to stop"
    output = process.stdout.read() if process.stdout else ""
    assert "Traceback" not in output, output[-2000:]
