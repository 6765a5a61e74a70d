"""Sending every HTTP client an example builds to the sandbox, and no client anywhere else.

Examples are reader code: they build `OpenAI(base_url="https://api.metalai.org/v1", ...)`
or `httpx.Client()` themselves, so no argument of ours reaches those clients. httpx has no
process-wide default transport to replace (a transport or `mounts` is given per client),
and an explicit `base_url` wins over `OPENAI_BASE_URL`. What every client of `httpx` (the
httpx tabs) and of `httpx2` (the `openai` SDK's HTTP client since 3.x) does share is the
public transport classes, `HTTPTransport` and `AsyncHTTPTransport`: their send methods
are wrapped, for the current test, to rewrite the URL first.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from types import ModuleType
from typing import Any, Protocol

import httpx
import pytest

from .hosts import LOCAL_SANDBOX, LOOPBACK_HOSTS, PRODUCTION_HOST, PRODUCTION_ORIGIN


class ForeignHostError(AssertionError):
    """An example tried to reach a host other than the API (or a loopback sandbox)."""


def _http_libraries() -> tuple[ModuleType, ...]:
    libraries: list[ModuleType] = [httpx]
    try:
        import httpx2  # the openai SDK's HTTP client from openai 3.x on
    except ImportError:  # an older openai, built on httpx itself
        pass
    else:
        libraries.append(httpx2)
    return tuple(libraries)


#: Every HTTP library whose transports the harness routes to the sandbox.
HTTP_LIBRARIES = _http_libraries()


@cache
def _empty_cert_dir() -> str:
    folder = tempfile.mkdtemp(prefix="metal-docs-no-certs-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def trust_no_certificates(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every client an example makes builds an SSL context, and loading the CA bundle
    takes tens of milliseconds, once per client. Examples only ever speak plain HTTP to
    the sandbox, so clients get an empty trust store instead, through the variables httpx
    and httpcore2 document for it (`SSL_CERT_FILE` wins over `SSL_CERT_DIR`, so it goes).
    OpenSSL reads a certificate folder lazily: an empty one costs nothing, and a TLS
    connection that escaped the routing could not even be verified."""
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.setenv("SSL_CERT_DIR", _empty_cert_dir())


class Listening(Protocol):
    """Where a sandbox listens: the in-process `Sandbox`, or one started as a reader does."""

    host: str
    port: int


class Router:
    """Rewrites requests for the production API (or a reader's local sandbox) to the test
    sandbox, and refuses every other host but loopback."""

    def __init__(self, sandbox: Listening) -> None:
        self.sandbox = sandbox
        self.violations: list[str] = []
        """The URLs examples tried to reach elsewhere, since the last `clear`."""

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Route every transport of every library in `HTTP_LIBRARIES`, for one test."""
        for library in HTTP_LIBRARIES:
            self._wrap_transports(monkeypatch, library)

    def _wrap_transports(self, monkeypatch: pytest.MonkeyPatch, library: ModuleType) -> None:
        sync_send = library.HTTPTransport.handle_request
        async_send = library.AsyncHTTPTransport.handle_async_request
        redirect = self.redirect

        def handle_request(transport: Any, request: Any) -> Any:
            redirect(request)
            return sync_send(transport, request)

        async def handle_async_request(transport: Any, request: Any) -> Any:
            redirect(request)
            return await async_send(transport, request)

        monkeypatch.setattr(library.HTTPTransport, "handle_request", handle_request)
        monkeypatch.setattr(
            library.AsyncHTTPTransport, "handle_async_request", handle_async_request
        )

    def redirect(self, request: Any) -> None:
        """Point `request` at the sandbox, or raise if it is for a host it may not reach."""
        url = request.url
        production = (
            url.host == PRODUCTION_HOST and url.scheme == "https" and url.port in (None, 443)
        )
        local_sandbox = f"{url.scheme}://{url.host}:{url.port}" == LOCAL_SANDBOX
        if production or local_sandbox:
            host, port = self.sandbox.host, self.sandbox.port
            request.url = url.copy_with(scheme="http", host=host, port=port)
            request.headers["host"] = f"{host}:{port}"
        elif url.host not in LOOPBACK_HOSTS:
            self.violations.append(str(url))
            raise ForeignHostError(
                f"an example tried to reach {url}; examples call {PRODUCTION_ORIGIN}"
            )
