"""Base classes shared by every body model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def whole_number(value: Any) -> Any:
    """Count integers as JSON Schema does: `6.0` is one; `6.5` and `"6"` are not.

    Used as a `mode="before"` field validator, so the field's schema stays `integer`."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class Request(BaseModel):
    """A request body: strict types, unknown fields rejected, as the API does."""

    model_config = ConfigDict(strict=True, extra="forbid", populate_by_name=True)


class Response(BaseModel):
    """A response body. Extra fields may be added in later versions, so clients must
    ignore fields they do not know."""

    model_config = ConfigDict(populate_by_name=True)


def omitted_when_null(**kwargs: Any) -> Any:
    """A field that is left out of the JSON when it has no value, as OpenAI leaves out
    `tool_calls` on a plain text reply."""
    return Field(default=None, exclude_if=lambda value: value is None, **kwargs)
