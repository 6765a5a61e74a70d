"""What happens when a request fails outside the API's own errors: a bug, or a client
that hangs up before its body arrived.

Starlette's handler for `Exception` answers, then raises the exception again so that the
server logs it; uvicorn, seeing an exception after the response started, closes the
connection without `Connection: close`, and the client's next request on it fails. This
middleware answers the bug itself, with the documented 500 and an `x-request-id`, logs it
once with that id, and lets the connection go on serving. A client that disconnected
mid-body gets nothing and costs one debug line, not an ERROR traceback.
"""

from __future__ import annotations

import logging

from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from metal_sandbox import versions
from metal_sandbox.errors import APIError, spec
from metal_sandbox.pipeline import error_outcome
from metal_sandbox.runtime import Runtime

logger = logging.getLogger("metal_sandbox")


class ServerErrorGuard:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except ClientDisconnect:
            logger.debug("client disconnected before its body arrived: %s", scope["path"])
        except Exception:
            if started:  # part of a response is out: ending the connection is all that's left
                raise
            await self._answer(scope, send)

    async def _answer(self, scope: Scope, send: Send) -> None:
        runtime: Runtime = scope["app"].state.runtime
        request_id = runtime.ids.new("req_")
        logger.exception(
            "server_error on %s %s (x-request-id %s)", scope["method"], scope["path"], request_id
        )
        outcome = error_outcome(APIError("server_error", spec("server_error").example))
        headers = {
            **outcome.headers,
            "content-type": "application/json",
            "content-length": str(len(outcome.body)),
            "x-request-id": request_id,
            "metal-version": versions.CURRENT,
        }
        await send(
            {
                "type": "http.response.start",
                "status": outcome.status,
                "headers": [(k.encode(), v.encode()) for k, v in headers.items()],
            }
        )
        await send({"type": "http.response.body", "body": outcome.body})
