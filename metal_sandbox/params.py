"""Path and query parameters, declared once: the contract's schema and the parser's check
come from the same declaration, so the document cannot promise a range the server does
not enforce (or the other way round)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from metal_sandbox.errors import APIError

#: The generated examples (`metal_sandbox.examples`), by name; declarations pick from it.
Examples = Mapping[str, Any]
#: How a declaration finds its example among them, only when the document is built.
Example = Callable[[Examples], Any]

#: An integer as a query string holds one: ASCII digits only (`str.isdigit()` also takes
#: `²` and a fullwidth `５`), and few enough that `int()` is cheap and never refuses it.
_INTEGER = re.compile(r"[0-9]{1,18}")
#: How much of a refused value the error message repeats.
_SHOWN = 40


@dataclass(frozen=True)
class PathParam:
    """A segment of the path, always a string. `slashes` lets it hold `/` (model ids)."""

    name: str
    description: str
    example: Example | None = None
    slashes: bool = False

    def document(self, examples: Examples) -> dict[str, Any]:
        described: dict[str, Any] = {
            "name": self.name,
            "in": "path",
            "required": True,
            "description": self.description,
            "schema": {"type": "string"},
        }
        if self.example is not None:
            described["example"] = self.example(examples)
        return described


@dataclass(frozen=True)
class QueryParam:
    """An optional query parameter: a string (one of `choices`, when given), or an integer
    within `minimum`..`maximum`."""

    name: str
    description: str
    type: Literal["string", "integer"] = "string"
    minimum: int = 0
    maximum: int = 0
    default: int | str | None = None
    choices: tuple[str, ...] = ()

    def document(self, examples: Examples) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": self.type}
        if self.type == "integer":
            schema |= {"minimum": self.minimum, "maximum": self.maximum}
        if self.choices:
            schema["enum"] = list(self.choices)
        if self.default is not None:
            schema["default"] = self.default
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "schema": schema,
        }

    def parse(self, raw: str | None) -> int | str | None:
        """The value, or the API's `invalid_value` error naming the parameter."""
        if raw is None:
            return self.default
        shown = raw if len(raw) <= _SHOWN else raw[:_SHOWN] + "…"
        if self.type == "string":
            if self.choices and raw not in self.choices:
                raise APIError(
                    "invalid_value",
                    f"Invalid value for '{self.name}': expected one of "
                    f"{', '.join(repr(c) for c in self.choices)}, but got '{shown}' instead.",
                    param=self.name,
                )
            return raw
        value = ascii_integer(raw)
        if value is not None and self.minimum <= value <= self.maximum:
            return value
        raise APIError(
            "invalid_value",
            f"Invalid value for '{self.name}': expected an integer from {self.minimum} "
            f"to {self.maximum}, but got '{shown}' instead.",
            param=self.name,
        )

    def read(self, sent: Mapping[str, str]) -> int | str | None:
        return self.parse(sent.get(self.name))


@dataclass(frozen=True)
class MapQueryParam:
    """String pairs in the query, as OpenAI's `metadata[key]=value` filter sends them
    (OpenAPI's `deepObject` style); absent, `None`."""

    name: str
    description: str
    max_pairs: int
    max_key: int
    max_value: int

    def document(self, examples: Examples) -> dict[str, Any]:
        return {
            "name": self.name,
            "in": "query",
            "required": False,
            "description": self.description,
            "style": "deepObject",
            "explode": True,
            "schema": {
                "type": "object",
                "maxProperties": self.max_pairs,
                "propertyNames": {"minLength": 1, "maxLength": self.max_key},
                "additionalProperties": {"type": "string", "maxLength": self.max_value},
            },
        }

    def read(self, sent: Mapping[str, str]) -> dict[str, str] | None:
        """The pairs, or `invalid_value` naming what is wrong with them."""
        pairs, prefix = {}, self.name + "["
        for key in sent:
            if key == self.name or (key.startswith(prefix) and not key.endswith("]")):
                self._refuse(f"send pairs as {self.name}[key]=value")
            if key.startswith(prefix):
                pairs[key[len(prefix) : -1]] = sent[key]
        if len(pairs) > self.max_pairs:
            self._refuse(f"at most {self.max_pairs} pairs, but got {len(pairs)}")
        for key, value in pairs.items():
            if not key:
                self._refuse(f"a key is 1 to {self.max_key} characters: '{self.name}[]' has none")
            if len(key) > self.max_key or len(value) > self.max_value:
                self._refuse(
                    f"keys are at most {self.max_key} characters and values at most "
                    f"{self.max_value}; '{key[:_SHOWN]}' is longer"
                )
        return pairs or None

    def _refuse(self, reason: str) -> None:
        raise APIError(
            "invalid_value", f"Invalid value for '{self.name}': {reason}.", param=self.name
        )


Query = QueryParam | MapQueryParam
Param = PathParam | Query


def ascii_integer(raw: str) -> int | None:
    """`raw` as a non-negative integer if it is one written in ASCII digits, else None:
    the one way the sandbox reads a number from a query string or a header."""
    return int(raw) if _INTEGER.fullmatch(raw) else None


def parse_query(declared: Sequence[Query], sent: Mapping[str, str]) -> dict[str, Any]:
    """Every declared query parameter's value (its default when absent). Others are
    ignored, as OpenAI ignores them."""
    return {param.name: param.read(sent) for param in declared}
