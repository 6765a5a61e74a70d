"""What MeTal does with each part of OpenAI's API: the table behind the "OpenAI
compatibility" page (`docs/openai-compatibility.md`, expanded from its
`<!-- metal:compatibility ... -->` markers by `api_reference/compat_page.py`).

One row for each thing of OpenAI's contract (`tests/fixtures/openai-surface.json`, made
by `scripts/extract_openai_surface.py` from OpenAI's OpenAPI document):

- `Operation`: an OpenAI operation of a surface MeTal serves (chat completions and the
  stored ones, embeddings, models), with a `Field` for each of its request fields and
  query parameters while MeTal serves it;
- `Unserved`: the OpenAI operations under some paths that MeTal does not serve (audio,
  images, files, ...), all answered the same way. An operation with a row of its own is
  not one of them, whatever its path.

Each row says what happens, as one of `Supported`, `NoEffect` (accepted and checked with
OpenAI's types and ranges, changes nothing) and `Refused` (the catalog's error code), and
carries what to send to show it: `probe`. `tests/sandbox/test_compat_table.py` sends every
probe to a real sandbox and checks the claim, and fails when OpenAI's contract has an
operation or a field with no row, so the page cannot drift from what the sandbox does.

When MeTal starts serving an operation (the stored-completion list, update, delete and
messages calls; the Responses API, whose operations `Unserved` covers for now): give it
an `Operation` row (or change its `behaviour` to `Supported`), with its `fields`; the
coverage test then names every field of OpenAI's that still needs a row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from metal_sandbox.errors import spec
from metal_sandbox.examples import WEATHER_TOOL

if TYPE_CHECKING:
    import httpx

Json = dict[str, Any]
#: A claim about a 2xx response, as a test: true when the response shows the effect.
Effect = Callable[["httpx.Response"], bool]


@dataclass(frozen=True)
class Supported:
    """It does what OpenAI's does. `effect`, where given, is the claim of `note` checked
    on the probe's response."""

    note: str
    effect: Effect | None = None


@dataclass(frozen=True)
class NoEffect:
    """Accepted with OpenAI's types and ranges (a bad value is still a 400), and ignored."""

    why: str


@dataclass(frozen=True)
class Refused:
    """Answered with an error of the catalog: `code` (its status comes from there)."""

    code: str
    why: str

    @property
    def status(self) -> int:
        return spec(self.code).status


Behaviour = Supported | NoEffect | Refused


@dataclass(frozen=True)
class Field:
    """A request field (or, for a `GET`, a query parameter) of an operation.

    `probe` is what to send to show the behaviour: merged over the operation's `request`
    (for a body) or sent as the query. `extension`: MeTal's own field, not OpenAI's."""

    name: str
    behaviour: Behaviour
    probe: Json
    extension: bool = False
    nested: bool = False
    """A part or a value of one of OpenAI's fields, with a row of its own:
    `messages[].name`, `modalities: audio`."""


@dataclass(frozen=True)
class Operation:
    """One of OpenAI's operations, by its `operationId`, method and path (after `/v1`)."""

    operation_id: str
    method: str
    path: str
    sdk: str
    behaviour: Behaviour
    request: Json | None = None
    """The smallest body the operation takes, which every field's probe starts from."""
    fields: tuple[Field, ...] = ()


@dataclass(frozen=True)
class Surface:
    """A section of the page: the operations of one part of the API."""

    title: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True)
class Unserved:
    """OpenAI's operations under `prefixes` that MeTal does not serve."""

    title: str
    prefixes: tuple[str, ...]
    sdk: str
    behaviour: Refused = field(
        default_factory=lambda: Refused("unknown_url", "MeTal does not serve this API.")
    )

    def covers(self, path: str) -> bool:
        return any(path == p or path.startswith(p + "/") for p in self.prefixes)


# --- what the effects look like --------------------------------------------------------


def _body(response: httpx.Response) -> Json:
    return response.json()


def _choices(response: httpx.Response) -> list[Json]:
    return _body(response)["choices"]


def _message(response: httpx.Response) -> Json:
    return _choices(response)[0]["message"]


def _events(response: httpx.Response) -> list[str]:
    return [line.removeprefix("data: ") for line in response.text.split("\n\n") if line]


def _is_json_object(text: str | None) -> bool:
    import json

    try:
        return isinstance(json.loads(text or ""), dict)
    except ValueError:
        return False


def _completion_details(response: httpx.Response) -> Json:
    return _body(response)["usage"]["completion_tokens_details"]


# --- chat completions ------------------------------------------------------------------

USER: Json = {"role": "user", "content": "Hello!"}
STORY: Json = {"role": "user", "content": "Write a short story about a lighthouse"}
CHAT: Json = {"model": "aurora", "messages": [USER]}
TOOL = WEATHER_TOOL
WEATHER: Json = {"role": "user", "content": "What's the weather in Paris and in Rome?"}
#: A reply as the API returns it, sent back in the next request.
ASSISTANT_REPLY: Json = {
    "role": "assistant",
    "content": "Hello! I'm Aurora. How can I help you today?",
    "refusal": None,
    "annotations": [],
    "audio": None,
}
CALL: Json = {
    "id": "call_1",
    "type": "function",
    "function": {"name": "get_weather", "arguments": '{"location": "Paris"}'},
}
#: A conversation with `name` on each of the five roles.
NAMED_MESSAGES: list[Json] = [
    {"role": "system", "content": "Be brief.", "name": "rules"},
    {"role": "developer", "content": "Answer in English.", "name": "app"},
    {"role": "user", "content": "What's the weather in Paris?", "name": "ann"},
    {"role": "assistant", "content": None, "tool_calls": [CALL], "name": "helper"},
    {"role": "tool", "tool_call_id": "call_1", "content": '{"temp_c": 22}', "name": "get_weather"},
]


def _part(part: Json) -> Json:
    """A user message holding one content part."""
    return {"role": "user", "content": [part]}


NO_SAMPLING = "The sandbox does not sample tokens: its replies are the same at every value."
NO_CACHE = "Checked, then not used: MeTal keeps no prompt cache you can steer."
USER_ID = "Checked, then not read: the reply is the same with it or without."

CHAT_FIELDS: tuple[Field, ...] = (
    Field("model", Supported("`aurora`, `valley-fast-1` or `valley-pro-1`."), {}),
    Field(
        "messages",
        Supported(
            "Roles `system`, `developer`, `user`, `assistant` and `tool`; text and `image_url` "
            "content parts. An assistant message sent back as it came (with `refusal`, "
            "`annotations` or `audio`) is accepted."
        ),
        {"messages": [USER, ASSISTANT_REPLY, {"role": "user", "content": "Thanks!"}]},
    ),
    Field(
        "messages[].name",
        NoEffect("Allowed on every role, as OpenAI allows it; not read."),
        {"messages": NAMED_MESSAGES},
        nested=True,
    ),
    Field(
        "messages[].content[].type: input_audio",
        Refused("invalid_value", "Content parts are `text` and `image_url`: no audio."),
        {
            "messages": [
                _part({"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}})
            ]
        },
        nested=True,
    ),
    Field(
        "messages[].content[].type: file",
        Refused("invalid_value", "Content parts are `text` and `image_url`: no files."),
        {"messages": [_part({"type": "file", "file": {"file_id": "file-abc123"}})]},
        nested=True,
    ),
    Field(
        "messages[].role: function",
        Refused("invalid_value", "Deprecated by OpenAI: send the result as a `tool` message."),
        {"messages": [USER, {"role": "function", "name": "get_weather", "content": "Sunny"}]},
        nested=True,
    ),
    Field(
        "max_tokens",
        Supported(
            'Caps the reply; a cut reply ends with `finish_reason: "length"`.',
            lambda r: _choices(r)[0]["finish_reason"] == "length",
        ),
        {"max_tokens": 3},
    ),
    Field(
        "max_completion_tokens",
        Supported(
            "OpenAI's newer name for `max_tokens`.",
            lambda r: _body(r)["usage"]["completion_tokens"] == 3,
        ),
        {"max_completion_tokens": 3},
    ),
    Field("temperature", Supported(f"0 to 2. {NO_SAMPLING}"), {"temperature": 0.2}),
    Field("top_p", Supported(f"0 to 1. {NO_SAMPLING}"), {"top_p": 0.5}),
    Field(
        "frequency_penalty",
        NoEffect(f"Checked (-2 to 2), then not applied. {NO_SAMPLING}"),
        {"frequency_penalty": 0.5},
    ),
    Field(
        "presence_penalty",
        NoEffect(f"Checked (-2 to 2), then not applied. {NO_SAMPLING}"),
        {"presence_penalty": 0.5},
    ),
    Field(
        "logit_bias",
        NoEffect(f"Checked (token ids, biases -100 to 100), then not applied. {NO_SAMPLING}"),
        {"logit_bias": {"15339": -100}},
    ),
    Field(
        "logprobs",
        Supported(
            "Each reply token with its log probability, in `choices[].logprobs`.",
            lambda r: bool(_choices(r)[0]["logprobs"]["content"]),
        ),
        {"logprobs": True},
    ),
    Field(
        "top_logprobs",
        Supported(
            "0 to 20 alternatives per token; needs `logprobs: true`.",
            lambda r: all(
                len(t["top_logprobs"]) == 2 for t in _choices(r)[0]["logprobs"]["content"]
            ),
        ),
        {"logprobs": True, "top_logprobs": 2},
    ),
    Field(
        "top_logprobs without logprobs",
        Refused("invalid_value", "`top_logprobs` needs `logprobs: true`."),
        {"top_logprobs": 2},
        nested=True,
    ),
    Field(
        "stop",
        Supported(
            "Up to 4 sequences; the reply ends before the first.",
            lambda r: "Aurora" not in (_message(r)["content"] or ""),
        ),
        {"stop": ["Aurora"]},
    ),
    Field(
        "n",
        Supported("Several choices in one response.", lambda r: len(_choices(r)) == 2),
        {"n": 2},
    ),
    Field(
        "seed",
        Supported("The same request with the same `seed` gets the same reply."),
        {"seed": 7},
    ),
    Field(
        "stream",
        Supported(
            "Server-sent events, one chunk per `data:` line, then `data: [DONE]`.",
            lambda r: (
                r.headers["content-type"].startswith("text/event-stream")
                and _events(r)[-1] == "[DONE]"
            ),
        ),
        {"stream": True},
    ),
    Field(
        "stream_options",
        Supported(
            "`include_usage` adds a last chunk with the token counts; "
            "`include_obfuscation` is accepted and adds nothing.",
            lambda r: '"usage":{"prompt_tokens"' in _events(r)[-2],
        ),
        {"stream": True, "stream_options": {"include_usage": True, "include_obfuscation": True}},
    ),
    Field(
        "tools",
        Supported(
            "Function tools; the model calls the one that fits.",
            lambda r: bool(_message(r).get("tool_calls")),
        ),
        {"tools": [TOOL], "messages": [WEATHER]},
    ),
    Field(
        "tool_choice",
        Supported(
            "`none`, `auto`, `required`, or one named function.",
            lambda r: _choices(r)[0]["finish_reason"] == "tool_calls",
        ),
        {"tools": [TOOL], "tool_choice": "required"},
    ),
    Field(
        "parallel_tool_calls",
        Supported(
            "`false`: at most one tool call per reply.",
            lambda r: len(_message(r)["tool_calls"]) == 1,
        ),
        {"tools": [TOOL], "messages": [WEATHER], "parallel_tool_calls": False},
    ),
    Field(
        "response_format",
        Supported(
            "`text`, `json_object`, or `json_schema` (with `strict`).",
            lambda r: _is_json_object(_message(r)["content"]),
        ),
        {"response_format": {"type": "json_object"}},
    ),
    Field(
        "reasoning_effort",
        Supported(
            "`low`, `medium` (the default) or `high` on `valley-pro-1`; `high` reasons four "
            "times as long as `medium`.",
            lambda r: _completion_details(r)["reasoning_tokens"] >= 300,
        ),
        {"model": "valley-pro-1", "reasoning_effort": "high"},
    ),
    Field(
        "reasoning_effort: minimal",
        Refused("unsupported_value", "`valley-pro-1` takes `low`, `medium` and `high`."),
        {"model": "valley-pro-1", "reasoning_effort": "minimal"},
        nested=True,
    ),
    Field(
        "reasoning_effort on aurora",
        Refused("unsupported_parameter", "Only `valley-pro-1` reasons before it answers."),
        {"reasoning_effort": "high"},
        nested=True,
    ),
    Field(
        "verbosity",
        Supported(
            "`low` keeps a prose reply's first paragraph; `medium` and `high` the whole reply.",
            lambda r: "\n\n" not in (_message(r)["content"] or ""),
        ),
        {"verbosity": "low", "messages": [STORY]},
    ),
    Field(
        "prediction",
        Supported(
            "Counted in `usage.completion_tokens_details` (accepted and rejected tokens).",
            lambda r: _completion_details(r)["accepted_prediction_tokens"] > 0,
        ),
        {"prediction": {"type": "content", "content": "Hello! I'm Aurora."}},
    ),
    Field(
        "store",
        Supported("Keeps the completion, for `GET /v1/chat/completions/{completion_id}`."),
        {"store": True},
    ),
    Field(
        "metadata",
        Supported(
            "Up to 16 string pairs, kept with a stored completion.",
            lambda r: _body(r)["metadata"] == {"ticket": "T-1"},
        ),
        {"store": True, "metadata": {"ticket": "T-1"}},
    ),
    Field(
        "service_tier",
        NoEffect("Any of OpenAI's tiers is accepted; MeTal has one, and responses say `default`."),
        {"service_tier": "flex"},
    ),
    Field("user", NoEffect(USER_ID), {"user": "user-1234"}),
    Field(
        "safety_identifier",
        NoEffect(f"At most 64 characters. {USER_ID}"),
        {"safety_identifier": "user-1234"},
    ),
    Field("prompt_cache_key", NoEffect(NO_CACHE), {"prompt_cache_key": "faq-v1"}),
    Field("prompt_cache_retention", NoEffect(NO_CACHE), {"prompt_cache_retention": "24h"}),
    Field("prompt_cache_options", NoEffect(NO_CACHE), {"prompt_cache_options": {"ttl": "30m"}}),
    Field(
        "modalities",
        Supported('`["text"]`, the only output MeTal makes.'),
        {"modalities": ["text"]},
    ),
    Field(
        "modalities: audio",
        Refused("unsupported_value", "MeTal's models reply in text only."),
        {"modalities": ["text", "audio"]},
        nested=True,
    ),
    Field(
        "audio",
        Refused("unsupported_parameter", "MeTal's models reply in text only."),
        {"audio": {"voice": "alloy", "format": "mp3"}},
    ),
    Field(
        "web_search_options",
        Refused("unsupported_parameter", "MeTal's models do not search the web."),
        {"web_search_options": {}},
    ),
    Field(
        "moderation",
        Refused("unsupported_parameter", "MeTal does not moderate chat completions."),
        {"moderation": {"model": "omni-moderation-latest"}},
    ),
    Field(
        "functions",
        Refused("unsupported_parameter", "Deprecated by OpenAI: send the functions as `tools`."),
        {"functions": [{"name": "get_weather"}]},
    ),
    Field(
        "function_call",
        Refused("unsupported_parameter", "Deprecated by OpenAI: use `tool_choice`."),
        {"function_call": "auto"},
    ),
    Field(
        "system",
        Supported(
            "A system prompt as a string, the same as a leading system message.",
            lambda r: "Ahoy" in _message(r)["content"],
        ),
        {"system": "You are a pirate."},
        extension=True,
    ),
    Field(
        "background",
        Supported(
            'Answers at once with `status: "queued"`; the result comes by webhook and by `GET`.',
            lambda r: _body(r)["status"] == "queued",
        ),
        {"background": True},
        extension=True,
    ),
)

# --- responses -------------------------------------------------------------------------

RESPONSE: Json = {"model": "aurora", "input": "Hello!"}
#: The weather tool as the Responses API takes it: the function's fields at the top.
RESPONSE_TOOL: Json = {"type": "function", **WEATHER_TOOL["function"]}
RESPONSE_WEATHER: Json = {"input": WEATHER["content"], "tools": [RESPONSE_TOOL]}
#: A stored response's id, filled in by whoever sends the probe.
A_STORED_RESPONSE = "{response_id}"


def _output(response: httpx.Response) -> list[Json]:
    return _body(response)["output"]


def _output_text(response: httpx.Response) -> str:
    return "".join(
        part["text"]
        for item in _output(response)
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    )


def _calls(response: httpx.Response) -> int:
    return sum(item["type"] == "function_call" for item in _output(response))


def _response_refused(field: str, why: str, probe: Json) -> Field:
    return Field(field, Refused("unsupported_parameter", why), probe)


RESPONSE_FIELDS: tuple[Field, ...] = (
    Field("model", Supported("`aurora`, `valley-fast-1` or `valley-pro-1`."), {}),
    Field(
        "input",
        Supported(
            "A string, or items: messages (text and image parts), earlier output items "
            "and `function_call_output`."
        ),
        {},
    ),
    Field(
        "instructions",
        Supported(
            "A system message for this response only; `previous_response_id` does not carry it.",
            lambda r: _body(r)["instructions"] == "Answer briefly.",
        ),
        {"instructions": "Answer briefly."},
    ),
    Field(
        "previous_response_id",
        Supported("Continues from a stored response: its input and output come first."),
        {"previous_response_id": A_STORED_RESPONSE},
    ),
    Field(
        "max_output_tokens",
        Supported(
            '16 or more; a reply cut short has `status: "incomplete"`.',
            lambda r: _body(r)["status"] == "incomplete",
        ),
        {"max_output_tokens": 16, "input": STORY["content"]},
    ),
    Field(
        "max_tool_calls",
        Supported("The most function calls one response makes.", lambda r: _calls(r) == 1),
        {"max_tool_calls": 1, **RESPONSE_WEATHER},
    ),
    Field(
        "tools",
        Supported("Function tools, which the model calls.", lambda r: _calls(r) > 0),
        RESPONSE_WEATHER,
    ),
    Field(
        "tools[].type",
        Refused(
            "unsupported_value",
            "Only `function`: OpenAI's hosted tools (web search, file search, ...) are not served.",
        ),
        {"tools": [{"type": "web_search"}]},
        nested=True,
    ),
    Field(
        "tool_choice",
        Supported("`auto`, `none`, `required` or one function by name.", lambda r: _calls(r) > 0),
        {"tool_choice": "required", "tools": [RESPONSE_TOOL], "input": "Paris, please."},
    ),
    Field(
        "tool_choice: allowed_tools",
        Refused("unsupported_value", "Send only the tools the model may call in `tools`."),
        {
            "tool_choice": {"type": "allowed_tools", "mode": "auto", "tools": []},
            "tools": [RESPONSE_TOOL],
        },
        nested=True,
    ),
    Field(
        "parallel_tool_calls",
        Supported("`false`: at most one function call a response.", lambda r: _calls(r) == 1),
        {"parallel_tool_calls": False, **RESPONSE_WEATHER},
    ),
    Field(
        "text",
        Supported(
            "`format`: `text`, `json_object` or `json_schema`.",
            lambda r: _is_json_object(_output_text(r)),
        ),
        {
            "text": {"format": {"type": "json_object"}},
            "input": "What is the capital of France?",
        },
    ),
    Field(
        "text.verbosity",
        Supported(
            "`low` keeps a prose reply's first paragraph; `medium` and `high` the whole reply.",
            lambda r: "\n\n" not in _output_text(r),
        ),
        {"text": {"verbosity": "low"}, "input": STORY["content"]},
        nested=True,
    ),
    Field(
        "reasoning",
        Supported("`effort` on `valley-pro-1`, the model that reasons before it answers."),
        {"model": "valley-pro-1", "reasoning": {"effort": "high"}},
    ),
    Field(
        "reasoning on aurora",
        Refused("unsupported_parameter", "Only `valley-pro-1` reasons before it answers."),
        {"reasoning": {"effort": "high"}},
        nested=True,
    ),
    Field(
        "metadata",
        Supported(
            "Up to 16 string pairs, returned with the response.",
            lambda r: _body(r)["metadata"] == {"ticket": "T-1"},
        ),
        {"metadata": {"ticket": "T-1"}},
    ),
    Field(
        "store",
        Supported(
            "`true` (the default) keeps the response 30 days, to fetch and continue from.",
            lambda r: _body(r)["store"] is False,
        ),
        {"store": False},
    ),
    Field(
        "background",
        Supported(
            "Answers `queued` at once, finishes later, and announces the result by webhook.",
            lambda r: _body(r)["status"] == "queued",
        ),
        {"background": True},
    ),
    Field(
        "stream",
        Supported(
            "Typed server-sent events, ending with `response.completed`.",
            lambda r: any('"response.completed"' in e for e in _events(r)),
        ),
        {"stream": True},
    ),
    Field(
        "stream_options",
        NoEffect("`include_obfuscation` is checked, then not used: events carry no padding."),
        {"stream": True, "stream_options": {"include_obfuscation": False}},
    ),
    Field(
        "include",
        NoEffect("Checked against OpenAI's values; the response has the same fields either way."),
        {"include": ["message.output_text.logprobs"]},
    ),
    Field(
        "temperature", NoEffect(f"Checked (0 to 2), echoed. {NO_SAMPLING}"), {"temperature": 0.2}
    ),
    Field("top_p", NoEffect(f"Checked (0 to 1), echoed. {NO_SAMPLING}"), {"top_p": 0.5}),
    Field(
        "top_logprobs",
        NoEffect("Checked (0 to 20); no log probabilities are returned on this API."),
        {"top_logprobs": 2},
    ),
    Field(
        "truncation",
        NoEffect("`auto` or `disabled`; a conversation too long is refused either way."),
        {"truncation": "auto"},
    ),
    Field(
        "service_tier",
        NoEffect("Any of OpenAI's tiers is accepted; MeTal has one, and responses say `default`."),
        {"service_tier": "flex"},
    ),
    Field("user", NoEffect(USER_ID), {"user": "user-1234"}),
    Field(
        "safety_identifier",
        NoEffect(f"At most 64 characters. {USER_ID}"),
        {"safety_identifier": "user-1234"},
    ),
    Field("prompt_cache_key", NoEffect(NO_CACHE), {"prompt_cache_key": "faq-v1"}),
    Field("prompt_cache_retention", NoEffect(NO_CACHE), {"prompt_cache_retention": "24h"}),
    Field("prompt_cache_options", NoEffect(NO_CACHE), {"prompt_cache_options": {"ttl": "30m"}}),
    _response_refused(
        "prompt",
        "MeTal stores no prompt templates: send the text in `input`.",
        {"prompt": {"id": "pmpt_1"}},
    ),
    _response_refused(
        "conversation",
        "MeTal serves no Conversations API: use `previous_response_id`.",
        {"conversation": "conv_1"},
    ),
    _response_refused(
        "context_management",
        "MeTal does not compact conversations.",
        {"context_management": [{"type": "compaction"}]},
    ),
    _response_refused(
        "moderation",
        "MeTal does not moderate responses.",
        {"moderation": {"model": "omni-moderation-latest"}},
    ),
)

INPUT_ITEMS_ORDER = "`desc` (newest first, the default) or `asc`."
NOT_COMPACTED = "Not served: MeTal does not compact conversations."

EMBEDDING: Json = {"model": "aurora-embed-1", "input": "a cat"}

EMBEDDING_FIELDS: tuple[Field, ...] = (
    Field("model", Supported("`aurora-embed-1`."), {}),
    Field(
        "input",
        Supported(
            "A string, an array of strings, an array of token ids, or an array of those.",
            lambda r: len(_body(r)["data"]) == 2,
        ),
        {"input": [[15339, 1917], [9906]]},
    ),
    Field(
        "encoding_format",
        Supported(
            "`float` or `base64` (little-endian float32).",
            lambda r: isinstance(_body(r)["data"][0]["embedding"], str),
        ),
        {"encoding_format": "base64"},
    ),
    Field(
        "dimensions",
        Supported(
            "1 to 768; shortened vectors are re-normalised to length 1.",
            lambda r: len(_body(r)["data"][0]["embedding"]) == 8,
        ),
        {"dimensions": 8},
    ),
    Field("user", NoEffect(USER_ID), {"user": "user-1234"}),
)

AFTER = "A page's `last_id`, to list the items after it."
LIMIT = "1 to 100 items a page; 20 when not given."
ORDER = "`asc` (oldest first, the default) or `desc`."

SURFACES: tuple[Surface, ...] = (
    Surface(
        "Chat completions",
        (
            Operation(
                "createChatCompletion",
                "POST",
                "/chat/completions",
                "client.chat.completions.create",
                Supported("OpenAI's request, response and stream."),
                CHAT,
                CHAT_FIELDS,
            ),
        ),
    ),
    Surface(
        "Stored completions",
        (
            Operation(
                "listChatCompletions",
                "GET",
                "/chat/completions",
                "client.chat.completions.list",
                Supported("Your account's stored completions, a page at a time."),
                fields=(
                    Field(
                        "model",
                        Supported("Only completions made with this model."),
                        {"model": "aurora"},
                    ),
                    Field(
                        "metadata",
                        Supported("Only completions with every pair, as `metadata[key]=value`."),
                        {"metadata[ticket]": "T-1"},
                    ),
                    Field("after", Supported(AFTER), {"after": ""}),
                    Field("limit", Supported(LIMIT), {"limit": 5}),
                    Field("order", Supported(ORDER), {"order": "desc"}),
                ),
            ),
            Operation(
                "getChatCompletion",
                "GET",
                "/chat/completions/{completion_id}",
                "client.chat.completions.retrieve",
                Supported("A completion made with `store: true`, kept 30 days."),
            ),
            Operation(
                "updateChatCompletion",
                "POST",
                "/chat/completions/{completion_id}",
                "client.chat.completions.update",
                Supported("Replaces the completion's `metadata`, the one field you can change."),
                {"metadata": {"ticket": "T-2"}},
                (
                    Field(
                        "metadata",
                        Supported("Up to 16 pairs; `null` clears them."),
                        {"metadata": {"ticket": "T-2"}},
                    ),
                ),
            ),
            Operation(
                "deleteChatCompletion",
                "DELETE",
                "/chat/completions/{completion_id}",
                "client.chat.completions.delete",
                Supported("Deletes it now; `deleted: true` in the reply."),
            ),
            Operation(
                "getChatCompletionMessages",
                "GET",
                "/chat/completions/{completion_id}/messages",
                "client.chat.completions.messages.list",
                Supported("The messages the completion answered, a page at a time."),
                fields=(
                    Field("after", Supported(AFTER), {"after": ""}),
                    Field("limit", Supported(LIMIT), {"limit": 5}),
                    Field("order", Supported(ORDER), {"order": "desc"}),
                ),
            ),
        ),
    ),
    Surface(
        "Responses",
        (
            Operation(
                "createResponse",
                "POST",
                "/responses",
                "client.responses.create",
                Supported(
                    "OpenAI's request, response and typed stream events, for function tools."
                ),
                RESPONSE,
                RESPONSE_FIELDS,
            ),
            Operation(
                "getResponse",
                "GET",
                "/responses/{response_id}",
                "client.responses.retrieve",
                Supported("A stored response, kept 30 days; a background one while it runs."),
                fields=(
                    Field(
                        "stream",
                        Refused(
                            "unsupported_value",
                            "A stored response's events are not replayed: stream when you "
                            "create it.",
                        ),
                        {"stream": "true"},
                    ),
                    Field(
                        "starting_after",
                        NoEffect("Read only with `stream`."),
                        {"starting_after": 3},
                    ),
                    Field(
                        "include_obfuscation",
                        NoEffect("Read only with `stream`."),
                        {"include_obfuscation": "false"},
                    ),
                    Field(
                        "include",
                        NoEffect("The response has the same fields either way."),
                        {"include": "message.output_text.logprobs"},
                    ),
                ),
            ),
            Operation(
                "deleteResponse",
                "DELETE",
                "/responses/{response_id}",
                "client.responses.delete",
                Supported("Deletes it: it can no longer be fetched or continued."),
            ),
            Operation(
                "cancelResponse",
                "POST",
                "/responses/{response_id}/cancel",
                "client.responses.cancel",
                Refused(
                    "response_not_cancellable",
                    "Only a `background` response that is still running can be cancelled.",
                ),
            ),
            Operation(
                "listInputItems",
                "GET",
                "/responses/{response_id}/input_items",
                "client.responses.input_items.list",
                Supported("The items of the response's own `input`, a page at a time."),
                fields=(
                    Field("after", Supported("An item id: the page starts after it."), {}),
                    Field("limit", Supported(LIMIT), {"limit": 5}),
                    Field("order", Supported(INPUT_ITEMS_ORDER), {"order": "asc"}),
                    Field(
                        "include",
                        NoEffect("The items have the same fields either way."),
                        {"include": "message.input_image.image_url"},
                    ),
                ),
            ),
            Operation(
                "Getinputtokencounts",
                "POST",
                "/responses/input_tokens",
                "client.responses.input_tokens.count",
                Refused(
                    "method_not_allowed",
                    "Not served: a response's `usage.input_tokens` counts its input.",
                ),
            ),
            Operation(
                "Compactconversation",
                "POST",
                "/responses/compact",
                "client.responses.compact",
                Refused("method_not_allowed", NOT_COMPACTED),
            ),
        ),
    ),
    Surface(
        "Embeddings",
        (
            Operation(
                "createEmbedding",
                "POST",
                "/embeddings",
                "client.embeddings.create",
                Supported("OpenAI's request and response."),
                EMBEDDING,
                EMBEDDING_FIELDS,
            ),
        ),
    ),
    Surface(
        "Models",
        (
            Operation(
                "listModels",
                "GET",
                "/models",
                "client.models.list",
                Supported("MeTal's models, each with `context_window` and `max_output_tokens`."),
            ),
            Operation(
                "retrieveModel",
                "GET",
                "/models/{model}",
                "client.models.retrieve",
                Supported("One model by id."),
            ),
            Operation(
                "deleteModel",
                "DELETE",
                "/models/{model}",
                "client.models.delete",
                Refused("method_not_allowed", "MeTal has no fine-tuned models to delete."),
            ),
        ),
    ),
)

UNSERVED: tuple[Unserved, ...] = (
    Unserved("Legacy completions", ("/completions",), "client.completions"),
    Unserved("Audio (speech, transcription, translation, voices)", ("/audio",), "client.audio"),
    Unserved("Images", ("/images",), "client.images"),
    Unserved("Videos", ("/videos",), "client.videos"),
    Unserved("Moderations", ("/moderations",), "client.moderations"),
    Unserved("Files and uploads", ("/files", "/uploads"), "client.files, client.uploads"),
    Unserved("Batches", ("/batches",), "client.batches"),
    Unserved("Fine-tuning", ("/fine_tuning",), "client.fine_tuning"),
    Unserved("Evals", ("/evals",), "client.evals"),
    Unserved("Vector stores", ("/vector_stores",), "client.vector_stores"),
    Unserved(
        "Assistants and threads",
        ("/assistants", "/threads"),
        "client.beta.assistants, client.beta.threads",
    ),
    Unserved("Conversations", ("/conversations",), "client.conversations"),
    Unserved("Containers", ("/containers",), "client.containers"),
    Unserved("Skills", ("/skills",), "client.skills"),
    Unserved("Realtime", ("/realtime",), "client.realtime"),
    Unserved("ChatKit", ("/chatkit",), "client.beta.chatkit"),
    Unserved(
        "Content provenance", ("/content_provenance_checks",), "client.content_provenance_checks"
    ),
    Unserved(
        "Administration (organization, projects, usage, costs)",
        ("/organization", "/projects"),
        "client.admin",
    ),
)


def operations() -> tuple[Operation, ...]:
    """Every operation row, in the page's order."""
    return tuple(op for surface in SURFACES for op in surface.operations)


def operation(operation_id: str) -> Operation:
    """An operation row by OpenAI's `operationId`."""
    for op in operations():
        if op.operation_id == operation_id:
            return op
    raise KeyError(f"no row for OpenAI operation {operation_id!r} in metal_sandbox.compat")


def unserved(path: str) -> Unserved | None:
    """The unserved family that covers an OpenAI path (after `/v1`, without its query)."""
    return next((family for family in UNSERVED if family.covers(path)), None)
