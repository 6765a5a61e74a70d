"""The webhook receivers that docs/webhooks.md tells readers to copy (snippets/webhooks_receiver.py
and its Node.js twin, snippets/webhooks_receiver.mjs) do what the page says: each refuses
every delivery it cannot verify, accepts a genuine one, and handles an event once however
often it is delivered.

The page's own examples run the receivers end to end against the sandbox; these tests send
them hand-signed deliveries (Standard Webhooks, via `standardwebhooks`), forged ones included.
The Node.js receiver runs in one `node` process for the module, a fresh receiver per test;
openai-node's `webhooks.unwrap` differs from the Python SDK's where it matters here (it
throws a plain `Error` for a missing header, and reads the signature header its own way).
"""

from __future__ import annotations

import importlib.util
import json
import queue
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType, SimpleNamespace
from typing import Any

import httpx
import pytest
import standardwebhooks
from openai import OpenAI

from metal_sandbox.webhooks.signing import new_secret

from docs_harness.node_runner import require_node, workspace
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


#: The Node.js snippet's last line, which runs its demo; the receiver is the rest.
NODE_DEMO_LINE = "await main();"
#: Runs fresh receivers of the Node.js snippet on request: a line `{"start": secret}` on
#: stdin starts one on a free loopback port and answers `{"receiver": n, "port": p}`;
#: what receiver n handles comes as `{"receiver": n, "handled": event_id}` lines.
NODE_DRIVER = """\
import { createInterface } from "node:readline";
import OpenAI from "openai";

const { WebhookReceiver } = await import(process.argv[2]);
// The client only verifies signatures here; it never sends a request.
const client = new OpenAI({ baseURL: "http://127.0.0.1:9/v1", apiKey: "unused", maxRetries: 0 });
const say = (message) => process.stdout.write(JSON.stringify(message) + "\\n");
let receiver = null;
let number = 0;
for await (const line of createInterface({ input: process.stdin })) {
  receiver?.close();
  const n = ++number;
  receiver = new WebhookReceiver(client, JSON.parse(line).start, (event) =>
    say({ receiver: n, handled: event.id }),
  );
  say({ receiver: n, port: await receiver.listen() });
}
receiver?.close();
"""


def node_receiver_module() -> str:
    """The Node.js snippet without its demo, exporting the receiver: what the page tells
    readers to copy into their application."""
    source = (SNIPPETS / "webhooks_receiver.mjs").read_text("utf-8").rstrip()
    assert source.endswith("\n" + NODE_DEMO_LINE), (
        f"webhooks_receiver.mjs must end with `{NODE_DEMO_LINE}` (the demo)"
    )
    return source.removesuffix(NODE_DEMO_LINE) + "export { WebhookReceiver };\n"


class NodeReceivers:
    """One `node` process for the module, running a fresh receiver of the snippet per test."""

    def __init__(self) -> None:
        folder = Path(tempfile.mkdtemp(prefix="webhook-receiver-", dir=workspace()))
        (folder / "receiver.mjs").write_text(node_receiver_module(), "utf-8")
        (folder / "driver.mjs").write_text(NODE_DRIVER, "utf-8")
        self.process = subprocess.Popen(
            [require_node(), str(folder / "driver.mjs"), (folder / "receiver.mjs").as_uri()],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=folder,
        )
        self.ports: queue.Queue[tuple[int, int]] = queue.Queue()
        self.handled: dict[int, queue.Queue[Any]] = {}
        self.lock = threading.Lock()
        threading.Thread(target=self.read, daemon=True).start()

    def queue_of(self, number: int) -> queue.Queue[Any]:
        with self.lock:
            return self.handled.setdefault(number, queue.Queue())

    def read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            message = json.loads(line)
            if "port" in message:
                self.ports.put((message["receiver"], message["port"]))
            else:  # shaped like the Python SDK's event, as far as the tests read it
                self.queue_of(message["receiver"]).put(SimpleNamespace(id=message["handled"]))

    def start(self, secret: str) -> tuple[int, queue.Queue[Any]]:
        """A fresh receiver (the last one closes): its port, and what it handles."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"start": secret}) + "\n")
        self.process.stdin.flush()
        number, port = self.ports.get(timeout=30)
        return port, self.queue_of(number)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class NodeRunning(Running):
    """The Node.js snippet's receiver, with the Python one's interface."""

    def __init__(self, receivers: NodeReceivers) -> None:
        port, self.handled = receivers.start(SECRET)
        self.url = f"http://127.0.0.1:{port}/webhooks"

    def close(self) -> None:
        pass  # the next test's receiver replaces it


@pytest.fixture(scope="module")
def node_receivers() -> Iterator[NodeReceivers]:
    receivers = NodeReceivers()
    try:
        yield receivers
    finally:
        receivers.close()


@pytest.fixture(params=["python", "node"])
def receiver(request: pytest.FixtureRequest) -> Iterator[Running]:
    if request.param == "node":
        running: Running = NodeRunning(request.getfixturevalue("node_receivers"))
    else:
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


def test_the_node_demo_runs_from_the_last_line_only() -> None:
    """The Node.js tests take the snippet without its last line as the receiver: nothing
    else at the top level may start the demo."""
    module = node_receiver_module()
    assert "main()" not in module.replace("async function main()", "")
    assert "class WebhookReceiver" in module
