"""A MeTal webhook receiver: the standard library's HTTP server and the openai SDK.

It verifies each delivery before it reads it, answers 2xx at once, and handles each
event once, however many times the event is delivered.

Run it against a local sandbox: start `metal-sandbox` in another terminal, then run
`python webhooks_receiver.py` with METAL_API_KEY set to a sandbox test key.
"""

import os
import queue
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from openai import InvalidWebhookSignatureError, OpenAI


class WebhookReceiver(ThreadingHTTPServer):
    """Takes deliveries on any path and passes each new event to `handle`, once."""

    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        client: OpenAI,
        secret: str,
        handle: Callable[[Any], None],
    ) -> None:
        super().__init__(address, DeliveryHandler)
        self.client = client
        self.secret = secret
        self.handle = handle
        self.seen: set[str] = set()  # webhook-ids taken; keep them in your database
        self.lock = threading.Lock()
        self.events: queue.Queue[Any] = queue.Queue()
        threading.Thread(target=self.work, daemon=True).start()

    def take(self, webhook_id: str, event: Any) -> None:
        """Queue the event, unless an earlier delivery brought it already."""
        with self.lock:
            if webhook_id in self.seen:
                return
            self.seen.add(webhook_id)
        self.events.put(event)

    def work(self) -> None:
        """Handle queued events one by one, after their 2xx has gone back."""
        while True:
            self.handle(self.events.get())


class DeliveryHandler(BaseHTTPRequestHandler):
    server: WebhookReceiver

    def do_POST(self) -> None:  # noqa: N802 (the standard library's name)
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        headers = dict(self.headers)
        try:
            # Checks the signature and that webhook-timestamp is within 5 minutes.
            event = self.server.client.webhooks.unwrap(
                body, headers, secret=self.server.secret
            )
        except (InvalidWebhookSignatureError, ValueError):
            self.answer(400)  # forged, tampered, stale, or missing a header
            return
        self.server.take(self.headers["webhook-id"], event)
        self.answer(200)  # a duplicate gets a 2xx too, or it would be sent again

    def answer(self, status: int) -> None:
        self.send_response(status)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass  # keep the console quiet


def main() -> None:
    client = OpenAI(
        base_url="http://127.0.0.1:8765/v1",
        api_key=os.environ["METAL_API_KEY"],
    )
    handled: queue.Queue[Any] = queue.Queue()
    # The secret comes with the endpoint, which needs the receiver's port first.
    receiver = WebhookReceiver(("127.0.0.1", 0), client, secret="", handle=handled.put)
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    port = receiver.server_address[1]

    endpoint = client.webhooks.create(
        url=f"http://127.0.0.1:{port}/webhooks",
        event_types=["chat.completion.completed", "chat.completion.failed"],
        name="receiver-demo",
    )
    receiver.secret = endpoint.signing_secret  # shown once: keep it somewhere safe
    try:
        queued = client.chat.completions.create(
            model="aurora",
            messages=[{"role": "user", "content": "What is the capital of France?"}],
            extra_body={"background": True},
        )
        print(queued.id, queued.status)
        #> chatcmpl-01M6A6FT00SEP5BRH25MMKJ4Q5 queued

        event = handled.get(timeout=30)
        print(event.type, event.data.id)
        #> chat.completion.completed chatcmpl-01M6A6FT00SEP5BRH25MMKJ4Q5

        completion = client.chat.completions.retrieve(event.data.id)
        print(completion.status)
        #> completed
        print(completion.choices[0].message.content)
        #> The capital of France is Paris.
    finally:
        client.webhooks.delete(endpoint.id)
        receiver.shutdown()
        receiver.server_close()


if __name__ == "__main__":
    main()
