"""`metal-version`: on every response, pinnable per request."""

from __future__ import annotations

import httpx

from metal_sandbox import versions
from metal_sandbox.testing import Sandbox


def test_every_response_names_the_current_version(http: httpx.Client) -> None:
    for path in ("/v1/models", "/v1/nowhere", "/openapi.json"):
        response = http.get(path)
        if path != "/openapi.json":
            assert response.headers["metal-version"] == versions.CURRENT


def test_a_request_can_pin_an_older_version(http: httpx.Client) -> None:
    oldest = next(iter(versions.VERSIONS))
    response = http.get("/v1/models", headers={"metal-version": oldest})
    assert response.status_code == 200
    assert response.headers["metal-version"] == oldest


def test_an_unknown_version_is_a_400(http: httpx.Client) -> None:
    response = http.get("/v1/models", headers={"metal-version": "2020-01-01"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_api_version"
    assert all(v in error["message"] for v in versions.VERSIONS)


def test_errors_before_authentication_still_carry_version_and_request_id(
    metal_sandbox: Sandbox,
) -> None:
    response = httpx.get(metal_sandbox.base_url + "/models")
    assert response.status_code == 401
    assert response.headers["metal-version"] == versions.CURRENT
    assert response.headers["x-request-id"].startswith("req_")
