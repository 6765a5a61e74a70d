"""The OpenAPI document: valid, current, and in agreement with the routes the sandbox serves."""

from __future__ import annotations

import httpx
import pytest
import yaml
from openapi_spec_validator import validate as validate_spec
from starlette.routing import Route

from metal_sandbox import contract
from metal_sandbox.app import create_app
from metal_sandbox.errors import CATALOG
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
    served = set()
    for route in create_app().routes:
        if isinstance(route, Route) and route.path.startswith("/v1"):
            path = route.path.removeprefix("/v1").replace(":path}", "}")
            served |= {(path, m.lower()) for m in route.methods or () if m != "HEAD"}
    documented = {(path, method) for path, method, _ in operations(document)}
    assert documented == served


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
