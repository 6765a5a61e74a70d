"""Bodies of the stored-completion operations: list, update, delete and their messages,
in OpenAI's shapes (`ChatCompletionList`, `ChatCompletionDeleted`,
`ChatCompletionMessageList`), so the SDK's `client.chat.completions` reads them as is."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field

from metal_sandbox.schemas.base import Request, Response, omitted_when_null
from metal_sandbox.schemas.chat import ChatCompletion, ResponseToolCall

#: OpenAI's `Metadata`: up to 16 pairs, keys of at most 64 characters, values of 512.
MAX_PAIRS, MAX_KEY, MAX_VALUE = 16, 64, 512
Metadata = Annotated[
    dict[
        Annotated[str, Field(max_length=MAX_KEY)],
        Annotated[str, Field(max_length=MAX_VALUE)],
    ],
    Field(max_length=MAX_PAIRS),
]


class UpdateChatCompletion(Request):
    metadata: Metadata | None = Field(
        description="The completion's new metadata, replacing the old pairs whole; `null` "
        "or `{}` removes them. Up to 16 pairs, keys of at most 64 characters, values of 512."
    )


class ChatCompletionList(Response):
    object: Literal["list"] = "list"
    data: list[ChatCompletion] = Field(description="Stored completions, in `order`.")
    first_id: str | None = Field(description="The first completion's id; null on an empty page.")
    last_id: str | None = Field(
        description="The last completion's id: pass it as `after` for the next page."
    )
    has_more: bool = Field(description="Whether more completions follow this page.")


class ChatCompletionDeleted(Response):
    object: Literal["chat.completion.deleted"] = "chat.completion.deleted"
    id: str = Field(description="The deleted completion's id.")
    deleted: Literal[True] = True


class StoredMessage(Response):
    """A message of the conversation a stored completion answered, as it was sent."""

    id: str = Field(description="The completion's id, `-` and the message's position.")
    role: Literal["system", "developer", "user", "assistant", "tool"] = Field(
        description="Who wrote the message. MeTal's `system` field is listed first, as a "
        "`system` message."
    )
    content: str | None = Field(description="The text; null when it was sent as parts.")
    refusal: str | None = Field(
        default=None, description="An `assistant` message's `refusal`, as it was sent."
    )
    name: str | None = Field(default=None, description="The message's `name`, as it was sent.")
    content_parts: list[dict[str, Any]] | None = Field(
        default=None, description="The `text` and `image_url` parts, when sent as parts."
    )
    tool_calls: list[ResponseToolCall] | None = omitted_when_null(
        description="An `assistant` message's tool calls, as they were sent; left out otherwise."
    )
    tool_call_id: str | None = omitted_when_null(
        description="A `tool` message's `tool_call_id`, as it was sent; left out otherwise."
    )


class StoredMessageList(Response):
    object: Literal["list"] = "list"
    data: list[StoredMessage] = Field(description="The messages, in `order`.")
    first_id: str | None = Field(description="The first message's id; null on an empty page.")
    last_id: str | None = Field(description="The last message's id: `after` for the next page.")
    has_more: bool = Field(description="Whether more messages follow this page.")
