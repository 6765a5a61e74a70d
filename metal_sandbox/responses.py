"""The Responses API on top of chat: a `CreateResponse` becomes a chat request, the chat
path (`completions.prepare` and `completions.complete`) answers it, and its completion
becomes a response with output items. One reply model for both APIs, so the same question
gets the same answer through either.

Conversation state lives in the stored response: its chat messages through its own output
(`Stored.conversation`), which a `previous_response_id` puts before the new input. The
instructions are not part of it: OpenAI applies `instructions` to one response only.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import ValidationError

from metal_sandbox import completions, tokens
from metal_sandbox.errors import APIError
from metal_sandbox.ids import IdFactory
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionRequest
from metal_sandbox.schemas.responses import (
    CreateResponse,
    FormatJSONObject,
    FormatJSONSchema,
    FormatText,
    FunctionCall,
    FunctionCallItem,
    FunctionCallOutputItem,
    FunctionCallOutputResource,
    FunctionTool,
    FunctionToolOut,
    IncompleteDetails,
    InputImage,
    InputImageOut,
    InputMessageResource,
    InputText,
    InputTextOut,
    MessageItem,
    NamedFunction,
    OutputMessage,
    OutputText,
    OutputTextPart,
    OutputTokensDetails,
    ReasoningItem,
    ReasoningSettings,
    Refusal,
    RefusalPart,
    ResponseCompletedEvent,
    ResponseContentPartAddedEvent,
    ResponseContentPartDoneEvent,
    ResponseCreatedEvent,
    ResponseFunctionCallArgumentsDeltaEvent,
    ResponseFunctionCallArgumentsDoneEvent,
    ResponseIncompleteEvent,
    ResponseInProgressEvent,
    ResponseObject,
    ResponseOutputItemAddedEvent,
    ResponseOutputItemDoneEvent,
    ResponseRefusalDeltaEvent,
    ResponseRefusalDoneEvent,
    ResponseTextDeltaEvent,
    ResponseTextDoneEvent,
    ResponseUsage,
    TextSettings,
    ToolChoiceAllowed,
    ToolChoiceFunction,
    UnservedTool,
)
from metal_sandbox.state import Stored

Message = dict[str, Any]


@dataclass(frozen=True)
class Turn:
    """A request that passed every rule: the chat request that answers it, the conversation
    before its output, and its input items as `input_items` lists them."""

    request: CreateResponse
    prepared: completions.Prepared
    conversation: list[Message]
    items: list[Any]

    @property
    def token_estimate(self) -> int:
        return self.prepared.token_estimate


# --- request -> chat ------------------------------------------------------------------


def prepare(request: CreateResponse, ids: IdFactory, earlier: Stored | None) -> Turn:
    """Check `request`, then build the chat request. `earlier` is the stored response
    `previous_response_id` names, already looked up in the caller's account."""
    _refuse_unserved(request)
    history: list[Message] = []
    if earlier is not None:
        if earlier.conversation is None:
            status = json.loads(earlier.body)["status"]
            raise APIError(
                "invalid_value",
                f"Invalid value for 'previous_response_id': the response "
                f"'{request.previous_response_id}' has status '{status}'; only a finished "
                "response can be continued.",
                param="previous_response_id",
            )
        history = json.loads(earlier.conversation)
    new, items = _messages(request, ids, history)
    conversation = history + new
    system = [{"role": "system", "content": request.instructions}] if request.instructions else []
    if not system and not conversation:
        raise APIError(
            "empty_array",
            "Invalid 'input': empty array. Expected an array with minimum length 1, but got "
            "an empty array instead.",
            param="input",
        )
    chat = _chat_request(request, system + conversation)
    try:
        prepared = completions.prepare(chat)
    except APIError as error:
        raise _in_responses_terms(error) from None
    return Turn(request, prepared, conversation, items)


def _refuse_unserved(request: CreateResponse) -> None:
    for field, why in (
        ("prompt", "MeTal stores no prompt templates; send the text in 'input'"),
        ("conversation", "MeTal serves no Conversations API; use 'previous_response_id'"),
        ("context_management", "MeTal does not compact conversations"),
        ("moderation", "MeTal does not moderate responses"),
    ):
        if getattr(request, field) is not None:
            raise APIError(
                "unsupported_parameter",
                f"Unsupported parameter: '{field}' is not supported: {why}.",
                param=field,
            )
    for i, tool in enumerate(request.tools or ()):
        if isinstance(tool, UnservedTool):
            raise APIError(
                "unsupported_value",
                f"Unsupported value: 'tools[{i}].type' does not support '{tool.type}': "
                "MeTal serves function tools only.",
                param=f"tools[{i}].type",
            )
    if isinstance(request.tool_choice, ToolChoiceAllowed):
        raise APIError(
            "unsupported_value",
            "Unsupported value: 'tool_choice' does not support 'allowed_tools': send only "
            "the tools the model may call in 'tools'.",
            param="tool_choice",
        )
    if request.background and request.store is False:
        raise APIError(
            "invalid_value",
            "Invalid value for 'store': a background response must be stored; drop "
            "'store: false' or 'background'.",
            param="store",
        )
    if request.background and request.stream:
        raise APIError(
            "invalid_value",
            "Invalid value for 'background': a background response cannot be streamed; "
            "drop 'stream' or 'background'.",
            param="background",
        )


def _messages(
    request: CreateResponse, ids: IdFactory, history: list[Message]
) -> tuple[list[Message], list[Any]]:
    """The input as chat messages, and as the item resources `input_items` lists."""
    raw = request.input
    if raw is None:
        return [], []
    if isinstance(raw, str):
        item = InputMessageResource(
            id=ids.new("msg_"), role="user", content=[InputTextOut(text=raw)]
        )
        return [{"role": "user", "content": raw}], [item]
    calls = {c["id"] for m in history for c in m.get("tool_calls") or ()}
    messages: list[Message] = []
    items: list[Any] = []
    for i, entry in enumerate(raw):
        where = f"input[{i}]"
        if isinstance(entry, MessageItem):
            message, item = _message(entry, where, ids)
            messages.append(message)
            items.append(item)
        elif isinstance(entry, FunctionCallItem):
            calls.add(entry.call_id)
            _add_call(messages, entry)
            items.append(
                FunctionCall(
                    id=entry.id or ids.new("fc_"),
                    status="completed",
                    call_id=entry.call_id,
                    name=entry.name,
                    arguments=entry.arguments,
                )
            )
        elif isinstance(entry, FunctionCallOutputItem):
            if entry.call_id not in calls:
                raise APIError(
                    "tool_call_not_found",
                    f"No tool call found for function call output with call_id "
                    f"'{entry.call_id}'.",
                    param=f"{where}.call_id",
                )
            output = _text_only(entry.output, f"{where}.output")
            messages.append({"role": "tool", "tool_call_id": entry.call_id, "content": output})
            items.append(
                FunctionCallOutputResource(
                    id=entry.id or ids.new("fco_"), call_id=entry.call_id, output=output
                )
            )
        else:
            assert isinstance(entry, ReasoningItem)  # MeTal's models reason silently
    return messages, items


def _message(entry: MessageItem, where: str, ids: IdFactory) -> tuple[Message, Any]:
    if entry.role == "assistant":
        return _assistant_message(entry, where, ids)
    parts: list[Any] = (
        [InputText(type="input_text", text=entry.content)]
        if isinstance(entry.content, str)
        else entry.content
    )
    chat_parts: list[Message] = []
    shown: list[InputTextOut | InputImageOut] = []
    for j, part in enumerate(parts):
        at = f"{where}.content[{j}]"
        if isinstance(part, InputText):
            chat_parts.append({"type": "text", "text": part.text})
            shown.append(InputTextOut(text=part.text))
        elif isinstance(part, InputImage) and entry.role == "user":
            chat_parts.append(_image(part, at))
            shown.append(InputImageOut(image_url=part.image_url, detail=part.detail))
        else:
            _refuse_part(part.type, entry.role, at)
    if not chat_parts:
        raise APIError(
            "empty_array",
            f"Invalid '{where}.content': empty array. Expected an array with minimum length "
            "1, but got an empty array instead.",
            param=f"{where}.content",
        )
    content: str | list[Message] = entry.content if isinstance(entry.content, str) else chat_parts
    item = InputMessageResource(id=entry.id or ids.new("msg_"), role=entry.role, content=shown)
    return {"role": entry.role, "content": content}, item


def _assistant_message(
    entry: MessageItem, where: str, ids: IdFactory
) -> tuple[Message, OutputMessage]:
    """An earlier reply sent back: chat's assistant message, listed as an output message."""
    text, refusal = _assistant_text(entry.content, f"{where}.content")
    content: list[OutputText | Refusal] = (
        [Refusal(refusal=refusal)] if refusal is not None else [OutputText(text=text)]
    )
    item = OutputMessage(id=entry.id or ids.new("msg_"), status="completed", content=content)
    if refusal is not None:
        return {"role": "assistant", "refusal": refusal}, item
    return {"role": "assistant", "content": text}, item


def _refuse_part(kind: str, role: str, at: str) -> None:
    if kind == "input_file":
        raise APIError(
            "unsupported_value",
            f"Unsupported value: '{at}.type' does not support 'input_file': MeTal's models "
            "read text and images only.",
            param=f"{at}.type",
        )
    allowed = "'input_text', 'input_image'" if role == "user" else "'input_text'"
    raise APIError(
        "invalid_value",
        f"Invalid value for '{at}.type': a {role} message takes {allowed} parts, but got "
        f"'{kind}' instead.",
        param=f"{at}.type",
    )


def _image(part: InputImage, at: str) -> Message:
    if part.image_url is None:
        field = "file_id" if part.file_id is not None else "image_url"
        raise APIError(
            "unsupported_value" if part.file_id is not None else "missing_required_parameter",
            (
                f"Unsupported value: '{at}.file_id': MeTal has no Files API; send the image "
                "as 'image_url' (an http:// or https:// URL, or a data: URL)."
                if part.file_id is not None
                else f"Missing required parameter: '{at}.image_url'."
            ),
            param=f"{at}.{field}",
        )
    detail = part.detail if part.detail != "original" else "high"
    return {"type": "image_url", "image_url": {"url": part.image_url, "detail": detail}}


def _assistant_text(content: str | list[Any], where: str) -> tuple[str, str | None]:
    if isinstance(content, str):
        return content, None
    texts, refusal = [], None
    for j, part in enumerate(content):
        if isinstance(part, OutputTextPart | InputText):
            texts.append(part.text)
        elif isinstance(part, RefusalPart):
            refusal = part.refusal
        else:
            raise APIError(
                "invalid_value",
                f"Invalid value for '{where}[{j}].type': an assistant message takes "
                f"'output_text' and 'refusal' parts, but got '{part.type}' instead.",
                param=f"{where}[{j}].type",
            )
    return "".join(texts), refusal


def _text_only(output: str | list[Any], where: str) -> str:
    if isinstance(output, str):
        return output
    texts = []
    for j, part in enumerate(output):
        if not isinstance(part, InputText | OutputTextPart):
            raise APIError(
                "unsupported_value",
                f"Unsupported value: '{where}[{j}].type' does not support '{part.type}': "
                "a function call output is text.",
                param=f"{where}[{j}].type",
            )
        texts.append(part.text)
    return "".join(texts)


def _add_call(messages: list[Message], item: FunctionCallItem) -> None:
    """Function calls of one turn go on one assistant message, as chat has them."""
    call = {
        "id": item.call_id,
        "type": "function",
        "function": {"name": item.name, "arguments": item.arguments},
    }
    last = messages[-1] if messages else None
    if last is not None and last["role"] == "assistant" and "refusal" not in last:
        last.setdefault("tool_calls", []).append(call)
        if last.get("content") == "":
            last.pop("content")
        return
    messages.append({"role": "assistant", "tool_calls": [call]})


def _chat_request(request: CreateResponse, messages: list[Message]) -> ChatCompletionRequest:
    body: dict[str, Any] = {
        "model": request.model,
        "messages": messages,
        "max_completion_tokens": request.max_output_tokens,
        "temperature": request.temperature,
        "top_p": request.top_p,
        "parallel_tool_calls": request.parallel_tool_calls,
        "tool_choice": _tool_choice(request),
        "reasoning_effort": request.reasoning.effort if request.reasoning else None,
        "verbosity": request.text.verbosity if request.text else None,
    }
    tools = [t for t in request.tools or () if isinstance(t, FunctionTool)]
    if tools:
        body["tools"] = [
            {
                "type": "function",
                "function": t.model_dump(
                    include={"name", "description", "parameters", "strict"}, exclude_none=True
                ),
            }
            for t in tools
        ]
    fmt = request.text.format if request.text else None
    if fmt is not None:
        body["response_format"] = (
            {"type": "json_schema", "json_schema": fmt.model_dump(by_alias=True, exclude={"type"})}
            if fmt.type == "json_schema"
            else {"type": fmt.type}
        )
    body = {k: v for k, v in body.items() if v is not None}
    try:
        return ChatCompletionRequest.model_validate_json(json.dumps(body))
    except ValidationError as exc:  # a bug here, never the client's input: say so clearly
        raise APIError("server_error", f"Could not translate the request: {exc}") from None


def _tool_choice(request: CreateResponse) -> Any:
    choice = request.tool_choice
    if isinstance(choice, ToolChoiceFunction):
        return {"type": "function", "function": {"name": choice.name}}
    return choice


#: Chat's names for the fields a Responses request calls otherwise.
_RENAMES = (
    ("max_completion_tokens", "max_output_tokens"),
    ("response_format", "text.format"),
    ("reasoning_effort", "reasoning.effort"),
    ("messages", "input"),
)
_TOOL_PARAM = re.compile(r"tools\[(\d+)\]\.function\.")


def _in_responses_terms(error: APIError) -> APIError:
    """Chat's checks name chat's fields; a Responses client is told its own."""
    message, param = error.message, error.param
    for chat, ours in _RENAMES:
        message = message.replace(f"'{chat}'", f"'{ours}'").replace(f"{chat} '", f"{ours} '")
        if param is not None and (param == chat or param.startswith(chat + ".")):
            param = ours + param[len(chat) :]
    if param is not None:
        param = _TOOL_PARAM.sub(r"tools[\1].", param)
    return APIError(
        error.spec.code, message, param=param, type_=error.spec.type, headers=error.headers
    )


# --- chat -> response -----------------------------------------------------------------


@dataclass(frozen=True)
class Answered:
    response: ResponseObject
    conversation: list[Message]  # through the output, for `previous_response_id`


def shell(turn: Turn, response_id: str, created: int) -> ResponseObject:
    """The response with the request's settings and no output yet: `queued` for a
    background response, `in_progress` in a stream's first events."""
    request, card = turn.request, turn.prepared.card
    fmt = request.text.format if request.text else None
    choice = request.tool_choice
    return ResponseObject(
        id=response_id,
        created_at=created,
        status="in_progress",
        background=bool(request.background),
        instructions=request.instructions,
        max_output_tokens=request.max_output_tokens,
        max_tool_calls=request.max_tool_calls,
        model=card.id,
        output=[],
        parallel_tool_calls=request.parallel_tool_calls is not False,
        previous_response_id=request.previous_response_id,
        reasoning=ReasoningSettings(
            effort=(request.reasoning.effort if request.reasoning else None)
            or ("medium" if card.reasoning else None),
            summary=request.reasoning.summary if request.reasoning else None,
        ),
        store=request.store is not False,
        temperature=1.0 if request.temperature is None else request.temperature,
        text=TextSettings(
            format=_format_out(fmt),
            verbosity=(request.text.verbosity if request.text else None) or "medium",
        ),
        tool_choice=_tool_choice_out(choice),
        tools=[
            FunctionToolOut(
                name=t.name, description=t.description, parameters=t.parameters, strict=t.strict
            )
            for t in request.tools or ()
            if isinstance(t, FunctionTool)
        ],
        top_logprobs=request.top_logprobs or 0,
        top_p=1.0 if request.top_p is None else request.top_p,
        truncation=request.truncation or "disabled",
        user=request.user,
        safety_identifier=request.safety_identifier,
        prompt_cache_key=request.prompt_cache_key,
        metadata=request.metadata or {},
    )


def _tool_choice_out(choice: Any) -> Literal["none", "auto", "required"] | NamedFunction:
    """`allowed_tools` never gets here: `prepare` refuses it."""
    if isinstance(choice, ToolChoiceFunction):
        return NamedFunction(name=choice.name)
    return choice if choice in ("none", "auto", "required") else "auto"


def _format_out(fmt: Any) -> FormatText | FormatJSONObject | FormatJSONSchema:
    if fmt is None or fmt.type == "text":
        return FormatText()
    if fmt.type == "json_object":
        return FormatJSONObject()
    return FormatJSONSchema(
        name=fmt.name, schema=fmt.schema_, description=fmt.description, strict=fmt.strict
    )


def answer(turn: Turn, ids: IdFactory, created: int, response_id: str) -> Answered:
    """Run the chat path and turn its completion into the response's output."""
    completion = completions.complete(turn.prepared, ids, created)
    output, status = _output(turn.request, completion, ids)
    usage = completion.usage
    assert usage is not None
    response = shell(turn, response_id, created).model_copy(
        update={
            "status": status,
            "completed_at": created,
            "output": output,
            "incomplete_details": (
                IncompleteDetails(reason="max_output_tokens") if status == "incomplete" else None
            ),
            "usage": ResponseUsage(
                input_tokens=usage.prompt_tokens,
                output_tokens=usage.completion_tokens,
                output_tokens_details=OutputTokensDetails(
                    reasoning_tokens=usage.completion_tokens_details.reasoning_tokens
                ),
                total_tokens=usage.total_tokens,
            ),
        }
    )
    reply = completion.choices[0].message.model_dump(mode="json", exclude_none=True)
    reply.pop("annotations", None)
    if len(output) < len(reply.get("tool_calls") or ()):  # `max_tool_calls` cut some
        reply["tool_calls"] = reply["tool_calls"][: len(output)]
    return Answered(response, [*turn.conversation, reply])


def _output(
    request: CreateResponse, completion: ChatCompletion, ids: IdFactory
) -> tuple[list[Any], str]:
    choice = completion.choices[0]
    message = choice.message
    if message.tool_calls:
        calls = message.tool_calls[: request.max_tool_calls or len(message.tool_calls)]
        return [
            FunctionCall(
                id=ids.new("fc_"),
                status="completed",
                call_id=c.id,
                name=c.function.name,
                arguments=c.function.arguments,
            )
            for c in calls
        ], "completed"
    cut = choice.finish_reason == "length"
    content: list[Any] = (
        [Refusal(refusal=message.refusal)]
        if message.refusal
        else [OutputText(text=message.content or "")]
    )
    item = OutputMessage(
        id=ids.new("msg_"), status="incomplete" if cut else "completed", content=content
    )
    return [item], "incomplete" if cut else "completed"


def stored(answered: Answered, items: list[Any], *, body: bytes) -> Stored:
    return Stored(
        body=body,
        items=_items_json(items),
        conversation=json.dumps(answered.conversation, separators=(",", ":")).encode(),
    )


def _items_json(items: list[Any]) -> bytes:
    return json.dumps(
        [i.model_dump(mode="json", by_alias=True) for i in items], separators=(",", ":")
    ).encode()


def pending(body: bytes, items: list[Any]) -> Stored:
    """A background response not finished yet: nothing to continue from."""
    return Stored(body=body, items=_items_json(items), conversation=None)


# --- streaming ------------------------------------------------------------------------


def events(response: ResponseObject) -> Iterator[Any]:
    """The typed events of a finished response, in OpenAI's order, numbered from 0."""
    start = response.model_copy(
        update={"status": "in_progress", "output": [], "usage": None, "completed_at": None}
    )
    start = start.model_copy(update={"incomplete_details": None})
    steps: list[Any] = [
        ResponseCreatedEvent(sequence_number=0, response=start),
        ResponseInProgressEvent(sequence_number=0, response=start),
    ]
    for index, item in enumerate(response.output):
        steps.extend(_item_events(index, item))
    final = ResponseIncompleteEvent if response.status == "incomplete" else ResponseCompletedEvent
    steps.append(final(sequence_number=0, response=response))
    for number, step in enumerate(steps):
        step.sequence_number = number
        yield step


def _item_events(index: int, item: Any) -> Iterator[Any]:
    if isinstance(item, FunctionCall):
        yield ResponseOutputItemAddedEvent(
            sequence_number=0,
            output_index=index,
            item=item.model_copy(update={"arguments": "", "status": "in_progress"}),
        )
        for piece in completions.groups(tokens.pieces(item.arguments), 4):
            yield ResponseFunctionCallArgumentsDeltaEvent(
                sequence_number=0, item_id=item.id, output_index=index, delta=piece
            )
        yield ResponseFunctionCallArgumentsDoneEvent(
            sequence_number=0,
            item_id=item.id,
            output_index=index,
            name=item.name,
            arguments=item.arguments,
        )
    else:
        yield ResponseOutputItemAddedEvent(
            sequence_number=0,
            output_index=index,
            item=item.model_copy(update={"content": [], "status": "in_progress"}),
        )
        for part_index, part in enumerate(item.content):
            yield from _part_events(item.id, index, part_index, part)
    yield ResponseOutputItemDoneEvent(sequence_number=0, output_index=index, item=item)


def _part_events(item_id: str, index: int, part_index: int, part: Any) -> Iterator[Any]:
    """The events of one content part; sequence numbers are set by `events()`."""
    at: dict[str, Any] = {
        "sequence_number": 0,
        "item_id": item_id,
        "output_index": index,
        "content_index": part_index,
    }
    empty = Refusal(refusal="") if isinstance(part, Refusal) else OutputText(text="")
    yield ResponseContentPartAddedEvent.model_validate({**at, "part": empty})
    if isinstance(part, Refusal):
        for piece in tokens.pieces(part.refusal):
            yield ResponseRefusalDeltaEvent.model_validate({**at, "delta": piece})
        yield ResponseRefusalDoneEvent.model_validate({**at, "refusal": part.refusal})
    else:
        for piece in tokens.pieces(part.text):
            yield ResponseTextDeltaEvent.model_validate({**at, "delta": piece})
        yield ResponseTextDoneEvent.model_validate({**at, "text": part.text})
    yield ResponseContentPartDoneEvent.model_validate({**at, "part": part})
