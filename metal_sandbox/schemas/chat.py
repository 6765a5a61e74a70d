"""Bodies of `POST /v1/chat/completions`: the request, the completion and the stream chunk."""

from __future__ import annotations

import json
import re
from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, field_validator
from pydantic_core import PydanticCustomError

from metal_sandbox.catalog import MODELS
from metal_sandbox.schemas.base import Request, Response, omitted_when_null, whole_number
from metal_sandbox.schemas.token_ids import LogitBias

_WRITERS = [card for card in MODELS if card.kind == "chat"]
#: The largest `max_tokens` any model accepts: the contract's maximum, so no value within
#: the documented range is refused for its size alone by every model.
MAX_OUTPUT_TOKENS = max(card.max_output_tokens for card in _WRITERS)
_PER_MODEL = ", ".join(f"{card.id} {card.max_output_tokens}" for card in _WRITERS)

ToolName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]{1,64}$")]


# --- request: messages ---------------------------------------------------------------


class CacheBreakpoint(Request):
    """OpenAI's explicit prompt-cache marker on a content part; the sandbox caches nothing."""

    mode: Literal["explicit"]


class TextPart(Request):
    type: Literal["text"]
    text: str = Field(description="The text.")
    prompt_cache_breakpoint: CacheBreakpoint | None = None


#: What an image part's `url` may be, as OpenAI takes it: a web URL with a host, or the
#: image itself in a base64 `data:` URL of an image type.
IMAGE_URL_PATTERN = (
    # No \s or \S: Python's and JSON Schema's (ECMAScript's) whitespace differ.
    r"^(?:[Hh][Tt][Tt][Pp][Ss]?://[^/?#][\s\S]*"
    r"|[Dd][Aa][Tt][Aa]:[Ii][Mm][Aa][Gg][Ee]/[A-Za-z0-9_.+-]+;[Bb][Aa][Ss][Ee]64,[\s\S]*)$"
)
IMAGE_URL = re.compile(IMAGE_URL_PATTERN)


class ImageURL(Request):
    url: str = Field(
        description="An `http://` or `https://` URL, or the image in a "
        "`data:image/...;base64,` URL.",
        # IMAGE_URL, spelled without the case-insensitive flag JSON Schema lacks; the
        # validator below gives the error its wording.
        json_schema_extra={"pattern": IMAGE_URL_PATTERN},
    )
    detail: Literal["auto", "low", "high"] = Field(
        default="auto", description="How closely to look. Every image costs 85 prompt tokens."
    )

    @field_validator("url")
    @classmethod
    def _web_or_data_url(cls, url: str) -> str:
        return web_or_data_url(url)


def web_or_data_url(url: str) -> str:
    """An image URL, checked: anything else is refused here, as OpenAI does, rather than
    described as an image that nobody could fetch. Chat's and the Responses API's image
    parts both take it."""
    if not IMAGE_URL.match(url):
        raise PydanticCustomError(
            "image_url",
            "expected an http:// or https:// URL, or a data:image/...;base64, URL, "
            "but got {got} instead",
            {"got": json.dumps(url[:100])},
        )
    return url


class ImagePart(Request):
    type: Literal["image_url"]
    image_url: ImageURL = Field(description="The image, by URL, and how closely to look at it.")
    prompt_cache_breakpoint: CacheBreakpoint | None = None


UserPart = Annotated[TextPart | ImagePart, Field(discriminator="type")]
TextContent = str | Annotated[list[TextPart], Field(min_length=1)]
#: `name`, which OpenAI allows on every role.
NAME = "A name for who wrote the message. Allowed on every role; not read."
#: What a system or developer message holds.
INSTRUCTIONS = "The instructions: a string, or an array of `text` parts."


class SystemMessage(Request):
    """Instructions that shape every reply: tone, persona, rules."""

    role: Literal["system"]
    content: TextContent = Field(description=INSTRUCTIONS)
    name: str | None = Field(default=None, description=NAME)


class DeveloperMessage(Request):
    """The newer name for a system message; the two behave the same."""

    role: Literal["developer"]
    content: TextContent = Field(description=INSTRUCTIONS)
    name: str | None = Field(default=None, description=NAME)


class UserMessage(Request):
    """What the user said: text, or text and images as content parts."""

    role: Literal["user"]
    content: str | Annotated[list[UserPart], Field(min_length=1)] = Field(
        description="The text, or an array of `text` and `image_url` parts."
    )
    name: str | None = Field(default=None, description=NAME)


class FunctionCall(Request):
    name: str = Field(description="The function that was called.")
    arguments: str = Field(description="The arguments as JSON text.")


class ToolCall(Request):
    id: str = Field(
        description="The call's id from the reply; the `tool` message that answers it "
        "repeats it as `tool_call_id`."
    )
    type: Literal["function"]
    function: FunctionCall = Field(description="The function called and its arguments.")


class AssistantMessage(Request):
    """An earlier reply of the model, sent back to continue the conversation."""

    role: Literal["assistant"]
    content: TextContent | None = Field(
        default=None,
        description="The reply's text, as a string or `text` parts; null when it called tools.",
    )
    refusal: str | None = Field(
        default=None, description="The refusal the model gave instead of a reply."
    )
    name: str | None = Field(default=None, description=NAME)
    tool_calls: Annotated[list[ToolCall], Field(min_length=1)] | None = Field(
        default=None,
        description="The tool calls the reply made. Send each result in a `tool` message "
        "after this one.",
    )
    annotations: list[dict[str, Any]] | None = Field(
        default=None, description="Accepted and ignored, so a reply can be sent back as is."
    )
    audio: dict[str, Any] | None = Field(default=None, description="Accepted and ignored.")
    function_call: FunctionCall | None = Field(
        default=None, description="Deprecated by OpenAI; accepted and ignored."
    )


class ToolMessage(Request):
    """The result of running a tool call, matched to it by `tool_call_id`."""

    role: Literal["tool"]
    content: TextContent = Field(
        description="What the tool returned: a string, or an array of `text` parts."
    )
    tool_call_id: str = Field(description="The `id` of the tool call this message answers.")
    name: str | None = Field(
        default=None, description="The tool's name, as some frameworks send it; not read."
    )


Message = Annotated[
    SystemMessage | DeveloperMessage | UserMessage | AssistantMessage | ToolMessage,
    Field(discriminator="role"),
]


# --- request: tools and formats -------------------------------------------------------


class FunctionDefinition(Request):
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


class Tool(Request):
    type: Literal["function"]
    function: FunctionDefinition = Field(
        description="The function: its name, what it does and the JSON Schema of its arguments."
    )


class NamedFunction(Request):
    name: str = Field(description="The function to call: one of the names in `tools`.")


class NamedToolChoice(Request):
    """Force a call to one function."""

    type: Literal["function"]
    function: NamedFunction = Field(description="The function the model must call.")


class TextFormat(Request):
    type: Literal["text"]


class JSONObjectFormat(Request):
    type: Literal["json_object"]


class JSONSchemaSpec(Request):
    name: ToolName = Field(description="A name for the format, such as `city_facts`.")
    description: str | None = Field(default=None, description="What the format is for.")
    schema_: dict[str, Any] = Field(alias="schema", description="A JSON Schema object.")
    strict: bool | None = Field(
        default=False, description="Reject schemas strict mode cannot guarantee (422)."
    )


class JSONSchemaFormat(Request):
    type: Literal["json_schema"]
    json_schema: JSONSchemaSpec = Field(
        description="The JSON Schema the reply must match, and its name."
    )


ResponseFormat = Annotated[
    TextFormat | JSONObjectFormat | JSONSchemaFormat, Field(discriminator="type")
]


class StreamOptions(Request):
    include_usage: bool = Field(
        default=False,
        description="Send a last chunk, before `[DONE]`, whose `usage` holds the token counts.",
    )
    include_obfuscation: bool | None = Field(
        default=None, description="Accepted; the sandbox adds no `obfuscation` field."
    )


class PredictionContent(Request):
    """Text the reply is expected to repeat, as OpenAI's Predicted Outputs."""

    type: Literal["content"]
    content: TextContent = Field(
        description="The text you expect: a string, or an array of `text` parts."
    )


class AudioOutput(Request):
    voice: str | dict[str, str] = Field(
        description="OpenAI's voice, by name (`alloy`) or as an object with its `id`."
    )
    format: Literal["wav", "aac", "mp3", "flac", "opus", "pcm16"] = Field(
        description="The audio format of the spoken reply."
    )


class WebSearchLocation(Request):
    country: str | None = Field(
        default=None, description="The two-letter ISO country code, such as `US`."
    )
    region: str | None = Field(default=None, description="The region, such as `California`.")
    city: str | None = Field(default=None, description="The city, such as `San Francisco`.")
    timezone: str | None = Field(
        default=None, description="The IANA time zone, such as `America/Los_Angeles`."
    )


class WebSearchUserLocation(Request):
    type: Literal["approximate"]
    approximate: WebSearchLocation = Field(description="Where the user is, roughly.")


class WebSearchOptions(Request):
    user_location: WebSearchUserLocation | None = Field(
        default=None, description="The user's approximate location, for local results."
    )
    search_context_size: Literal["low", "medium", "high"] | None = Field(
        default=None, description="How much of the search results the model reads."
    )


class ModerationConfig(Request):
    """OpenAI's moderation settings; their inner shape is OpenAI's and not checked here."""

    model: str = Field(description="The moderation model, such as `omni-moderation-latest`.")
    policy: dict[str, Any] | None = Field(
        default=None, description="OpenAI's moderation policy settings."
    )


class PromptCacheOptions(Request):
    ttl: Literal["30m"] | None = None
    mode: Literal["implicit", "explicit"] | None = Field(
        default=None,
        description="`implicit`: cache breakpoints are set for you; `explicit`: only where "
        "a content part has `prompt_cache_breakpoint`.",
    )


class LegacyFunction(Request):
    """An item of OpenAI's deprecated `functions`."""

    name: str = Field(description="The function's name.")
    description: str | None = Field(default=None, description="What the function does.")
    parameters: dict[str, Any] | None = Field(
        default=None, description="A JSON Schema object describing the arguments."
    )


ServiceTier = Literal["auto", "default", "flex", "scale", "priority", "fast"]
ReasoningEffort = Literal["none", "minimal", "low", "medium", "high", "xhigh", "max"]


# --- request ------------------------------------------------------------------------


class ChatCompletionRequest(Request):
    model: str = Field(description="The model id: `aurora`, `valley-fast-1` or `valley-pro-1`.")
    messages: Annotated[list[Message], Field(min_length=1)] = Field(
        description="The conversation so far, oldest first."
    )
    system: str | None = Field(
        default=None,
        description="MeTal extension: a system prompt, the same as a leading system message.",
    )
    max_tokens: int | None = Field(
        default=None,
        ge=1,
        le=MAX_OUTPUT_TOKENS,
        description="The most tokens the reply may use (default 1024). A reply cut short "
        'ends with `finish_reason: "length"`. At most the model\'s `max_output_tokens` '
        f"({_PER_MODEL}); a larger value gets a 400.",
    )
    max_completion_tokens: int | None = Field(
        default=None,
        ge=1,
        le=MAX_OUTPUT_TOKENS,
        description="OpenAI's newer name for `max_tokens`, with the same limits; wins if both.",
    )
    temperature: float | None = Field(
        default=None, ge=0, le=2, description="Sampling temperature, 0 to 2 (default 1)."
    )
    top_p: float | None = Field(
        default=None, ge=0, le=1, description="Nucleus sampling mass, 0 to 1 (default 1)."
    )
    frequency_penalty: float | None = Field(
        default=None,
        ge=-2,
        le=2,
        description="Make tokens less likely the more often they appear, -2 to 2. Checked, "
        "then not applied: the sandbox does not sample tokens.",
    )
    presence_penalty: float | None = Field(
        default=None,
        ge=-2,
        le=2,
        description="Make tokens that have appeared less likely, -2 to 2. Checked, then not "
        "applied: the sandbox does not sample tokens.",
    )
    stop: str | Annotated[list[str], Field(min_length=1, max_length=4)] | None = Field(
        default=None, description="Up to 4 sequences at which the reply stops (not included)."
    )
    n: int | None = Field(default=None, ge=1, le=128, description="How many choices to return.")
    seed: int | None = Field(
        default=None, description="Ask for reproducible sampling: same seed, same reply."
    )
    stream: bool | None = Field(
        default=None, description="Send the reply as server-sent events as it is generated."
    )
    stream_options: StreamOptions | None = Field(
        default=None, description="Options of a streamed reply, read with `stream: true`."
    )
    tools: Annotated[list[Tool], Field(min_length=1, max_length=128)] | None = Field(
        default=None, description="Functions the model may call."
    )
    tool_choice: Literal["none", "auto", "required"] | NamedToolChoice | None = Field(
        default=None,
        description="`auto` (default with tools): the model decides; `none`: never call; "
        "`required`: call at least one; or name one function to force it.",
    )
    parallel_tool_calls: bool | None = Field(
        default=None, description="Allow several tool calls in one reply (default true)."
    )
    response_format: ResponseFormat | None = Field(
        default=None, description="`text`, `json_object`, or `json_schema` with a schema."
    )
    reasoning_effort: ReasoningEffort | None = Field(
        default=None,
        description="How long `valley-pro-1` thinks before answering: `low`, `medium` or "
        "`high`; OpenAI's other values are refused (`unsupported_value`), and so are other "
        "models.",
    )
    metadata: (
        Annotated[dict[str, Annotated[str, Field(max_length=512)]], Field(max_length=16)] | None
    ) = Field(default=None, description="Up to 16 string pairs, kept with a stored completion.")
    background: bool | None = Field(
        default=None,
        description="Answer at once with status `queued`, finish later, and announce the "
        "result by webhook (`chat.completion.completed` or `.failed`). Implies `store`.",
    )
    store: bool | None = Field(
        default=None, description="Keep the completion so `GET` can fetch it for 30 days."
    )
    user: str | None = Field(default=None, description="Your own id for the end user.")
    logprobs: bool | None = Field(
        default=None,
        description="Return each reply token with its log probability in `choices[].logprobs`.",
    )
    top_logprobs: int | None = Field(
        default=None,
        ge=0,
        le=20,
        description="With `logprobs: true`, also return this many likely alternatives for "
        "each token, 0 to 20.",
    )
    logit_bias: LogitBias | None = Field(
        default=None,
        description="Token ids (as strings) mapped to a bias from -100 to 100. Checked, "
        "then not applied: the sandbox does not sample tokens.",
    )
    service_tier: ServiceTier | None = Field(
        default=None,
        description="Any of OpenAI's tiers; every request is served on `default`, and the "
        "response says so.",
    )
    prompt_cache_key: str | None = Field(
        default=None, description="Accepted; the sandbox has no prompt cache."
    )
    prompt_cache_retention: Literal["in_memory", "24h"] | None = Field(
        default=None, description="Accepted; the sandbox has no prompt cache."
    )
    prompt_cache_options: PromptCacheOptions | None = Field(
        default=None, description="Accepted; the sandbox has no prompt cache."
    )
    safety_identifier: str | None = Field(
        default=None, max_length=64, description="Your id for the end user, at most 64 chars."
    )
    modalities: list[Literal["text", "audio"]] | None = Field(
        default=None,
        description='`["text"]`, the only output MeTal makes; `"audio"` is refused.',
    )
    audio: AudioOutput | None = Field(
        default=None, description="Refused: MeTal's models do not speak."
    )
    verbosity: Literal["low", "medium", "high"] | None = Field(
        default=None,
        description="`low` shortens a prose reply to its first paragraph; `medium` (the "
        "default) and `high` give the whole reply.",
    )
    prediction: PredictionContent | None = Field(
        default=None,
        description="Text the reply should mostly repeat. Counted in "
        "`usage.completion_tokens_details` (accepted and rejected prediction tokens).",
    )
    web_search_options: WebSearchOptions | None = Field(
        default=None, description="Refused: MeTal's models do not search the web."
    )
    moderation: ModerationConfig | None = Field(
        default=None, description="Refused: MeTal does not moderate chat completions."
    )
    functions: Annotated[list[LegacyFunction], Field(min_length=1, max_length=128)] | None = Field(
        default=None, description="Deprecated by OpenAI and refused: use `tools`."
    )
    function_call: Literal["none", "auto"] | NamedFunction | None = Field(
        default=None, description="Deprecated by OpenAI and refused: use `tool_choice`."
    )

    _whole_numbers = field_validator(
        "max_tokens", "max_completion_tokens", "n", "seed", "top_logprobs", mode="before"
    )(whole_number)


# --- response -----------------------------------------------------------------------


class ResponseFunctionCall(Response):
    name: str = Field(description="The function to call: one of the names in `tools`.")
    arguments: str = Field(description="JSON text; parse it before use.")


class ResponseToolCall(Response):
    id: str = Field(description="`call_` and 24 characters; echo it as `tool_call_id`.")
    type: Literal["function"] = "function"
    function: ResponseFunctionCall = Field(description="The function to call and its arguments.")


class CompletionMessage(Response):
    role: Literal["assistant"] = "assistant"
    content: str | None = Field(description="The reply text; null when the model calls tools.")
    refusal: str | None = Field(default=None, description="Set when the model declines.")
    tool_calls: list[ResponseToolCall] | None = omitted_when_null(
        description="The functions the model calls, when it calls any; left out otherwise."
    )
    annotations: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Always `[]`: MeTal's replies carry none of OpenAI's annotations (web "
        "search citations).",
    )


FinishReason = Literal["stop", "length", "tool_calls", "content_filter"]


class TopLogprob(Response):
    token: str = Field(description="The token, as text.")
    logprob: float = Field(description="The natural log of the token's probability.")
    bytes: list[int] | None = Field(description="The token's UTF-8 bytes.")


class TokenLogprob(TopLogprob):
    top_logprobs: list[TopLogprob] = Field(
        description="The `top_logprobs` likeliest tokens at this position, likeliest first."
    )


class ChoiceLogprobs(Response):
    content: list[TokenLogprob] | None = Field(
        description="One entry per reply token; they concatenate to the reply's `content`."
    )
    refusal: list[TokenLogprob] | None = Field(
        default=None,
        description="One entry per token of `refusal`, when the model declined; else null.",
    )


class Choice(Response):
    index: int = Field(description="The choice's position: 0 to `n` - 1.")
    message: CompletionMessage = Field(
        description="The reply: its text, a refusal, or the tools it calls."
    )
    logprobs: ChoiceLogprobs | None = Field(
        default=None, description="With `logprobs: true`: each token and its log probability."
    )
    finish_reason: FinishReason = Field(
        description="`stop`: natural end or a stop sequence; `length`: `max_tokens` reached; "
        "`tool_calls`: the model called tools. `content_filter` is OpenAI's value for a reply "
        "its filter cut short; MeTal never sends it: a request the model declines gets an "
        "ordinary reply that ends with `stop`."
    )


#: Tokens a model spends reasoning, in chat's and the Responses API's usage.
REASONING_TOKENS = (
    "Tokens `valley-pro-1` spent reasoning before it answered; 0 on the other models."
)
#: Cached prompt tokens, in chat's and the Responses API's usage.
NO_CACHE = "Always 0: the sandbox has no prompt cache."


class CompletionTokensDetails(Response):
    reasoning_tokens: int = Field(default=0, description=REASONING_TOKENS)
    accepted_prediction_tokens: int = Field(
        default=0, description="Tokens of your `prediction` that the reply repeats."
    )
    rejected_prediction_tokens: int = Field(
        default=0,
        description="Tokens of your `prediction` that the reply does not use. They count in "
        "`completion_tokens`, as OpenAI bills them.",
    )
    audio_tokens: int = Field(default=0, description="Always 0: MeTal's models do not speak.")


class PromptTokensDetails(Response):
    cached_tokens: int = Field(default=0, description=NO_CACHE)
    audio_tokens: int = Field(default=0, description="Always 0: MeTal takes no audio input.")


class Usage(Response):
    prompt_tokens: int = Field(
        description="Tokens in the prompt: the messages, the tools, the `response_format` "
        "schema, and 85 per image."
    )
    completion_tokens: int = Field(description="Includes reasoning tokens.")
    total_tokens: int = Field(description="`prompt_tokens` plus `completion_tokens`.")
    completion_tokens_details: CompletionTokensDetails = Field(
        default_factory=CompletionTokensDetails,
        description="What `completion_tokens` is made of.",
    )
    prompt_tokens_details: PromptTokensDetails = Field(
        default_factory=PromptTokensDetails, description="What `prompt_tokens` is made of."
    )


class CompletionError(Response):
    code: str = Field(description="The error's code from the catalog, such as `server_error`.")
    message: str = Field(description="What went wrong, in a sentence.")


class ChatCompletion(Response):
    id: str = Field(description="`chatcmpl-` and a 26-character ULID.")
    object: Literal["chat.completion"] = "chat.completion"
    created: int = Field(description="Unix time (seconds) of creation.")
    model: str = Field(description="The model that answered.")
    choices: list[Choice] = Field(description="Empty while a background completion runs.")
    usage: Usage | None = omitted_when_null(
        description="Token counts; absent until a background completion finishes."
    )
    system_fingerprint: str = Field(description="The backend configuration that answered.")
    service_tier: Literal["default"] = "default"
    metadata: dict[str, str] | None = omitted_when_null(
        description="The request's `metadata`, on stored completions."
    )
    status: Literal["queued", "in_progress", "completed", "failed"] | None = omitted_when_null(
        description="Background completions only: `queued`, then `in_progress`, then "
        "`completed` or `failed`."
    )
    error: CompletionError | None = omitted_when_null(
        description="Why a background completion failed."
    )


class ChunkFunctionCall(Response):
    name: str | None = omitted_when_null(
        description="The function's name, on the call's first piece only."
    )
    arguments: str | None = omitted_when_null(
        description="The next piece of the arguments' JSON text: join the pieces in order."
    )


class ChunkToolCall(Response):
    index: int = Field(
        description="Which call of the reply this piece belongs to, from 0; pieces with the "
        "same index make one call."
    )
    id: str | None = omitted_when_null(
        description="The call's id, `call_` and 24 characters, on its first piece only."
    )
    type: Literal["function"] | None = omitted_when_null(
        description="On the call's first piece only."
    )
    function: ChunkFunctionCall = Field(
        description="The function's name (first piece), then its arguments piece by piece."
    )


class Delta(Response):
    role: Literal["assistant"] | None = omitted_when_null(
        description="On each choice's first chunk only."
    )
    content: str | None = omitted_when_null(
        description="The next piece of the reply's text: add it to what came before. The "
        'first chunk of a text reply has `""`.'
    )
    refusal: str | None = omitted_when_null(
        description="The refusal, in one piece, when the model declines."
    )
    tool_calls: list[ChunkToolCall] | None = omitted_when_null(
        description="Pieces of the tool calls: each call's first piece has its `id` and "
        "`name`, the next ones add to its `arguments`."
    )


class ChunkChoice(Response):
    index: int = Field(description="Which choice this chunk continues: 0 to `n` - 1.")
    delta: Delta = Field(
        description="What this chunk adds to the reply; empty (`{}`) in the choice's last chunk."
    )
    logprobs: ChoiceLogprobs | None = Field(
        default=None,
        description="With `logprobs: true`: the tokens of this chunk's `delta`, each with its "
        "log probability.",
    )
    finish_reason: FinishReason | None = Field(
        default=None,
        description="Null until the choice's last chunk, which says why the reply ended, as "
        "a completion's `finish_reason` does.",
    )


class ChatCompletionChunk(Response):
    """One server-sent event of a streamed completion."""

    id: str = Field(description="The same id on every chunk of one completion.")
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int = Field(description="Unix time (seconds) of creation; the same on every chunk.")
    model: str = Field(description="The model that answers.")
    system_fingerprint: str = Field(description="The backend configuration that answers.")
    service_tier: Literal["default"] = "default"
    choices: list[ChunkChoice] = Field(
        description="Empty only in the usage chunk that `include_usage` adds."
    )
    usage: Usage | None = Field(
        default=None,
        description="With `stream_options.include_usage`: null on every chunk but the last.",
    )
