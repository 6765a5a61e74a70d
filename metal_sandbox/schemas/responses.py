"""Bodies of `/v1/responses`: the request, the response, its items and its stream events.

The shapes are OpenAI's Responses API. Request fields MeTal cannot serve are declared with
OpenAI's types anyway, so a request that OpenAI accepts gets MeTal's documented refusal
(`unsupported_parameter`, `unsupported_value`) rather than `unknown_parameter`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, RootModel, Tag, field_validator

from metal_sandbox.schemas.base import Request, Response, omitted_when_null, whole_number
from metal_sandbox.schemas.chat import (
    MAX_OUTPUT_TOKENS,
    CacheBreakpoint,
    ModerationConfig,
    PromptCacheOptions,
    ReasoningEffort,
    ToolName,
)

Metadata = Annotated[dict[str, Annotated[str, Field(max_length=512)]], Field(max_length=16)]
ItemStatus = Literal["in_progress", "completed", "incomplete"]
ImageDetail = Literal["auto", "low", "high", "original"]
#: OpenAI's hosted tools: declared so that they are refused as unsupported, not unknown.
UNSERVED_TOOLS = (
    "file_search",
    "computer",
    "computer_use_preview",
    "web_search",
    "web_search_preview",
    "web_search_preview_2025_03_11",
    "web_search_2025_08_26",
    "mcp",
    "code_interpreter",
    "image_generation",
    "local_shell",
    "shell",
    "custom",
    "namespace",
    "tool_search",
    "apply_patch",
    "programmatic_tool_calling",
)
Include = Literal[
    "file_search_call.results",
    "web_search_call.results",
    "web_search_call.action.sources",
    "message.input_image.image_url",
    "computer_call_output.output.image_url",
    "code_interpreter_call.outputs",
    "reasoning.encrypted_content",
    "message.output_text.logprobs",
]


# --- request: input items -------------------------------------------------------------


class InputText(Request):
    type: Literal["input_text"]
    text: str
    prompt_cache_breakpoint: CacheBreakpoint | None = None


class InputImage(Request):
    """An image by URL (`https://` or a `data:image/...;base64,` URL); `file_id` is refused,
    MeTal has no Files API."""

    type: Literal["input_image"]
    image_url: str | None = None
    file_id: str | None = None
    detail: ImageDetail = Field(
        default="auto", description="How closely to look. Every image costs 85 input tokens."
    )
    prompt_cache_breakpoint: CacheBreakpoint | None = None


class InputFile(Request):
    """Refused (`unsupported_value`): MeTal's models read text and images only."""

    type: Literal["input_file"]
    file_id: str | None = None
    file_data: str | None = None
    file_url: str | None = None
    filename: str | None = None


class OutputTextPart(Request):
    """A reply's text, as an earlier response's `output` sends it back."""

    type: Literal["output_text"]
    text: str
    annotations: list[dict[str, Any]] | None = None
    logprobs: list[dict[str, Any]] | None = None


class RefusalPart(Request):
    type: Literal["refusal"]
    refusal: str


ContentPart = Annotated[
    InputText | InputImage | InputFile | OutputTextPart | RefusalPart,
    Field(discriminator="type"),
]


class MessageItem(Request):
    """A message: `user`, `system` and `developer` ones hold `input_*` parts, `assistant`
    ones (an earlier reply sent back) `output_text` or `refusal` parts."""

    type: Literal["message"] = "message"
    role: Literal["user", "assistant", "system", "developer"]
    content: str | list[ContentPart]
    id: str | None = None
    status: ItemStatus | None = None
    phase: Literal["commentary", "final_answer"] | None = None


class FunctionCallItem(Request):
    """A call the model made, sent back before its `function_call_output`."""

    type: Literal["function_call"]
    call_id: str
    name: ToolName
    arguments: str
    id: str | None = None
    status: ItemStatus | None = None
    namespace: str | None = None


class FunctionCallOutputItem(Request):
    """What your code returned for the call `call_id`."""

    type: Literal["function_call_output"]
    call_id: Annotated[str, Field(min_length=1, max_length=64)]
    output: str | list[ContentPart]
    id: str | None = None
    status: ItemStatus | None = None


class ReasoningItem(Request):
    """A reasoning item sent back from another provider's response: accepted and skipped
    (MeTal's responses carry none)."""

    type: Literal["reasoning"]
    id: str
    summary: list[dict[str, Any]]
    content: list[dict[str, Any]] | None = None
    encrypted_content: str | None = None
    status: ItemStatus | None = None


def _item_type(value: Any) -> str:
    """A message may leave out `type`, as OpenAI's shorthand `{"role", "content"}` does."""
    if isinstance(value, dict):
        kind = value.get("type", "message")
        return kind if isinstance(kind, str) else "message"
    return getattr(value, "type", "message")


InputItem = Annotated[
    Annotated[MessageItem, Tag("message")]
    | Annotated[FunctionCallItem, Tag("function_call")]
    | Annotated[FunctionCallOutputItem, Tag("function_call_output")]
    | Annotated[ReasoningItem, Tag("reasoning")],
    Discriminator(_item_type),
]


# --- request: tools, formats, options -------------------------------------------------


class FunctionTool(Request):
    type: Literal["function"]
    name: ToolName = Field(description="Letters, digits, `_` and `-`, at most 64 characters.")
    description: str | None = None
    parameters: dict[str, Any] | None = Field(
        default=None, description="A JSON Schema object describing the arguments."
    )
    strict: bool | None = Field(
        default=None, description="Guarantee that arguments match `parameters` exactly."
    )
    defer_loading: bool | None = Field(default=None, description="Accepted; no effect here.")


class UnservedTool(Request):
    """One of OpenAI's hosted tools, refused with `unsupported_value`."""

    model_config = {**Request.model_config, "extra": "allow"}

    type: Literal[UNSERVED_TOOLS]  # type: ignore[valid-type]


Tool = Annotated[FunctionTool | UnservedTool, Field(discriminator="type")]


class ToolChoiceFunction(Request):
    """Force a call to one function."""

    type: Literal["function"]
    name: str


class ToolChoiceAllowed(Request):
    """OpenAI's `allowed_tools`; refused (`unsupported_value`): send only those tools."""

    type: Literal["allowed_tools"]
    mode: Literal["auto", "required"]
    tools: list[dict[str, Any]]


class TextFormatText(Request):
    type: Literal["text"]


class TextFormatJSONObject(Request):
    type: Literal["json_object"]


class TextFormatJSONSchema(Request):
    type: Literal["json_schema"]
    name: ToolName
    schema_: dict[str, Any] = Field(alias="schema", description="A JSON Schema object.")
    description: str | None = None
    strict: bool | None = Field(
        default=False, description="Reject schemas strict mode cannot guarantee (422)."
    )


TextFormat = Annotated[
    TextFormatText | TextFormatJSONObject | TextFormatJSONSchema, Field(discriminator="type")
]


class TextOptions(Request):
    format: TextFormat | None = Field(
        default=None, description="`text` (default), `json_object`, or `json_schema`."
    )
    verbosity: Literal["low", "medium", "high"] | None = Field(
        default=None,
        description="`low` keeps a prose reply's first paragraph; `medium` (default) and "
        "`high` the whole reply.",
    )


class ReasoningOptions(Request):
    effort: ReasoningEffort | None = Field(
        default=None,
        description="How long `valley-pro-1` thinks: `low`, `medium` or `high`; OpenAI's "
        "other values are refused (`unsupported_value`), and so are other models.",
    )
    summary: Literal["auto", "concise", "detailed"] | None = Field(
        default=None, description="Accepted; MeTal returns no reasoning summary."
    )
    generate_summary: Literal["auto", "concise", "detailed"] | None = Field(
        default=None, description="Deprecated by OpenAI; accepted, no effect."
    )
    mode: str | None = Field(default=None, description="Accepted; no effect.")
    context: Literal["auto", "current_turn", "all_turns"] | None = Field(
        default=None, description="Accepted; no effect."
    )


class ResponseStreamOptions(Request):
    include_obfuscation: bool | None = Field(
        default=None, description="Accepted; the sandbox adds no `obfuscation` field."
    )


class PromptTemplate(Request):
    """OpenAI's stored prompt templates; refused (`unsupported_parameter`)."""

    id: str
    version: str | None = None
    variables: dict[str, Any] | None = None


class ContextManagement(Request):
    type: str
    compact_threshold: int | None = None


ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast", "ultrafast"]


class CreateResponse(Request):
    model: str = Field(description="The model id: `aurora`, `valley-fast-1` or `valley-pro-1`.")
    input: str | list[InputItem] | None = Field(
        default=None,
        description="A string (one user message), or a list of items: messages with "
        "`input_text` and `input_image` parts, earlier output items, and "
        "`function_call_output` items.",
    )
    instructions: str | None = Field(
        default=None,
        description="A system message for this response only: it is not carried over by "
        "`previous_response_id`.",
    )
    previous_response_id: str | None = Field(
        default=None,
        description="Continue from a stored response of your account: its input, its "
        "output, and everything before it come first.",
    )
    max_output_tokens: int | None = Field(
        default=None,
        ge=16,
        le=MAX_OUTPUT_TOKENS,
        description="The most tokens the output may use, reasoning included (default 1024). "
        'A reply cut short has `status: "incomplete"`.',
    )
    max_tool_calls: int | None = Field(
        default=None, ge=1, description="The most function calls one response may make."
    )
    temperature: float | None = Field(default=None, ge=0, le=2, description="0 to 2 (1).")
    top_p: float | None = Field(default=None, ge=0, le=1, description="0 to 1 (default 1).")
    top_logprobs: int | None = Field(
        default=None, ge=0, le=20, description="Accepted; no log probabilities are returned."
    )
    tools: list[Tool] | None = Field(
        default=None,
        description="Function tools the model may call. OpenAI's hosted tools (web search, "
        "file search, ...) are refused (`unsupported_value`).",
    )
    tool_choice: (
        Literal["none", "auto", "required"] | ToolChoiceFunction | ToolChoiceAllowed | None
    ) = Field(
        default=None,
        description='`auto` (default), `none`, `required`, or `{"type": "function", "name"}`.',
    )
    parallel_tool_calls: bool | None = Field(
        default=None, description="Allow several function calls in one response (default true)."
    )
    text: TextOptions | None = Field(
        default=None, description="`format`: `text`, `json_object` or `json_schema`."
    )
    reasoning: ReasoningOptions | None = Field(
        default=None, description="`effort` on `valley-pro-1`."
    )
    metadata: Metadata | None = Field(
        default=None, description="Up to 16 string pairs, returned with the response."
    )
    store: bool | None = Field(
        default=None,
        description="Keep the response (default true), to fetch it, list its input items "
        "and continue from it with `previous_response_id`.",
    )
    background: bool | None = Field(
        default=None,
        description="Answer at once with status `queued`, finish later, and announce the "
        "result by webhook (`response.completed` or `response.failed`). Needs `store`.",
    )
    stream: bool | None = Field(
        default=None, description="Send the response as typed server-sent events."
    )
    stream_options: ResponseStreamOptions | None = None
    include: list[Include] | None = Field(default=None, description="Accepted; no effect here.")
    truncation: Literal["auto", "disabled"] | None = Field(
        default=None, description="Accepted; a conversation too long is refused either way."
    )
    service_tier: ServiceTier | None = Field(
        default=None, description="Any of OpenAI's tiers; every response is served on `default`."
    )
    user: str | None = Field(default=None, description="Deprecated by OpenAI; accepted.")
    safety_identifier: str | None = Field(default=None, max_length=64)
    prompt_cache_key: str | None = Field(default=None, description="Accepted; no cache here.")
    prompt_cache_retention: Literal["in_memory", "24h"] | None = Field(
        default=None, description="Accepted; no cache here."
    )
    prompt_cache_options: PromptCacheOptions | None = Field(
        default=None, description="Accepted; no cache here."
    )
    prompt: PromptTemplate | None = Field(
        default=None, description="Refused: MeTal stores no prompt templates."
    )
    conversation: str | dict[str, Any] | None = Field(
        default=None,
        description="Refused: MeTal serves no Conversations API; use `previous_response_id`.",
    )
    context_management: Annotated[list[ContextManagement], Field(min_length=1)] | None = Field(
        default=None, description="Refused: MeTal does not compact conversations."
    )
    moderation: ModerationConfig | None = Field(
        default=None, description="Refused: MeTal does not moderate responses."
    )

    _whole_numbers = field_validator(
        "max_output_tokens", "max_tool_calls", "top_logprobs", mode="before"
    )(whole_number)


# --- response: output items -----------------------------------------------------------


class OutputText(Response):
    type: Literal["output_text"] = "output_text"
    text: str
    annotations: list[dict[str, Any]] = Field(default_factory=list)
    logprobs: list[dict[str, Any]] = Field(default_factory=list)


class Refusal(Response):
    type: Literal["refusal"] = "refusal"
    refusal: str


OutputContent = Annotated[OutputText | Refusal, Field(discriminator="type")]


class OutputMessage(Response):
    id: str = Field(description="`msg_` and a 26-character ULID.")
    type: Literal["message"] = "message"
    status: ItemStatus
    role: Literal["assistant"] = "assistant"
    content: list[OutputContent]


class FunctionCall(Response):
    id: str = Field(description="`fc_` and a 26-character ULID.")
    type: Literal["function_call"] = "function_call"
    status: ItemStatus
    call_id: str = Field(description="`call_` and 24 characters; echo it in the output item.")
    name: str
    arguments: str = Field(description="JSON text; parse it before use.")


OutputItem = Annotated[OutputMessage | FunctionCall, Field(discriminator="type")]


class InputTokensDetails(Response):
    cached_tokens: int = 0
    cache_write_tokens: int = 0


class OutputTokensDetails(Response):
    reasoning_tokens: int = 0


class ResponseUsage(Response):
    input_tokens: int
    input_tokens_details: InputTokensDetails = Field(default_factory=InputTokensDetails)
    output_tokens: int = Field(description="Includes reasoning tokens.")
    output_tokens_details: OutputTokensDetails = Field(default_factory=OutputTokensDetails)
    total_tokens: int


class ResponseError(Response):
    code: str
    message: str


class IncompleteDetails(Response):
    reason: Literal["max_output_tokens", "content_filter"]


class FunctionToolOut(Response):
    type: Literal["function"] = "function"
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class FormatText(Response):
    type: Literal["text"] = "text"


class FormatJSONObject(Response):
    type: Literal["json_object"] = "json_object"


class FormatJSONSchema(Response):
    model_config = {**Response.model_config, "serialize_by_alias": True}

    type: Literal["json_schema"] = "json_schema"
    name: str
    schema_: dict[str, Any] = Field(alias="schema")
    description: str | None = omitted_when_null()
    strict: bool | None = None


class TextSettings(Response):
    format: FormatText | FormatJSONObject | FormatJSONSchema = Field(default_factory=FormatText)
    verbosity: Literal["low", "medium", "high"] = "medium"


class ReasoningSettings(Response):
    effort: str | None = None
    summary: str | None = None


class NamedFunction(Response):
    type: Literal["function"] = "function"
    name: str


ResponseStatus = Literal["completed", "failed", "in_progress", "cancelled", "queued", "incomplete"]


class ResponseObject(Response):
    """A model response: its output items, status, usage and the settings it ran with."""

    id: str = Field(description="`resp_` and a 26-character ULID.")
    object: Literal["response"] = "response"
    created_at: int = Field(description="Unix time (seconds) of creation.")
    status: ResponseStatus = Field(
        description="`completed`; `incomplete` when `max_output_tokens` cut it short; for "
        "background responses `queued`, `in_progress`, then `completed`, `failed` or "
        "`cancelled`."
    )
    background: bool = False
    completed_at: int | None = None
    error: ResponseError | None = None
    incomplete_details: IncompleteDetails | None = None
    instructions: str | None = None
    max_output_tokens: int | None = None
    max_tool_calls: int | None = None
    model: str
    output: list[OutputItem] = Field(description="Messages and function calls, in order.")
    parallel_tool_calls: bool = True
    previous_response_id: str | None = None
    reasoning: ReasoningSettings = Field(default_factory=ReasoningSettings)
    service_tier: Literal["default"] = "default"
    store: bool = True
    temperature: float = 1.0
    text: TextSettings = Field(default_factory=TextSettings)
    tool_choice: Literal["none", "auto", "required"] | NamedFunction = "auto"
    tools: list[FunctionToolOut] = Field(default_factory=list)
    top_logprobs: int = 0
    top_p: float = 1.0
    truncation: Literal["auto", "disabled"] = "disabled"
    usage: ResponseUsage | None = omitted_when_null(
        description="Token counts; absent until a background response finishes."
    )
    user: str | None = omitted_when_null(description="The request's `user`, if it sent one.")
    safety_identifier: str | None = None
    prompt_cache_key: str | None = None
    metadata: dict[str, str] = Field(default_factory=dict)


class DeletedResponse(Response):
    id: str
    object: Literal["response"] = "response"
    deleted: Literal[True] = True


# --- input items, as listed -----------------------------------------------------------


class InputTextOut(Response):
    type: Literal["input_text"] = "input_text"
    text: str


class InputImageOut(Response):
    type: Literal["input_image"] = "input_image"
    image_url: str | None = None
    detail: ImageDetail = "auto"


class InputMessageResource(Response):
    id: str = Field(description="`msg_` and a 26-character ULID.")
    type: Literal["message"] = "message"
    role: Literal["user", "system", "developer"]
    status: ItemStatus = "completed"
    content: list[Annotated[InputTextOut | InputImageOut, Field(discriminator="type")]]


class FunctionCallOutputResource(Response):
    id: str = Field(description="`fco_` and a 26-character ULID.")
    type: Literal["function_call_output"] = "function_call_output"
    call_id: str
    output: str
    status: ItemStatus = "completed"


ItemResource = Annotated[
    InputMessageResource | OutputMessage | FunctionCall | FunctionCallOutputResource,
    Field(union_mode="left_to_right"),
]


class ResponseItemList(Response):
    object: Literal["list"] = "list"
    data: list[ItemResource]
    first_id: str | None = Field(description="The first item's id; null when `data` is empty.")
    last_id: str | None = Field(description="Pass it as `after` to get the next page.")
    has_more: bool


# --- stream events --------------------------------------------------------------------


class _Event(Response):
    sequence_number: int = Field(description="0 for the first event, then one more each.")


class ResponseCreatedEvent(_Event):
    type: Literal["response.created"] = "response.created"
    response: ResponseObject


class ResponseInProgressEvent(_Event):
    type: Literal["response.in_progress"] = "response.in_progress"
    response: ResponseObject


class ResponseCompletedEvent(_Event):
    type: Literal["response.completed"] = "response.completed"
    response: ResponseObject


class ResponseIncompleteEvent(_Event):
    type: Literal["response.incomplete"] = "response.incomplete"
    response: ResponseObject


class ResponseOutputItemAddedEvent(_Event):
    type: Literal["response.output_item.added"] = "response.output_item.added"
    output_index: int
    item: OutputItem


class ResponseOutputItemDoneEvent(_Event):
    type: Literal["response.output_item.done"] = "response.output_item.done"
    output_index: int
    item: OutputItem


class ResponseContentPartAddedEvent(_Event):
    type: Literal["response.content_part.added"] = "response.content_part.added"
    item_id: str
    output_index: int
    content_index: int
    part: OutputContent


class ResponseContentPartDoneEvent(_Event):
    type: Literal["response.content_part.done"] = "response.content_part.done"
    item_id: str
    output_index: int
    content_index: int
    part: OutputContent


class ResponseTextDeltaEvent(_Event):
    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    item_id: str
    output_index: int
    content_index: int
    delta: str
    logprobs: list[dict[str, Any]] = Field(default_factory=list)


class ResponseTextDoneEvent(_Event):
    type: Literal["response.output_text.done"] = "response.output_text.done"
    item_id: str
    output_index: int
    content_index: int
    text: str
    logprobs: list[dict[str, Any]] = Field(default_factory=list)


class ResponseRefusalDeltaEvent(_Event):
    type: Literal["response.refusal.delta"] = "response.refusal.delta"
    item_id: str
    output_index: int
    content_index: int
    delta: str


class ResponseRefusalDoneEvent(_Event):
    type: Literal["response.refusal.done"] = "response.refusal.done"
    item_id: str
    output_index: int
    content_index: int
    refusal: str


class ResponseFunctionCallArgumentsDeltaEvent(_Event):
    type: Literal["response.function_call_arguments.delta"] = (
        "response.function_call_arguments.delta"
    )
    item_id: str
    output_index: int
    delta: str


class ResponseFunctionCallArgumentsDoneEvent(_Event):
    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    item_id: str
    output_index: int
    name: str
    arguments: str


class ResponseErrorEvent(_Event):
    """The stream failed part-way; it ends after this event. Retry the request."""

    type: Literal["error"] = "error"
    code: str | None
    message: str
    param: str | None = None


class ResponseStreamEvent(RootModel[Any]):
    """One server-sent event of a streamed response: `event:` names its `type`, `data:`
    holds it as JSON."""

    root: Annotated[
        ResponseCreatedEvent
        | ResponseInProgressEvent
        | ResponseOutputItemAddedEvent
        | ResponseContentPartAddedEvent
        | ResponseTextDeltaEvent
        | ResponseTextDoneEvent
        | ResponseRefusalDeltaEvent
        | ResponseRefusalDoneEvent
        | ResponseFunctionCallArgumentsDeltaEvent
        | ResponseFunctionCallArgumentsDoneEvent
        | ResponseContentPartDoneEvent
        | ResponseOutputItemDoneEvent
        | ResponseCompletedEvent
        | ResponseIncompleteEvent
        | ResponseErrorEvent,
        Field(discriminator="type"),
    ]
