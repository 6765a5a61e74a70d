"""The order in which the assistant decides what to say.

Tool results first (the conversation is waiting for a final answer), then refusals, then
tool calls, then text: the reply table, greetings, images, and the honest fallback. Voice
and response format are applied last so every path gets them.
"""

from __future__ import annotations

import base64
import re
import struct
from dataclasses import replace
from typing import Any

from metal_sandbox.assistant import formats, tool_results, voices
from metal_sandbox.assistant import tools as tooling
from metal_sandbox.assistant.conversation import Conversation, read
from metal_sandbox.assistant.reply import Answer, Reply
from metal_sandbox.assistant.table import Table, fill, first, load
from metal_sandbox.assistant.text import first_sentence, pick


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
    table = load()
    convo = read(messages)
    style = voices.detect(convo.instructions, convo.question, table)
    if convo.results and convo.last_role == "tool":
        answer = tool_results.answer(convo.results)
    else:
        refusal = refuse(convo.question, table)
        if refusal:
            return Reply(content=refusal, refusal=refusal)
        if tools and convo.last_role == "user":
            calls = tooling.choose(convo.question, tools, tool_choice, parallel_tool_calls, table)
            if calls:
                return Reply(content=None, tool_calls=calls)
        answer = compose(convo, style, model, variant, table)
    if variant > 0 and not answer.varied:
        openers = answer.openers or tuple(table.text("openers"))
        answer = replace(answer, text=pick(("", *openers), variant) + answer.text)
    text = (answer.short or first_sentence(answer.text)) if style.concise else answer.text
    content = formats.render(voices.apply(text, style.voices), answer, convo, response_format)
    return Reply(content=content)


def refuse(question: str, table: Table) -> str | None:
    """The refusal for a clearly harmful request, or None when the request is fine (one
    search of all the patterns at once first: most requests are fine)."""
    if not table.any_refusal.search(question) or table.protective.search(question):
        return None
    found = first(table.refusals, question)
    return found[0].reply if found else None


def compose(
    convo: Conversation, style: voices.Style, model: str, variant: int, table: Table
) -> Answer:
    """The draft answer for the latest user message, images included."""
    described = " ".join(describe(url, table) for url in convo.images)
    body = table.greeting_words.sub("", convo.question, count=1).strip()
    if described and (not body or re.search(table.text("images", "about"), body, re.I)):
        return Answer(described, facts={"description": described})
    answer = text_answer(convo, body, style, model, variant, table)
    return replace(answer, text=f"{answer.text} {described}", short="") if described else answer


def _fields(style: voices.Style, model: str, table: Table) -> dict[str, str]:
    about = table.text("models").get(model) or table.text("models", "aurora")
    me = style.persona or about["name"]
    intro = f"I'm {me}, {style.role}." if style.role else f"I'm {me}."
    return {"me": me, "intro": intro, "intro_clause": intro[:-1], "about": about["about"]}


def text_answer(
    convo: Conversation, body: str, style: voices.Style, model: str, variant: int, table: Table
) -> Answer:
    """The table's entry, else a greeting, else the honest fallback."""
    found = table.lookup(body or convo.question, convo.user_texts[:-1])
    facts = found[0].facts if found else {}
    if found and found[0].reply:
        entry, caught = found
    elif convo.question and not re.sub(r"[\W_]+", "", body):
        entry, caught = table.greeting, {}
    else:
        return replace(fallback(body, variant, table), facts=facts)
    fields = _fields(style, model, table) | caught
    options = (entry.persona if style.persona and entry.persona else entry.reply, *entry.variants)
    return Answer(
        fill(pick(options, variant), fields),
        short=fill(entry.short, fields),
        facts=facts,
        varied=len(options) > 1,
        openers=entry.openers,
    )


def fallback(question: str, variant: int, table: Table) -> Answer:
    """An honest "I'm not sure" that restates the question, so it reads as understood."""
    if not question.strip():
        return Answer(str(table.text("empty")), varied=True)
    entry, caught = first(table.fallbacks, question) or (table.fallbacks[-1], {})
    fields = {k: _flip(v, table) for k, v in caught.items()}
    fields |= {"offer": table.text("offer"), "question": _flip(question.rstrip("?!. "), table)}
    text = fill(pick((entry.reply, *entry.variants), variant), fields)
    return Answer(text, varied=True)


def _flip(text: str, table: Table) -> str:
    """The user's words from the assistant's side: "my code" becomes "your code"."""
    flips = table.text("flips")
    return table.flip_words.sub(lambda m: flips[m.group(0).lower()], text)


def describe(url: str, table: Table) -> str:
    """An image's description from what its URL reveals: a data URL's type (and a PNG's
    size), or the words of a web address's file name."""
    texts = table.text("images")
    data = re.match(r"data:image/([\w.+-]+);base64,([A-Za-z0-9+/]{0,32}=*)", url)
    if data:
        head = _decoded(data.group(2))
        fields = {"kind": data.group(1).upper(), "width": 0, "height": 0}
        if not head.startswith(b"\x89PNG\r\n\x1a\n"):
            return fill(texts["typed"], fields)
        if len(head) < 24:
            return str(texts["unsized"])
        fields["width"], fields["height"] = struct.unpack(">II", head[16:24])
        return fill(texts["sized"], fields)
    name = re.sub(r"\.\w+$", "", url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
    words = " ".join(w for w in re.split(r"[-_\s]+", name) if w.isalpha())
    thing = ("an " if words[:1] in tuple("aeiou") else "a ") + words
    return fill(texts["named"], {"thing": thing}) if words else str(texts["unknown"])


def _decoded(text: str) -> bytes:
    """The first bytes of a base64 text; none when it is not base64 after all."""
    try:
        return base64.b64decode(text[: len(text) // 4 * 4])
    except ValueError:
        return b""
