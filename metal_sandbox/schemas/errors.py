"""The error body, identical to OpenAI's."""

from __future__ import annotations

from pydantic import Field

from metal_sandbox.schemas.base import Response


class ErrorObject(Response):
    message: str = Field(description="What went wrong, in a sentence a person can act on.")
    type: str = Field(description="The broad class of error, such as `invalid_request_error`.")
    param: str | None = Field(
        description="The request parameter at fault, as a path like `messages[0].content`, "
        "or null when no single parameter is."
    )
    code: str | None = Field(
        description="A stable, machine-readable code. Branch on this, not on `message`."
    )


class ErrorResponse(Response):
    """Every non-2xx response has this body."""

    error: ErrorObject = Field(
        description="What went wrong: a message, the error's type and code, and the parameter "
        "at fault."
    )
