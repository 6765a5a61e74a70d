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

_CATEGORY = {"DIGIT": "0", "WORD": "a", "SPACE": " ", "NOT_DIGIT": "a", "NOT_WORD": "-"}
_CATEGORY |= {"NOT_SPACE": "a"}


def example(pattern: str) -> str | None:
    """A string matching `pattern`, or None when one cannot be built."""
    if sre_parse is None:
        return None
    try:
        built = _build(sre_parse.parse(pattern), 0)
        return built if built is not None and re.search(pattern, built) else None
    except (re.error, RecursionError, ValueError, TypeError, IndexError):
        return None


def _build(items: Any, depth: int) -> str | None:
    pieces = [_piece(str(op), arg, depth) for op, arg in items] if depth <= 20 else [None]
    return None if None in pieces else "".join(p or "" for p in pieces)


def _piece(op: str, arg: Any, depth: int) -> str | None:
    simple = {"LITERAL": lambda: chr(arg), "ANY": lambda: "a", "AT": lambda: ""}
    if op in simple:
        return simple[op]()
    if op == "NOT_LITERAL":
        return "a" if arg != ord("a") else "b"
    if op == "IN":
        return _char_class(arg)
    if op in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
        low, _high, body = arg
        one = _build(body, depth + 1)
        return None if one is None else one * max(low, 0)
    if op in ("SUBPATTERN", "BRANCH"):
        return _build(arg[-1] if op == "SUBPATTERN" else arg[1][0], depth + 1)
    return _CATEGORY.get(str(arg).removeprefix("CATEGORY_")) if op == "CATEGORY" else None


def _char_class(items: Any) -> str | None:
    if any(str(op) == "NEGATE" for op, _ in items):
        excluded = [a for op, a in items if str(op) == "LITERAL"]
        return next((c for c in "aA0_" if ord(c) not in excluded), None)
    for op, arg in items:
        if str(op) in ("LITERAL", "RANGE"):
            return chr(arg if str(op) == "LITERAL" else arg[0])
        if str(op) == "CATEGORY":
            return _CATEGORY.get(str(arg).removeprefix("CATEGORY_"))
    return None
