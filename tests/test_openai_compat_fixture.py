"""The OpenAI schema fixture is complete, self-contained, and its validator can fail.

Also pins down what OpenAI's schemas actually require, because the sandbox must emit exactly
those fields: if a regenerated fixture changes them, these tests say what moved.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from openai_compat import ValidationError, errors, fixture, schema, validate

SCHEMA_NAMES = {
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "ListModelsResponse",
    "Model",
    "CreateEmbeddingResponse",
    "ErrorResponse",
    "ChatCompletionTokenLogprob",
    "CreateChatCompletionRequest",
    "CreateEmbeddingRequest",
    "Response",
    "ResponseStreamEvent",
    "ResponseItemList",
    "CreateResponse",
    "WebhookResponseCompleted",
    "WebhookResponseFailed",
    "ChatCompletionList",
    "ChatCompletionDeleted",
    "ChatCompletionMessageList",
}
COMMIT = "f85dbe223d40e1a31cba812ab2d755c7e98a92a3"
DOC_ONLY = {"description", "title", "example", "examples", "deprecated", "default", "nullable"}
SCHEMA_MAPS = {"properties", "patternProperties", "dependentSchemas", "$defs"}

CHAT_COMPLETION: dict[str, Any] = {
    "id": "chatcmpl-01JD2X5V7Q8Z",
    "object": "chat.completion",
    "created": 1732350000,
    "model": "metal-small",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "Hello!", "refusal": None},
            "logprobs": None,
            "finish_reason": "stop",
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11},
}
CHUNK: dict[str, Any] = {
    "id": "chatcmpl-01JD2X5V7Q8Z",
    "object": "chat.completion.chunk",
    "created": 1732350000,
    "model": "metal-small",
    "choices": [
        {"index": 0, "delta": {"role": "assistant", "content": "Hel"}, "finish_reason": None}
    ],
}
MODEL: dict[str, Any] = {
    "id": "metal-small",
    "object": "model",
    "created": 1732350000,
    "owned_by": "metal",
}
MODEL_LIST: dict[str, Any] = {"object": "list", "data": [MODEL]}
EMBEDDINGS: dict[str, Any] = {
    "object": "list",
    "model": "metal-embed",
    "data": [{"object": "embedding", "index": 0, "embedding": [0.25, -0.5, 1.0]}],
    "usage": {"prompt_tokens": 4, "total_tokens": 4},
}
ERROR: dict[str, Any] = {
    "error": {
        "message": "The model `nope` does not exist.",
        "type": "invalid_request_error",
        "param": "model",
        "code": "model_not_found",
    }
}

VALID = [
    ("CreateChatCompletionResponse", CHAT_COMPLETION),
    ("CreateChatCompletionStreamResponse", CHUNK),
    ("Model", MODEL),
    ("ListModelsResponse", MODEL_LIST),
    ("CreateEmbeddingResponse", EMBEDDINGS),
    ("ErrorResponse", ERROR),
]


def changed(instance: dict[str, Any], path: tuple[str | int, ...], value: object) -> Any:
    """A deep copy of ``instance`` with the item at ``path`` replaced (or deleted: ``...``)."""
    result = copy.deepcopy(instance)
    parent = result
    for step in path[:-1]:
        parent = parent[step]
    if value is ...:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return result


def at(schema_name: str, *path: str) -> dict[str, Any]:
    """The subschema at ``path`` (property names, ``[]`` for array items, ``?`` for non-null)."""
    node = schema(schema_name)
    for step in path:
        if step == "[]":
            node = node["items"]
        elif step == "?":
            node = next(sub for sub in node["anyOf"] if sub != {"type": "null"})
        else:
            node = node["properties"][step]
    return node


def accepts_null(subschema: dict[str, Any]) -> bool:
    return Draft202012Validator(subschema).is_valid(None)


def doc_only_keywords(node: Any, where: str = "") -> list[str]:
    """Paths of documentation-only or OpenAPI-only keywords left in a schema."""
    if isinstance(node, list):
        return [hit for i, item in enumerate(node) for hit in doc_only_keywords(item, where)]
    if not isinstance(node, dict):
        return []
    hits = [f"{where}/{key}" for key in node if key in DOC_ONLY or key.startswith("x-")]
    for key, value in node.items():
        if key in SCHEMA_MAPS:
            hits += [h for n, sub in value.items() for h in doc_only_keywords(sub, f"{where}/{n}")]
        elif key not in {"enum", "const", "required"}:
            hits += doc_only_keywords(value, f"{where}/{key}")
    return hits


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if "$ref" in node else []
        return own + [r for value in node.values() for r in refs(value)]
    if isinstance(node, list):
        return [r for item in node for r in refs(item)]
    return []


# --- the fixture itself ----------------------------------------------------------------------


def test_fixture_has_the_schemas_and_its_source() -> None:
    data = fixture()
    assert set(data["schemas"]) == SCHEMA_NAMES
    assert data["source"] == {
        "repository": "openai/openai-openapi",
        "commit": COMMIT,
        "file": "openai-openapi.yaml",
        "licence": "MIT",
    }
    assert "scripts/extract_openai_schemas.py" in data["note"]


@pytest.mark.parametrize("name", sorted(SCHEMA_NAMES))
def test_schemas_are_valid_self_contained_2020_12(name: str) -> None:
    body = schema(name)
    assert body["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(body)
    assert all(ref.startswith("#/$defs/") for ref in refs(body)), refs(body)
    assert doc_only_keywords(body) == []


def test_unknown_schema_name_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match="no OpenAI schema 'ChatCompletion'"):
        validate("ChatCompletion", {})


# --- valid instances pass --------------------------------------------------------------------


@pytest.mark.parametrize(("name", "instance"), VALID, ids=[name for name, _ in VALID])
def test_openai_shaped_instances_validate(name: str, instance: dict[str, Any]) -> None:
    validate(name, instance)
    assert errors(name, instance) == []


def test_richer_chat_completion_validates() -> None:
    rich = changed(CHAT_COMPLETION, ("service_tier",), "default")
    rich["system_fingerprint"] = "fp_metal_1"
    rich["choices"][0]["finish_reason"] = "tool_calls"
    rich["choices"][0]["message"] = {
        "role": "assistant",
        "content": None,
        "refusal": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"city": "Oslo"}'},
            }
        ],
    }
    rich["choices"][0]["logprobs"] = {
        "content": [{"token": "Hi", "logprob": -0.1, "bytes": [72, 105], "top_logprobs": []}],
        "refusal": None,
    }
    validate("CreateChatCompletionResponse", rich)


def test_stream_chunks_through_to_the_usage_chunk_validate() -> None:
    last = changed(CHUNK, ("choices", 0, "delta"), {})
    last["choices"][0]["finish_reason"] = "stop"
    usage_chunk = changed(CHUNK, ("choices",), [])
    usage_chunk["usage"] = {"prompt_tokens": 9, "completion_tokens": 2, "total_tokens": 11}
    for chunk in (last, usage_chunk, changed(CHUNK, ("usage",), None)):
        validate("CreateChatCompletionStreamResponse", chunk)


# --- wrong instances fail --------------------------------------------------------------------

CHAT, STREAM, EMBED = (
    "CreateChatCompletionResponse",
    "CreateChatCompletionStreamResponse",
    "CreateEmbeddingResponse",
)
INVALID = [
    (CHAT, changed(CHAT_COMPLETION, ("choices",), ...), "choices"),
    (CHAT, changed(CHAT_COMPLETION, ("object",), "chat.completion.chunk"), "object"),
    (CHAT, changed(CHAT_COMPLETION, ("created",), "2024-11-23"), "created"),
    (CHAT, changed(CHAT_COMPLETION, ("created",), 1.5), "created"),
    (CHAT, changed(CHAT_COMPLETION, ("choices", 0, "logprobs"), ...), "logprobs"),
    (CHAT, changed(CHAT_COMPLETION, ("choices", 0, "message", "refusal"), ...), "refusal"),
    (CHAT, changed(CHAT_COMPLETION, ("choices", 0, "finish_reason"), None), "finish_reason"),
    (CHAT, changed(CHAT_COMPLETION, ("usage",), None), "usage"),
    (CHAT, changed(CHAT_COMPLETION, ("system_fingerprint",), None), "system_fingerprint"),
    (STREAM, changed(CHUNK, ("object",), "chat.completion"), "object"),
    (STREAM, changed(CHUNK, ("choices", 0, "finish_reason"), ...), "finish_reason"),
    (STREAM, changed(CHUNK, ("choices", 0, "delta"), ...), "delta"),
    ("Model", changed(MODEL, ("owned_by",), ...), "owned_by"),
    ("ListModelsResponse", changed(MODEL_LIST, ("object",), "models"), "object"),
    ("ListModelsResponse", changed(MODEL_LIST, ("data", 0, "created"), "yesterday"), "created"),
    (EMBED, changed(EMBEDDINGS, ("usage",), ...), "usage"),
    (EMBED, changed(EMBEDDINGS, ("data", 0, "embedding"), "AACAPw=="), "embedding"),
    ("ErrorResponse", changed(ERROR, ("error", "message"), ...), "message"),
    ("ErrorResponse", changed(ERROR, ("error", "param"), ...), "param"),
    ("ErrorResponse", changed(ERROR, ("error", "code"), ...), "code"),
    ("ErrorResponse", {"message": "flat, not under 'error'", "type": "server_error"}, "error"),
]


@pytest.mark.parametrize(
    ("name", "instance", "culprit"), INVALID, ids=[f"{n}-{c}" for n, _, c in INVALID]
)
def test_wrong_instances_are_rejected(name: str, instance: object, culprit: str) -> None:
    with pytest.raises(ValidationError):
        validate(name, instance)
    found = errors(name, instance)
    assert found, "errors() must agree with validate()"
    assert any(culprit in line for line in found), found


# --- what OpenAI's schemas require (the sandbox must emit exactly these) --------------------


def test_chat_completion_requirements() -> None:
    name = "CreateChatCompletionResponse"
    assert sorted(schema(name)["required"]) == ["choices", "created", "id", "model", "object"]
    choice = at(name, "choices", "[]")
    assert sorted(choice["required"]) == ["finish_reason", "index", "logprobs", "message"]
    assert accepts_null(at(name, "choices", "[]", "logprobs"))  # required, but may be null
    assert not accepts_null(at(name, "choices", "[]", "finish_reason"))
    message = at(name, "choices", "[]", "message")
    assert sorted(message["required"]) == ["content", "refusal", "role"]
    assert accepts_null(message["properties"]["content"])
    assert accepts_null(message["properties"]["refusal"])
    assert message["properties"]["role"]["enum"] == ["assistant"]
    usage = at(name, "usage")
    assert sorted(usage["required"]) == ["completion_tokens", "prompt_tokens", "total_tokens"]
    assert not accepts_null(usage)  # optional, but not null when present
    assert not accepts_null(at(name, "system_fingerprint"))  # optional, string only
    assert accepts_null(at(name, "service_tier"))  # optional and nullable
    assert at(name, "service_tier", "?")["enum"] == [
        "auto", "default", "flex", "scale", "priority", "fast"
    ]  # fmt: skip


def test_stream_chunk_requirements() -> None:
    name = "CreateChatCompletionStreamResponse"
    assert sorted(schema(name)["required"]) == ["choices", "created", "id", "model", "object"]
    choice = at(name, "choices", "[]")
    assert sorted(choice["required"]) == ["delta", "finish_reason", "index"]
    assert accepts_null(choice["properties"]["finish_reason"])  # required, null until the end
    assert "logprobs" not in choice["required"]
    delta = at(name, "choices", "[]", "delta")
    assert "required" not in delta  # {} is a valid delta
    assert accepts_null(delta["properties"]["content"])
    assert at(name, "choices", "[]", "delta", "tool_calls", "[]")["required"] == ["index"]
    usage = at(name, "usage")
    assert accepts_null(usage)  # null on every chunk but the last when include_usage is set
    assert sorted(usage["required"]) == ["completion_tokens", "prompt_tokens", "total_tokens"]
    assert not accepts_null(at(name, "system_fingerprint"))


def test_model_and_list_requirements() -> None:
    assert sorted(schema("Model")["required"]) == ["created", "id", "object", "owned_by"]
    assert at("Model", "object")["enum"] == ["model"]
    assert accepts_null(at("Model", "shutdown_date"))
    assert sorted(schema("ListModelsResponse")["required"]) == ["data", "object"]
    item = at("ListModelsResponse", "data", "[]")
    assert item == {key: value for key, value in schema("Model").items() if key != "$schema"}
    assert "type" not in item  # OpenAI's Model schema does not even say it is an object


def test_embedding_requirements() -> None:
    name = "CreateEmbeddingResponse"
    assert sorted(schema(name)["required"]) == ["data", "model", "object", "usage"]
    assert sorted(at(name, "data", "[]")["required"]) == ["embedding", "index", "object"]
    assert at(name, "data", "[]", "embedding")["type"] == "array"  # base64 strings do not fit
    assert sorted(at(name, "usage")["required"]) == ["prompt_tokens", "total_tokens"]


def test_error_requirements() -> None:
    assert schema("ErrorResponse")["required"] == ["error"]
    error = at("ErrorResponse", "error")
    assert sorted(error["required"]) == ["code", "message", "param", "type"]
    assert accepts_null(error["properties"]["param"])  # required, but may be null
    assert accepts_null(error["properties"]["code"])  # required, but may be null
    assert not accepts_null(error["properties"]["message"])
    assert not accepts_null(error["properties"]["type"])
    no_param = changed(ERROR, ("error", "param"), None)
    validate("ErrorResponse", changed(no_param, ("error", "code"), None))
