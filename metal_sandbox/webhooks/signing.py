"""Standard Webhooks signatures, the scheme OpenAI's webhooks use.

`webhook-signature` is `v1,<base64 HMAC-SHA256 of "{id}.{timestamp}.{body}">`, keyed with
the base64-decoded part of the `whsec_` secret; during a rotation it carries one
signature per active secret, separated by spaces.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import random

SECRET_PREFIX = "whsec_"


def new_secret(rng: random.Random | None = None) -> str:
    raw = rng.randbytes(32) if rng is not None else os.urandom(32)
    return SECRET_PREFIX + base64.b64encode(raw).decode()


def hint(secret: str) -> str:
    return SECRET_PREFIX + "..." + secret[-4:]


def signature(secret: str, message_id: str, timestamp: int, body: bytes) -> str:
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def headers(secrets: list[str], message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(signature(s, message_id, timestamp, body) for s in secrets),
        "content-type": "application/json",
        "user-agent": "MeTal-Webhooks/1.0",
    }
