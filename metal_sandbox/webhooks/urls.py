"""Which URLs may receive deliveries.

Production accepts only public HTTPS URLs. The sandbox delivers only to this machine, so
no test can send traffic anywhere else: `localhost`, `127.0.0.0/8` and `::1`.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from metal_sandbox.errors import APIError


def check_sandbox_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise APIError(
            "invalid_url",
            f"Invalid webhook URL '{url}': use an http:// or https:// URL with a host.",
            param="url",
        )
    if not _is_loopback(parts.hostname):
        raise APIError(
            "invalid_url",
            f"The sandbox delivers webhooks only to loopback URLs "
            f"(localhost, 127.0.0.0/8, ::1), not to '{parts.hostname}'. In production "
            "use a public https:// URL.",
            param="url",
        )
    return url


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
