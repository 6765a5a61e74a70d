"""The compatibility table (`metal_sandbox.compat`, the "OpenAI compatibility" page) says
what the sandbox does, and has a row for everything in OpenAI's contract.

Every row's probe goes to a real sandbox: a supported field gets a 2xx and the effect its
row claims (which the same request without the field does not show), a field with no
effect gets a 2xx, a refused one the row's error. Every OpenAI operation gets what its
row, or its unserved family, says. When `tests/fixtures/openai-surface.json` is refreshed
(`scripts/extract_openai_surface.py`) and OpenAI has a new operation or field, the
coverage tests name it until the table has a row for it.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import openai
import pytest

from metal_sandbox import compat
from metal_sandbox.compat import Field, NoEffect, Operation, Refused, Supported

from openai_compat import errors

SURFACE = Path(__file__).parent.parent / "fixtures" / "openai-surface.json"
#: OpenAI's request schemas (tests/fixtures/openai-schemas.json) that allow `null` for some
#: fields, by operation (its embeddings schema allows it for none).
REQUEST_SCHEMAS = {"createChatCompletion": "CreateChatCompletionRequest"}


@cache
def openai_operations() -> tuple[dict[str, Any], ...]:
    """OpenAI's operations, without the `?beta=true` twins: the same path and fields,
    sent by the SDK's beta namespace, so the row of the operation answers for both."""
    every = json.loads(SURFACE.read_text("utf-8"))["operations"]
    ids = {o["operation_id"] for o in every}
    return tuple(
        o
        for o in every
        if not (o["operation_id"].startswith("beta_") and o["operation_id"][5:] in ids)
    )


def served(op: Operation) -> bool:
    return not isinstance(op.behaviour, Refused)


FIELDS = [(op, f) for op in compat.operations() for f in op.fields]
FIELD_IDS = [f"{op.operation_id}.{f.name}" for op, f in FIELDS]
UNSERVED = [o for o in openai_operations() if compat.unserved(o["path"].partition("?")[0])]
ROWS = {op.operation_id for op in compat.operations()}


# --- the table has a row for everything of OpenAI's -------------------------------------


def without_rows(theirs: tuple[dict[str, Any], ...]) -> list[str]:
    """OpenAI's operations and fields that the table has no row for."""
    missing = []
    for o in theirs:
        row = next((op for op in compat.operations() if op.operation_id == o["operation_id"]), None)
        if row is None and not compat.unserved(o["path"].partition("?")[0]):
            missing.append(f"{o['method']} {o['path']} ({o['operation_id']})")
        elif row is not None and served(row):
            ours = {f.name for f in row.fields if not f.extension and not f.nested}
            missing += [f"{o['operation_id']}.{n}" for n in o["body"] + o["query"] if n not in ours]
    return missing


def test_every_openai_operation_and_field_has_a_row() -> None:
    assert without_rows(openai_operations()) == [], "no row in metal_sandbox.compat"


def test_a_refreshed_contract_with_something_new_fails_the_check() -> None:
    chat = next(o for o in openai_operations() if o["operation_id"] == "createChatCompletion")
    refreshed = (
        *openai_operations(),
        {**chat, "body": [*chat["body"], "telepathy"]},
        {"operation_id": "createHologram", "method": "POST", "path": "/holograms"},
    )
    assert without_rows(refreshed) == [
        "createChatCompletion.telepathy",
        "POST /holograms (createHologram)",
    ]


def test_every_operation_row_is_openai_s() -> None:
    theirs = {o["operation_id"]: (o["method"], o["path"]) for o in openai_operations()}
    for op in compat.operations():
        assert theirs.get(op.operation_id) == (op.method, op.path), op.operation_id


def test_every_family_covers_an_operation_without_a_row() -> None:
    for family in compat.UNSERVED:
        covered = [o for o in UNSERVED if family.covers(o["path"].partition("?")[0])]
        assert any(o["operation_id"] not in ROWS for o in covered), family.title


@pytest.mark.parametrize(
    "op", [op for op in compat.operations() if served(op)], ids=lambda op: op.operation_id
)
def test_every_field_of_a_served_operation_has_a_row(op: Operation) -> None:
    theirs = next(o for o in openai_operations() if o["operation_id"] == op.operation_id)
    ours = [f.name for f in op.fields if not f.extension and not f.nested]
    assert len(ours) == len(set(ours)), f"{op.operation_id}: a field has two rows"
    assert sorted(ours) == sorted(theirs["body"] + theirs["query"])


def test_extensions_are_not_openai_fields_and_nested_rows_are_parts_of_one() -> None:
    for op, f in FIELDS:
        theirs = next(o for o in openai_operations() if o["operation_id"] == op.operation_id)
        names = theirs["body"] + theirs["query"]
        if f.extension:
            assert f.name not in names, f.name
        if f.nested:
            assert re.match(r"\w+", f.name)[0] in names and f.name not in names, f.name


def test_the_sdk_methods_named_exist() -> None:
    client = openai.OpenAI(api_key="mk_test_x", base_url="http://127.0.0.1:9/v1")
    named = [op.sdk for op in compat.operations()]
    named += [n for family in compat.UNSERVED for n in family.sdk.split(", ")]
    for dotted in named:
        target: object = client
        for attribute in dotted.removeprefix("client.").split("."):
            target = getattr(target, attribute)


# --- every row's claim holds on a real sandbox ------------------------------------------


def fill(path: str, http: httpx.Client) -> str:
    """An OpenAI path made concrete: a stored completion's or response's id, a model's,
    or a stand-in."""
    values = {
        "model": lambda: "aurora",
        "completion_id": lambda: stored_completion(http),
        "response_id": lambda: stored_response(http),
    }

    def value(match: re.Match[str]) -> str:
        return values.get(match[1], lambda: "x_1")()

    return "/v1" + re.sub(r"{(\w+)}", value, path)


def fill_probe(probe: dict[str, Any], http: httpx.Client) -> dict[str, Any]:
    """A probe whose values name a stored object (`"{response_id}"`) made concrete."""
    return {k: fill(v, http).removeprefix("/v1") if _names_one(v) else v for k, v in probe.items()}


def _names_one(value: object) -> bool:
    return isinstance(value, str) and re.fullmatch(r"{\w+}", value) is not None


def stored_response(http: httpx.Client) -> str:
    response = http.post("/v1/responses", json=compat.RESPONSE)
    assert response.status_code == 200, response.text
    return response.json()["id"]


def stored_completion(http: httpx.Client) -> str:
    response = http.post("/v1/chat/completions", json={**compat.CHAT, "store": True})
    assert response.status_code == 200, response.text
    return response.json()["id"]


def send(op: Operation, http: httpx.Client, probe: dict[str, Any] | None) -> httpx.Response:
    url = fill(op.path, http)
    probe = fill_probe(probe, http) if probe else probe
    if op.method == "GET":
        return http.get(url, params=probe or None)
    if op.request is None and probe is None:
        return http.request(op.method, url)
    return http.request(op.method, url, json={**(op.request or {}), **(probe or {})})


def assert_behaves(response: httpx.Response, behaviour: Any) -> None:
    if isinstance(behaviour, Refused):
        assert response.status_code == behaviour.status, response.text
        assert response.json()["error"]["code"] == behaviour.code, response.text
    else:
        assert 200 <= response.status_code < 300, response.text


def shows(effect: Any, response: httpx.Response) -> bool:
    """Whether a response shows an effect; one it cannot even be read on does not."""
    try:
        return bool(effect(response))
    except (KeyError, IndexError, TypeError, ValueError):
        return False


@pytest.mark.parametrize(("op", "row"), FIELDS, ids=FIELD_IDS)
def test_each_field_does_what_its_row_says(op: Operation, row: Field, http: httpx.Client) -> None:
    response = send(op, http, row.probe)
    assert_behaves(response, row.behaviour)
    effect = row.behaviour.effect if isinstance(row.behaviour, Supported) else None
    if effect is None:
        return
    assert effect(response), f"{row.name}: {row.behaviour.note}\n{response.text[:2000]}"
    field = re.split(r"[.\[ :]", row.name)[0]  # a nested row's own field: `text.verbosity`
    without = {k: v for k, v in row.probe.items() if k != field}
    if row.name in (op.request or {}):
        without = {}
    assert not shows(effect, send(op, http, without)), f"{row.name}: the effect is there anyway"


@pytest.mark.parametrize("op", compat.operations(), ids=lambda op: op.operation_id)
def test_each_operation_does_what_its_row_says(op: Operation, http: httpx.Client) -> None:
    assert_behaves(send(op, http, None), op.behaviour)


@pytest.mark.parametrize("theirs", UNSERVED, ids=[o["operation_id"] for o in UNSERVED])
def test_each_unserved_operation_gets_its_family_s_answer(
    theirs: dict[str, Any], http: httpx.Client
) -> None:
    if theirs["operation_id"] in ROWS:
        return  # an operation with a row of its own is checked by that row
    path, _, query = theirs["path"].partition("?")
    family = compat.unserved(path)
    assert family is not None
    body = {} if theirs["method"] == "POST" else None
    response = http.request(theirs["method"], fill(path, http), params=query or None, json=body)
    assert_behaves(response, family.behaviour)


@pytest.mark.parametrize("op_id", sorted(REQUEST_SCHEMAS))
def test_null_means_not_set_wherever_openai_allows_it(op_id: str, http: httpx.Client) -> None:
    """A field sent as `null` where OpenAI's request schema allows it gets a 2xx."""
    op = compat.operation(op_id)
    theirs = next(o for o in openai_operations() if o["operation_id"] == op_id)
    nullable = [
        name
        for name in theirs["body"]
        if name not in (op.request or {})
        and not errors(REQUEST_SCHEMAS[op_id], {**(op.request or {}), name: None})
    ]
    assert nullable, "OpenAI's schema allows null for some fields"
    body = {**(op.request or {}), **{name: None for name in nullable}}
    response = http.post(fill(op.path, http), json=body)
    assert response.status_code == 200, response.text


def test_no_effect_and_refused_rows_say_why() -> None:
    for op, row in FIELDS:
        if isinstance(row.behaviour, NoEffect | Refused):
            assert row.behaviour.why.endswith("."), f"{op.operation_id}.{row.name}"
