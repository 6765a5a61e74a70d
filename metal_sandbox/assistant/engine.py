"""The order in which the assistant decides what to say.

Tool results first (the conversation is waiting for a final answer), then safety, then tool
calls, then text: small talk and memory before knowledge, knowledge before the honest
fallbacks. Tone and response format are applied last so every path gets them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from metal_sandbox.assistant import (
    answers,
    directives,
    fallback,
    images,
    safety,
    smalltalk,
    tone,
    writing,
)
from metal_sandbox.assistant import tool_results as results
from metal_sandbox.assistant import tools as tooling
from metal_sandbox.assistant.answer import Answer
from metal_sandbox.assistant.code_samples import code
from metal_sandbox.assistant.conversation import Conversation, read
from metal_sandbox.assistant.formats import render
from metal_sandbox.assistant.knowledge import find_concept
from metal_sandbox.assistant.memory import recall, remember
from metal_sandbox.assistant.reply import Reply
from metal_sandbox.assistant.text import pick

_OPENERS = ("", "Sure. ", "Of course. ", "Good question. ")
_ANALYSED = 4000  # characters of a message that are analysed; keeps every reply fast
_ABOUT_IMAGE = re.compile(
    r"\b(?:image|images|picture|pictures|photo|photos|this|these|"
    r"describe|see|shown|show)\b",
    re.I,
)


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
    """Reply to already-validated chat `messages` as `model` would, deterministically
    (see the package docstring).

    `tool_choice` None means "auto" when tools are given. `response_format` is None or an
    OpenAI response format dict (`text`, `json_object`, `json_schema`).
    """
    convo = read(messages)
    question = convo.question[:_ANALYSED]
    style = tone.detect(convo.instructions[:_ANALYSED], question)
    if convo.results and convo.last_role == "tool":
        answer = results.answer(list(convo.results))
    else:
        refusal = safety.refusal(question, variant)
        if refusal:
            return Reply(content=refusal, refusal=refusal)
        if tools and convo.last_role == "user":
            calls = tooling.choose(question, tools, tool_choice, parallel_tool_calls)
            if calls:
                return Reply(content=None, tool_calls=calls)
        answer = compose(convo, style, model, variant)
    text = tone.apply(_with_opener(answer, variant), style)
    content = render(
        text,
        answer,
        context_text=convo.context_text[:_ANALYSED],
        instructions=convo.instructions[:_ANALYSED],
        response_format=response_format,
    )
    return Reply(content=content)


def _with_opener(answer: Answer, variant: int) -> Answer:
    """Other choices (n > 1) of an answer with a single phrasing get a different opener."""
    if variant <= 0 or answer.varied:
        return answer
    return replace(answer, text=pick(_OPENERS, variant) + answer.text)


def compose(convo: Conversation, style: tone.Style, model: str, variant: int) -> Answer:
    """The draft answer for the latest user message, images included."""
    question = convo.question[:_ANALYSED]
    if not convo.images:
        return text_answer(question, convo, style, model, variant)
    described = images.describe_all(list(convo.images))
    if not question or _ABOUT_IMAGE.search(question):
        return Answer(described, kind="image", facts={"description": described})
    answer = text_answer(question, convo, style, model, variant)
    return replace(answer, text=f"{answer.text} {described}", localized={}, short="")


def text_answer(
    question: str, convo: Conversation, style: tone.Style, model: str, variant: int
) -> Answer:
    """Try each kind of answer in turn; the honest fallback always answers."""
    if not question.strip():
        return Answer("Your message looks empty. What would you like to ask?", kind="unknown")
    memory = remember(list(convo.user_texts))
    me = smalltalk.display_name(model, style)
    body = smalltalk.strip_greeting(question) or question
    concept = find_concept(body)
    attempts: tuple[Callable[[], Answer | None], ...] = (
        lambda: _summary(question, convo, variant),
        lambda: answers.translation(question, variant),
        lambda: directives.echo(question),
        lambda: smalltalk.smalltalk(
            question, model=model, style=style, user_name=memory.name, variant=variant
        ),
        lambda: recall(body, memory, f"I'm {me}."),
        lambda: directives.help_request(body),
        lambda: code(body),
        lambda: writing.creative(body, concept, variant),
        lambda: answers.joke(body, variant),
        lambda: directives.count(body),
        lambda: answers.calculation(body, variant),
        lambda: answers.capital(body, variant),
        lambda: answers.trivia(body),
        lambda: answers.list_answer(body, variant),
        lambda: directives.tips(body),
        lambda: fallback.realtime(body, variant),
        lambda: answers.concept(body),
        lambda: answers.place(body),
        lambda: fallback.action(body, variant),
    )
    for attempt in attempts:
        found = attempt()
        if found is not None:
            return found
    return fallback.unknown(body, variant)


def _summary(question: str, convo: Conversation, variant: int) -> Answer | None:
    source = writing.summary_source(question, convo.earlier)
    return writing.summarize(source, variant) if source else None
