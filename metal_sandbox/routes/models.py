"""`GET /v1/models` and `GET /v1/models/{model}`."""

from __future__ import annotations

from metal_sandbox.catalog import BY_ID, MODELS
from metal_sandbox.errors import APIError
from metal_sandbox.operations import Operation, Reply, Resource
from metal_sandbox.params import PathParam
from metal_sandbox.pipeline import Call, Outcome
from metal_sandbox.schemas.models import Model, ModelList


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


RESOURCE = Resource(
    "Models",
    "The models you can call.",
    (
        Operation(
            "GET",
            "/models",
            "listModels",
            list_models,
            summary="List models",
            description="Lists the models you can use, with their context windows.",
            reply=Reply(ModelList, "The models.", lambda ex: {"models": {"value": ex["models"]}}),
        ),
        Operation(
            "GET",
            "/models/{model}",
            "retrieveModel",
            retrieve_model,
            summary="Retrieve a model",
            description="Fetches one model by id.",
            parameters=(
                PathParam(
                    "model",
                    "A model id, such as `aurora`.",
                    example=lambda ex: ex["model"]["id"],
                    slashes=True,
                ),
            ),
            reply=Reply(Model, "The model.", lambda ex: {"aurora": {"value": ex["model"]}}),
            errors=("model_not_found",),
        ),
    ),
)
