"""Embeddings take every input and field of OpenAI's contract: strings, arrays of strings,
token ids and arrays of them, `encoding_format`, `dimensions` and `user`, through the
official SDK (sync and async); bad input gets the documented error."""

from __future__ import annotations

import base64
import json
import math
from array import array
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from metal_sandbox.testing import Sandbox

from contract_check import validate_contract
from openai_compat import errors, validate

SURFACE = Path(__file__).parent.parent / "fixtures" / "openai-surface.json"
EMBED = "/v1/embeddings"
MODEL = "aurora-embed-1"

INPUTS: dict[str, Any] = {
    "string": "hello world",
    "strings": ["hello world", "goodbye"],
    "tokens": [15339, 1917],
    "token_arrays": [[15339, 1917], [15339], [100276, 0]],
}
SAMPLES = {
    "model": MODEL,
    "input": INPUTS["token_arrays"],
    "encoding_format": "base64",
    "dimensions": 16,
    "user": "user-4fb1",
}


@pytest.fixture
def metal_sandbox(unlimited_sandbox: Sandbox) -> Sandbox:
    """Rate limits off: these tests send more than five requests a minute (the suite's
    `client`, `aclient` and `http` fixtures use it)."""
    return unlimited_sandbox


def dot(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_every_field_of_openais_contract_has_a_sample() -> None:
    operations = json.loads(SURFACE.read_text())["operations"]
    fields = next(op["body"] for op in operations if op["operation_id"] == "createEmbedding")
    assert sorted(SAMPLES) == sorted(fields)
    assert errors("CreateEmbeddingRequest", SAMPLES) == []


def test_every_field_at_once(http: httpx.Client) -> None:
    response = http.post(EMBED, json=SAMPLES)
    assert response.status_code == 200, response.text
    validate_contract("EmbeddingList", response.json())
    data = response.json()["data"]
    assert [d["index"] for d in data] == [0, 1, 2]
    vectors = [array("f", base64.b64decode(d["embedding"])).tolist() for d in data]
    assert {len(v) for v in vectors} == {16}
    assert all(math.isclose(dot(v, v), 1.0, rel_tol=1e-5) for v in vectors)


@pytest.mark.parametrize("kind", INPUTS)
@pytest.mark.parametrize("encoding", ["float", "base64"])
def test_each_kind_of_input(http: httpx.Client, kind: str, encoding: str) -> None:
    body = {"model": MODEL, "input": INPUTS[kind], "encoding_format": encoding}
    assert errors("CreateEmbeddingRequest", body) == []
    response = http.post(EMBED, json=body)
    assert response.status_code == 200, response.text
    if encoding == "float":  # OpenAI's schema knows only float vectors, not base64 text
        validate("CreateEmbeddingResponse", response.json())
    validate_contract("EmbeddingList", response.json())
    many = isinstance(INPUTS[kind], list) and not isinstance(INPUTS[kind][0], int)
    assert len(response.json()["data"]) == (len(INPUTS[kind]) if many else 1)
    embedding = response.json()["data"][0]["embedding"]
    assert isinstance(embedding, str if encoding == "base64" else list)


def test_token_usage_counts_the_ids(client: openai.OpenAI) -> None:
    one = client.embeddings.create(model=MODEL, input=[15339, 1917])
    assert one.usage.prompt_tokens == one.usage.total_tokens == 2
    many = client.embeddings.create(model=MODEL, input=INPUTS["token_arrays"])
    assert many.usage.prompt_tokens == 2 + 1 + 2


def test_token_input_is_deterministic_and_ordered_by_shared_ids(client: openai.OpenAI) -> None:
    vectors = [
        d.embedding
        for d in client.embeddings.create(
            model=MODEL, input=[[15339, 1917], [15339, 1917], [15339, 2000], [42, 43]]
        ).data
    ]
    assert vectors[0] == vectors[1]
    assert dot(vectors[0], vectors[2]) > dot(vectors[0], vectors[3])
    flat = client.embeddings.create(model=MODEL, input=[15339, 1917]).data[0].embedding
    assert flat == vectors[0], "one flat token array is one input"


def test_base64_decodes_to_the_float_vector(client: openai.OpenAI, http: httpx.Client) -> None:
    as_float = client.embeddings.create(model=MODEL, input="hello", encoding_format="float")
    raw = http.post(EMBED, json={"model": MODEL, "input": "hello", "encoding_format": "base64"})
    decoded = array("f", base64.b64decode(raw.json()["data"][0]["embedding"])).tolist()
    assert len(decoded) == 768
    for a, b in zip(as_float.data[0].embedding, decoded, strict=True):
        assert math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-7)


def test_dimensions_keep_the_vector_prefix_direction(client: openai.OpenAI) -> None:
    full = client.embeddings.create(model=MODEL, input="hello").data[0].embedding
    short = client.embeddings.create(model=MODEL, input="hello", dimensions=4).data[0].embedding
    norm = math.sqrt(dot(full[:4], full[:4]))
    assert [round(x, 5) for x in short] == [round(x / norm, 5) for x in full[:4]]


def test_user_and_nulls_do_not_change_the_vectors(http: httpx.Client) -> None:
    def vector(**extra: object) -> list[float]:
        response = http.post(EMBED, json={"model": MODEL, "input": "hello", **extra})
        assert response.status_code == 200, response.text
        return response.json()["data"][0]["embedding"]

    plain = vector()
    assert vector(user="u-1") == vector(user=None) == plain
    assert vector(encoding_format=None) == vector(dimensions=None) == plain


@pytest.mark.anyio
async def test_async_sdk_token_input(aclient: openai.AsyncOpenAI) -> None:
    result = await aclient.embeddings.create(
        model=MODEL, input=[[15339, 1917], [1917]], dimensions=8, user="u-1"
    )
    assert [len(d.embedding) for d in result.data] == [8, 8]
    validate("CreateEmbeddingResponse", result.model_dump(mode="json"))


@pytest.mark.parametrize(
    ("value", "code", "param"),
    [
        ([], "empty_array", "input"),
        ([[]], "empty_array", "input[0]"),
        ("", "invalid_value", "input"),
        (["a", ""], "invalid_value", "input[1]"),
        ([100277], "invalid_value", "input[0]"),
        ([-1], "invalid_value", "input[0]"),
        ([[1, 2], [100277]], "invalid_value", "input[1][0]"),
        ([1.5], "invalid_type", "input[0]"),
        (["a", 1], "invalid_type", "input[1]"),
        ([[1], "a"], "invalid_type", "input[1]"),
        (7, "invalid_type", "input"),
        ({"text": "a"}, "invalid_type", "input"),
        (["a"] * 2049, "invalid_value", "input"),
        ([[1]] * 2049, "invalid_value", "input"),
    ],
)
def test_bad_input(http: httpx.Client, value: object, code: str, param: str) -> None:
    response = http.post(EMBED, json={"model": MODEL, "input": value})
    assert response.status_code == 400, response.text
    validate("ErrorResponse", response.json())
    error = response.json()["error"]
    assert (error["code"], error["param"]) == (code, param)


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("encoding_format", "hex", "invalid_value"),
        ("encoding_format", 1, "invalid_value"),
        ("dimensions", 0, "invalid_value"),
        ("dimensions", 769, "invalid_value"),
        ("dimensions", 8.5, "invalid_type"),
        ("dimensions", "8", "invalid_type"),
        ("user", 5, "invalid_type"),
        ("truncate", True, "unknown_parameter"),
    ],
)
def test_bad_fields(http: httpx.Client, field: str, value: object, code: str) -> None:
    response = http.post(EMBED, json={"model": MODEL, "input": "a", field: value})
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["param"]) == (code, field)


def test_too_many_tokens_in_one_input(http: httpx.Client) -> None:
    response = http.post(EMBED, json={"model": MODEL, "input": [[1] * 9000]})
    assert response.status_code == 400, response.text
    assert response.json()["error"]["code"] == "context_length_exceeded"
