"""`GET /v1/models` and `GET /v1/models/{model}`."""

from __future__ import annotations

import openai
import pytest

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
