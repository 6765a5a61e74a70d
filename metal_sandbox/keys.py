"""API keys and the accounts that own them.

The sandbox ships fixed test keys so that docs and tests can name them. Rate limits are
per account, so keys of one account share one budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from metal_sandbox.errors import APIError

KEY_FORMAT = re.compile(r"^mk_(live|test)_[A-Za-z0-9]{32}$")


@dataclass(frozen=True)
class Key:
    secret: str
    account: str
    read_only: bool = False
    label: str = ""


#: The sandbox's test keys. The first is the one the docs use as `METAL_API_KEY`.
TEST_KEYS: tuple[Key, ...] = (
    Key("mk_test_SandboxKey0000000000000000000001", "acct_sandbox", label="primary"),
    Key("mk_test_SandboxKey0000000000000000000002", "acct_sandbox", label="second"),
    Key(
        "mk_test_SandboxReadOnly00000000000000003",
        "acct_sandbox",
        read_only=True,
        label="read-only",
    ),
    Key("mk_test_OtherAccount00000000000000000001", "acct_other", label="other account"),
)
DEFAULT_KEY = TEST_KEYS[0].secret
_BY_SECRET = {key.secret: key for key in TEST_KEYS}


def mask(secret: str) -> str:
    """Show a key the way an error message may: its prefix and last four characters."""
    prefix = secret[:8] if secret.startswith("mk_") else ""
    return prefix + "*" * max(0, len(secret) - len(prefix) - 4) + secret[-4:]


def credential(authorization: str | None, x_api_key: str | None) -> str | None:
    """The key a request carries. Two different keys in the two headers are refused, not
    resolved by a precedence rule the caller might not expect."""
    bearer = None
    if authorization:
        scheme, _, value = authorization.partition(" ")
        bearer = value.strip() if scheme.lower() == "bearer" else authorization
    if bearer and x_api_key and bearer != x_api_key:
        raise APIError(
            "invalid_api_key",
            "Two different API keys were sent, in Authorization and in X-Api-Key. "
            "Send one key in one header.",
        )
    return bearer or x_api_key


def authenticate(authorization: str | None, x_api_key: str | None) -> Key:
    secret = credential(authorization, x_api_key)
    if not secret:
        raise APIError(
            "invalid_api_key",
            "You didn't provide an API key. Send it as 'Authorization: Bearer mk_...' "
            "or 'X-Api-Key: mk_...'.",
        )
    match = KEY_FORMAT.match(secret)
    if not match:
        raise APIError(
            "invalid_api_key",
            "Malformed API key: keys are 'mk_test_' or 'mk_live_' followed by 32 letters "
            "and digits.",
        )
    if match.group(1) == "live":
        raise APIError(
            "invalid_api_key",
            "Live keys (mk_live_...) do not work on the sandbox. Use one of its test "
            "keys (mk_test_...), listed on the sandbox page.",
        )
    key = _BY_SECRET.get(secret)
    if key is None:
        raise APIError("invalid_api_key", f"Incorrect API key provided: {mask(secret)}.")
    return key
