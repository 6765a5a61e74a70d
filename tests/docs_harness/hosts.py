"""Which hosts an example may call, and which of them the harness sends to the sandbox."""

from __future__ import annotations

import httpx

from metal_sandbox.cli import DEFAULT_PORT
from metal_sandbox.contract import PRODUCTION

_API = httpx.URL(PRODUCTION)
#: What the pages call: the production API's host. Nothing else may appear in an example.
PRODUCTION_HOST = _API.host
#: The production API's origin, `https://api.metalai.org`: what a curl example's URLs
#: start with, and what the harness replaces with the sandbox's.
PRODUCTION_ORIGIN = f"{_API.scheme}://{_API.host}"
#: A reader's own `metal-sandbox` on its default port: examples written for the local
#: sandbox (the sandbox and webhooks pages) are sent to the test sandbox too.
LOCAL_SANDBOX = f"http://127.0.0.1:{DEFAULT_PORT}"
#: Hosts an example may reach directly (a sandbox it starts itself, as on the sandbox page).
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "::1", "localhost"})
