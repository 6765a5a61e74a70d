"""`GET /v1/models` and `GET /v1/models/{model}`."""

from __future__ import annotations

from starlette.routing import Route

from metal_sandbox.catalog import BY_ID, MODELS
from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import Call, Outcome, endpoint
from metal_sandbox.schemas.models import ModelList


async def list_models(call: Call) -> Outcome:
    return Outcome.json(ModelList(data=[card.to_model() for card in MODELS]))


async def retrieve_model(call: Call) -> Outcome:
    name = call.request.path_params["model"]
    card = BY_ID.get(name)
    if card is None:
        raise APIError(
            "model_not_found",
            f"The model '{name}' does not exist or you do not have access to it.",
            param="model",
        )
    return Outcome.json(card.to_model())


routes = [
    Route("/v1/models", endpoint(list_models), methods=["GET"]),
    Route("/v1/models/{model:path}", endpoint(retrieve_model), methods=["GET"]),
]
