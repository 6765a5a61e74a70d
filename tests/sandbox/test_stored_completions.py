"""Stored completions, OpenAI's whole surface, through the official SDK (sync and async):
list with its filters and pages, retrieve, update metadata, delete, and each completion's
messages; per account, refused to the read-only key on writes, and bad input answered with
the documented error. Every body validates against OpenAI's schema and our contract."""

from __future__ import annotations

import time
from typing import Any

import httpx
import openai
import pytest

from metal_sandbox import contract
from metal_sandbox.config import SandboxConfig
from metal_sandbox.examples import WEATHER_TOOL
from metal_sandbox.keys import TEST_KEYS
from metal_sandbox.testing import Sandbox

from contract_check import validate_contract
from openai_compat import errors, validate
from sandbox_helpers import COMPLETION_ID, chat_body

LIST = "/v1/chat/completions"
READ_ONLY = next(k.secret for k in TEST_KEYS if k.read_only)
OTHER = next(k.secret for k in TEST_KEYS if k.account != TEST_KEYS[0].account)


@pytest.fixture
def metal_sandbox(unlimited_sandbox: Sandbox) -> Sandbox:
    """Rate limits off: these tests send more than five requests a minute (the suite's
    `client`, `aclient` and `http` fixtures use it)."""
    return unlimited_sandbox


@pytest.fixture
def sandbox(unlimited_sandbox: Sandbox) -> Sandbox:
    return unlimited_sandbox


def sdk(sandbox: Sandbox, key: str | None = None) -> openai.OpenAI:
    return openai.OpenAI(base_url=sandbox.base_url, api_key=key or sandbox.api_key, max_retries=0)


def store(client: openai.OpenAI, count: int, **extra: Any) -> list[str]:
    """`count` stored completions, oldest first, with a `metadata.n` of their position."""
    return [
        client.chat.completions.create(
            **chat_body(f"Hello {i}"), store=True, metadata={"n": str(i), **extra}
        ).id
        for i in range(count)
    ]


def checked_list(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    body = response.json()
    validate_contract("ChatCompletionList", body)
    if body["data"]:  # OpenAI's schema has `first_id` and `last_id` strings, never null
        validate("ChatCompletionList", body)
    for completion in body["data"]:
        validate("CreateChatCompletionResponse", completion)
    return body


def error_of(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    validate("ErrorResponse", response.json())
    validate_contract("ErrorResponse", response.json())
    return response.json()["error"]


# --- list -----------------------------------------------------------------------------


def test_the_sdk_walks_every_page_in_order(client: openai.OpenAI) -> None:
    ids = store(client, 7)
    client.chat.completions.create(**chat_body("not kept"))
    first = client.chat.completions.list(limit=3)
    assert [c.id for c in first.data] == ids[:3] and first.has_more
    assert [c.id for c in first] == ids, "the auto-pager visits every page once"
    assert [c.id for c in client.chat.completions.list(limit=3, order="desc")] == ids[::-1]
    assert [c.id for c in client.chat.completions.list()] == ids, "default limit 20, asc"
    assert client.chat.completions.list(limit=7).has_more is False


@pytest.mark.anyio
async def test_the_async_sdk_walks_every_page(aclient: openai.AsyncOpenAI) -> None:
    ids = []
    for i in range(5):
        created = await aclient.chat.completions.create(**chat_body(f"Hi {i}"), store=True)
        ids.append(created.id)
    assert [c.id async for c in aclient.chat.completions.list(limit=2)] == ids
    desc = aclient.chat.completions.list(limit=2, order="desc")
    assert [c.id async for c in desc] == ids[::-1]
    messages = aclient.chat.completions.messages.list(ids[0], limit=1)
    assert [m.content async for m in messages] == ["Hi 0"]
    updated = await aclient.chat.completions.update(ids[0], metadata={"k": "v"})
    assert updated.metadata == {"k": "v"}
    assert (await aclient.chat.completions.retrieve(ids[0])).metadata == {"k": "v"}
    assert (await aclient.chat.completions.delete(ids[0])).deleted
    assert [c.id async for c in aclient.chat.completions.list()] == ids[1:]


def test_pages_validate_and_link(client: openai.OpenAI, http: httpx.Client) -> None:
    ids = store(client, 5)
    page = checked_list(http.get(LIST, params={"limit": 2}))
    assert (page["first_id"], page["last_id"], page["has_more"]) == (ids[0], ids[1], True)
    page = checked_list(http.get(LIST, params={"limit": 2, "after": page["last_id"]}))
    assert [c["id"] for c in page["data"]] == ids[2:4] and page["has_more"]
    page = checked_list(http.get(LIST, params={"limit": 2, "after": page["last_id"]}))
    assert [c["id"] for c in page["data"]] == ids[4:] and not page["has_more"]
    back = checked_list(http.get(LIST, params={"order": "desc", "after": ids[3]}))
    assert [c["id"] for c in back["data"]] == ids[:3][::-1]
    end = checked_list(http.get(LIST, params={"after": ids[4]}))
    assert end == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }


def test_filters_by_model_and_metadata(client: openai.OpenAI, http: httpx.Client) -> None:
    ids = store(client, 4, team="blue")
    fast = client.chat.completions.create(
        **chat_body("Hello", model="valley-fast-1"), store=True, metadata={"team": "red"}
    ).id
    assert [c.id for c in client.chat.completions.list(model="valley-fast-1")] == [fast]
    assert [c.id for c in client.chat.completions.list(model="aurora")] == ids
    assert [c.id for c in client.chat.completions.list(metadata={"team": "blue"})] == ids
    both = client.chat.completions.list(metadata={"team": "blue", "n": "2"})
    assert [c.id for c in both] == [ids[2]]
    assert not client.chat.completions.list(metadata={"team": "blue", "n": "9"}).data
    assert not client.chat.completions.list(model="valley-pro-1").data
    raw = checked_list(http.get(LIST, params={"metadata[team]": "red", "model": "valley-fast-1"}))
    assert [c["id"] for c in raw["data"]] == [fast]
    paged = client.chat.completions.list(metadata={"team": "blue"}, limit=3)
    assert [c.id for c in paged] == ids, "filters hold on every page"


def test_every_way_a_completion_is_stored_is_listed(client: openai.OpenAI) -> None:
    plain = client.chat.completions.create(**chat_body("Hi"), store=True).id
    repeat = client.chat.completions.create(**chat_body("Hi"), store=True).id  # answered again
    stream = client.chat.completions.create(**chat_body("Hey"), store=True, stream=True)
    streamed = [chunk.id for chunk in stream][0]
    assert len({plain, repeat, streamed}) == 3
    listed = client.chat.completions.list(model="aurora")
    assert [c.id for c in listed] == [plain, repeat, streamed]
    assert client.chat.completions.retrieve(streamed).choices[0].message.content


# --- update, delete, retrieve -------------------------------------------------------------


def test_update_replaces_the_metadata(client: openai.OpenAI, http: httpx.Client) -> None:
    [first] = store(client, 1, team="blue")
    updated = client.chat.completions.update(first, metadata={"team": "red"})
    assert updated.id == first and updated.metadata == {"team": "red"}
    raw = http.get(f"{LIST}/{first}").json()
    validate("CreateChatCompletionResponse", raw)
    validate_contract("ChatCompletion", raw)
    assert raw["metadata"] == {"team": "red"}
    assert [c.id for c in client.chat.completions.list(metadata={"team": "red"})] == [first]
    assert not client.chat.completions.list(metadata={"team": "blue"}).data
    cleared = http.post(f"{LIST}/{first}", json={"metadata": None}).json()
    assert "metadata" not in cleared
    assert http.post(f"{LIST}/{first}", json={"metadata": {}}).json()["metadata"] == {}
    assert client.chat.completions.retrieve(first).choices == updated.choices


def test_delete_forgets_the_completion(client: openai.OpenAI, http: httpx.Client) -> None:
    kept, gone = store(client, 2)
    deleted = http.delete(f"{LIST}/{gone}")
    assert deleted.status_code == 200
    validate("ChatCompletionDeleted", deleted.json())
    validate_contract("ChatCompletionDeleted", deleted.json())
    assert deleted.json() == {"object": "chat.completion.deleted", "id": gone, "deleted": True}
    assert [c.id for c in client.chat.completions.list()] == [kept]
    for call in (
        lambda: client.chat.completions.retrieve(gone),
        lambda: client.chat.completions.update(gone, metadata={"a": "b"}),
        lambda: client.chat.completions.delete(gone),
        lambda: client.chat.completions.messages.list(gone),
    ):
        with pytest.raises(openai.NotFoundError) as caught:
            call()
        assert caught.value.code == "completion_not_found"
    error = error_of(http.get(LIST, params={"after": gone}), 404)
    assert (error["code"], error["param"]) == ("completion_not_found", "after")


@pytest.mark.parametrize(
    ("body", "code", "param"),
    [
        ({}, "missing_required_parameter", "metadata"),
        ({"metadata": {"a": 1}}, "invalid_type", "metadata.a"),
        ({"metadata": "a=b"}, "invalid_type", "metadata"),
        ({"metadata": {str(i): "v" for i in range(17)}}, "invalid_value", "metadata"),
        ({"metadata": {"k" * 65: "v"}}, "invalid_value", "metadata." + "k" * 65),
        ({"metadata": {"k": "v" * 513}}, "invalid_value", "metadata.k"),
        ({"metadata": {}, "model": "aurora"}, "unknown_parameter", "model"),
    ],
)
def test_bad_updates(
    client: openai.OpenAI, http: httpx.Client, body: dict[str, Any], code: str, param: str
) -> None:
    [first] = store(client, 1)
    error = error_of(http.post(f"{LIST}/{first}", json=body), 400)
    assert (error["code"], error["param"]) == (code, param)
    assert client.chat.completions.retrieve(first).metadata == {"n": "0"}, "unchanged"


# --- messages ---------------------------------------------------------------------------

CONVERSATION: list[dict[str, Any]] = [
    {"role": "developer", "content": "Answer briefly.", "name": "ops"},
    {
        "role": "user",
        "content": [
            {"type": "text", "text": "What is in this image?"},
            {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}},
        ],
    },
    {"role": "assistant", "content": "A cat."},
    {"role": "user", "content": "What's the weather in Paris?", "name": "sam"},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
            }
        ],
    },
    {"role": "tool", "tool_call_id": "call_1", "content": "18°C, sunny"},
]


def test_messages_are_the_conversation_as_sent(client: openai.OpenAI, http: httpx.Client) -> None:
    stored = client.chat.completions.create(
        model="aurora",
        messages=CONVERSATION,
        tools=[WEATHER_TOOL],
        store=True,
        extra_body={"system": "You are a helpful assistant."},
    )
    response = http.get(f"{LIST}/{stored.id}/messages", params={"limit": 100})
    assert response.status_code == 200
    body = response.json()
    validate_contract("StoredMessageList", body)
    # OpenAI's schema gives every message `role: assistant`, though its own example lists
    # the user's: that enum is the one thing the sandbox's messages differ from it in.
    roles = {
        f"$.data[{i}].role: {m['role']!r} is not one of ['assistant']"
        for i, m in enumerate(body["data"])
        if m["role"] != "assistant"
    }  # noqa: E501
    assert set(errors("ChatCompletionMessageList", body)) == roles
    data = body["data"]
    assert [m["id"] for m in data] == [f"{stored.id}-{i}" for i in range(7)]
    assert [m["role"] for m in data] == [
        "system", "developer", "user", "assistant", "user", "assistant", "tool"
    ]  # fmt: skip
    assert data[0]["content"] == "You are a helpful assistant."
    assert (data[1]["name"], data[4]["name"], data[3]["name"]) == ("ops", "sam", None)
    assert data[2]["content"] is None
    assert data[2]["content_parts"] == [
        {"type": "text", "text": "What is in this image?"},
        {
            "type": "image_url",
            "image_url": {"url": "https://example.com/cat.jpg", "detail": "auto"},
        },
    ]
    assert data[5]["tool_calls"][0]["function"]["name"] == "get_weather"
    assert data[6]["tool_call_id"] == "call_1" and data[6]["content"] == "18°C, sunny"
    assert (body["first_id"], body["last_id"], body["has_more"]) == (
        data[0]["id"],
        data[-1]["id"],
        False,
    )


def test_messages_page_through_the_sdk(client: openai.OpenAI) -> None:
    stored = client.chat.completions.create(
        model="aurora", messages=CONVERSATION, tools=[WEATHER_TOOL], store=True
    )
    every = [m.id for m in client.chat.completions.messages.list(stored.id, limit=100)]
    assert len(every) == 6
    first = client.chat.completions.messages.list(stored.id, limit=4)
    assert [m.id for m in first.data] == every[:4] and first.has_more
    assert [m.id for m in first] == every
    backwards = client.chat.completions.messages.list(stored.id, limit=4, order="desc")
    assert [m.id for m in backwards] == every[::-1]
    assert [m.role for m in client.chat.completions.messages.list(stored.id, limit=2)][:2] == [
        "developer",
        "user",
    ]


# --- accounts and keys --------------------------------------------------------------------


def test_another_accounts_completions_are_not_found(
    sandbox: Sandbox, client: openai.OpenAI
) -> None:
    [mine] = store(client, 1)
    other = sdk(sandbox, OTHER)
    assert not other.chat.completions.list().data
    for call in (
        lambda: other.chat.completions.retrieve(mine),
        lambda: other.chat.completions.update(mine, metadata={"a": "b"}),
        lambda: other.chat.completions.delete(mine),
        lambda: other.chat.completions.messages.list(mine),
    ):
        with pytest.raises(openai.NotFoundError) as caught:
            call()
        assert caught.value.code == "completion_not_found"
    theirs = other.chat.completions.create(**chat_body(), store=True).id
    assert [c.id for c in other.chat.completions.list()] == [theirs]
    assert [c.id for c in client.chat.completions.list()] == [mine]
    assert client.chat.completions.retrieve(mine).metadata == {"n": "0"}, "untouched"


def test_the_read_only_key_reads_but_does_not_write(
    sandbox: Sandbox, client: openai.OpenAI
) -> None:
    [first] = store(client, 1)
    reader = sdk(sandbox, READ_ONLY)
    assert [c.id for c in reader.chat.completions.list()] == [first]
    assert reader.chat.completions.retrieve(first).id == first
    assert reader.chat.completions.messages.list(first).data[0].content == "Hello 0"
    for call in (
        lambda: reader.chat.completions.update(first, metadata={"a": "b"}),
        lambda: reader.chat.completions.delete(first),
    ):
        with pytest.raises(openai.PermissionDeniedError) as caught:
            call()
        assert caught.value.code == "insufficient_permissions"
    assert client.chat.completions.retrieve(first).metadata == {"n": "0"}


# --- bad queries ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"order": "sideways"}, "order"),
        ({"metadata": "team=blue"}, "metadata"),
        ({"metadata[team": "blue"}, "metadata"),
        ({f"metadata[k{i}]": "v" for i in range(17)}, "metadata"),
        ({f"metadata[{'k' * 65}]": "v"}, "metadata"),
        ({"metadata[]": "v"}, "metadata"),
        ({"metadata[k]": "v" * 513}, "metadata"),
    ],
)
def test_bad_list_queries(http: httpx.Client, params: dict[str, str], param: str) -> None:
    for path in (LIST, f"{LIST}/{{id}}/messages"):
        if param == "metadata" and path != LIST:
            continue
        target = path.replace("{id}", _one(http))
        error = error_of(http.get(target, params=params), 400)
        assert (error["code"], error["param"]) == ("invalid_value", param)


def _one(http: httpx.Client) -> str:
    created = http.post(LIST, json=chat_body("Hello", store=True))
    return created.json()["id"]


def test_unknown_ids_and_cursors(http: httpx.Client) -> None:
    error = error_of(http.get(f"{LIST}/chatcmpl-nope/messages"), 404)
    assert (error["code"], error["param"]) == ("completion_not_found", "completion_id")
    stored = _one(http)
    error = error_of(http.get(f"{LIST}/{stored}/messages", params={"after": f"{stored}-9"}), 404)
    assert (error["code"], error["param"]) == ("message_not_found", "after")
    error = error_of(http.get(LIST, params={"after": "chatcmpl-nope"}), 404)
    assert (error["code"], error["param"]) == ("completion_not_found", "after")
    first = checked_list(http.get(LIST, params={"after": ""}))
    assert [c["id"] for c in first["data"]] == [stored], "an empty `after` is no cursor"
    assert http.get(f"{LIST}/{stored}/messages", params={"after": ""}).json()["data"]


# --- background completions ----------------------------------------------------------------


def wait_for(client: openai.OpenAI, completion_id: str) -> str | None:
    for _ in range(100):
        status = client.chat.completions.retrieve(completion_id).model_extra.get("status")
        if status in ("completed", "failed"):
            return status
        time.sleep(0.05)
    return None


def test_background_completion_keeps_metadata_set_while_queued(client: openai.OpenAI) -> None:
    queued = client.chat.completions.create(
        **chat_body(), metadata={"v": "1"}, extra_body={"background": True}
    )
    assert COMPLETION_ID.match(queued.id)
    assert client.chat.completions.update(queued.id, metadata={"v": "2"}).metadata == {"v": "2"}
    assert wait_for(client, queued.id) == "completed"
    done = client.chat.completions.retrieve(queued.id)
    assert done.metadata == {"v": "2"} and done.choices[0].message.content
    assert [c.id for c in client.chat.completions.list(metadata={"v": "2"})] == [queued.id]
    assert client.chat.completions.messages.list(queued.id).data[0].content == "Hello!"


def test_background_completion_deleted_while_queued_stays_deleted(
    client: openai.OpenAI,
) -> None:
    queued = client.chat.completions.create(**chat_body(), extra_body={"background": True})
    assert client.chat.completions.delete(queued.id).deleted
    time.sleep(1.0)  # the task would have finished by now (0.4 sandbox seconds)
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.retrieve(queued.id)
    assert not client.chat.completions.list().data


# --- bounds -----------------------------------------------------------------------------


def test_lists_follow_the_stores_bounds() -> None:
    """Evicted (the store's count bound) and expired completions leave the list, and a
    cursor naming one is not found, as a deleted one."""
    config = SandboxConfig(
        deterministic=True,
        requests_per_minute=0,
        tokens_per_minute=0,
        stored_max_completions=3,
        stored_ttl_seconds=60,
    )
    with Sandbox(config) as small:
        client = sdk(small)
        ids = store(client, 5)
        assert [c.id for c in client.chat.completions.list(limit=1)] == ids[2:]
        assert [c.id for c in client.chat.completions.list(order="desc")] == ids[:1:-1]
        with pytest.raises(openai.NotFoundError) as caught:
            client.chat.completions.list(after=ids[0])
        assert (caught.value.code, caught.value.param) == ("completion_not_found", "after")
        small.runtime.clock.advance(61)
        assert not client.chat.completions.list().data
        fresh = store(client, 1)
        assert [c.id for c in client.chat.completions.list()] == fresh


def test_delete_ignores_an_idempotency_key(client: openai.OpenAI, http: httpx.Client) -> None:
    """As the idempotency page says, and the contract now does (schemathesis found the
    contract offering DELETE a key, and a 256-character one accepted)."""
    [first] = store(client, 1)
    gone = f"{LIST}/{first}"
    once = http.delete(gone, headers={"idempotency-key": "k" * 256})
    assert once.status_code == 200 and "idempotent-replayed" not in once.headers
    again = http.delete(gone, headers={"idempotency-key": "k" * 256})
    assert error_of(again, 404)["code"] == "completion_not_found"


def test_the_contract_offers_the_key_to_posts_only() -> None:
    document = contract.build()
    for path, item in document["paths"].items():
        for method, op in item.items():
            names = [p.get("$ref", "").rsplit("/", 1)[-1] for p in op["parameters"]]
            assert ("IdempotencyKey" in names) == (method == "post"), f"{method} {path}"
            codes = set(
                op["responses"]
                .get("400", {})
                .get("content", {})
                .get("application/json", {})
                .get("examples", {})
            )
            assert ("invalid_idempotency_key" in codes) == (method == "post"), f"{method} {path}"
