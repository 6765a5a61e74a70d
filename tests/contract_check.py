"""Validate a body against a schema of our own OpenAPI document (the contract)."""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from metal_sandbox import contract

_URI = "urn:metal:openapi"


@cache
def _registry() -> Registry:
    resource = Resource.from_contents(contract.build(), default_specification=DRAFT202012)
    return Registry().with_resource(_URI, resource)


def validate_contract(schema: str, instance: Any) -> None:
    """Raise `jsonschema.ValidationError` unless `instance` matches `#/components/schemas/…`."""
    ref = {"$ref": f"{_URI}#/components/schemas/{schema}"}
    Draft202012Validator(ref, registry=_registry()).validate(instance)
