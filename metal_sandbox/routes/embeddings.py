"""`POST /v1/embeddings`."""

from __future__ import annotations

from pydantic import ValidationError

from metal_sandbox import embedder
from metal_sandbox.catalog import BY_ID, ids_of
from metal_sandbox.errors import APIError
from metal_sandbox.operations import Operation, Reply, RequestBody, Resource
from metal_sandbox.pipeline import Call, Outcome
from metal_sandbox.schemas.embeddings import EmbeddingList, EmbeddingRequest
from metal_sandbox.validation import to_api_error


async def create_embedding(call: Call) -> Outcome:
    try:
        request = EmbeddingRequest.model_validate_json(call.body)
    except ValidationError as exc:
        raise to_api_error(exc, call.body) from None
    card = BY_ID.get(request.model)
    if card is None or card.kind != "embedding":
        what = "does not exist" if card is None else "is a chat model, not an embeddings model"
        raise APIError(
            "model_not_found",
            f"The model '{request.model}' {what}: embed with {ids_of('embedding')}.",
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


RESOURCE = Resource(
    "Embeddings",
    "Vectors for search and retrieval.",
    (
        Operation(
            "POST",
            "/embeddings",
            "createEmbedding",
            create_embedding,
            summary="Create embeddings",
            description="Turns text into vectors of length 1 for search, clustering and "
            "retrieval. Similar texts get vectors with a higher dot product.",
            writes=True,
            request=RequestBody(
                EmbeddingRequest, lambda ex: {"text": {"value": ex["embedding_request"]}}
            ),
            reply=Reply(
                EmbeddingList,
                "One vector per input, in input order.",
                lambda ex: {"text": {"value": ex["embedding"]}},
            ),
            errors=("model_not_found", "context_length_exceeded"),
        ),
    ),
)
