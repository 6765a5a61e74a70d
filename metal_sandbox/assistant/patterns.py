"""Produce a short string that matches a JSON-schema `pattern`.

A string property with a pattern and nothing in the conversation that matches it still needs
a valid value. Python's own regex parser gives the structure; the shortest example is built
from it (first branch, minimum repetitions, a representative character per class).
"""

from __future__ import annotations

import re
from typing import Any

try:  # the parser is internal to `re`; without it, patterns simply get no example
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - other Python versions
    sre_parse = None

_CATEGORY = {
    "CATEGORY_DIGIT": "0",
    "CATEGORY_WORD": "a",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_DIGIT": "a",
    "CATEGORY_NOT_WORD": "-",
    "CATEGORY_NOT_SPACE": "a",
}


def example(pattern: str) -> str | None:
    """A string matching `pattern`, or None when one cannot be built."""
    if sre_parse is None:
        return None
    try:
        built = _build(sre_parse.parse(pattern), 0)
    except (re.error, RecursionError, ValueError, TypeError, IndexError):
        return None
    try:
        return built if built is not None and re.search(pattern, built) else None
    except re.error:
        return None


def _build(items: Any, depth: int) -> str | None:
    if depth > 20:
        return None
    out = []
    for op, arg in items:
        piece = _piece(str(op), arg, depth)
        if piece is None:
            return None
        out.append(piece)
    return "".join(out)


def _piece(op: str, arg: Any, depth: int) -> str | None:
    if op == "LITERAL":
        return chr(arg)
    if op == "NOT_LITERAL":
        return "a" if arg != ord("a") else "b"
    if op == "ANY":
        return "a"
    if op == "AT":
        return ""
    if op == "IN":
        return _char_class(arg)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, body = arg
        one = _build(body, depth + 1)
        return None if one is None else one * max(low, 0)
    if op == "SUBPATTERN":
        return _build(arg[-1], depth + 1)
    if op == "BRANCH":
        return _build(arg[1][0], depth + 1)
    if op == "CATEGORY":
        return _CATEGORY.get(str(arg))
    return None


def _char_class(items: Any) -> str | None:
    negate = any(str(op) == "NEGATE" for op, _ in items)
    if negate:
        excluded = [a for op, a in items if str(op) == "LITERAL"]
        return next((c for c in "aA0_" if ord(c) not in excluded), None)
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            return chr(arg)
        if name == "RANGE":
            return chr(arg[0])
        if name == "CATEGORY":
            return _CATEGORY.get(str(arg))
    return None
