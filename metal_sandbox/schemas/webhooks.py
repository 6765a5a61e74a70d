"""Bodies of the webhook endpoint operations, deliveries, and the events they carry.

The endpoint operations mirror OpenAI's `/v1/webhook_endpoints`, so the official SDK's
`client.webhooks` works unchanged; deliveries and redelivery are MeTal's additions.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from metal_sandbox.schemas.base import Request, Response, omitted_when_null

EventType = Literal[
    "chat.completion.completed", "chat.completion.failed", "response.completed", "response.failed"
]
EVENT_TYPES: tuple[str, ...] = (
    "chat.completion.completed",
    "chat.completion.failed",
    "response.completed",
    "response.failed",
)
EventTypes = Annotated[list[EventType], Field(min_length=1, max_length=len(EVENT_TYPES))]
Url = Annotated[str, Field(min_length=1, max_length=2048)]
Name = Annotated[str, Field(min_length=1, max_length=128)]


class CreateWebhookEndpoint(Request):
    url: Url = Field(
        description="Where deliveries go. Production: a public HTTPS URL. "
        "Sandbox: a loopback URL such as `http://127.0.0.1:8000/webhooks`."
    )
    event_types: EventTypes = Field(description="The events to deliver to this endpoint.")
    name: Name = Field(description="A name for people, such as `orders-service`.")
    description: str | None = Field(default=None, max_length=512)


class UpdateWebhookEndpoint(Request):
    url: Url | None = None
    event_types: EventTypes | None = Field(
        default=None, description="The complete new set of event types."
    )
    name: Name | None = None
    description: str | None = Field(default=None, max_length=512)


class RotateSecret(Request):
    keep_old_secret_active_for_24_hours: bool = Field(
        default=True,
        description="Keep signing with the old secret too, for 24 hours, so receivers can "
        "switch without missing a delivery. `false` retires it at once.",
    )


class WebhookEndpoint(Response):
    id: str = Field(description="`we_` and a 26-character ULID.")
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str
    event_types: list[str]
    name: str
    description: str | None = None
    signing_secret_hint: str = Field(
        description="The secret's last characters, to tell secrets apart without revealing them."
    )
    rotation_expires_at: int | None = Field(
        default=None,
        description="While a rotation window is open, when the old secret "
        "stops signing (Unix seconds).",
    )
    created_at: int
    updated_at: int


class WebhookEndpointWithSecret(WebhookEndpoint):
    """An endpoint as creation and rotation return it: the only time the secret is shown."""

    signing_secret: str = Field(
        description="`whsec_` and base64: store it in your secret "
        "manager now; it is never shown again."
    )


class WebhookEndpointList(Response):
    object: Literal["list"] = "list"
    data: list[WebhookEndpoint]
    first_id: str | None = None
    last_id: str | None = None
    has_more: bool = False


class DeletedWebhookEndpoint(Response):
    id: str
    object: Literal["webhook_endpoint.deleted"] = "webhook_endpoint.deleted"
    deleted: Literal[True] = True


class DeliveryAttempt(Response):
    attempt: int = Field(description="1 for the first try.")
    attempted_at: int
    status_code: int | None = Field(
        description="The receiver's HTTP status, or null when "
        "no response came (refused, timed out)."
    )
    error: str | None = Field(default=None, description="Why no response came, if none did.")
    duration_ms: int


class WebhookDelivery(Response):
    id: str = Field(description="`whdel_` and a 26-character ULID.")
    object: Literal["webhook_delivery"] = "webhook_delivery"
    webhook_endpoint_id: str
    event_id: str = Field(
        description="The event's id, sent as `webhook-id` on every attempt: "
        "use it to process each event once."
    )
    event_type: str
    status: Literal["pending", "succeeded", "failed"]
    attempts: list[DeliveryAttempt]
    next_attempt_at: int | None = Field(description="When the next retry is due, if one is.")
    created_at: int


class WebhookDeliveryList(Response):
    object: Literal["list"] = "list"
    data: list[WebhookDelivery]
    has_more: bool = False


# --- events ----------------------------------------------------------------------------


class EventError(Response):
    code: str
    message: str


class CompletionEventData(Response):
    id: str = Field(
        description="The completion's id; fetch it with `GET /v1/chat/completions/{completion_id}`."
    )
    status: Literal["completed", "failed"]
    error: EventError | None = omitted_when_null()


class ChatCompletionCompletedEvent(Response):
    """Sent when a background completion finishes."""

    id: str = Field(description="`evt_` and a ULID; also the `webhook-id` header.")
    object: Literal["event"] = "event"
    type: Literal["chat.completion.completed"] = "chat.completion.completed"
    created_at: int
    data: CompletionEventData


class ChatCompletionFailedEvent(Response):
    """Sent when a background completion fails; `data.error` says why."""

    id: str
    object: Literal["event"] = "event"
    type: Literal["chat.completion.failed"] = "chat.completion.failed"
    created_at: int
    data: CompletionEventData


class ResponseEventData(Response):
    id: str = Field(
        description="The response's id; fetch it with `GET /v1/responses/{response_id}`."
    )


class ResponseCompletedWebhookEvent(Response):
    """Sent when a background response finishes, as OpenAI's `response.completed`."""

    id: str = Field(description="`evt_` and a ULID; also the `webhook-id` header.")
    object: Literal["event"] = "event"
    type: Literal["response.completed"] = "response.completed"
    created_at: int
    data: ResponseEventData


class ResponseFailedWebhookEvent(Response):
    """Sent when a background response fails; fetch it for its `error`."""

    id: str
    object: Literal["event"] = "event"
    type: Literal["response.failed"] = "response.failed"
    created_at: int
    data: ResponseEventData
