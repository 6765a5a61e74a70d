"""Run a sandbox inside your own tests: a real server on a free loopback port.

    from metal_sandbox.testing import Sandbox

    with Sandbox() as sandbox:
        client = OpenAI(base_url=sandbox.base_url, api_key=sandbox.api_key)
        ...

The pytest plugin wraps this in the `metal_sandbox` fixture.
"""

from __future__ import annotations

import threading
from types import TracebackType

from metal_sandbox.app import create_app
from metal_sandbox.config import SandboxConfig
from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.runtime import Runtime
from metal_sandbox.server import SandboxServer, bind, serve_config

_START_TIMEOUT = 10.0


class Sandbox:
    """A sandbox server running in a background thread until the `with` block ends.

    Args:
        config: The sandbox's settings; the defaults are the free plan's limits.
        host: The loopback address to listen on.
        port: The port, or 0 for any free one.
    """

    def __init__(
        self, config: SandboxConfig | None = None, *, host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.config = config or SandboxConfig()
        self.host = host
        self._requested_port = port
        self.app = create_app(self.config)
        self._server: SandboxServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        """The server's root, such as `http://127.0.0.1:54321`."""
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What to pass as an SDK's `base_url`: the root followed by `/v1`."""
        return self.url + "/v1"

    @property
    def api_key(self) -> str:
        """The primary test key, `mk_test_SandboxKey…0001`."""
        return DEFAULT_KEY

    @property
    def runtime(self) -> Runtime:
        """The server's state: clock, ids, rate limits and stores."""
        return self.app.state.runtime

    def reset(self) -> None:
        """Forget every request so far: rate limits, idempotency keys, stored completions,
        and (in deterministic mode) rewind the clock and the ids."""
        self.runtime.reset()

    def start(self) -> Sandbox:
        """Bind the port and serve in a background thread; return once the port accepts
        connections.

        The socket is bound here, before the server starts, so `port` is known even when
        you asked for any free one (`port=0`)."""
        sock = bind(self.host, self._requested_port)
        self.port = sock.getsockname()[1]
        ready = threading.Event()
        self._server = SandboxServer(serve_config(self.app), on_ready=ready.set)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"metal-sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()
        while not ready.wait(timeout=0.05):
            if not self._thread.is_alive():
                raise RuntimeError("the sandbox did not start")
        return self

    def stop(self) -> None:
        """Ask the server to finish the requests in flight and stop, then wait for it."""
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=_START_TIMEOUT)

    def __enter__(self) -> Sandbox:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
