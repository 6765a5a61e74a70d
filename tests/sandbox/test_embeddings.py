"""Embeddings: deterministic unit vectors, closer for similar texts."""

from __future__ import annotations

import math

import openai
import pytest


def cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_unit_vectors_deterministic_and_similarity_ordered(client: openai.OpenAI) -> None:
    texts = [
        "How do I reset my password?",
        "Password reset instructions",
        "The weather in Paris is sunny",
        "How do I reset my password?",
    ]
    response = client.embeddings.create(model="aurora-embed-1", input=texts)
    vectors = [d.embedding for d in response.data]
    assert [d.index for d in response.data] == [0, 1, 2, 3]
    assert all(math.isclose(cosine(v, v), 1.0, rel_tol=1e-5) for v in vectors)
    assert vectors[0] == vectors[3]
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])
    assert response.usage.prompt_tokens == response.usage.total_tokens > 0


def test_float_and_base64_agree(client: openai.OpenAI) -> None:
    as_float = client.embeddings.create(
        model="aurora-embed-1", input="hello", encoding_format="float"
    )
    as_base64 = client.embeddings.create(model="aurora-embed-1", input="hello")  # SDK: base64
    for a, b in zip(as_float.data[0].embedding, as_base64.data[0].embedding, strict=True):
        assert math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7)


def test_dimensions_shortens_and_renormalises(client: openai.OpenAI) -> None:
    vector = (
        client.embeddings.create(model="aurora-embed-1", input="hello", dimensions=8)
        .data[0]
        .embedding
    )
    assert len(vector) == 8
    assert math.isclose(cosine(vector, vector), 1.0, rel_tol=1e-5)


@pytest.mark.parametrize(
    ("model", "error"), [("aurora", openai.NotFoundError), ("nope", openai.NotFoundError)]
)
def test_only_the_embedding_model_embeds(
    client: openai.OpenAI, model: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        client.embeddings.create(model=model, input="hello")


def test_empty_input_is_rejected(client: openai.OpenAI) -> None:
    with pytest.raises(openai.BadRequestError) as caught:
        client.embeddings.create(model="aurora-embed-1", input=[])
    assert caught.value.code == "empty_array"


def test_vectors_are_dense(client: openai.OpenAI) -> None:
    vector = client.embeddings.create(model="aurora-embed-1", input="hello").data[0].embedding
    assert sum(1 for x in vector if x == 0.0) < len(vector) // 100
