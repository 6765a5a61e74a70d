"""`/v1/webhook_endpoints`: create, list, retrieve, update, delete, rotate the secret,
list deliveries and redeliver one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import Call, Outcome, endpoint
from metal_sandbox.schemas.webhooks import (
    CreateWebhookEndpoint,
    DeletedWebhookEndpoint,
    RotateSecret,
    UpdateWebhookEndpoint,
    WebhookDeliveryList,
    WebhookEndpointList,
)
from metal_sandbox.validation import to_api_error

Body = TypeVar("Body", bound=BaseModel)
BASE = "/v1/webhook_endpoints"


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
    limit, after = _page_params(call)
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


def _page_params(call: Call) -> tuple[int, str | None]:
    query = call.request.query_params
    raw = query.get("limit", "20")
    if not raw.isdigit() or not 1 <= int(raw) <= 100:
        raise APIError(
            "invalid_value",
            f"Invalid value for 'limit': expected an integer from "
            f"1 to 100, but got '{raw}' instead.",
            param="limit",
        )
    return int(raw), query.get("after")


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


def by_method(path: str, **handlers: Callable[[Request], Awaitable[Response]]) -> Route:
    """One route per path, so a 405's `Allow` header lists every method the path has."""

    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return Route(path, dispatch, methods=list(handlers))


routes = [
    by_method(
        BASE,
        POST=endpoint(create_webhook_endpoint, writes=True),
        GET=endpoint(list_webhook_endpoints),
    ),
    by_method(
        BASE + "/{webhook_endpoint_id}",
        GET=endpoint(retrieve_webhook_endpoint),
        POST=endpoint(update_webhook_endpoint, writes=True),
        DELETE=endpoint(delete_webhook_endpoint, writes=True),
    ),
    Route(
        BASE + "/{webhook_endpoint_id}/rotate_secret",
        endpoint(rotate_webhook_secret, writes=True),
        methods=["POST"],
    ),
    Route(
        BASE + "/{webhook_endpoint_id}/deliveries",
        endpoint(list_webhook_deliveries),
        methods=["GET"],
    ),
    Route(
        BASE + "/{webhook_endpoint_id}/deliveries/{delivery_id}/redeliver",
        endpoint(redeliver_webhook, writes=True),
        methods=["POST"],
    ),
]
