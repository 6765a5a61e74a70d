"""Choose which function to call and with what arguments.

Selection scores the overlap between the user's words (plus the synonyms of `tool_words` in
replies.yaml: "forecast" suggests weather) and each tool's vocabulary: words of its name
count 3, parameter names 2, descriptions 1. `auto` calls the best tool when it scores at
least 3 with a name or parameter match; `required` always calls the best (the first tool on
a tie); a named function is called as told. Arguments are a schema-valid instance filled
from the question (schema_fill.py); "Paris and Tokyo" makes one call each when parallel calls
are allowed.
"""

from __future__ import annotations

import json
from typing import Any

from metal_sandbox.assistant.reply import ToolCall
from metal_sandbox.assistant.schema_fill import Context, fill, found_in_text, kind_of
from metal_sandbox.assistant.table import Table
from metal_sandbox.assistant.text import content_words, stem

_THRESHOLD = 3


def choose(
    question: str,
    tools: list[dict[str, Any]],
    tool_choice: str | dict[str, Any] | None,
    parallel: bool,
    table: Table,
) -> tuple[ToolCall, ...]:
    """The tool calls to make for this question; empty when the answer should be text."""
    functions = [
        t["function"] for t in tools if isinstance(t, dict) and isinstance(t.get("function"), dict)
    ]
    if tool_choice == "none" or not functions:
        return ()
    forced = _forced_name(tool_choice)
    if forced:
        chosen = next((f for f in functions if f.get("name") == forced), {"name": forced})
        return calls_for(chosen, question, parallel)
    asked = _question_words(question, table)
    scores = [(score(asked, f), -i, f) for i, f in enumerate(functions)]
    (total, strong), _, best = max(scores, key=lambda s: (s[0][0], s[1]))
    if tool_choice != "required" and not (total >= _THRESHOLD and strong):
        return ()
    return calls_for(best, question, parallel)


def _forced_name(tool_choice: str | dict[str, Any] | None) -> str | None:
    if not isinstance(tool_choice, dict):
        return None
    function = tool_choice.get("function")
    if isinstance(function, dict) and function.get("name"):
        return str(function["name"])
    return str(tool_choice["name"]) if tool_choice.get("name") else None


def _question_words(question: str, table: Table) -> list[str]:
    """The question's meaningful words, each followed by its synonyms."""
    out: list[str] = []
    for word in content_words(question):
        for group in table.tool_words:
            if word in (stem(w) for w in group):
                out += [stem(w) for w in group if stem(w) not in out]
        if word not in out:
            out.append(word)
    return out


def score(asked: list[str], function: dict[str, Any]) -> tuple[int, bool]:
    """How well `function` fits the question's words: the total weight of the words they
    share, and whether one of them is a name or parameter word (weight 2 or more)."""
    weights: dict[str, int] = {}

    def add(text: str, weight: int) -> None:
        for word in content_words(text):
            weights[word] = max(weights.get(word, 0), weight)

    add(str(function.get("name", "")), 3)
    add(str(function.get("description", "")), 1)
    params = function.get("parameters") or {}
    for name, spec in (params.get("properties") or {}).items():
        add(name, 2)
        add(str(spec.get("description", "")) if isinstance(spec, dict) else "", 1)
    hits = [weights[w] for w in asked if w in weights]
    return sum(hits), any(h >= 2 for h in hits)


def calls_for(function: dict[str, Any], question: str, parallel: bool) -> tuple[ToolCall, ...]:
    """One call, or one per value ("Paris and Tokyo") when parallel calls are allowed."""
    name = str(function.get("name", ""))
    params = function.get("parameters") or {"type": "object", "properties": {}}
    key, values = _fan_out(params, question)
    batches = [{key: v} for v in values] if parallel and len(values) > 1 else [{}]
    return tuple(
        ToolCall(
            name,
            json.dumps(
                fill(params, Context(question, facts=facts), optional=False), ensure_ascii=False
            ),
        )
        for facts in batches
    )


def _fan_out(params: dict[str, Any], question: str) -> tuple[str, list[str]]:
    """The parameter that varies across parallel calls, and its values in the question."""
    props = params.get("properties") or {}
    required = params.get("required") or list(props)
    for key in sorted(props, key=lambda k: (k not in required, list(props).index(k))):
        spec = props[key] if isinstance(props[key], dict) else {}
        if spec.get("enum") or spec.get("type", "string") != "string":
            continue
        values = found_in_text(kind_of(key), question)
        if values:
            return key, values
    return "", []
