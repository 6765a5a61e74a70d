"""Property-based testing of the live sandbox against its own OpenAPI document.

Schemathesis generates valid and invalid requests from the contract for every operation
and checks each response: no server error, a documented status, a documented content
type, the documented headers and a body that matches the schema.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from metal_sandbox import contract
from metal_sandbox.config import SandboxConfig
from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.testing import Sandbox

from sandbox_helpers import chat_body

# Credentials go through the document's own security scheme, so schemathesis knows how to
# take them away again when it checks that unauthenticated requests are refused.
# The sandbox delivers webhooks only to loopback URLs, so a schema-valid public URL gets
# its documented 400 `invalid_url` there: for the two operations that take a URL, a 400
# is an expected answer to valid data.
_URL_TAKERS = {
    "include-operation-id": ["createWebhookEndpoint", "updateWebhookEndpoint"],
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "429"]
        }
    },
}
# A schema-valid response request can still name a stored response or a function call
# that does not exist (`previous_response_not_found`, `tool_call_not_found`), a hosted
# tool MeTal does not serve, or ask to cancel a response that is not running: their
# documented 400s and 404s are expected answers to valid data too.
_STATEFUL = {
    "include-operation-id": ["createResponse", "cancelResponse"],
    "checks": {
        "positive_data_acceptance": {
            "expected-statuses": ["2xx", "400", "401", "403", "404", "409", "422", "429"]
        }
    },
}
_config = SchemathesisConfig.from_dict(
    {
        "auth": {"openapi": {"bearerAuth": {"bearer": DEFAULT_KEY}}},
        "operations": [_URL_TAKERS, _STATEFUL],
    }
)
schema = schemathesis.openapi.from_dict(contract.build(), config=_config)


@schema.hook
def filter_query(_context: schemathesis.HookContext, query: dict[str, Any] | None) -> bool:
    """A query string carries text only: a `metadata` filter value generated as a number,
    a null or an object arrives as its text (or as nested `[key]`s), so it would test
    schemathesis's serialisation, not the sandbox. Bad text values are still sent."""
    pairs = (query or {}).get("metadata")
    return not isinstance(pairs, dict) or all(isinstance(v, str) for v in pairs.values())


@pytest.fixture(scope="module")
def unlimited_sandbox() -> Iterator[Sandbox]:
    """Rate limits off: a 429 would hide what the generated request does."""
    with Sandbox(SandboxConfig(requests_per_minute=0, tokens_per_minute=0)) as sandbox:
        yield sandbox


@schema.parametrize()
@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.function_scoped_fixture,
    ],
)
def test_sandbox_conforms_to_the_contract(
    case: schemathesis.Case, unlimited_sandbox: Sandbox
) -> None:
    if case.path_parameters and "completion_id" in case.path_parameters:
        # A generated id names no completion, so every call would stop at the 404: give
        # the stored-completion operations a real one, and fuzz what they do with it.
        case.path_parameters["completion_id"] = _stored_completion(unlimited_sandbox)
    case.call_and_validate(base_url=unlimited_sandbox.base_url)


def _stored_completion(sandbox: Sandbox) -> str:
    response = httpx.post(
        f"{sandbox.base_url}/chat/completions",
        json=chat_body("Hello!", store=True, metadata={"k": "v"}),
        headers={"authorization": f"Bearer {DEFAULT_KEY}"},
    )
    return str(response.json()["id"])
