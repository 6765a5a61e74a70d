"""Which URLs may receive deliveries.

Production accepts only public HTTPS URLs. The sandbox delivers only to this machine, so
no test can send traffic anywhere else: `localhost`, `127.0.0.0/8` and `::1`.

A URL is checked in full when an endpoint is created or updated (scheme, host, port
syntax and range, and that the HTTP client can send to it), so a delivery never meets a
URL it cannot try.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import httpx

from metal_sandbox.errors import APIError

#: The authority of a URL: optional userinfo, a host (bracketed for IPv6), an optional port.
_AUTHORITY = re.compile(r"(?:[^@]*@)?(?P<host>\[[^\]]*\]|[^:\[\]]*)(?::(?P<port>.*))?")
_PORT = re.compile(r"[0-9]{1,5}")
_MAX_PORT = 65_535


def check_sandbox_url(url: str) -> str:
    parts = urlsplit(url)
    authority = _AUTHORITY.fullmatch(parts.netloc)
    if (
        parts.scheme not in ("http", "https")
        or _has_space_or_control(url)
        or authority is None
        or not authority["host"]
    ):
        raise _invalid(url, "use an http:// or https:// URL with a host")
    port = authority["port"]
    if port is not None and not _valid_port(port):
        raise _invalid(url, f"the port must be a number from 1 to {_MAX_PORT}, not '{port}'")
    try:
        httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise _invalid(url, str(exc)) from None
    host = parts.hostname or ""
    if not _is_loopback(host):
        raise APIError(
            "invalid_url",
            f"The sandbox delivers webhooks only to loopback URLs "
            f"(localhost, 127.0.0.0/8, ::1), not to '{host}'. In production "
            "use a public https:// URL.",
            param="url",
        )
    return url


def _invalid(url: str, why: str) -> APIError:
    return APIError("invalid_url", f"Invalid webhook URL '{url}': {why}.", param="url")


def _has_space_or_control(url: str) -> bool:
    return any(c.isspace() or ord(c) < 0x20 or ord(c) == 0x7F for c in url)


def _valid_port(port: str) -> bool:
    """ASCII digits only (`int()` would take ' 80' and '８０'), in the TCP range."""
    return _PORT.fullmatch(port) is not None and 1 <= int(port) <= _MAX_PORT


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
