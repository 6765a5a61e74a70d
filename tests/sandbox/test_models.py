"""`GET /v1/models` and `GET /v1/models/{model}`."""

from __future__ import annotations

import httpx
import openai
import pytest

from api_reference import tables
from metal_sandbox import catalog
from metal_sandbox.testing import Sandbox

from openai_compat import validate


def test_lists_the_four_models_with_context_windows(client: openai.OpenAI) -> None:
    raw = client.models.with_raw_response.list()
    validate("ListModelsResponse", raw.http_response.json())
    models = {m.id: m for m in raw.parse().data}
    assert set(models) == {"aurora", "valley-fast-1", "valley-pro-1", "aurora-embed-1"}
    windows = {name: m.model_extra["context_window"] for name, m in models.items()}
    assert windows["valley-fast-1"] == 32_768
    assert windows["valley-pro-1"] == 200_000
    assert all(m.owned_by == "metal" for m in models.values())


def test_retrieves_one_model(client: openai.OpenAI) -> None:
    raw = client.models.with_raw_response.retrieve("valley-pro-1")
    validate("Model", raw.http_response.json())
    assert raw.parse().id == "valley-pro-1"


def test_unknown_model_is_404_model_not_found(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as caught:
        client.models.retrieve("gpt-4o")
    assert caught.value.code == "model_not_found"
    assert caught.value.param == "model"
    assert "'gpt-4o' does not exist" in caught.value.message


@pytest.mark.anyio
async def test_async_client_lists_models(aclient: openai.AsyncOpenAI) -> None:
    page = await aclient.models.list()
    assert [m.id for m in page.data][0] == "aurora"


# --- what each model can do: every cell of the models page's table, probed --------------

_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "answer",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"answer": {"type": "string"}},
            "required": ["answer"],
            "additionalProperties": False,
        },
    },
}
_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    },
}
_IMAGE = [
    {"type": "text", "text": "What is in this picture?"},
    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}},
]
#: A chat request that uses one feature of `catalog.CHAT_FEATURES`.
FEATURE_REQUESTS: dict[str, dict[str, object]] = {
    "images": {"messages": [{"role": "user", "content": _IMAGE}]},
    "tools": {"tools": [_TOOL], "tool_choice": "required"},
    "structured output": {"response_format": _SCHEMA},
    "streaming": {"stream": True},
    "reasoning effort": {"reasoning_effort": "low"},
}


@pytest.fixture
def metal_sandbox(unlimited_sandbox: Sandbox) -> Sandbox:
    return unlimited_sandbox


def test_every_feature_has_a_probe() -> None:
    assert set(FEATURE_REQUESTS) == set(catalog.CHAT_FEATURES)


@pytest.mark.parametrize("feature", catalog.CHAT_FEATURES)
@pytest.mark.parametrize("card", catalog.MODELS, ids=lambda card: card.id)
def test_a_model_takes_what_the_models_page_says(
    http: httpx.Client, card: catalog.ModelCard, feature: str
) -> None:
    body = {
        "model": card.id,
        "messages": [{"role": "user", "content": "What is the weather in Paris?"}],
        **FEATURE_REQUESTS[feature],
    }
    response = http.post("/v1/chat/completions", json=body)
    table = tables.models_table()
    row = next(line for line in table.splitlines() if line.startswith(f"| `{card.id}` |"))
    column = 4 + catalog.CHAT_FEATURES.index(feature)
    shown = row.strip("|").split("|")[column].strip()
    if response.status_code == 200:
        assert shown == "yes", f"{card.id} takes {feature}, and the models page says {shown!r}"
    else:
        assert shown in {"no", "n/a"}, f"{card.id} refuses {feature}: {response.text}"
        assert response.status_code in {400, 404}, response.text
