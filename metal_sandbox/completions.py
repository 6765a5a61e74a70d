"""Chat completions: from a validated request to a completion and its stream of chunks.

The words come from `metal_sandbox.assistant`; this module applies what the API promises
around them: model rules, context windows, `max_tokens` and `stop` truncation, `n`,
reasoning tokens, usage counts, and the chunking of a streamed reply.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from metal_sandbox import assistant, json_schema, logprobs, openai_fields, predictions, tokens
from metal_sandbox.catalog import BY_ID, ModelCard, ids_of
from metal_sandbox.errors import APIError
from metal_sandbox.ids import IdFactory
from metal_sandbox.schemas.chat import (
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    ChunkFunctionCall,
    ChunkToolCall,
    CompletionMessage,
    CompletionTokensDetails,
    Delta,
    ResponseFunctionCall,
    ResponseToolCall,
    Usage,
)

DEFAULT_MAX_TOKENS = 1024
_REASONING_TOKENS = {"low": 24, "medium": 96, "high": 384}


@dataclass(frozen=True)
class Prepared:
    """A request that passed every rule, with what generating it needs."""

    request: ChatCompletionRequest
    card: ModelCard
    messages: list[dict[str, Any]]
    prompt_tokens: int
    max_tokens: int

    @property
    def token_estimate(self) -> int:
        """What the request may cost, charged against TPM before it runs."""
        return self.prompt_tokens + self.max_tokens * (self.request.n or 1)


def chat_model(name: str) -> ModelCard:
    """The chat model `name`. A listed model that cannot chat is a 404 like an unknown one,
    as OpenAI answers it, but its message says what the model is for."""
    card = BY_ID.get(name)
    if card is None:
        raise APIError(
            "model_not_found",
            f"The model '{name}' does not exist or you do not have access to it.",
            param="model",
        )
    if card.kind != "chat":
        raise APIError(
            "model_not_found",
            f"The model '{name}' is an embeddings model, not a chat model: send it to "
            f"POST /v1/embeddings, or chat with one of {ids_of('chat')}.",
            param="model",
        )
    return card


def prepare(request: ChatCompletionRequest) -> Prepared:
    card = chat_model(request.model)
    if request.reasoning_effort is not None and not card.reasoning:
        raise APIError(
            "unsupported_parameter",
            f"Unsupported parameter: 'reasoning_effort' is not supported with "
            f"{card.id}. Use valley-pro-1.",
            param="reasoning_effort",
        )
    _check_tool_choice(request)
    _check_schema_bounds(request)
    _check_strict_schemas(request)
    openai_fields.check(request)
    messages = conversation(request)
    max_tokens = request.max_completion_tokens or request.max_tokens or DEFAULT_MAX_TOKENS
    param = "max_completion_tokens" if request.max_completion_tokens else "max_tokens"
    if max_tokens > card.max_output_tokens:
        raise APIError(
            "invalid_value",
            f"Invalid value for '{param}': {max_tokens} is too large. {card.id} "
            f"supports at most {card.max_output_tokens} completion tokens.",
            param=param,
        )
    prompt = _prompt_tokens(request, messages)
    if prompt + max_tokens > card.context_window:
        raise APIError(
            "context_length_exceeded",
            f"This model's maximum context length is {card.context_window} tokens. "
            f"However, you requested {prompt + max_tokens} tokens ({prompt} in the "
            f"messages, {max_tokens} in the completion). Please reduce the length "
            "of the messages or the completion.",
            param="messages",
        )
    return Prepared(request, card, messages, prompt, max_tokens)


def conversation(request: ChatCompletionRequest) -> list[dict[str, Any]]:
    """The messages as the model reads them: MeTal's `system` field first, then the rest."""
    messages = [
        m.model_dump(mode="json", by_alias=True, exclude_none=True) for m in request.messages
    ]
    if request.system:
        messages.insert(0, {"role": "system", "content": request.system})
    return messages


def _texts(messages: list[dict[str, Any]]) -> Iterator[str]:
    for message in messages:
        content = message.get("content")
        if isinstance(content, str):
            yield content
        elif isinstance(content, list):
            yield from (part["text"] for part in content if part["type"] == "text")
        for call in message.get("tool_calls") or ():
            yield call["function"]["name"] + call["function"]["arguments"]


def _prompt_tokens(request: ChatCompletionRequest, messages: list[dict[str, Any]]) -> int:
    images = sum(
        1
        for m in messages
        if isinstance(m.get("content"), list)
        for part in m["content"]
        if part["type"] == "image_url"
    )
    extra = (
        [json.dumps([t.model_dump(mode="json") for t in request.tools])] if request.tools else []
    )
    if request.response_format is not None and request.response_format.type == "json_schema":
        extra.append(json.dumps(request.response_format.json_schema.schema_))
    texts = [*_texts(messages), *extra]
    return tokens.count_messages(texts, messages=len(messages), images=images)


# --- tools and schemas ----------------------------------------------------------------

#: Characters of a schema problem quoted in the error: the metaschema's message echoes the
#: offending value, which may be most of a 1 MiB body.
_MAX_PROBLEM_CHARS = 300


def _check_tool_choice(request: ChatCompletionRequest) -> None:
    """OpenAI refuses a `tool_choice` that forces a call no tool can answer."""
    choice, names = request.tool_choice, {t.function.name for t in request.tools or ()}
    if choice is None or choice in ("none", "auto"):
        return
    if not names:
        raise APIError(
            "invalid_value",
            "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' "
            "are specified.",
            param="tool_choice",
        )
    if not isinstance(choice, str) and choice.function.name not in names:
        raise APIError(
            "invalid_value",
            f"Invalid value for 'tool_choice': function '{choice.function.name}' is not "
            f"one of the functions in 'tools' ({', '.join(sorted(names))}).",
            param="tool_choice",
        )


def _check_schema_bounds(request: ChatCompletionRequest) -> None:
    """Every schema the reply model will fill, checked for keyword types and size before any
    work: a hundred bytes of schema must not buy seconds of CPU or gigabytes of memory."""
    schemas: list[tuple[dict[str, Any], str, str]] = []
    fmt = request.response_format
    if fmt is not None and fmt.type == "json_schema":
        name = fmt.json_schema.name
        schemas.append((fmt.json_schema.schema_, f"response_format '{name}'", "response_format"))
    for i, tool in enumerate(request.tools or ()):
        if tool.function.parameters is not None:
            where = f"function '{tool.function.name}'"
            schemas.append((tool.function.parameters, where, f"tools[{i}].function.parameters"))
    sizes = [_measured(schema, where, param) for schema, where, param in schemas]
    try:
        json_schema.check_request(sizes, request.n or 1)
    except json_schema.SchemaProblem as exc:
        param = schemas[0][2] if len(schemas) == 1 else "tools"
        raise APIError("unsupported_schema", f"Invalid schemas: {exc}", param=param) from None


def _measured(schema: dict[str, Any], where: str, param: str) -> json_schema.Size:
    try:
        return json_schema.check(schema)
    except json_schema.SchemaProblem as exc:
        reason = str(exc)
        if len(reason) > _MAX_PROBLEM_CHARS:
            reason = f"{exc.reason[: _MAX_PROBLEM_CHARS - 40]}... (at {exc.path})."
        raise APIError(
            "unsupported_schema", f"Invalid schema for {where}: {reason}", param=param
        ) from None


def _check_strict_schemas(request: ChatCompletionRequest) -> None:
    fmt = request.response_format
    if fmt is not None and fmt.type == "json_schema":
        spec = fmt.json_schema
        _check_schema(
            spec.schema_, strict=bool(spec.strict), where=f"response_format '{spec.name}'"
        )
    for tool in request.tools or ():
        function = tool.function
        if function.parameters is not None:
            _check_schema(
                function.parameters,
                strict=bool(function.strict),
                where=f"function '{function.name}'",
            )


def _check_schema(schema: dict[str, Any], *, strict: bool, where: str) -> None:
    if schema.get("type") != "object":
        _invalid_schema(where, 'the root must be an object schema with "type": "object"')
    if strict:
        for path, node in _object_schemas(schema, "root"):
            if node.get("additionalProperties") is not False:
                _invalid_schema(
                    where, f"In strict mode, 'additionalProperties' must be false (at {path})."
                )
            missing = set(node.get("properties", {})) - set(node.get("required", []))
            if missing:
                _invalid_schema(
                    where,
                    f"In strict mode, every property must be required; "
                    f"missing {sorted(missing)} (at {path}).",
                )


def _object_schemas(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        if node.get("type") == "object" or "properties" in node:
            yield path, node
        for key, child in node.items():
            if key not in ("enum", "const", "default", "examples", "required"):
                yield from _object_schemas(child, f"{path}.{key}")
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _object_schemas(child, f"{path}[{i}]")


def _invalid_schema(where: str, reason: str) -> None:
    raise APIError(
        "invalid_schema",
        f"Invalid schema for {where}: {reason}",
        param="response_format" if where.startswith("response") else "tools",
    )


# --- generation -----------------------------------------------------------------------


def _stored(request: ChatCompletionRequest) -> bool:
    return bool(request.store or request.background)


@functools.cache
def fingerprint(model: str) -> str:
    return "fp_" + hashlib.sha256(model.encode()).hexdigest()[:10]


def _reasoning_tokens(prepared: Prepared) -> int:
    if not prepared.card.reasoning:
        return 0
    base = _REASONING_TOKENS[prepared.request.reasoning_effort or "medium"]
    return base * (1 + prepared.prompt_tokens // 200)


@dataclass(frozen=True)
class Generated:
    choice: Choice
    completion_tokens: int
    reasoning_tokens: int


def _generate_choice(prepared: Prepared, index: int, ids: IdFactory) -> Generated:
    request = prepared.request
    reply = assistant.respond(
        prepared.messages,
        model=request.model,
        tools=[t.model_dump(mode="json", exclude_none=True) for t in request.tools or ()] or None,
        tool_choice=_tool_choice(request),
        parallel_tool_calls=request.parallel_tool_calls is not False,
        response_format=(
            request.response_format.model_dump(mode="json", by_alias=True)
            if request.response_format
            else None
        ),
        variant=index + (request.seed or 0),
    )
    # Reasoning spends the same budget as the reply: with a small `max_tokens` it can use it
    # all, leaving an empty reply cut short (`finish_reason: "length"`), never more.
    reasoning = min(_reasoning_tokens(prepared), prepared.max_tokens)
    budget = prepared.max_tokens - reasoning
    if reply.tool_calls:
        calls = [
            ResponseToolCall(
                id="call_" + ids.token(24),
                function=ResponseFunctionCall(name=c.name, arguments=c.arguments),
            )
            for c in reply.tool_calls
        ]
        used = sum(tokens.count(c.name + c.arguments) for c in reply.tool_calls)
        message = CompletionMessage(content=None, tool_calls=calls)
        return Generated(
            Choice(index=index, message=message, finish_reason="tool_calls"),
            used + reasoning,
            reasoning,
        )
    if reply.refusal and _wants_schema(request):
        message = CompletionMessage(content=None, refusal=reply.refusal)
        return Generated(
            Choice(index=index, message=message, finish_reason="stop"),
            tokens.count(reply.refusal) + reasoning,
            reasoning,
        )
    text, finish = _cut(_verbose(request, reply.content or ""), request.stop, max(0, budget))
    message = CompletionMessage(content=text)
    return Generated(
        Choice(index=index, message=message, finish_reason=finish),
        tokens.count(text) + reasoning,
        reasoning,
    )


def _wants_schema(request: ChatCompletionRequest) -> bool:
    """Structured output reports a refusal in `refusal`, with `content` null, as OpenAI's."""
    return request.response_format is not None and request.response_format.type == "json_schema"


def _tool_choice(request: ChatCompletionRequest) -> str | dict[str, Any] | None:
    choice = request.tool_choice
    return (
        choice.model_dump(mode="json")
        if choice is not None and not isinstance(choice, str)
        else choice
    )


def _verbose(request: ChatCompletionRequest, text: str) -> str:
    """`verbosity: "low"` keeps a prose reply's first paragraph; `medium` (the default) and
    `high` keep the whole reply, already as detailed as the sandbox makes it. JSON replies
    keep their shape."""
    fmt = request.response_format
    if request.verbosity != "low" or (fmt is not None and fmt.type != "text"):
        return text
    return text.split("\n\n", 1)[0]


def _cut(
    text: str, stop: str | list[str] | None, budget: int
) -> tuple[str, Literal["stop", "length"]]:
    """Apply `stop` sequences, then `max_tokens`; say why the reply ended."""
    for sequence in [stop] if isinstance(stop, str) else stop or []:
        at = text.find(sequence)
        if at != -1:
            text = text[:at]
    if tokens.count(text) > budget:
        return tokens.truncate(text, budget), "length"
    return text, "stop"


def _with_logprobs(request: ChatCompletionRequest, choice: Choice) -> Choice:
    if not request.logprobs:
        return choice
    message = choice.message
    scored = logprobs.of_reply(message.content, message.refusal, request.top_logprobs or 0)
    return choice.model_copy(update={"logprobs": scored})


def complete(
    prepared: Prepared, ids: IdFactory, created: int, *, completion_id: str | None = None
) -> ChatCompletion:
    request = prepared.request
    generated = [_generate_choice(prepared, i, ids) for i in range(request.n or 1)]
    counts = [predictions.count(request.prediction, g.choice.message.content) for g in generated]
    rejected = sum(c.rejected for c in counts)
    completion_tokens = sum(g.completion_tokens for g in generated) + rejected
    reasoning = sum(g.reasoning_tokens for g in generated)
    usage = Usage(
        prompt_tokens=prepared.prompt_tokens,
        completion_tokens=completion_tokens,
        total_tokens=prepared.prompt_tokens + completion_tokens,
        completion_tokens_details=CompletionTokensDetails(
            reasoning_tokens=reasoning,
            accepted_prediction_tokens=sum(c.accepted for c in counts),
            rejected_prediction_tokens=rejected,
        ),
    )
    return ChatCompletion(
        id=completion_id or ids.new("chatcmpl-"),
        created=created,
        model=prepared.card.id,
        choices=[_with_logprobs(request, g.choice) for g in generated],
        usage=usage,
        system_fingerprint=fingerprint(prepared.card.id),
        metadata=prepared.request.metadata if _stored(prepared.request) else None,
    )


# --- streaming ------------------------------------------------------------------------


def chunks(completion: ChatCompletion, *, include_usage: bool) -> Iterator[ChatCompletionChunk]:
    """The stream of a completion: a role chunk, content pieces, a finish chunk per choice,
    then, with `include_usage`, one chunk with empty `choices` and the usage."""

    def chunk(choices: list[ChunkChoice], usage: Usage | None = None) -> ChatCompletionChunk:
        return ChatCompletionChunk(
            id=completion.id,
            created=completion.created,
            model=completion.model,
            system_fingerprint=completion.system_fingerprint,
            choices=choices,
            usage=usage,
        )

    for choice in completion.choices:
        for delta, scored in logprobs.of_deltas(choice.logprobs, _deltas(choice)):
            yield chunk([ChunkChoice(index=choice.index, delta=delta, logprobs=scored)])
        yield chunk(
            [ChunkChoice(index=choice.index, delta=Delta(), finish_reason=choice.finish_reason)]
        )
    if include_usage:
        yield chunk([], completion.usage)


def _deltas(choice: Choice) -> Iterator[Delta]:
    message = choice.message
    yield Delta(role="assistant", content="" if message.content is not None else None)
    for i, call in enumerate(message.tool_calls or ()):
        yield Delta(
            tool_calls=[
                ChunkToolCall(
                    index=i,
                    id=call.id,
                    type="function",
                    function=ChunkFunctionCall(name=call.function.name, arguments=""),
                )
            ]
        )
        for piece in groups(tokens.pieces(call.function.arguments), 4):
            yield Delta(
                tool_calls=[ChunkToolCall(index=i, function=ChunkFunctionCall(arguments=piece))]
            )
    if message.refusal:
        yield Delta(refusal=message.refusal)
    for piece in tokens.pieces(message.content or ""):
        yield Delta(content=piece)


def groups(pieces: list[str], size: int) -> Iterator[str]:
    """Tokens joined `size` at a time: how function-call arguments are streamed."""
    for start in range(0, len(pieces), size):
        yield "".join(pieces[start : start + size])
