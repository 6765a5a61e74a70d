"""One module per resource of the API: its handlers and its `RESOURCE`, the declaration
of each of its operations (see `metal_sandbox.operations`). The app's routes and the
contract both come from `RESOURCES`, in this order."""

from __future__ import annotations

from metal_sandbox.operations import Resource
from metal_sandbox.routes import chat, embeddings, models, responses, webhooks

RESOURCES: tuple[Resource, ...] = (
    models.RESOURCE,
    chat.RESOURCE,
    responses.RESOURCE,
    embeddings.RESOURCE,
    webhooks.RESOURCE,
)
