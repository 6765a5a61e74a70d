"""Bodies of `POST /v1/embeddings`."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, field_validator

from metal_sandbox.schemas.base import Request, Response, whole_number
from metal_sandbox.schemas.token_ids import TokenId

EmbeddingInput = Annotated[str, StringConstraints(min_length=1)]
#: The most inputs one request may embed, as OpenAI allows.
MAX_INPUTS = 2048
Tokens = Annotated[list[TokenId], Field(min_length=1)]


class EmbeddingRequest(Request):
    model: str = Field(description="The embedding model: `aurora-embed-1`.")
    input: (
        EmbeddingInput
        | Annotated[list[EmbeddingInput], Field(min_length=1, max_length=MAX_INPUTS)]
        | Annotated[list[TokenId], Field(min_length=1, max_length=MAX_INPUTS)]
        | Annotated[list[Tokens], Field(min_length=1, max_length=MAX_INPUTS)]
    ) = Field(
        description="What to embed: a string, an array of up to 2,048 strings, one text "
        "as an array of token ids (`[15339, 1917]`), or an array of up to 2,048 of those. "
        "Strings and token arrays may not be empty; token ids run from 0 to 100276."
    )
    encoding_format: Literal["float", "base64"] | None = Field(
        default=None,
        description="`float` returns arrays of numbers; `base64` returns each vector as "
        "little-endian float32 bytes in base64, which is smaller. The SDKs ask for base64 "
        "and decode it for you. Default (or `null`): `float`.",
    )
    dimensions: int | None = Field(
        default=None,
        ge=1,
        le=768,
        description="Return vectors with this many dimensions (at most 768, the default). "
        "Shortened vectors are re-normalised to length 1.",
    )
    user: str | None = Field(default=None, description="Your own id for the end user.")

    _whole_numbers = field_validator("dimensions", mode="before")(whole_number)


class Embedding(Response):
    object: Literal["embedding"] = "embedding"
    index: int = Field(description="The position of the input this vector belongs to.")
    embedding: list[float] | str = Field(
        description="The vector: numbers, or base64 when `encoding_format` is `base64`. "
        "Vectors have length 1, so a dot product is their cosine similarity."
    )


class EmbeddingUsage(Response):
    prompt_tokens: int = Field(
        description="Tokens in the inputs: each text's tokens, each token array's length."
    )
    total_tokens: int = Field(
        description="The same as `prompt_tokens`: embeddings have no output tokens."
    )


class EmbeddingList(Response):
    object: Literal["list"] = "list"
    data: list[Embedding] = Field(description="One embedding per input, in the inputs' order.")
    model: str = Field(description="The model that made the vectors: `aurora-embed-1`.")
    usage: EmbeddingUsage = Field(description="The tokens the inputs used.")
