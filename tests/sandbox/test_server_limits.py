"""The limits a production server has, on a real sandbox server: a 500 that leaves the
connection usable, header size, header and idle timeouts, quiet client disconnects, and
`Sandbox` returning only once its port accepts connections."""

from __future__ import annotations

import contextlib
import json
import logging
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from metal_sandbox import server
from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import spec
from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.pipeline import Call, Outcome, endpoint
from metal_sandbox.testing import Sandbox

from sandbox_helpers import REQUEST_ID

UNLIMITED = SandboxConfig(requests_per_minute=0, tokens_per_minute=0)


class Records(logging.Handler):
    """Every record of the server's loggers (uvicorn's do not reach the root logger)."""

    LOGGERS = ("uvicorn.error", "metal_sandbox")

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def at(self, level: int) -> list[logging.LogRecord]:
        return [r for r in self.records if r.levelno >= level]


@pytest.fixture
def server_log() -> Iterator[Records]:
    handler = Records()
    loggers = [logging.getLogger(name) for name in Records.LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
    logging.getLogger("metal_sandbox").setLevel(logging.DEBUG)
    yield handler
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


async def _crash(call: Call) -> Outcome:
    raise RuntimeError("boom: a bug in a handler")


@pytest.fixture
def crashing() -> Iterator[Sandbox]:
    """A sandbox with one extra operation, which fails with a bug on every call: the
    product has no such endpoint, so the test app gets one."""
    sandbox = Sandbox(UNLIMITED)
    crash = Route("/v1/crash", endpoint(_crash, writes=True), methods=["POST"])
    sandbox.app.router.routes.append(crash)
    with sandbox:
        yield sandbox


def request(path: str, body: bytes = b"", method: str = "POST") -> bytes:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: sandbox\r\nAuthorization: Bearer {DEFAULT_KEY}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """One response with a Content-Length, read off a raw connection."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        assert chunk, f"the server closed the connection; got {data!r}"
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines)}
    while len(body) < int(headers["content-length"]):
        chunk = sock.recv(65536)
        assert chunk, "the server closed the connection mid-body"
        body += chunk
    return int(status_line.split()[1]), headers, body


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes `sock` within `seconds`, anything it sent discarded."""
    sock.settimeout(seconds)
    try:
        while sock.recv(65536):
            pass
    except TimeoutError:
        return False
    except ConnectionResetError:
        pass
    return True


def test_after_a_500_the_keep_alive_connection_serves_the_next_request(
    crashing: Sandbox, server_log: Records
) -> None:
    with socket.create_connection((crashing.host, crashing.port), timeout=10) as sock:
        sock.sendall(request("/v1/crash", b"{}"))
        status, headers, body = read_response(sock)
        assert status == 500
        error = json.loads(body)["error"]
        assert error["code"] == "server_error"
        assert error["message"] == spec("server_error").example
        assert "boom" not in body.decode()
        assert headers.get("connection", "keep-alive") != "close"
        request_id = headers["x-request-id"]
        assert REQUEST_ID.match(request_id)
        sock.sendall(request("/v1/models", method="GET"))  # the same connection
        status, _, body = read_response(sock)
        assert status == 200, body
    errors = server_log.at(logging.ERROR)
    assert len(errors) == 1, [r.getMessage() for r in errors]
    assert request_id in errors[0].getMessage()
    assert errors[0].exc_info is not None  # with its traceback, once


def test_a_500_is_not_replayed_to_an_idempotent_retry(crashing: Sandbox) -> None:
    with httpx.Client(
        base_url=crashing.url, headers={"authorization": f"Bearer {DEFAULT_KEY}"}
    ) as http:
        first = http.post("/v1/crash", json={}, headers={"idempotency-key": "k"})
        second = http.post("/v1/crash", json={}, headers={"idempotency-key": "k"})
    assert (first.status_code, second.status_code) == (500, 500)
    assert first.headers["x-request-id"] != second.headers["x-request-id"], "the retry ran"


def test_a_32_mib_header_is_refused_early_and_the_server_goes_on() -> None:
    with (
        Sandbox(UNLIMITED) as sandbox,
        socket.create_connection((sandbox.host, sandbox.port), timeout=10) as sock,
    ):
        sock.sendall(b"GET /v1/models HTTP/1.1\r\nHost: sandbox\r\nX-Big: ")
        sent, piece = 0, b"a" * (64 * 1024)
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            while sent < 32 << 20:
                sock.sendall(piece)
                sent += len(piece)
        assert sent < 4 << 20, f"{sent} bytes of header were taken before the refusal"
        answer = b""
        with contextlib.suppress(ConnectionResetError):
            while chunk := sock.recv(65536):
                answer += chunk
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 431 "), answer[:200]
        assert b"connection: close" in head
        error = json.loads(body)["error"]
        assert error["code"] == "request_too_large"
        assert error["message"] == (
            f"Request headers exceed the {server.MAX_HEADER_BYTES}-byte limit."
        )
        auth = {"authorization": f"Bearer {DEFAULT_KEY}"}
        just_under = {**auth, "x-big": "a" * (server.MAX_HEADER_BYTES // 2)}
        assert httpx.get(sandbox.base_url + "/models", headers=just_under).status_code == 200


def test_a_large_body_sent_with_its_head_is_not_counted_as_head() -> None:
    body = b'{"model": "aurora", "messages": [{"role": "user", "content": "Hello!"}]}'
    body += b" " * (900 * 1024)  # one write of head and body, far over the head limit
    with (
        Sandbox(UNLIMITED) as sandbox,
        socket.create_connection((sandbox.host, sandbox.port), timeout=10) as sock,
    ):
        for _ in range(2):  # and again on the same connection
            sock.sendall(request("/v1/chat/completions", body))
            status, _, answer = read_response(sock)
            assert status == 200, answer[:300]


def test_a_connection_that_never_finishes_its_headers_is_closed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(server, "HEADER_TIMEOUT_SECONDS", 0.5)
    with Sandbox(UNLIMITED) as sandbox:
        with socket.create_connection((sandbox.host, sandbox.port)) as silent:
            assert closed_within(silent, 5), "an idle new connection stays open"
        with socket.create_connection((sandbox.host, sandbox.port)) as slow:
            started = time.monotonic()
            for piece in (b"GET /v1/models HTTP/1.1\r\n", b"Host: sandbox\r\n", b"X-A: 1\r\n"):
                slow.sendall(piece)  # a slow-headers client: a line now and then
                time.sleep(0.2)
            assert closed_within(slow, 5)
            assert time.monotonic() - started < 3
        # a client that sends its head in time is served, and may wait before the next
        with socket.create_connection((sandbox.host, sandbox.port), timeout=5) as fine:
            fine.sendall(request("/v1/models", method="GET"))
            assert read_response(fine)[0] == 200


def test_an_idle_keep_alive_connection_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "KEEP_ALIVE_SECONDS", 1)
    with (
        Sandbox(UNLIMITED) as sandbox,
        socket.create_connection((sandbox.host, sandbox.port), timeout=5) as sock,
    ):
        sock.sendall(request("/v1/models", method="GET"))
        assert read_response(sock)[0] == 200
        started = time.monotonic()
        assert closed_within(sock, 5)
        assert time.monotonic() - started < server.HEADER_TIMEOUT_SECONDS


def test_a_client_that_hangs_up_mid_body_is_not_an_error(server_log: Records) -> None:
    with Sandbox(UNLIMITED) as sandbox:
        for _ in range(3):
            with socket.create_connection((sandbox.host, sandbox.port)) as sock:
                head = request("/v1/chat/completions").replace(
                    b"Content-Length: 0", b"Content-Length: 100000"
                )
                sock.sendall(head + b'{"model": "aurora", ')
                time.sleep(0.1)
        deadline = time.monotonic() + 5
        while len(server_log.records) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert (
            httpx.get(
                sandbox.base_url + "/models", headers={"authorization": f"Bearer {DEFAULT_KEY}"}
            ).status_code
            == 200
        )
    assert server_log.at(logging.WARNING) == []
    quiet = [r for r in server_log.records if "disconnected" in r.getMessage()]
    assert len(quiet) == 3, "each disconnect reached the app and was noted at debug level"


def test_sandbox_returns_only_once_its_port_accepts_connections() -> None:
    for _ in range(10):
        with Sandbox(UNLIMITED) as sandbox:
            socket.create_connection((sandbox.host, sandbox.port), timeout=1).close()


def test_the_sandbox_page_states_the_limits_the_server_has() -> None:
    page = (Path(__file__).parents[2] / "docs" / "sandbox.md").read_text()
    config = SandboxConfig()
    assert config.idempotency_max_bytes == config.stored_max_bytes
    stated = (
        f"headers over {server.MAX_HEADER_BYTES // 1024} KiB",
        f"more than {server.HEADER_TIMEOUT_SECONDS} seconds to send them",
        f"sits idle {server.KEEP_ALIVE_SECONDS} seconds",
        f"gives the requests in flight {server.SHUTDOWN_SECONDS} seconds",
        f"{config.idempotency_max_keys:,} entries and {config.stored_max_bytes >> 20} MiB",
    )
    flat = " ".join(page.split())
    for words in stated:
        assert words in flat
