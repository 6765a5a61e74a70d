"""Model objects, as `GET /v1/models` lists them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from metal_sandbox.schemas.base import Response


class Model(Response):
    """A model you can name in the `model` field of a request."""

    id: str = Field(description="The model's id, used in the `model` field of requests.")
    object: Literal["model"] = "model"
    created: int = Field(description="Unix time (seconds) when the model was released.")
    owned_by: str = Field(description="The organisation that owns the model: `metal`.")
    context_window: int = Field(
        description="How many tokens the prompt and the reply may hold together."
    )
    max_output_tokens: int = Field(description="The largest `max_tokens` the model accepts.")


class ModelList(Response):
    object: Literal["list"] = "list"
    data: list[Model] = Field(description="Every model you can use, chat and embedding ones.")
