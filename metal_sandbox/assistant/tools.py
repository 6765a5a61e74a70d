"""Choose which function to call and with what arguments.

Selection scores the overlap between the user's words (plus a few synonyms: "forecast"
suggests weather) and each tool's vocabulary: words of its name count 3, parameter names 2,
descriptions 1. `auto` calls the best tool when it scores at least 3 with a name or parameter
match; `required` always calls the best (the first tool on a tie); a named function is called
as told. Arguments are a schema-valid instance filled from the question (see schema_fill.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from metal_sandbox.assistant import entities
from metal_sandbox.assistant.places import find_cities, find_companies
from metal_sandbox.assistant.reply import ToolCall
from metal_sandbox.assistant.schema_fill import fill
from metal_sandbox.assistant.schema_values import FillContext, kind_of
from metal_sandbox.assistant.string_values import format_location
from metal_sandbox.assistant.text import content_words, stem, words

_THRESHOLD = 3
_GROUPS: tuple[tuple[str, ...], ...] = tuple(
    tuple(stem(w) for w in g.split())
    for g in (
        "weather temperature forecast rain raining sunny snow snowing humid humidity wind windy "
        "umbrella hot cold warm degrees",
        "time clock hour timezone",
        "stock share ticker trading market price quote",
        "email mail send message inbox",
        "search find look lookup google web browse",
        "calendar meeting event schedule appointment",
        "reminder remind",
        "order purchase buy shipping package delivery track",
        "flight fly plane airline airport",
        "hotel room stay accommodation",
        "translate translation",
        "calculate calculator compute math sum multiply",
        "news headline article",
        "convert conversion exchange currency",
        "restaurant eat food dinner lunch reservation",
    )
)


def _question_words(question: str) -> list[str]:
    """The question's meaningful words, each followed by its synonyms."""
    out: list[str] = []
    for word in content_words(question):
        for group in (g for g in _GROUPS if word in g):
            out += [w for w in group if w not in out]
        if word not in out:
            out.append(word)
    return out


def _vocabulary(function: dict[str, Any]) -> dict[str, int]:
    """Word weights for one tool: name 3, parameter names 2, descriptions 1."""
    weights: dict[str, int] = {}

    def add(text: str, weight: int) -> None:
        for word in content_words(text):
            weights[word] = max(weights.get(word, 0), weight)

    add(str(function.get("name", "")), 3)
    add(str(function.get("description", "")), 1)
    params = function.get("parameters") or {}
    for name, spec in (params.get("properties") or {}).items():
        add(name, 2)
        if isinstance(spec, dict):
            add(str(spec.get("description", "")), 1)
    return weights


@dataclass(frozen=True)
class Score:
    """How well a tool fits: total weight, whether a strong word matched, which words."""

    total: int
    strong: bool
    name_hits: tuple[str, ...]


def score(question: str, function: dict[str, Any]) -> Score:
    """How well `function` fits the question, from the words they share."""
    asked = _question_words(question)
    vocabulary = _vocabulary(function)
    hits = [w for w in asked if w in vocabulary]
    name_words = [stem(w) for w in words(str(function.get("name", "")))]
    return Score(
        sum(vocabulary[w] for w in hits),
        any(vocabulary[w] >= 2 for w in hits),
        tuple(w for w in hits if w in name_words),
    )


def _functions(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        t["function"]
        for t in tools
        if isinstance(t, dict)
        and isinstance(t.get("function"), dict)
        and t.get("type", "function") == "function"
    ]


def _forced_name(tool_choice: str | dict[str, Any] | None) -> str | None:
    if not isinstance(tool_choice, dict):
        return None
    function = tool_choice.get("function")
    if isinstance(function, dict) and function.get("name"):
        return str(function["name"])
    return str(tool_choice["name"]) if tool_choice.get("name") else None


def choose(
    question: str,
    tools: list[dict[str, Any]],
    tool_choice: str | dict[str, Any] | None,
    parallel: bool,
) -> tuple[ToolCall, ...]:
    """The tool calls to make for this question; empty when the answer should be text."""
    functions = _functions(tools)
    if tool_choice == "none" or not functions:
        return ()
    forced = _forced_name(tool_choice)
    if forced:
        chosen = next((f for f in functions if f.get("name") == forced), {"name": forced})
        return calls_for(chosen, question, parallel)
    ranked = sorted(
        ((score(question, f), i, f) for i, f in enumerate(functions)),
        key=lambda item: (-item[0].total, item[1]),
    )
    best_score, _, best = ranked[0]
    if tool_choice != "required" and not (best_score.total >= _THRESHOLD and best_score.strong):
        return ()
    picked = [(ranked[0][1], best)]
    if parallel:
        picked += [(i, f) for s, i, f in ranked[1:] if _distinct(s, best_score)]
    return tuple(
        c
        for _, f in sorted(picked, key=lambda item: item[0])
        for c in calls_for(f, question, parallel)
    )


def _distinct(extra: Score, best: Score) -> bool:
    """A second tool is called too when the question names it by words the best one lacks."""
    return (
        extra.total >= _THRESHOLD
        and extra.strong
        and bool(extra.name_hits)
        and not set(extra.name_hits) & set(best.name_hits)
    )


def calls_for(function: dict[str, Any], question: str, parallel: bool) -> tuple[ToolCall, ...]:
    """One call, or one per entity ("Paris and Tokyo") when parallel calls are allowed."""
    name = str(function.get("name", ""))
    params = function.get("parameters") or {"type": "object", "properties": {}}
    key, values = _fan_out(params, question)
    batches = [{key: v} for v in values] if parallel and key and len(values) > 1 else [{}]
    calls = []
    for overrides in batches:
        ctx = FillContext(text=question, facts=overrides, title=name)
        arguments = fill(params, ctx, optional=False)
        calls.append(ToolCall(name, json.dumps(arguments, ensure_ascii=False)))
    return tuple(calls)


def _fan_out(params: dict[str, Any], question: str) -> tuple[str, list[str]]:
    """The parameter that varies across parallel calls, and its values in the question."""
    props = params.get("properties") or {}
    required = params.get("required") or list(props)
    for key in sorted(props, key=lambda k: (k not in required, list(props).index(k))):
        spec = props[key] if isinstance(props[key], dict) else {}
        if spec.get("enum") or spec.get("type", "string") != "string":
            continue
        values = _entity_values(kind_of(key), spec, question)
        if values:
            return key, values
    return "", []


def _entity_values(kind: str, spec: dict[str, Any], question: str) -> list[str]:
    description = str(spec.get("description", ""))
    if kind == "place":
        return [format_location(p, description) for p in entities.places(question)]
    if kind == "timezone":
        return [c.timezone for c in find_cities(question)]
    if kind == "symbol":
        return [ticker for _, ticker in find_companies(question)]
    if kind == "person":
        return entities.person_names(question)
    if kind == "email":
        return entities.emails(question)
    return []
