"""Choose the function to call and take its arguments from the question.

A tool's fit is the overlap between the question's words (plus the synonyms of `tools.words`
in replies.yaml: "forecast" suggests weather) and the tool's own words: its name counts 3,
its parameter names 2, descriptions 1. `auto` calls the best tool when it scores at least 3
with a name or parameter word; `required` always calls the best (the first on a tie); a
named function is called as told. Arguments are a schema-valid instance of the tool's
parameters, filled from the question; "Paris and Tokyo" makes one call per place when
parallel calls are allowed.
"""

from __future__ import annotations

import json
from typing import Any

from metal_sandbox.assistant import data
from metal_sandbox.assistant.extract import Context, kind_of
from metal_sandbox.assistant.reply import ToolCall
from metal_sandbox.assistant.schema_fill import fill
from metal_sandbox.assistant.text import stem, words

_THRESHOLD = 3
_FILLER = frozenset(
    """a an the and or of to in on at by for with from is are what whats s how get me my please
    current given""".split()  # noqa: SIM905
)
_SYNONYMS = {w: group for group in data.TOOL_WORDS for w in group}


def _question_words(question: str) -> list[str]:
    """The question's meaningful words, each followed by its synonyms."""
    out: list[str] = []
    for word in (stem(w) for w in words(question) if w not in _FILLER):
        for same in (word, *_SYNONYMS.get(word, ())):
            if same not in out:
                out.append(same)
    return out


def _vocabulary(function: dict[str, Any]) -> dict[str, int]:
    weights: dict[str, int] = {}

    def add(text: Any, weight: int) -> None:
        for word in words(str(text)):
            token = stem(word)
            if token not in _FILLER:
                weights[token] = max(weights.get(token, 0), weight)

    add(function.get("description", ""), 1)
    params = function.get("parameters")
    props = params.get("properties") if isinstance(params, dict) else None
    for name, spec in (props if isinstance(props, dict) else {}).items():
        add(spec.get("description", "") if isinstance(spec, dict) else "", 1)
        add(name, 2)
    add(function.get("name", ""), 3)
    return weights


def _score(asked: list[str], function: dict[str, Any]) -> tuple[int, bool, frozenset[str]]:
    """(total weight, whether a name or parameter word matched, the name words matched)."""
    vocabulary = _vocabulary(function)
    hits = [w for w in asked if w in vocabulary]
    names = {stem(w) for w in words(str(function.get("name", "")))}
    total = sum(vocabulary[w] for w in hits)
    return total, any(vocabulary[w] >= 2 for w in hits), frozenset(hits) & names


def choose(
    question: str,
    tools: list[dict[str, Any]],
    tool_choice: str | dict[str, Any] | None,
    parallel: bool,
) -> tuple[ToolCall, ...]:
    """The calls to make for this question; empty when the answer should be text."""
    functions = [
        t["function"] for t in tools if isinstance(t, dict) and isinstance(t.get("function"), dict)
    ]
    if tool_choice == "none" or not functions:
        return ()
    forced = _forced_name(tool_choice)
    if forced:
        chosen = next((f for f in functions if f.get("name") == forced), {"name": forced})
        return calls_for(chosen, question, parallel)
    asked = _question_words(question)
    ranked = sorted(
        ((_score(asked, f), i, f) for i, f in enumerate(functions)),
        key=lambda item: (-item[0][0], item[1]),
    )
    (total, strong, names), _, best = ranked[0]
    if tool_choice != "required" and not (total >= _THRESHOLD and strong):
        return ()
    picked = [(ranked[0][1], best)]
    if parallel:
        picked += [
            (i, f)
            for (t, s, n), i, f in ranked[1:]
            if t >= _THRESHOLD and s and n and not n & names
        ]
    return tuple(
        c for _, f in sorted(picked, key=lambda p: p[0]) for c in calls_for(f, question, parallel)
    )


def _forced_name(tool_choice: str | dict[str, Any] | None) -> str | None:
    if not isinstance(tool_choice, dict):
        return None
    function = tool_choice.get("function")
    if isinstance(function, dict) and function.get("name"):
        return str(function["name"])
    return str(tool_choice["name"]) if tool_choice.get("name") else None


def calls_for(function: dict[str, Any], question: str, parallel: bool) -> tuple[ToolCall, ...]:
    """One call, or one per value of the first string parameter that the question names
    several of, when parallel calls are allowed."""
    name = str(function.get("name", ""))
    params = function.get("parameters")
    params = params if isinstance(params, dict) else {"type": "object", "properties": {}}
    ctx = Context(question)
    key, values = _fan_out(params, ctx) if parallel else ("", [])
    batches = [{key: v} for v in values] if len(values) > 1 else [{}]
    return tuple(
        ToolCall(
            name,
            json.dumps(
                fill(params, Context(question, facts=facts), only_known=True),
                ensure_ascii=False,
            ),
        )
        for facts in batches
    )


def _fan_out(params: dict[str, Any], ctx: Context) -> tuple[str, list[str]]:
    props = params.get("properties")
    if not isinstance(props, dict):
        return "", []
    for key, spec in props.items():
        if isinstance(spec, dict) and spec.get("type", "string") == "string" and "enum" not in spec:
            values = ctx.strings(kind_of(key))
            if len(values) > 1:
                return key, values
    return "", []
