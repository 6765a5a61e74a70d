"""The delivery engine: signed, at-least-once delivery with retries.

Each delivery is its own asyncio task, so a slow or dead receiver delays only its own
deliveries, never the API or other endpoints. A delivery succeeds on any 2xx; anything
else (another status, a refused connection, a timeout) schedules the next attempt of
`RETRY_DELAYS`, with ±10% jitter, always with the same `webhook-id`. After the last
attempt the delivery is `failed` and stays listed, ready to be redelivered.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Literal

import httpx
from pydantic import BaseModel

from metal_sandbox.clock import Clock
from metal_sandbox.errors import APIError
from metal_sandbox.ids import IdFactory
from metal_sandbox.schemas.webhooks import (
    CreateWebhookEndpoint,
    DeliveryAttempt,
    UpdateWebhookEndpoint,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEndpointWithSecret,
)
from metal_sandbox.webhooks import signing
from metal_sandbox.webhooks.urls import check_sandbox_url

#: Seconds to wait before each attempt: the first at once, the last about 3 h 40 min later.
RETRY_DELAYS: tuple[float, ...] = (0, 5, 30, 120, 600, 1800, 3600, 7200)
JITTER = 0.1
ROTATION_WINDOW_SECONDS = 24 * 3600
MAX_ENDPOINTS_PER_ACCOUNT = 10
DELIVERIES_KEPT_PER_ENDPOINT = 500
CONCURRENT_ATTEMPTS_PER_ENDPOINT = 16


@dataclass
class Delivery:
    id: str
    endpoint_id: str
    event_id: str
    event_type: str
    body: bytes
    created_at: int
    status: Literal["pending", "succeeded", "failed"] = "pending"
    attempts: list[DeliveryAttempt] = field(default_factory=list)
    next_attempt_at: int | None = None

    def model(self) -> WebhookDelivery:
        return WebhookDelivery(
            id=self.id,
            webhook_endpoint_id=self.endpoint_id,
            event_id=self.event_id,
            event_type=self.event_type,
            status=self.status,
            attempts=list(self.attempts),
            next_attempt_at=self.next_attempt_at,
            created_at=self.created_at,
        )


@dataclass
class Endpoint:
    id: str
    account: str
    url: str
    event_types: list[str]
    name: str
    description: str | None
    secret: str
    created_at: int
    updated_at: int
    old_secret: str | None = None
    old_secret_until: float | None = None
    deliveries: deque[Delivery] = field(
        default_factory=lambda: deque(maxlen=DELIVERIES_KEPT_PER_ENDPOINT)
    )
    gate: asyncio.Semaphore = field(
        default_factory=lambda: asyncio.Semaphore(CONCURRENT_ATTEMPTS_PER_ENDPOINT)
    )

    def secrets(self, now: float) -> list[str]:
        """The secrets that sign a delivery now: the current one, and during a rotation
        window the old one too."""
        if self.old_secret and self.old_secret_until and now < self.old_secret_until:
            return [self.secret, self.old_secret]
        return [self.secret]

    def model(self, now: float) -> WebhookEndpoint:
        until = self.old_secret_until
        rotating = len(self.secrets(now)) > 1 and until is not None
        return WebhookEndpoint(
            id=self.id,
            url=self.url,
            event_types=list(self.event_types),
            name=self.name,
            description=self.description,
            signing_secret_hint=signing.hint(self.secret),
            rotation_expires_at=int(until) if rotating and until is not None else None,
            created_at=self.created_at,
            updated_at=self.updated_at,
        )

    def with_secret(self, now: float) -> WebhookEndpointWithSecret:
        return WebhookEndpointWithSecret(**self.model(now).model_dump(), signing_secret=self.secret)


class WebhookEngine:
    """Endpoints of every account, and the deliveries in flight to them."""

    def __init__(
        self,
        clock: Clock,
        ids: IdFactory,
        *,
        deterministic: bool,
        timeout_seconds: float = 10.0,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        """`client` sends the deliveries; by default one is made on first use. Pass your
        own (with a mock transport, say) to see deliveries without a receiver; you then
        close it yourself."""
        self.clock = clock
        self.timeout_seconds = timeout_seconds
        self.ids = ids
        self.deterministic = deterministic
        self._tasks: set[asyncio.Task[None]] = set()
        self._client = client
        self.reset()

    def reset(self) -> None:
        for task in list(self._tasks):
            task.get_loop().call_soon_threadsafe(task.cancel)
        self._tasks.clear()
        self.endpoints: dict[str, Endpoint] = {}
        self._rng = random.Random(7) if self.deterministic else random.Random()

    # --- endpoints --------------------------------------------------------------------

    def create(self, account: str, request: CreateWebhookEndpoint) -> Endpoint:
        owned = [e for e in self.endpoints.values() if e.account == account]
        if len(owned) >= MAX_ENDPOINTS_PER_ACCOUNT:
            raise APIError(
                "endpoint_limit_reached",
                f"An account can have at most {MAX_ENDPOINTS_PER_ACCOUNT} webhook "
                "endpoints. Delete one you no longer use.",
            )
        now = int(self.clock.now())
        endpoint = Endpoint(
            id=self.ids.new("we_"),
            account=account,
            url=check_sandbox_url(request.url),
            event_types=list(dict.fromkeys(request.event_types)),
            name=request.name,
            description=request.description,
            secret=self._secret(),
            created_at=now,
            updated_at=now,
        )
        self.endpoints[endpoint.id] = endpoint
        return endpoint

    def get(self, account: str, endpoint_id: str) -> Endpoint:
        endpoint = self.endpoints.get(endpoint_id)
        if endpoint is None or endpoint.account != account:
            raise APIError(
                "webhook_endpoint_not_found",
                f"No webhook endpoint found with id '{endpoint_id}'.",
                param="webhook_endpoint_id",
            )
        return endpoint

    def list(self, account: str) -> list[Endpoint]:
        """The account's endpoints, newest first, as OpenAI lists them."""
        return [e for e in reversed(self.endpoints.values()) if e.account == account]

    def update(self, account: str, endpoint_id: str, request: UpdateWebhookEndpoint) -> Endpoint:
        endpoint = self.get(account, endpoint_id)
        if request.url is not None:
            endpoint.url = check_sandbox_url(request.url)
        if request.event_types is not None:
            endpoint.event_types = list(dict.fromkeys(request.event_types))
        if request.name is not None:
            endpoint.name = request.name
        if request.description is not None:
            endpoint.description = request.description
        endpoint.updated_at = int(self.clock.now())
        return endpoint

    def delete(self, account: str, endpoint_id: str) -> None:
        self.endpoints.pop(self.get(account, endpoint_id).id)

    def rotate(self, account: str, endpoint_id: str, *, keep_old: bool) -> Endpoint:
        endpoint = self.get(account, endpoint_id)
        now = self.clock.now()
        endpoint.old_secret = endpoint.secret if keep_old else None
        endpoint.old_secret_until = now + ROTATION_WINDOW_SECONDS if keep_old else None
        endpoint.secret = self._secret()
        endpoint.updated_at = int(now)
        return endpoint

    def _secret(self) -> str:
        return signing.new_secret(self._rng if self.deterministic else None)

    # --- deliveries -------------------------------------------------------------------

    def delivery(self, account: str, endpoint_id: str, delivery_id: str) -> Delivery:
        endpoint = self.get(account, endpoint_id)
        for delivery in endpoint.deliveries:
            if delivery.id == delivery_id:
                return delivery
        raise APIError(
            "delivery_not_found",
            f"No delivery '{delivery_id}' on webhook endpoint '{endpoint_id}'.",
            param="delivery_id",
        )

    def emit(self, account: str, event: BaseModel, event_type: str, event_id: str) -> int:
        """Deliver an event to every endpoint of `account` subscribed to its type."""
        body = event.model_dump_json().encode()
        targets = [e for e in self.list(account) if event_type in e.event_types]
        for endpoint in targets:
            delivery = Delivery(
                id=self.ids.new("whdel_"),
                endpoint_id=endpoint.id,
                event_id=event_id,
                event_type=event_type,
                body=body,
                created_at=int(self.clock.now()),
            )
            endpoint.deliveries.append(delivery)
            self._start(endpoint, delivery)
        return len(targets)

    def redeliver(self, account: str, endpoint_id: str, delivery_id: str) -> Delivery:
        delivery = self.delivery(account, endpoint_id, delivery_id)
        if delivery.status != "pending":
            delivery.status = "pending"
            self._start(self.get(account, endpoint_id), delivery)
        return delivery

    def _start(self, endpoint: Endpoint, delivery: Delivery) -> None:
        task = asyncio.get_running_loop().create_task(self._run(endpoint, delivery))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every delivery started so far, retries included, has finished:
        succeeded, failed, or stopped because its endpoint went away. On a real clock that
        can take the whole retry schedule; on an instant `VirtualClock`, a moment."""
        while self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def _run(self, endpoint: Endpoint, delivery: Delivery) -> None:
        for number, delay in enumerate(RETRY_DELAYS):
            wait = delay * (1 + self._rng.uniform(-JITTER, JITTER))
            delivery.next_attempt_at = int(self.clock.now() + wait)
            await self.clock.sleep(wait)
            if self.endpoints.get(endpoint.id) is not endpoint:
                return  # the endpoint was deleted (or the sandbox reset): stop retrying
            async with endpoint.gate:
                attempt, retry = await self._attempt(endpoint, delivery)
            delivery.attempts.append(
                attempt.model_copy(update={"attempt": len(delivery.attempts) + 1})
            )
            if attempt.status_code is not None and 200 <= attempt.status_code < 300:
                delivery.status, delivery.next_attempt_at = "succeeded", None
                return
            if not retry or number == len(RETRY_DELAYS) - 1:
                delivery.status, delivery.next_attempt_at = "failed", None
                return

    async def _attempt(
        self, endpoint: Endpoint, delivery: Delivery
    ) -> tuple[DeliveryAttempt, bool]:
        """One attempt, and whether another could go differently. One that cannot be made
        at all (the client refuses the request) is recorded with its reason and not
        retried: the delivery is `failed` at once, ready to be redelivered."""
        started = self.clock.now()
        status, error, retry = None, None, True
        try:
            # The timestamp is wall-clock time, whatever the sandbox clock says: receivers
            # compare it with their own clock to refuse replays.
            headers = signing.headers(
                endpoint.secrets(started), delivery.event_id, int(time.time()), delivery.body
            )
            response = await self._http().post(
                endpoint.url,
                content=delivery.body,
                headers=headers,
                timeout=self.clock.real_seconds(self.timeout_seconds),
            )
            status = response.status_code
        except httpx.TimeoutException:
            error = f"timed out after {self.timeout_seconds:g} s"
        except httpx.HTTPError as exc:
            error = f"connection failed: {type(exc).__name__}"
        except Exception as exc:  # noqa: BLE001 - recorded on the delivery, not lost in a task
            error, retry = f"could not be attempted: {type(exc).__name__}: {exc}", False
        # Measured on the sandbox clock, converted to real time: exact in normal mode, and
        # 0 on a frozen clock, so deterministic output stays deterministic.
        duration = int((self.clock.now() - started) / self.clock.speed * 1000)
        attempt = DeliveryAttempt(
            attempt=0,
            attempted_at=int(started),
            status_code=status,
            error=error,
            duration_ms=duration,
        )
        return attempt, retry

    def _http(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(follow_redirects=False, trust_env=False)
        return self._client
