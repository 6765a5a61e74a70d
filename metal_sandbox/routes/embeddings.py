"""`POST /v1/embeddings`."""

from __future__ import annotations

from pydantic import ValidationError
from starlette.routing import Route

from metal_sandbox import embedder
from metal_sandbox.catalog import BY_ID
from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import Call, Outcome, endpoint
from metal_sandbox.schemas.embeddings import EmbeddingRequest
from metal_sandbox.validation import to_api_error


async def create_embedding(call: Call) -> Outcome:
    try:
        request = EmbeddingRequest.model_validate_json(call.body)
    except ValidationError as exc:
        raise to_api_error(exc, call.body) from None
    card = BY_ID.get(request.model)
    if card is None or card.kind != "embedding":
        raise APIError(
            "model_not_found",
            f"The model '{request.model}' does not exist or cannot embed; use aurora-embed-1.",
            param="model",
        )
    for index, used in enumerate(embedder.token_counts(request)):
        if used > card.context_window:
            raise APIError(
                "context_length_exceeded",
                f"Input {index} has {used} tokens; {card.id} embeds at most "
                f"{card.context_window} tokens per input.",
                param="input",
            )
    result = embedder.create(request)
    limiter, now = call.runtime.limiter, call.now()
    limiter.admit_tokens(call.account, now, result.usage.total_tokens)
    limiter.spend_tokens(call.account, now, result.usage.total_tokens)
    return Outcome.json(result)


routes = [Route("/v1/embeddings", endpoint(create_embedding, writes=True), methods=["POST"])]
