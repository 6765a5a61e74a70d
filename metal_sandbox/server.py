"""The HTTP server around the sandbox: uvicorn with the limits production servers have.

`metal-sandbox` and `Sandbox` both serve through `serve_config()` and `SandboxServer`, so
the console script, the pytest fixture and the docs' examples meet the same server.

uvicorn has settings for some limits and not others, and which apply depends on its HTTP
implementation. Its automatic choice, httptools, is four times faster here than h11 (the
bare endpoint: 12,400 against 3,000 requests a second, in one run), so the sandbox keeps
it, and `LimitedHttpToolsProtocol` adds what uvicorn offers only for h11 or not at all:

- **Header size.** `h11_max_incomplete_event_size` applies to h11 only; with httptools a
  32 MiB header was read and answered 200. The protocol counts the bytes of each request
  head and refuses one over `MAX_HEADER_BYTES` with a 431 in the API's error format.
- **Header timeout.** uvicorn closes a keep-alive connection idle for `timeout_keep_alive`
  after a response, but has no timer for a connection that never sends a whole request
  head. The protocol closes one that takes more than `HEADER_TIMEOUT_SECONDS` to, counted
  from the connection's start or the previous response.
- **Stopping.** On SIGTERM or Ctrl-C uvicorn finishes the requests in flight, but would
  wait for them forever; `timeout_graceful_shutdown` caps the wait at `SHUTDOWN_SECONDS`.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Callable

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from metal_sandbox.errors import spec

#: The request line and headers together, in bytes: 64 KiB, four times what Node allows.
MAX_HEADER_BYTES = 64 * 1024
#: Seconds a connection may take to send a whole request head.
HEADER_TIMEOUT_SECONDS = 10
#: Seconds an idle keep-alive connection stays open after a response.
KEEP_ALIVE_SECONDS = 5
#: Seconds the requests in flight get to finish when the server is told to stop.
SHUTDOWN_SECONDS = 3


def _headers_too_large() -> bytes:
    """The whole 431 response: the API's error format, and the connection closed."""
    row = spec("request_too_large")
    message = f"Request headers exceed the {MAX_HEADER_BYTES}-byte limit."
    error = {"message": message, "type": row.type, "param": None, "code": row.code}
    body = json.dumps({"error": error}, indent=2).encode() + b"\n"
    head = (
        "HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode() + body


class LimitedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a size limit and a deadline for request heads.

    uvicorn has no setting for either with httptools, but takes a protocol class as
    `http`. This one follows the parser's callbacks (`on_headers_complete`,
    `on_message_complete`, `on_response_complete`) to know when a head is being read.
    A chunk in which a head or a message ended is not counted, so a body sent in the same
    write as its head never counts against the limit; a head's size is therefore known
    to within one read (256 KiB at most with uvloop)."""

    _reading_head = True
    _head_bytes = 0
    _ends = 0
    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._await_head()

    def data_received(self, data: bytes) -> None:
        ends = self._ends
        super().data_received(data)
        if self._reading_head and self._ends == ends and not self.transport.is_closing():
            self._head_bytes += len(data)
            if self._head_bytes > MAX_HEADER_BYTES:
                self._stop_waiting()
                self.transport.write(_headers_too_large())
                self.transport.close()

    def on_headers_complete(self) -> None:
        self._reading_head, self._ends = False, self._ends + 1
        self._stop_waiting()
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._reading_head, self._head_bytes, self._ends = True, 0, self._ends + 1
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self._reading_head and not self.transport.is_closing():
            self._await_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_waiting()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._stop_waiting()
        self._head_deadline = self.loop.call_later(HEADER_TIMEOUT_SECONDS, self._head_too_slow)

    def _stop_waiting(self) -> None:
        if self._head_deadline is not None:
            self._head_deadline.cancel()
            self._head_deadline = None

    def _head_too_slow(self) -> None:
        self._head_deadline = None
        if not self.transport.is_closing():
            self.transport.close()


def serve_config(app: ASGIApp, *, quiet: bool = True) -> uvicorn.Config:
    """The server settings of every sandbox. `quiet=False` logs each request."""
    return uvicorn.Config(
        app,
        http=LimitedHttpToolsProtocol,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
        lifespan="off",
        server_header=False,
        date_header=False,
        log_level="warning" if quiet else "info",
        access_log=not quiet,
    )


class SandboxServer(uvicorn.Server):
    """A uvicorn server that says when its port accepts connections.

    `on_ready` runs once uvicorn listens: the banner of `metal-sandbox` is printed then,
    and `Sandbox.start()` returns then, so a client that starts on either is never
    refused."""

    def __init__(self, config: uvicorn.Config, on_ready: Callable[[], None]) -> None:
        super().__init__(config)
        self.on_ready = on_ready

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self.on_ready()


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to `host:port` (`port=0`: any free one), ready for uvicorn. Bound
    before the server starts, so the port is known before it is announced."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    return sock
