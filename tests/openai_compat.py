"""Check JSON bodies against OpenAI's own response schemas.

The schemas come from ``tests/fixtures/openai-schemas.json``, extracted from OpenAI's OpenAPI
document by ``scripts/extract_openai_schemas.py`` (see the fixture's ``note`` and ``source``).
Usage from a test::

    from openai_compat import errors, validate

    validate("CreateChatCompletionResponse", response.json())  # raises ValidationError
    assert errors("ErrorResponse", body) == []
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, ValidationError

FIXTURE = Path(__file__).parent / "fixtures" / "openai-schemas.json"

__all__ = ["FIXTURE", "ValidationError", "errors", "fixture", "schema", "validate"]


@cache
def fixture() -> dict[str, Any]:
    """The whole fixture (source, note and schemas), loaded once."""
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def schema(schema_name: str) -> dict[str, Any]:
    """One of OpenAI's schemas, e.g. ``"CreateChatCompletionResponse"``."""
    try:
        return fixture()["schemas"][schema_name]
    except KeyError:
        known = ", ".join(sorted(fixture()["schemas"]))
        raise KeyError(f"no OpenAI schema {schema_name!r} in the fixture (has {known})") from None


@cache
def _validator(schema_name: str) -> Draft202012Validator:
    body = schema(schema_name)
    Draft202012Validator.check_schema(body)
    return Draft202012Validator(body)  # no format_checker: formats are not asserted


def validate(schema_name: str, instance: object) -> None:
    """Raise ``jsonschema.ValidationError`` unless ``instance`` matches OpenAI's schema."""
    _validator(schema_name).validate(instance)


def errors(schema_name: str, instance: object) -> list[str]:
    """Every way ``instance`` fails OpenAI's schema, as ``"path: message"`` lines ([] if valid)."""
    found = _validator(schema_name).iter_errors(instance)
    return sorted(f"{error.json_path}: {error.message}" for error in found)
