"""`/v1/webhook_endpoints`: create, list, retrieve, update, delete, rotate the secret,
list deliveries and redeliver one; and the events MeTal sends to the endpoints."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from metal_sandbox.operations import Event, Operation, Reply, RequestBody, Resource
from metal_sandbox.params import Examples, PathParam, QueryParam
from metal_sandbox.pipeline import Call, Outcome
from metal_sandbox.schemas.webhooks import (
    ChatCompletionCompletedEvent,
    ChatCompletionFailedEvent,
    CreateWebhookEndpoint,
    DeletedWebhookEndpoint,
    RotateSecret,
    UpdateWebhookEndpoint,
    WebhookDelivery,
    WebhookDeliveryList,
    WebhookEndpoint,
    WebhookEndpointList,
    WebhookEndpointWithSecret,
)
from metal_sandbox.validation import to_api_error

Body = TypeVar("Body", bound=BaseModel)


def parse(model: type[Body], call: Call, *, empty_allowed: bool = False) -> Body:
    raw = call.body if call.body.strip() or not empty_allowed else b"{}"
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise to_api_error(exc, raw) from None


def _endpoint_id(call: Call) -> str:
    return call.request.path_params["webhook_endpoint_id"]


async def create_webhook_endpoint(call: Call) -> Outcome:
    created = call.runtime.webhooks.create(call.account, parse(CreateWebhookEndpoint, call))
    return Outcome.json(created.with_secret(call.now()))


async def list_webhook_endpoints(call: Call) -> Outcome:
    """Newest first, `limit` at a time (1 to 100, default 20), resuming `after` an id."""
    limit, after = call.query["limit"], call.query["after"]
    endpoints = call.runtime.webhooks.list(call.account)
    ids = [e.id for e in endpoints]
    start = ids.index(after) + 1 if after in ids else 0
    page = [e.model(call.now()) for e in endpoints[start : start + limit]]
    return Outcome.json(
        WebhookEndpointList(
            data=page,
            first_id=page[0].id if page else None,
            last_id=page[-1].id if page else None,
            has_more=start + limit < len(endpoints),
        )
    )


async def retrieve_webhook_endpoint(call: Call) -> Outcome:
    found = call.runtime.webhooks.get(call.account, _endpoint_id(call))
    return Outcome.json(found.model(call.now()))


async def update_webhook_endpoint(call: Call) -> Outcome:
    request = parse(UpdateWebhookEndpoint, call)
    updated = call.runtime.webhooks.update(call.account, _endpoint_id(call), request)
    return Outcome.json(updated.model(call.now()))


async def delete_webhook_endpoint(call: Call) -> Outcome:
    call.runtime.webhooks.delete(call.account, _endpoint_id(call))
    return Outcome.json(DeletedWebhookEndpoint(id=_endpoint_id(call)))


async def rotate_webhook_secret(call: Call) -> Outcome:
    request = parse(RotateSecret, call, empty_allowed=True)
    rotated = call.runtime.webhooks.rotate(
        call.account, _endpoint_id(call), keep_old=request.keep_old_secret_active_for_24_hours
    )
    return Outcome.json(rotated.with_secret(call.now()))


async def list_webhook_deliveries(call: Call) -> Outcome:
    found = call.runtime.webhooks.get(call.account, _endpoint_id(call))
    return Outcome.json(WebhookDeliveryList(data=[d.model() for d in reversed(found.deliveries)]))


async def redeliver_webhook(call: Call) -> Outcome:
    delivery = call.runtime.webhooks.redeliver(
        call.account, _endpoint_id(call), call.request.path_params["delivery_id"]
    )
    return Outcome.json(delivery.model())


# --- declarations ---------------------------------------------------------------------

BY_ID = PathParam("webhook_endpoint_id", "The endpoint's id, `we_…`.")


def _endpoints(ex: Examples) -> dict[str, Any]:
    page = {
        "object": "list",
        "data": [ex["endpoint"]],
        "first_id": ex["endpoint"]["id"],
        "last_id": ex["endpoint"]["id"],
        "has_more": False,
    }
    return {"endpoints": {"value": page}}


def _deleted(ex: Examples) -> dict[str, Any]:
    gone = {"id": ex["endpoint"]["id"], "object": "webhook_endpoint.deleted", "deleted": True}
    return {"deleted": {"value": gone}}


def _deliveries(ex: Examples) -> dict[str, Any]:
    return {
        "deliveries": {"value": {"object": "list", "data": [ex["delivery"]], "has_more": False}}
    }


ENDPOINT = Reply(
    WebhookEndpoint, "The endpoint.", lambda ex: {"endpoint": {"value": ex["endpoint"]}}
)

RESOURCE = Resource(
    "Webhooks",
    "Signed events about background work.",
    (
        Operation(
            "POST",
            "/webhook_endpoints",
            "createWebhookEndpoint",
            create_webhook_endpoint,
            summary="Create a webhook endpoint",
            description="Registers a URL to receive signed events. The response holds "
            "`signing_secret`, shown only now and on rotation. The sandbox accepts only "
            "loopback URLs; production only public HTTPS URLs.",
            writes=True,
            request=RequestBody(
                CreateWebhookEndpoint, lambda ex: {"endpoint": {"value": ex["create_request"]}}
            ),
            reply=Reply(
                WebhookEndpointWithSecret,
                "The endpoint with its signing secret, shown this once.",
                lambda ex: {"created": {"value": ex["endpoint_with_secret"]}},
            ),
            errors=("invalid_url", "endpoint_limit_reached"),
        ),
        Operation(
            "GET",
            "/webhook_endpoints",
            "listWebhookEndpoints",
            list_webhook_endpoints,
            summary="List webhook endpoints",
            description="Lists the account's endpoints, newest first, a page at a time.",
            reply=Reply(WebhookEndpointList, "Your endpoints.", _endpoints),
            parameters=(
                QueryParam(
                    "limit",
                    "How many endpoints to return, 1 to 100.",
                    type="integer",
                    minimum=1,
                    maximum=100,
                    default=20,
                ),
                QueryParam(
                    "after",
                    "An endpoint id: return the endpoints listed after it "
                    "(the `last_id` of the previous page).",
                ),
            ),
        ),
        Operation(
            "GET",
            "/webhook_endpoints/{webhook_endpoint_id}",
            "retrieveWebhookEndpoint",
            retrieve_webhook_endpoint,
            summary="Retrieve a webhook endpoint",
            description="Fetches one endpoint. The secret is never shown again; "
            "`signing_secret_hint` tells secrets apart.",
            parameters=(BY_ID,),
            reply=ENDPOINT,
            errors=("webhook_endpoint_not_found",),
        ),
        Operation(
            "POST",
            "/webhook_endpoints/{webhook_endpoint_id}",
            "updateWebhookEndpoint",
            update_webhook_endpoint,
            summary="Update a webhook endpoint",
            description="Changes the URL, name, description or event types; fields you "
            "omit keep their values. `event_types` replaces the whole set.",
            parameters=(BY_ID,),
            writes=True,
            request=RequestBody(
                UpdateWebhookEndpoint,
                lambda ex: {"rename": {"value": {"name": "orders-service-v2"}}},
            ),
            reply=ENDPOINT,
            errors=("webhook_endpoint_not_found", "invalid_url"),
        ),
        Operation(
            "DELETE",
            "/webhook_endpoints/{webhook_endpoint_id}",
            "deleteWebhookEndpoint",
            delete_webhook_endpoint,
            summary="Delete a webhook endpoint",
            description="Deletes the endpoint. Deliveries in flight to it stop.",
            parameters=(BY_ID,),
            writes=True,
            reply=Reply(
                DeletedWebhookEndpoint,
                "The endpoint is gone; no further deliveries are made to it.",
                _deleted,
            ),
            errors=("webhook_endpoint_not_found",),
        ),
        Operation(
            "POST",
            "/webhook_endpoints/{webhook_endpoint_id}/rotate_secret",
            "rotateWebhookSecret",
            rotate_webhook_secret,
            summary="Rotate the signing secret",
            description="Issues a new secret. For 24 hours every delivery carries two "
            "signatures, one per secret, so you can deploy the new secret without missing "
            "an event; then the old one stops signing.",
            parameters=(BY_ID,),
            writes=True,
            request=RequestBody(
                RotateSecret,
                lambda ex: {"default": {"value": {"keep_old_secret_active_for_24_hours": True}}},
                required=False,
            ),
            reply=Reply(
                WebhookEndpointWithSecret,
                "The endpoint with its new signing secret, shown this once.",
                lambda ex: {"rotated": {"value": ex["rotated"]}},
            ),
            errors=("webhook_endpoint_not_found",),
        ),
        Operation(
            "GET",
            "/webhook_endpoints/{webhook_endpoint_id}/deliveries",
            "listWebhookDeliveries",
            list_webhook_deliveries,
            summary="List an endpoint's deliveries",
            description="Recent deliveries to the endpoint (the last 500), newest first, each "
            "with its attempts and the status codes your receiver answered.",
            parameters=(BY_ID,),
            reply=Reply(
                WebhookDeliveryList,
                "Recent deliveries, newest first, with every attempt.",
                _deliveries,
            ),
            errors=("webhook_endpoint_not_found",),
        ),
        Operation(
            "POST",
            "/webhook_endpoints/{webhook_endpoint_id}/deliveries/{delivery_id}/redeliver",
            "redeliverWebhook",
            redeliver_webhook,
            summary="Redeliver a webhook",
            description="Sends a delivery again, with the same `webhook-id` and a fresh "
            "retry schedule. Use it after fixing a receiver that let deliveries fail.",
            parameters=(BY_ID, PathParam("delivery_id", "The delivery's id, `whdel_…`.")),
            writes=True,
            reply=Reply(
                WebhookDelivery,
                "The delivery, `pending` again while the new attempts run.",
                lambda ex: {"delivery": {"value": ex["delivery"]}},
            ),
            errors=("webhook_endpoint_not_found", "delivery_not_found"),
        ),
    ),
    events=(
        Event(
            "chat.completion.completed",
            ChatCompletionCompletedEvent,
            "A background completion finished.",
            lambda ex: ex["completed_event"],
        ),
        Event(
            "chat.completion.failed",
            ChatCompletionFailedEvent,
            "A background completion failed.",
            lambda ex: ex["failed_event"],
        ),
    ),
)
