"""The webhook receiver that docs/webhooks.md tells readers to copy (snippets/webhooks_receiver.py)
does what the page says: it refuses every delivery it cannot verify, accepts a genuine one,
and handles an event once however often it is delivered.

The page's own example runs the receiver end to end against the sandbox; these tests send
it hand-signed deliveries (Standard Webhooks, via `standardwebhooks`), forged ones included.
"""

from __future__ import annotations

import importlib.util
import json
import queue
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import httpx
import pytest
import standardwebhooks
from openai import OpenAI

from metal_sandbox.webhooks.signing import new_secret

from docs_harness.pages import SNIPPETS

SECRET = new_secret()
OTHER_SECRET = new_secret()


def load_receiver() -> ModuleType:
    """The snippet as a module (not as `__main__`, so its demo does not run)."""
    spec = importlib.util.spec_from_file_location(
        "webhooks_receiver", SNIPPETS / "webhooks_receiver.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Running:
    """The snippet's receiver on a free loopback port, recording what it handles."""

    def __init__(self, module: ModuleType) -> None:
        self.handled: queue.Queue[Any] = queue.Queue()
        # The client only verifies signatures here; it never sends a request.
        client = OpenAI(base_url="http://127.0.0.1:9/v1", api_key="unused", max_retries=0)
        self.server = module.WebhookReceiver(("127.0.0.1", 0), client, SECRET, self.handled.put)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhooks"

    def post(self, body: bytes, headers: dict[str, str]) -> int:
        response = httpx.post(self.url, content=body, headers=headers, timeout=10)
        return response.status_code

    def handled_ids_until(self, last: str, timeout: float = 10.0) -> list[str]:
        """Event ids handled, in order, up to and including `last`. The receiver handles
        events one by one in arrival order, so once `last` is handled, everything sent
        before it has been handled too (or never will be)."""
        ids: list[str] = []
        deadline = time.monotonic() + timeout
        while not ids or ids[-1] != last:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"{last} was not handled in time; handled {ids}"
            ids.append(self.handled.get(timeout=remaining).id)
        return ids

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def receiver() -> Iterator[Running]:
    running = Running(load_receiver())
    try:
        yield running
    finally:
        running.close()


def event(event_id: str) -> bytes:
    return json.dumps(
        {
            "id": event_id,
            "object": "event",
            "type": "chat.completion.completed",
            "created_at": 1793491200,
            "data": {"id": "chatcmpl-01M6A6FT00SEP5BRH25MMKJ4Q5", "status": "completed"},
        }
    ).encode()


def signed(
    event_id: str, *, secret: str = SECRET, at: float | None = None, body: bytes | None = None
) -> tuple[bytes, dict[str, str]]:
    """A delivery as MeTal sends it: the body, and the three webhook-* headers."""
    payload = event(event_id) if body is None else body
    timestamp = int(time.time() if at is None else at)
    signature = standardwebhooks.Webhook(secret).sign(
        event_id, datetime.fromtimestamp(timestamp, tz=UTC), payload.decode()
    )
    return payload, {
        "webhook-id": event_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signature,
        "content-type": "application/json",
    }


def test_a_genuine_delivery_is_accepted_and_handled(receiver: Running) -> None:
    assert receiver.post(*signed("evt_genuine")) == 200
    assert receiver.handled_ids_until("evt_genuine") == ["evt_genuine"]


def test_the_same_webhook_id_twice_is_handled_once(receiver: Running) -> None:
    first = signed("evt_retried")
    retry = signed("evt_retried")  # a retry: same webhook-id, signed again
    assert receiver.post(*first) == 200
    assert receiver.post(*retry) == 200, "a duplicate must get a 2xx, or it is sent again"
    assert receiver.post(*signed("evt_after")) == 200
    assert receiver.handled_ids_until("evt_after") == ["evt_retried", "evt_after"]


def _tampered() -> tuple[bytes, dict[str, str]]:
    body, headers = signed("evt_forged")
    return body.replace(b'"completed"', b'"failed"', 1), headers


def _without(header: str) -> tuple[bytes, dict[str, str]]:
    body, headers = signed("evt_forged")
    return body, {k: v for k, v in headers.items() if k != header}


FORGERIES = {
    "tampered body": _tampered,
    "wrong secret": lambda: signed("evt_forged", secret=OTHER_SECRET),
    "timestamp 6 minutes old": lambda: signed("evt_forged", at=time.time() - 360),
    "timestamp 6 minutes ahead": lambda: signed("evt_forged", at=time.time() + 360),
    "missing webhook-signature": lambda: _without("webhook-signature"),
    "missing webhook-timestamp": lambda: _without("webhook-timestamp"),
    "missing webhook-id": lambda: _without("webhook-id"),
    "no signature of version v1": lambda: (
        signed("evt_forged")[0],
        {**signed("evt_forged")[1], "webhook-signature": "v1a,bm90IGEgc2lnbmF0dXJl"},
    ),
}


@pytest.mark.parametrize("forgery", FORGERIES, ids=str)
def test_an_unverifiable_delivery_is_refused_and_not_handled(
    receiver: Running, forgery: str
) -> None:
    body, headers = FORGERIES[forgery]()
    status = receiver.post(body, headers)
    assert not 200 <= status < 300, f"{forgery}: answered {status}"
    # A genuine delivery sent afterwards is handled, and nothing came before it.
    assert receiver.post(*signed("evt_after")) == 200
    assert receiver.handled_ids_until("evt_after") == ["evt_after"]


def test_a_refused_delivery_does_not_block_the_genuine_one_with_its_id(
    receiver: Running,
) -> None:
    """A forgery carrying a real webhook-id must not mark that id as handled."""
    assert receiver.post(*signed("evt_real", secret=OTHER_SECRET)) == 400
    assert receiver.post(*signed("evt_real")) == 200
    assert receiver.handled_ids_until("evt_real") == ["evt_real"]


def test_a_timestamp_within_five_minutes_is_accepted(receiver: Running) -> None:
    assert receiver.post(*signed("evt_late", at=time.time() - 240)) == 200
    assert receiver.handled_ids_until("evt_late") == ["evt_late"]


def test_during_a_rotation_either_secret_verifies(receiver: Running) -> None:
    """MeTal sends two signatures while a rotation window is open; the receiver holds one."""
    body, headers = signed("evt_rotating")
    timestamp = int(headers["webhook-timestamp"])
    _, old = signed("evt_rotating", secret=OTHER_SECRET, at=timestamp)
    headers["webhook-signature"] = f"{headers['webhook-signature']} {old['webhook-signature']}"
    assert receiver.post(body, headers) == 200
    assert receiver.handled_ids_until("evt_rotating") == ["evt_rotating"]


def test_the_demo_does_not_run_on_import() -> None:
    module = load_receiver()
    assert hasattr(module, "main") and hasattr(module, "WebhookReceiver")
