"""The OpenAPI document: valid, current, and in agreement with the routes the sandbox
serves, both built from the declarations in `metal_sandbox/routes/`."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
import yaml
from openapi_spec_validator import validate as validate_spec
from starlette.routing import Route

from api_reference.document import resolve
from metal_sandbox import contract
from metal_sandbox.app import create_app
from metal_sandbox.catalog import MODELS
from metal_sandbox.config import SandboxConfig
from metal_sandbox.errors import CATALOG
from metal_sandbox.operations import PREFIX, Operation, error_spec, every_operation
from metal_sandbox.params import QueryParam
from metal_sandbox.routes import RESOURCES, models
from metal_sandbox.testing import Sandbox

from sandbox_helpers import RATE_HEADERS

HEADERS = {"x-request-id", "metal-version", *RATE_HEADERS}


@pytest.fixture(scope="module")
def document() -> dict:
    return contract.build()


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [
        (path, method, op)
        for path, item in document["paths"].items()
        for method, op in item.items()
    ]


def test_passes_openapi_spec_validator(document: dict) -> None:
    validate_spec(document)
    assert document["openapi"].startswith("3.1")


def test_committed_document_is_current(document: dict) -> None:
    committed = yaml.safe_load(contract.DOCUMENT_PATH.read_text())
    assert committed == yaml.safe_load(contract.dump(document, "yaml")), (
        "openapi/openapi.yaml is stale: run python -m metal_sandbox.contract --write"
    )


def test_document_paths_are_exactly_the_routes_served(document: dict) -> None:
    """What the app answers and what the document describes are the same set, both made
    from `RESOURCES`, and nothing else is served under /v1."""
    served = set()
    for route in create_app().routes:
        if isinstance(route, Route) and route.path.startswith(PREFIX):
            path = route.path.removeprefix(PREFIX).replace(":path}", "}")
            served |= {(path, m.lower()) for m in route.methods or () if m != "HEAD"}
    documented = {(path, method) for path, method, _ in operations(document)}
    declared = {(op.path, op.method.lower()) for op in every_operation(RESOURCES)}
    assert documented == served == declared


@pytest.mark.parametrize("op", list(every_operation(RESOURCES)), ids=lambda op: op.operation_id)
def test_every_declared_operation_is_served_through_the_pipeline(
    metal_sandbox: Sandbox, op: Operation
) -> None:
    """Each declaration's route answers its method, authenticating first (a 401 in the
    API's format, with the headers every response carries), not with a 404 or 405."""
    path = re.sub(r"{\w+}", "x", PREFIX + op.path)
    response = httpx.request(op.method, metal_sandbox.url + path)
    assert response.status_code == 401, response.text
    assert response.json()["error"]["code"] == "invalid_api_key"
    assert {"x-request-id", "metal-version"} <= set(response.headers)


def test_every_declared_error_is_in_the_catalog_and_documented(document: dict) -> None:
    for op in every_operation(RESOURCES):
        item = document["paths"][op.path][op.method.lower()]
        shown = {
            name
            for status, response in item["responses"].items()
            if status != "200"
            for name in response["content"]["application/json"]["examples"]
        }
        for name in op.errors:
            spec = error_spec(name)
            assert spec in CATALOG
            assert spec.code in shown or f"{spec.code}_{spec.type}" in shown, op.operation_id


def test_an_unknown_error_cannot_be_declared() -> None:
    with pytest.raises(LookupError, match="no_such_error"):
        Operation(
            "GET",
            "/models",
            "listModels",
            models.list_models,
            summary="s",
            description="d",
            reply=models.RESOURCE.operations[0].reply,
            errors=("no_such_error",),
        )


def test_path_parameters_must_match_the_path() -> None:
    with pytest.raises(ValueError, match="path"):
        Operation(
            "GET",
            "/models/{model}",
            "retrieveModel",
            models.retrieve_model,
            summary="s",
            description="d",
            reply=models.RESOURCE.operations[1].reply,
        )


def integer_queries() -> list[tuple[Operation, QueryParam]]:
    return [
        (op, param)
        for op in every_operation(RESOURCES)
        for param in op.query
        if isinstance(param, QueryParam) and param.type == "integer"
    ]


@pytest.mark.parametrize(
    ("op", "param"),
    integer_queries(),
    ids=[f"{o.operation_id}-{p.name}" for o, p in integer_queries()],
)
def test_an_integer_query_range_is_what_the_server_enforces(
    document: dict, http: httpx.Client, op: Operation, param: QueryParam
) -> None:
    """The document's minimum and maximum are the parser's: the bounds are accepted,
    one past either is the 400 the document lists for the operation."""
    item = document["paths"][op.path][op.method.lower()]
    (schema,) = [p["schema"] for p in item["parameters"] if p.get("name") == param.name]
    path = re.sub(r"{\w+}", "x", PREFIX + op.path)
    for value in (schema["minimum"], schema["maximum"]):
        response = http.request(op.method, path, params={param.name: value})
        assert response.status_code != 400, response.text
    for value in (schema["minimum"] - 1, schema["maximum"] + 1):
        response = http.request(op.method, path, params={param.name: value})
        assert response.status_code == 400, response.text
        assert response.json()["error"]["param"] == param.name
        assert (
            "invalid_value" in item["responses"]["400"]["content"]["application/json"]["examples"]
        )


def test_max_tokens_maximum_is_the_largest_model_output(document: dict) -> None:
    """Issue 12: schemathesis found a schema-valid `max_tokens` that got a 400 (ST202)."""
    largest = max(card.max_output_tokens for card in MODELS if card.kind == "chat")
    props = document["components"]["schemas"]["ChatCompletionRequest"]["properties"]
    for name in ("max_tokens", "max_completion_tokens"):
        (integer,) = [branch for branch in props[name]["anyOf"] if branch["type"] == "integer"]
        assert integer["maximum"] == largest, name
    for card in MODELS:
        if card.kind == "chat":
            assert f"{card.id} {card.max_output_tokens}" in props["max_tokens"]["description"]


def test_every_operation_is_fully_described(document: dict) -> None:
    for path, method, op in operations(document):
        where = f"{method.upper()} {path}"
        assert op["operationId"] and op["summary"] and op["description"], where
        ok = op["responses"]["200"]
        assert set(ok["headers"]) >= HEADERS, where
        media = ok["content"]["application/json"]
        assert media.get("examples"), f"{where} has no response example"
        if "requestBody" in op:
            assert op["requestBody"]["content"]["application/json"]["examples"], where
            assert "idempotent-replayed" in ok["headers"], where
        statuses = set(op["responses"])
        assert {"401", "429", "500", "503"} <= statuses, where
        assert "retry-after" in op["responses"]["429"]["headers"], where


def test_every_catalog_error_is_documented_somewhere(document: dict) -> None:
    documented = {
        name
        for _, _, op in operations(document)
        for status, response in op["responses"].items()
        if status != "200"
        for name in response["content"]["application/json"]["examples"]
    }
    codes = {name.removesuffix("_requests").removesuffix("_tokens") for name in documented}
    missing = {s.code for s in CATALOG} - codes - set(contract.GLOBAL_ERRORS)
    assert not missing
    assert len(document["x-error-catalog"]) == len(CATALOG)


def test_sandbox_serves_the_document(metal_sandbox: Sandbox, document: dict) -> None:
    served = httpx.get(metal_sandbox.url + "/openapi.json").json()
    assert served == document
    as_yaml = yaml.safe_load(httpx.get(metal_sandbox.url + "/openapi.yaml").text)
    assert as_yaml == document


def test_reset_examples_fit_in_the_one_minute_window(document: dict) -> None:
    """A reset of `6m0s` cannot happen in a window of 60 seconds."""
    window = SandboxConfig().rate_window_seconds
    for name in ("x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"):
        text = document["components"]["headers"][name]["description"]
        for minutes, seconds, millis in re.findall(r"`(?:(\d+)m)?(?:(\d+)s|(\d+)ms)`", text):
            total = int(minutes or 0) * 60 + int(seconds or 0) + int(millis or 0) / 1000
            assert total <= window, f"{name}: {text}"


# --- every field the reference shows is described ----------------------------------------


def _described(document: dict, prop: dict) -> bool:
    """Whether the reference has words for a property: its own description, or that of
    the model it holds (`X` or `X | null`, a shared model described once). A constant (an
    `object` or `type` tag) needs none: the reference says "Always `"list"`"."""
    if str(prop.get("description", "")).strip():
        return True
    options = prop.get("anyOf") or prop.get("oneOf") or [prop]
    held = [o for o in options if resolve(o, document).get("type") != "null"]
    if len(held) != 1:
        return False
    core = resolve(held[0], document)
    return "const" in core or bool(str(core.get("description", "")).strip())


def _undescribed(document: dict, schema: Any, where: str, seen: set[str]) -> list[str]:
    """`Model.field` for each property without a description in `schema` and every schema
    below it; each model once, however many operations show it."""
    if not isinstance(schema, dict):
        return []
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        where, schema = name, resolve(schema, document)
    missing = []
    for key, prop in schema.get("properties", {}).items():
        if not _described(document, prop):
            missing.append(f"{where}.{key}")
        missing += _undescribed(document, prop, f"{where}.{key}", seen)
    children = [schema.get("items"), schema.get("additionalProperties")]
    children += [*schema.get("anyOf", []), *schema.get("oneOf", [])]
    children += list(schema.get("patternProperties", {}).values())
    for child in children:
        missing += _undescribed(document, child, where, seen)
    return missing


def _body_schemas(document: dict, media: dict[str, Any]) -> list[Any]:
    """The schemas of a body as the reference shows them: JSON as is, and of a stream each
    event's `data` (`contentSchema`), not the wrapper that frames it."""
    found = []
    for kind, content in media.items():
        schema = resolve(content.get("schema", {}), document)
        if kind != "text/event-stream":
            found.append(content.get("schema"))
            continue
        data = schema.get("properties", {}).get("data", {})
        found += [
            o["contentSchema"] for o in [data, *data.get("anyOf", [])] if "contentSchema" in o
        ]
    return found


def _has_words(document: dict, node: dict) -> bool:
    return bool(str(resolve(node, document).get("description", "")).strip())


def test_every_field_parameter_and_header_has_a_description(document: dict) -> None:
    """Every row of the API reference has words: each field of a request body, a response,
    a stream event or a webhook payload, each parameter and each response header. Each is
    named once, where it is declared (`Usage.total_tokens`, `header x-request-id`)."""
    missing: list[str] = []
    seen: set[str] = set()
    calls = [(op["operationId"], op) for _, _, op in operations(document)]
    calls += [(f"webhook {name}", item["post"]) for name, item in document["webhooks"].items()]
    for where, op in calls:
        for param in op.get("parameters", []):
            if not _has_words(document, param):
                name = resolve(param, document)["name"]
                missing.append(f"parameter {name}" + ("" if "$ref" in param else f" of {where}"))
        bodies = [op["requestBody"]["content"]] if "requestBody" in op else []
        for response in map(lambda r: resolve(r, document), op.get("responses", {}).values()):
            bodies.append(response.get("content", {}))
            headers = response.get("headers", {}).items()
            missing += [f"header {name}" for name, h in headers if not _has_words(document, h)]
        for media in bodies:
            for schema in _body_schemas(document, media):
                missing += _undescribed(document, schema, where, seen)
    missing = list(dict.fromkeys(missing))
    assert not missing, f"{len(missing)} without a description:\n" + "\n".join(missing)
