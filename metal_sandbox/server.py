"""The HTTP server around the sandbox: uvicorn with the limits production servers have.

`metal-sandbox` and `Sandbox` both serve through `serve_config()` and `SandboxServer`, so
the console script, the pytest fixture and the docs' examples meet the same server.

The limits:

- **Header size.** uvicorn's automatic choice, httptools, buffers a header of any size
  (a 32 MiB header got a 200) and uvicorn offers no limit for it; h11 refuses a request
  whose headers outgrow `h11_max_incomplete_event_size` with a 400 and closes the
  connection. So the sandbox runs on h11, with `MAX_HEADER_BYTES`.
- **Idle and header timeouts.** uvicorn closes a keep-alive connection idle for
  `timeout_keep_alive` after a response, but has no timer for a connection that never
  sends a whole request head. `HeaderTimeoutProtocol` adds one: `HEADER_TIMEOUT_SECONDS`
  from the connection's start or the previous response to the end of the next head.
- **Stopping.** On SIGTERM or Ctrl-C uvicorn finishes the requests in flight, but would
  wait for them forever; `timeout_graceful_shutdown` caps the wait at `SHUTDOWN_SECONDS`.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

#: The request line and headers together, in bytes: 64 KiB, four times what Node allows.
MAX_HEADER_BYTES = 64 * 1024
#: Seconds a connection may take to send a whole request head.
HEADER_TIMEOUT_SECONDS = 10
#: Seconds an idle keep-alive connection stays open after a response.
KEEP_ALIVE_SECONDS = 5
#: Seconds the requests in flight get to finish when the server is told to stop.
SHUTDOWN_SECONDS = 3


class HeaderTimeoutProtocol(H11Protocol):
    """h11 with a deadline for each request head (the slow-headers attack).

    uvicorn has no setting for this, but takes a protocol class as `http`: this one arms
    a timer when a request may begin (the connection opens, a response completes) and
    disarms it when uvicorn has parsed the head and started a request cycle (`cycle`).
    """

    _head_deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)  # type: ignore[arg-type]
        self._await_head()

    def data_received(self, data: bytes) -> None:
        cycle = self.cycle
        super().data_received(data)
        if self.cycle is not cycle:
            self._head_arrived()

    def on_response_complete(self) -> None:
        cycle = self.cycle
        self._await_head()
        super().on_response_complete()
        if self.cycle is not cycle or self.transport.is_closing():
            self._head_arrived()  # a pipelined request was waiting, or the connection ends

    def connection_lost(self, exc: Exception | None) -> None:
        self._head_arrived()
        super().connection_lost(exc)

    def _await_head(self) -> None:
        self._head_arrived()
        self._head_deadline = self.loop.call_later(HEADER_TIMEOUT_SECONDS, self._head_too_slow)

    def _head_arrived(self) -> None:
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
        http=HeaderTimeoutProtocol,
        h11_max_incomplete_event_size=MAX_HEADER_BYTES,
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
