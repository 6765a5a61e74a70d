"""Base classes shared by every body model."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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
