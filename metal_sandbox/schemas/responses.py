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
    IMAGE_URL_PATTERN,
    MAX_OUTPUT_TOKENS,
    NO_CACHE,
    REASONING_TOKENS,
    CacheBreakpoint,
    ModerationConfig,
    PromptCacheOptions,
    ReasoningEffort,
    ToolName,
    web_or_data_url,
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
#: A field an item sent back from an earlier response carries, which MeTal does not read.
NOT_READ = "Accepted, as an earlier response's item carries it; not read."


# --- request: input items -------------------------------------------------------------


class InputText(Request):
    type: Literal["input_text"]
    text: str = Field(description="The text.")
    prompt_cache_breakpoint: CacheBreakpoint | None = None


class InputImage(Request):
    """An image by URL (`http://`, `https://` or a `data:image/...;base64,` URL, as chat
    takes them); `file_id` is refused, MeTal has no Files API."""

    type: Literal["input_image"]
    image_url: str | None = Field(
        default=None,
        description="An `http://` or `https://` URL, or the image in a "
        "`data:image/...;base64,` URL.",
        json_schema_extra={"pattern": IMAGE_URL_PATTERN},
    )
    file_id: str | None = Field(
        default=None,
        description="Refused (`unsupported_value`): MeTal has no Files API; send `image_url`.",
    )
    detail: ImageDetail = Field(
        default="auto", description="How closely to look. Every image costs 85 input tokens."
    )
    prompt_cache_breakpoint: CacheBreakpoint | None = None

    @field_validator("image_url")
    @classmethod
    def _web_or_data_url(cls, url: str | None) -> str | None:
        return None if url is None else web_or_data_url(url)


class InputFile(Request):
    """Refused (`unsupported_value`): MeTal's models read text and images only."""

    type: Literal["input_file"]
    file_id: str | None = Field(default=None, description="A file of OpenAI's Files API.")
    file_data: str | None = Field(default=None, description="The file's content, in base64.")
    file_url: str | None = Field(default=None, description="The file's URL.")
    filename: str | None = Field(default=None, description="The file's name.")


class OutputTextPart(Request):
    """A reply's text, as an earlier response's `output` sends it back."""

    type: Literal["output_text"]
    text: str = Field(description="The reply's text.")
    annotations: list[dict[str, Any]] | None = Field(default=None, description=NOT_READ)
    logprobs: list[dict[str, Any]] | None = Field(default=None, description=NOT_READ)


class RefusalPart(Request):
    type: Literal["refusal"]
    refusal: str = Field(description="The refusal the model gave instead of a reply.")


ContentPart = Annotated[
    InputText | InputImage | InputFile | OutputTextPart | RefusalPart,
    Field(discriminator="type"),
]


class MessageItem(Request):
    """A message: `user`, `system` and `developer` ones hold `input_*` parts, `assistant`
    ones (an earlier reply sent back) `output_text` or `refusal` parts."""

    type: Literal["message"] = "message"
    role: Literal["user", "assistant", "system", "developer"] = Field(
        description="`user`, `system` or `developer` for what you send; `assistant` for an "
        "earlier reply sent back."
    )
    content: str | list[ContentPart] = Field(
        description="A string, or parts: `input_text` and `input_image` in a `user` message, "
        "`input_text` in a `system` or `developer` one, `output_text` or `refusal` in an "
        "`assistant` one."
    )
    id: str | None = Field(
        default=None,
        description="The item's id, as an earlier response gave it; `input_items` lists the "
        "message under it. Left out, a new `msg_` id is made.",
    )
    status: ItemStatus | None = Field(default=None, description=NOT_READ)
    phase: Literal["commentary", "final_answer"] | None = Field(
        default=None,
        description="OpenAI's label of an assistant message, `commentary` or `final_answer`. "
        "Accepted; not read.",
    )


class FunctionCallItem(Request):
    """A call the model made, sent back before its `function_call_output`."""

    type: Literal["function_call"]
    call_id: str = Field(
        description="The call's `call_id`, which its `function_call_output` repeats."
    )
    name: ToolName = Field(description="The function that was called.")
    arguments: str = Field(description="The arguments, as JSON text.")
    id: str | None = Field(
        default=None,
        description="The item's id (`fc_...`), as the response gave it. Left out, a new one "
        "is made.",
    )
    status: ItemStatus | None = Field(default=None, description=NOT_READ)
    namespace: str | None = Field(
        default=None, description="OpenAI's namespace of the function. Accepted; not read."
    )


class FunctionCallOutputItem(Request):
    """What your code returned for the call `call_id`."""

    type: Literal["function_call_output"]
    call_id: Annotated[str, Field(min_length=1, max_length=64)] = Field(
        description="The `call_id` of a `function_call` in the conversation; any other is "
        "refused (`tool_call_not_found`)."
    )
    output: str | list[ContentPart] = Field(
        description="What your function returned: a string, or text parts. Image and file "
        "parts are refused (`unsupported_value`)."
    )
    id: str | None = Field(
        default=None,
        description="An id for the item (`fco_...`). Left out, a new one is made.",
    )
    status: ItemStatus | None = Field(default=None, description=NOT_READ)


class ReasoningItem(Request):
    """A reasoning item sent back from another provider's response: accepted and skipped
    (MeTal's responses carry none)."""

    type: Literal["reasoning"]
    id: str = Field(description="The item's id, as the other provider gave it.")
    summary: list[dict[str, Any]] = Field(description="Its summary parts.")
    content: list[dict[str, Any]] | None = Field(
        default=None, description="Its reasoning text parts."
    )
    encrypted_content: str | None = Field(
        default=None, description="Its reasoning, encrypted by the provider that made it."
    )
    status: ItemStatus | None = Field(default=None, description="Its status.")


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
    description: str | None = Field(
        default=None, description="What the function does; the model reads it to choose."
    )
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

    type: Literal[UNSERVED_TOOLS] = Field(  # type: ignore[valid-type]
        description="The hosted tool, such as `web_search`: refused (`unsupported_value`)."
    )


Tool = Annotated[FunctionTool | UnservedTool, Field(discriminator="type")]


class ToolChoiceFunction(Request):
    """Force a call to one function."""

    type: Literal["function"]
    name: str = Field(description="The function to call: one of the names in `tools`.")


class ToolChoiceAllowed(Request):
    """OpenAI's `allowed_tools`; refused (`unsupported_value`): send only those tools."""

    type: Literal["allowed_tools"]
    mode: Literal["auto", "required"] = Field(
        description="`auto`: the model may call one of `tools`; `required`: it must."
    )
    tools: list[dict[str, Any]] = Field(description="The tools the model may pick from.")


class TextFormatText(Request):
    type: Literal["text"]


class TextFormatJSONObject(Request):
    type: Literal["json_object"]


class TextFormatJSONSchema(Request):
    type: Literal["json_schema"]
    name: ToolName = Field(description="A name for the format, such as `city_facts`.")
    schema_: dict[str, Any] = Field(alias="schema", description="A JSON Schema object.")
    description: str | None = Field(default=None, description="What the format is for.")
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

    id: str = Field(description="The template's id, `pmpt_...`.")
    version: str | None = Field(default=None, description="The template's version.")
    variables: dict[str, Any] | None = Field(
        default=None, description="Values for the template's variables, by name."
    )


class ContextManagement(Request):
    type: str = Field(description="OpenAI's kind of context management: `compaction`.")
    compact_threshold: int | None = Field(
        default=None, description="How many tokens the conversation may reach before compaction."
    )


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
    stream_options: ResponseStreamOptions | None = Field(
        default=None, description="Options of a streamed response, read with `stream: true`."
    )
    include: list[Include] | None = Field(default=None, description="Accepted; no effect here.")
    truncation: Literal["auto", "disabled"] | None = Field(
        default=None, description="Accepted; a conversation too long is refused either way."
    )
    service_tier: ServiceTier | None = Field(
        default=None, description="Any of OpenAI's tiers; every response is served on `default`."
    )
    user: str | None = Field(default=None, description="Deprecated by OpenAI; accepted.")
    safety_identifier: str | None = Field(
        default=None, max_length=64, description="Your id for the end user; not read."
    )
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


#: `logprobs` of an output text and its stream events.
NO_LOGPROBS = "Always `[]`: this API returns no log probabilities."


class OutputText(Response):
    type: Literal["output_text"] = "output_text"
    text: str = Field(description="The reply's text.")
    annotations: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Always `[]`: MeTal's replies carry none of OpenAI's annotations (web "
        "search citations).",
    )
    logprobs: list[dict[str, Any]] = Field(default_factory=list, description=NO_LOGPROBS)


class Refusal(Response):
    type: Literal["refusal"] = "refusal"
    refusal: str = Field(description="The model's refusal, in place of a reply.")


OutputContent = Annotated[OutputText | Refusal, Field(discriminator="type")]


class OutputMessage(Response):
    id: str = Field(description="`msg_` and a 26-character ULID.")
    type: Literal["message"] = "message"
    status: ItemStatus = Field(
        description="`completed`, or `incomplete` when `max_output_tokens` cut it short; "
        "`in_progress` in a stream's `response.output_item.added`."
    )
    role: Literal["assistant"] = "assistant"
    content: list[OutputContent] = Field(
        description="The reply: one `output_text` part, or one `refusal` part."
    )


class FunctionCall(Response):
    id: str = Field(description="`fc_` and a 26-character ULID.")
    type: Literal["function_call"] = "function_call"
    status: ItemStatus = Field(
        description="`completed`; `in_progress` in a stream's `response.output_item.added`."
    )
    call_id: str = Field(description="`call_` and 24 characters; echo it in the output item.")
    name: str = Field(description="The function to call: one of the names in `tools`.")
    arguments: str = Field(description="JSON text; parse it before use.")


OutputItem = Annotated[OutputMessage | FunctionCall, Field(discriminator="type")]


class InputTokensDetails(Response):
    cached_tokens: int = Field(default=0, description=NO_CACHE)
    cache_write_tokens: int = Field(default=0, description=NO_CACHE)


class OutputTokensDetails(Response):
    reasoning_tokens: int = Field(default=0, description=REASONING_TOKENS)


class ResponseUsage(Response):
    input_tokens: int = Field(
        description="Tokens in the input: instructions, the conversation (earlier turns of "
        "`previous_response_id` included), the tools, the `text.format` schema, and 85 per "
        "image."
    )
    input_tokens_details: InputTokensDetails = Field(
        default_factory=InputTokensDetails, description="What `input_tokens` is made of."
    )
    output_tokens: int = Field(description="Includes reasoning tokens.")
    output_tokens_details: OutputTokensDetails = Field(
        default_factory=OutputTokensDetails, description="What `output_tokens` is made of."
    )
    total_tokens: int = Field(description="`input_tokens` plus `output_tokens`.")


class ResponseError(Response):
    code: str = Field(description="The error's code from the catalog, such as `server_error`.")
    message: str = Field(description="What went wrong, in a sentence.")


class IncompleteDetails(Response):
    reason: Literal["max_output_tokens", "content_filter"] = Field(
        description="`max_output_tokens`: the output reached that limit. `content_filter` is "
        "OpenAI's value for output its filter cut short; MeTal never sends it."
    )


#: A setting a response shows as its request sent it.
AS_SENT = "as the request sent it"


class FunctionToolOut(Response):
    type: Literal["function"] = "function"
    name: str = Field(description="The function's name.")
    description: str | None = Field(default=None, description=f"What it does, {AS_SENT}.")
    parameters: dict[str, Any] | None = Field(
        default=None, description=f"The JSON Schema of its arguments, {AS_SENT}."
    )
    strict: bool | None = Field(default=None, description=f"Its `strict`, {AS_SENT}.")


class FormatText(Response):
    type: Literal["text"] = "text"


class FormatJSONObject(Response):
    type: Literal["json_object"] = "json_object"


class FormatJSONSchema(Response):
    model_config = {**Response.model_config, "serialize_by_alias": True}

    type: Literal["json_schema"] = "json_schema"
    name: str = Field(description=f"The format's name, {AS_SENT}.")
    schema_: dict[str, Any] = Field(
        alias="schema", description="The JSON Schema the output matches."
    )
    description: str | None = omitted_when_null(
        description=f"What the format is for, {AS_SENT}; left out when it sent none."
    )
    strict: bool | None = Field(default=None, description=f"Its `strict`, {AS_SENT}.")


class TextSettings(Response):
    format: FormatText | FormatJSONObject | FormatJSONSchema = Field(
        default_factory=FormatText,
        description="The output's format: `text` (the default), `json_object` or `json_schema`.",
    )
    verbosity: Literal["low", "medium", "high"] = Field(
        default="medium", description="The request's `text.verbosity`; `medium` when it sent none."
    )


class ReasoningSettings(Response):
    effort: str | None = Field(
        default=None,
        description="The reasoning effort it ran with: the request's, or `medium` on "
        "`valley-pro-1`; null on models that do not reason.",
    )
    summary: str | None = Field(
        default=None,
        description=f"`reasoning.summary`, {AS_SENT}; MeTal returns no reasoning summary.",
    )


class NamedFunction(Response):
    type: Literal["function"] = "function"
    name: str = Field(description="The function the request forced.")


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
    background: bool = Field(
        default=False, description="Whether the request set `background: true`."
    )
    completed_at: int | None = Field(
        default=None, description="Unix time (seconds) when the response finished; null until then."
    )
    error: ResponseError | None = Field(
        default=None, description="Why a background response failed; null otherwise."
    )
    incomplete_details: IncompleteDetails | None = Field(
        default=None,
        description="Why the output stopped short, when `status` is `incomplete`; null otherwise.",
    )
    instructions: str | None = Field(default=None, description=f"`instructions`, {AS_SENT}.")
    max_output_tokens: int | None = Field(
        default=None,
        description=f"`max_output_tokens`, {AS_SENT}; null when it sent none (the limit is "
        "then 1024).",
    )
    max_tool_calls: int | None = Field(default=None, description=f"`max_tool_calls`, {AS_SENT}.")
    model: str = Field(description="The model that answered.")
    output: list[OutputItem] = Field(description="Messages and function calls, in order.")
    parallel_tool_calls: bool = Field(
        default=True, description=f"`parallel_tool_calls`, {AS_SENT}; true when it sent none."
    )
    previous_response_id: str | None = Field(
        default=None, description="The response this one continues, if any."
    )
    reasoning: ReasoningSettings = Field(
        default_factory=ReasoningSettings, description="The reasoning settings it ran with."
    )
    service_tier: Literal["default"] = "default"
    store: bool = Field(
        default=True,
        description="Whether the response is stored: true unless the request sent `store: false`.",
    )
    temperature: float = Field(
        default=1.0, description=f"`temperature`, {AS_SENT}; 1 when it sent none."
    )
    text: TextSettings = Field(
        default_factory=TextSettings, description="The output settings it ran with."
    )
    tool_choice: Literal["none", "auto", "required"] | NamedFunction = Field(
        default="auto", description=f"`tool_choice`, {AS_SENT}; `auto` when it sent none."
    )
    tools: list[FunctionToolOut] = Field(
        default_factory=list, description="The function tools the request sent."
    )
    top_logprobs: int = Field(
        default=0, description=f"`top_logprobs`, {AS_SENT}; 0 when it sent none."
    )
    top_p: float = Field(default=1.0, description=f"`top_p`, {AS_SENT}; 1 when it sent none.")
    truncation: Literal["auto", "disabled"] = Field(
        default="disabled", description=f"`truncation`, {AS_SENT}; `disabled` when it sent none."
    )
    usage: ResponseUsage | None = omitted_when_null(
        description="Token counts; absent until a background response finishes."
    )
    user: str | None = omitted_when_null(description="The request's `user`, if it sent one.")
    safety_identifier: str | None = Field(
        default=None, description=f"`safety_identifier`, {AS_SENT}."
    )
    prompt_cache_key: str | None = Field(
        default=None, description=f"`prompt_cache_key`, {AS_SENT}."
    )
    metadata: dict[str, str] = Field(
        default_factory=dict, description=f"`metadata`, {AS_SENT}; `{{}}` when it sent none."
    )


class DeletedResponse(Response):
    id: str = Field(description="The deleted response's id.")
    object: Literal["response"] = "response"
    deleted: Literal[True] = True


# --- input items, as listed -----------------------------------------------------------


class InputTextOut(Response):
    type: Literal["input_text"] = "input_text"
    text: str = Field(description="The text.")


class InputImageOut(Response):
    type: Literal["input_image"] = "input_image"
    image_url: str | None = Field(default=None, description="The image's URL, as you sent it.")
    detail: ImageDetail = Field(
        default="auto", description="How closely to look at the image, as you sent it."
    )


#: An input item is complete once it is listed.
LISTED = "Always `completed`."


class InputMessageResource(Response):
    id: str = Field(description="`msg_` and a 26-character ULID.")
    type: Literal["message"] = "message"
    role: Literal["user", "system", "developer"] = Field(description="Who wrote the message.")
    status: ItemStatus = Field(default="completed", description=LISTED)
    content: list[Annotated[InputTextOut | InputImageOut, Field(discriminator="type")]] = Field(
        description="Its `input_text` and `input_image` parts; input sent as a string is one "
        "`input_text` part."
    )


class FunctionCallOutputResource(Response):
    id: str = Field(description="`fco_` and a 26-character ULID.")
    type: Literal["function_call_output"] = "function_call_output"
    call_id: str = Field(description="The `call_id` of the function call it answers.")
    output: str = Field(description="What your function returned, as text.")
    status: ItemStatus = Field(default="completed", description=LISTED)


ItemResource = Annotated[
    InputMessageResource | OutputMessage | FunctionCall | FunctionCallOutputResource,
    Field(union_mode="left_to_right"),
]


class ResponseItemList(Response):
    object: Literal["list"] = "list"
    data: list[ItemResource] = Field(
        description="The input items, in `order`: messages, function calls and their outputs."
    )
    first_id: str | None = Field(description="The first item's id; null when `data` is empty.")
    last_id: str | None = Field(description="Pass it as `after` to get the next page.")
    has_more: bool = Field(description="Whether more items follow this page.")


# --- stream events --------------------------------------------------------------------

#: The fields that place a stream event in the response.
OUTPUT_INDEX = "The item's position in the response's `output`."
ITEM_ID = "The `id` of the output item."
CONTENT_INDEX = "The part's position in the item's `content`."


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
    output_index: int = Field(description=OUTPUT_INDEX)
    item: OutputItem = Field(
        description="The new item, `in_progress`: a message with no `content` yet, or a "
        'function call with `arguments` `""`.'
    )


class ResponseOutputItemDoneEvent(_Event):
    type: Literal["response.output_item.done"] = "response.output_item.done"
    output_index: int = Field(description=OUTPUT_INDEX)
    item: OutputItem = Field(description="The whole item, as `output` holds it.")


class ResponseContentPartAddedEvent(_Event):
    type: Literal["response.content_part.added"] = "response.content_part.added"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    part: OutputContent = Field(description="The new part, with empty `text` or `refusal`.")


class ResponseContentPartDoneEvent(_Event):
    type: Literal["response.content_part.done"] = "response.content_part.done"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    part: OutputContent = Field(description="The whole part.")


class ResponseTextDeltaEvent(_Event):
    type: Literal["response.output_text.delta"] = "response.output_text.delta"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    delta: str = Field(description="The next piece of the text: add it to what came before.")
    logprobs: list[dict[str, Any]] = Field(default_factory=list, description=NO_LOGPROBS)


class ResponseTextDoneEvent(_Event):
    type: Literal["response.output_text.done"] = "response.output_text.done"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    text: str = Field(description="The part's whole text.")
    logprobs: list[dict[str, Any]] = Field(default_factory=list, description=NO_LOGPROBS)


class ResponseRefusalDeltaEvent(_Event):
    type: Literal["response.refusal.delta"] = "response.refusal.delta"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    delta: str = Field(description="The next piece of the refusal.")


class ResponseRefusalDoneEvent(_Event):
    type: Literal["response.refusal.done"] = "response.refusal.done"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    content_index: int = Field(description=CONTENT_INDEX)
    refusal: str = Field(description="The whole refusal.")


class ResponseFunctionCallArgumentsDeltaEvent(_Event):
    type: Literal["response.function_call_arguments.delta"] = (
        "response.function_call_arguments.delta"
    )
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    delta: str = Field(
        description="The next piece of the arguments' JSON text: add it to what came before."
    )


class ResponseFunctionCallArgumentsDoneEvent(_Event):
    type: Literal["response.function_call_arguments.done"] = "response.function_call_arguments.done"
    item_id: str = Field(description=ITEM_ID)
    output_index: int = Field(description=OUTPUT_INDEX)
    name: str = Field(description="The function to call.")
    arguments: str = Field(description="The whole arguments, as JSON text.")


class ResponseErrorEvent(_Event):
    """The stream failed part-way; it ends after this event. Retry the request."""

    type: Literal["error"] = "error"
    code: str | None = Field(description="The error's code from the catalog: `server_error`.")
    message: str = Field(description="What went wrong, in a sentence.")
    param: str | None = Field(
        default=None, description="The request parameter at fault; null when none is."
    )


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
