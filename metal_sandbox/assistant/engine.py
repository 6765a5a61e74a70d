"""The order in which the assistant decides what to say.

Tool results first (the conversation waits for a final answer), then declining harm, then
tool calls, then text: a greeting, an entry of replies.yaml, or the honest fallback. The
system prompt's voice and the JSON the request or prompt asks for are applied last, so
every path gets them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from metal_sandbox.assistant import data, images, json_prompt, results, voice
from metal_sandbox.assistant import tools as tooling
from metal_sandbox.assistant.conversation import Conversation, read
from metal_sandbox.assistant.extract import Context
from metal_sandbox.assistant.reply import Reply
from metal_sandbox.assistant.schema_fill import SchemaTooLarge, fill
from metal_sandbox.assistant.text import fill_in, first_sentence, flip, pick
from metal_sandbox.assistant.voice import Style

#: The units of JSON a schema carried in a prompt may ask for (it was never validated).
PROMPT_SCHEMA_BUDGET = 20_000
_ABOUT_IMAGE = re.compile(r"\b(?:image|images|picture|photo|this|these|describe|see|show)\b", re.I)
_QUESTION = re.compile(
    r"^(?:who|what|where|when|why|how|which|is|are|can|do|does|did|will|would|should)\b",
    re.I,
)
_LEAD_INS = re.compile(
    r"^(?:please\s+|(?:can|could) you (?:tell me|explain)\s+|do you know\s+|tell me\s+)+",
    re.I,
)


@dataclass(frozen=True)
class Draft:
    """The reply before voice and format: its text, and the values JSON is filled from."""

    text: str
    facts: dict[str, Any] = field(default_factory=dict)


def respond(
    messages: list[dict[str, Any]],
    *,
    model: str,
    tools: list[dict[str, Any]] | None = None,
    tool_choice: str | dict[str, Any] | None = None,
    parallel_tool_calls: bool = True,
    response_format: dict[str, Any] | None = None,
    variant: int = 0,
) -> Reply:
    """Reply to already-validated chat `messages` as `model` would, deterministically.

    `tool_choice` None means "auto" when tools are given; `response_format` is None or an
    OpenAI response format dict. `variant` picks other phrasings (choices when n > 1).
    """
    convo = read(messages)
    style = voice.detect(convo.instructions, convo.question)
    if convo.results and convo.last_role == "tool":
        draft = Draft(*results.answer(list(convo.results)))
    else:
        refusal = decline(convo.question, variant)
        if refusal:
            return Reply(content=refusal, refusal=refusal)
        if tools and convo.last_role == "user":
            calls = tooling.choose(convo.question, tools, tool_choice, parallel_tool_calls)
            if calls:
                return Reply(content=None, tool_calls=calls)
        draft = compose(convo, style, model, variant)
    text = voice.speak(draft.text, style)
    return Reply(content=render(text, draft.facts, convo, response_format))


def decline(question: str, variant: int) -> str | None:
    """The refusal of a clearly harmful request, or None."""
    if data.PROTECTIVE.search(question):
        return None
    for harm in data.HARMS:
        if harm.ask.search(question):
            values = {"reason": harm.reason, "instead": harm.instead}
            return fill_in(pick(data.DECLINE, variant), values)
    return None


def compose(convo: Conversation, style: Style, model: str, variant: int) -> Draft:
    """The text answer to the latest user message, images included."""
    if not convo.images:
        return text_answer(convo, style, model, variant)
    described = images.describe_all(convo.images)
    if not convo.question or _ABOUT_IMAGE.search(convo.question):
        return Draft(described, {"description": described})
    answer = text_answer(convo, style, model, variant)
    return Draft(f"{answer.text} {described}", answer.facts)


def text_answer(convo: Conversation, style: Style, model: str, variant: int) -> Draft:
    question = convo.question
    card = data.MODELS.get(model, data.MODELS["aurora"])
    values = {"name": style.persona or card["name"], "who": style.who(model)}
    values["about"] = card["about"]
    values["identity"] = fill_in(data.IDENTITY["persona" if style.persona else "model"], values)
    if not question:
        return Draft(data.FALLBACK["empty"])
    rest = data.GREETING.sub("", question, count=1).strip()
    if not re.sub(r"[\W_]+", "", rest) and data.GREETING.match(question):
        texts, short = data.GREETINGS, data.GREETING_SHORT
        return Draft(fill_in(short if style.concise else pick(texts, variant), values))
    for entry in data.ENTRIES:
        found = entry.ask.search(rest)
        if not found:
            continue
        if entry.earlier is not None:
            before = next((m for t in convo.earlier if (m := entry.earlier.search(t))), None)
            if before is None:
                continue
            values.update(before.groupdict())
        values.update({k: v for k, v in found.groupdict().items() if v is not None})
        text = _choose(entry.replies, entry.short, style, variant)
        facts = entry.json if isinstance(entry.json, dict) else {}
        return Draft(fill_in(text, values), _filled(facts, values))
    return Draft(_shorten(fallback(rest, variant), "", style))


def _choose(replies: tuple[str, ...], short: str, style: Style, variant: int) -> str:
    if style.concise:
        return short or first_sentence(replies[0])
    if len(replies) == 1 and variant > 0:
        return pick(("", *data.FALLBACK["openers"]), variant) + replies[0]
    return pick(replies, variant)


def _shorten(text: str, short: str, style: Style) -> str:
    return (short or first_sentence(text)) if style.concise else text


def _filled(value: Any, values: dict[str, str]) -> Any:
    """An entry's `json` with its placeholders filled (captured groups, the model's name)."""
    if isinstance(value, str):
        return fill_in(value, values)
    if isinstance(value, list):
        return [_filled(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _filled(v, values) for k, v in value.items()}
    return value


def fallback(question: str, variant: int) -> str:
    """For anything else: an honest "I'm not sure" that shows the question was understood,
    or an invitation to say more."""
    if "?" not in question and not _QUESTION.match(question):
        return pick(data.FALLBACK["statement"], variant)
    return fill_in(pick(data.FALLBACK["question"], variant), {"clause": restate(question)})


def restate(question: str) -> str:
    """ "who won the 2034 World Cup", "what your name is", or 'of the answer to "..."'."""
    text = _LEAD_INS.sub("", question.strip().rstrip("?.! ").strip())
    wh = re.match(
        r"^(who|what|where|when|why|which)\s+(is|are|was|were)\s+(.+)$",
        text,
        re.I | re.S,
    )
    if wh:
        return f"{wh.group(1).lower()} {flip(wh.group(3))} {wh.group(2).lower()}"
    subject = re.match(
        r"^(who|what)\s+(?!(?:do|does|did|can|could|will|would|should|has|have|had)\b)(\w+\s.+)$",
        text,
        re.I | re.S,
    )
    if subject:
        return f"{subject.group(1).lower()} {flip(subject.group(2))}"
    how = re.match(
        r"^how\s+(?:do|does|can|could|should|would)\s+(?:i|you|we|one)\s+(.+)$",
        text,
        re.I | re.S,
    )
    if how:
        return f"how to {flip(how.group(1))}"
    return f'of the answer to "{text}?"' if len(text) <= 80 else "of the answer to that"


def render(
    text: str,
    facts: dict[str, Any],
    convo: Conversation,
    response_format: dict[str, Any] | None,
) -> str:
    """The message content: the text, or the JSON the request or the prompt asks for."""
    kind = (response_format or {}).get("type", "text")
    user_text = "\n".join((convo.question, *convo.earlier))
    ctx = Context(user_text, answer=text, facts=facts)
    prompt = f"{convo.instructions}\n{convo.question}"
    if kind == "json_schema":
        spec = (response_format or {}).get("json_schema") or {}
        return _dump(fill(spec.get("schema") or {}, ctx))
    if kind == "json_object":
        asked = _asked_schema(prompt)
        return _dump(fill(asked, ctx) if asked else {"answer": text})
    if "json" not in prompt.lower() or not (json_prompt.wants_json(prompt) or "{" in prompt):
        return text
    schema = _asked_schema(prompt)
    try:
        made = _dump(fill(schema, ctx, budget=PROMPT_SCHEMA_BUDGET)) if schema else None
    except SchemaTooLarge:
        return text
    if made is None:
        if not json_prompt.wants_json(prompt):
            return text
        made = _dump({"answer": text})
    return f"```json\n{made}\n```" if json_prompt.wants_fence(prompt) else made


def _asked_schema(prompt: str) -> dict[str, Any] | None:
    """The schema a prompt carries, or the object its words ask for ("with the keys ...")."""
    if "{" in prompt:
        found = json_prompt.embedded_schema(prompt)
        if found is not None:
            return found
    keys = json_prompt.requested_keys(prompt)
    return json_prompt.schema_for_keys(keys) if keys else None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
