"""The sandbox as an ASGI application."""

from __future__ import annotations

from typing import Literal

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from metal_sandbox import operations, versions
from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import error_outcome
from metal_sandbox.routes import RESOURCES
from metal_sandbox.runtime import Runtime
from metal_sandbox.server_errors import ServerErrorGuard


def create_app(config: SandboxConfig | None = None, *, runtime: Runtime | None = None) -> Starlette:
    """Build a sandbox. Its state lives in `app.state.runtime`: `runtime` if given (one
    made with its own clock or webhook client), else a new one from `config`."""
    app = Starlette(
        routes=[*operations.routes(RESOURCES), *_contract_routes()],
        exception_handlers={HTTPException: _http_error},
        middleware=[Middleware(ServerErrorGuard)],
    )
    # A path with a stray `/` is an unknown URL, as in production: no 307 to a
    # `Location` made from the client's `Host` header.
    app.router.redirect_slashes = False
    app.state.runtime = runtime or Runtime(config or SandboxConfig())
    return app


def _contract_routes() -> list[Route]:
    """The OpenAPI document, built on first request so it costs nothing at start-up."""

    async def openapi_json(request: Request) -> Response:
        return Response(await _document("json"), media_type="application/json")

    async def openapi_yaml(request: Request) -> Response:
        return Response(await _document("yaml"), media_type="application/yaml")

    return [Route("/openapi.json", openapi_json), Route("/openapi.yaml", openapi_yaml)]


async def _document(fmt: Literal["json", "yaml"]) -> bytes:
    """Building runs the engine's examples in an event loop of its own: off this one."""
    from metal_sandbox.contract import published

    return await run_in_threadpool(published, fmt)


def _error_response(request: Request, error: APIError) -> Response:
    outcome = error_outcome(error)
    runtime: Runtime = request.app.state.runtime
    headers = {
        **outcome.headers,
        "x-request-id": runtime.ids.new("req_"),
        "metal-version": versions.CURRENT,
    }
    return Response(outcome.body, outcome.status, headers, "application/json")


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods answer in the API's error format, like every other error."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        allow = (exc.headers or {}).get("Allow", "")
        shown = ", ".join(m for m in allow.split(", ") if m != "HEAD")  # HEAD comes with GET
        error = APIError(
            "method_not_allowed",
            f"Method {request.method} is not allowed on {request.url.path}. Allowed: {shown}.",
            headers={"allow": allow},
        )
    else:
        error = APIError("unknown_url", f"Invalid URL ({request.method} {request.url.path}).")
    return _error_response(request, error)
