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
#: What every event carries at its top level.
EVENT_ID = "`evt_` and a ULID; also the `webhook-id` header."
EVENT_CREATED = "Unix time (seconds) when the event happened."


class CreateWebhookEndpoint(Request):
    url: Url = Field(
        description="Where deliveries go. Production: a public HTTPS URL. "
        "Sandbox: a loopback URL such as `http://127.0.0.1:8000/webhooks`."
    )
    event_types: EventTypes = Field(description="The events to deliver to this endpoint.")
    name: Name = Field(description="A name for people, such as `orders-service`.")
    description: str | None = Field(
        default=None,
        max_length=512,
        description="A note for people about what the endpoint is for.",
    )


class UpdateWebhookEndpoint(Request):
    url: Url | None = Field(
        default=None, description="A new URL for deliveries, with the same rules as at creation."
    )
    event_types: EventTypes | None = Field(
        default=None, description="The complete new set of event types."
    )
    name: Name | None = Field(default=None, description="A new name.")
    description: str | None = Field(
        default=None,
        max_length=512,
        description="A new description. Left out or `null`, the old one stays.",
    )


class RotateSecret(Request):
    keep_old_secret_active_for_24_hours: bool = Field(
        default=True,
        description="Keep signing with the old secret too, for 24 hours, so receivers can "
        "switch without missing a delivery. `false` retires it at once.",
    )


class WebhookEndpoint(Response):
    id: str = Field(description="`we_` and a 26-character ULID.")
    object: Literal["webhook_endpoint"] = "webhook_endpoint"
    url: str = Field(description="Where deliveries go.")
    event_types: list[str] = Field(description="The events delivered to this endpoint.")
    name: str = Field(description="The endpoint's name.")
    description: str | None = Field(
        default=None, description="The endpoint's description; null when it has none."
    )
    signing_secret_hint: str = Field(
        description="The secret's last characters, to tell secrets apart without revealing them."
    )
    rotation_expires_at: int | None = Field(
        default=None,
        description="While a rotation window is open, when the old secret "
        "stops signing (Unix seconds).",
    )
    created_at: int = Field(description="Unix time (seconds) of creation.")
    updated_at: int = Field(
        description="Unix time (seconds) of the last change: an update or a secret rotation."
    )


class WebhookEndpointWithSecret(WebhookEndpoint):
    """An endpoint as creation and rotation return it: the only time the secret is shown."""

    signing_secret: str = Field(
        description="`whsec_` and base64: store it in your secret "
        "manager now; it is never shown again."
    )


class WebhookEndpointList(Response):
    object: Literal["list"] = "list"
    data: list[WebhookEndpoint] = Field(description="Your endpoints, newest first.")
    first_id: str | None = Field(
        default=None, description="The first endpoint's id; null on an empty page."
    )
    last_id: str | None = Field(
        default=None, description="The last endpoint's id: pass it as `after` for the next page."
    )
    has_more: bool = Field(default=False, description="Whether more endpoints follow this page.")


class DeletedWebhookEndpoint(Response):
    id: str = Field(description="The deleted endpoint's id.")
    object: Literal["webhook_endpoint.deleted"] = "webhook_endpoint.deleted"
    deleted: Literal[True] = True


class DeliveryAttempt(Response):
    attempt: int = Field(description="1 for the first try.")
    attempted_at: int = Field(description="Unix time (seconds) when the attempt started.")
    status_code: int | None = Field(
        description="The receiver's HTTP status, or null when "
        "no response came (refused, timed out)."
    )
    error: str | None = Field(default=None, description="Why no response came, if none did.")
    duration_ms: int = Field(
        description="How long the attempt took, until your receiver answered or it failed, "
        "in milliseconds."
    )


class WebhookDelivery(Response):
    id: str = Field(description="`whdel_` and a 26-character ULID.")
    object: Literal["webhook_delivery"] = "webhook_delivery"
    webhook_endpoint_id: str = Field(description="The endpoint it goes to, `we_...`.")
    event_id: str = Field(
        description="The event's id, sent as `webhook-id` on every attempt: "
        "use it to process each event once."
    )
    event_type: str = Field(description="The event's type, such as `chat.completion.completed`.")
    status: Literal["pending", "succeeded", "failed"] = Field(
        description="`pending` while attempts are due; `succeeded` once your receiver answered "
        "2xx; `failed` after the last attempt, or an attempt that could not be made."
    )
    attempts: list[DeliveryAttempt] = Field(description="Every attempt so far, oldest first.")
    next_attempt_at: int | None = Field(description="When the next retry is due, if one is.")
    created_at: int = Field(description="Unix time (seconds) when the event was sent.")


class WebhookDeliveryList(Response):
    object: Literal["list"] = "list"
    data: list[WebhookDelivery] = Field(
        description="The endpoint's last 500 deliveries, newest first."
    )
    has_more: bool = Field(
        default=False, description="Always false: `data` holds every delivery kept."
    )


# --- events ----------------------------------------------------------------------------


class EventError(Response):
    code: str = Field(description="The completion's `error.code`, such as `server_error`.")
    message: str = Field(description="The completion's `error.message`.")


class CompletionEventData(Response):
    """The completion the event is about."""

    id: str = Field(
        description="The completion's id; fetch it with `GET /v1/chat/completions/{completion_id}`."
    )
    status: Literal["completed", "failed"] = Field(description="The completion's `status`.")
    error: EventError | None = omitted_when_null(
        description="Why the completion failed, on `chat.completion.failed` only."
    )


class ChatCompletionCompletedEvent(Response):
    """Sent when a background completion finishes."""

    id: str = Field(description=EVENT_ID)
    object: Literal["event"] = "event"
    type: Literal["chat.completion.completed"] = "chat.completion.completed"
    created_at: int = Field(description=EVENT_CREATED)
    data: CompletionEventData


class ChatCompletionFailedEvent(Response):
    """Sent when a background completion fails; `data.error` says why."""

    id: str = Field(description=EVENT_ID)
    object: Literal["event"] = "event"
    type: Literal["chat.completion.failed"] = "chat.completion.failed"
    created_at: int = Field(description=EVENT_CREATED)
    data: CompletionEventData


class ResponseEventData(Response):
    """The response the event is about."""

    id: str = Field(
        description="The response's id; fetch it with `GET /v1/responses/{response_id}`."
    )


class ResponseCompletedWebhookEvent(Response):
    """Sent when a background response finishes, as OpenAI's `response.completed`."""

    id: str = Field(description=EVENT_ID)
    object: Literal["event"] = "event"
    type: Literal["response.completed"] = "response.completed"
    created_at: int = Field(description=EVENT_CREATED)
    data: ResponseEventData


class ResponseFailedWebhookEvent(Response):
    """Sent when a background response fails; fetch it for its `error`."""

    id: str = Field(description=EVENT_ID)
    object: Literal["event"] = "event"
    type: Literal["response.failed"] = "response.failed"
    created_at: int = Field(description=EVENT_CREATED)
    data: ResponseEventData
