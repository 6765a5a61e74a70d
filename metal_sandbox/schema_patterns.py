"""Which JSON-schema `pattern`s the sandbox accepts: ones Python's backtracking `re` matches
in time linear in the text at each starting position.

The reply model matches a property's `pattern` against the conversation, so a pattern that
backtracks catastrophically (`(a+)+b`, `(a|aa)*b`, `\\S*\\S*b`) would hold the server for
seconds or hours on a few dozen characters. Three shapes cause that, and are refused:

- a repeated group whose body can match in more than one way: a nested open repeat, or an
  alternation, under a repeat that may run more than once (exponential time);
- two open repeats that can take the same characters without a required character between
  them that the first cannot match (polynomial time: each split of the run is tried);
- lookarounds and backreferences, which backtracking engines cannot bound at all.

An "open" repeat is one whose count may vary by more than `_NARROW` (`*`, `+`, `{2,}`,
`{0,100}`); a narrow one (`?`, `{1,3}`) multiplies the work by a small constant at most.
Python's own regex parser gives the structure (the assistant's pattern examples use it too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# `re`'s parser is internal, and stable across the Pythons the sandbox supports (3.11+).
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

#: A repeat whose count can vary by more than this is open.
_NARROW = 4
_CHAR_ITEMS = {"LITERAL", "NOT_LITERAL", "ANY", "IN", "CATEGORY"}
_UNBOUNDED = {"ASSERT", "ASSERT_NOT", "GROUPREF", "GROUPREF_EXISTS"}
_REPEATS = {"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"}
#: The characters a class is probed with: ASCII, Latin-1 and a few others (a class that
#: matches none of them is treated as disjoint from every other).
_PROBE = [chr(c) for c in range(0x250)] + ["\u2028", "\u3000", "\u4e00", "\U0001f600"]
_CATEGORIES = {
    "CATEGORY_DIGIT": re.compile(r"\d"),
    "CATEGORY_NOT_DIGIT": re.compile(r"\D"),
    "CATEGORY_WORD": re.compile(r"\w"),
    "CATEGORY_NOT_WORD": re.compile(r"\W"),
    "CATEGORY_SPACE": re.compile(r"\s"),
    "CATEGORY_NOT_SPACE": re.compile(r"\S"),
}


class UnsafePattern(ValueError):
    """The pattern is not valid, or matching it could take more than linear time."""


def min_length(pattern: str) -> int:
    """The length of the shortest string the pattern matches (after `check`)."""
    return int(sre_parse.parse(pattern).getwidth()[0])


def check(pattern: str) -> None:
    """Raise UnsafePattern with the reason, or return for a pattern that is safe to match."""
    try:
        parsed = sre_parse.parse(pattern)
    except (re.error, RecursionError, OverflowError) as exc:
        raise UnsafePattern(f"is not a valid regular expression ({exc})") from None
    items = list(parsed)
    for op, arg in _walk(items):
        if op in _UNBOUNDED:
            raise UnsafePattern("uses a lookaround or a backreference, which are not supported")
        if op in _REPEATS and arg[1] > 1 and _ambiguous(arg[2]):
            raise UnsafePattern(
                "repeats a group that can match the same text in more than one way "
                "(a nested repeat or an alternation under '*', '+' or '{n,m}'): matching "
                "it can take exponential time"
            )
    _check_runs(_flatten(items))


def _walk(items: list[Any]) -> Iterator[tuple[str, Any]]:
    for op, arg in items:
        yield str(op), arg
        for child in _children(str(op), arg):
            yield from _walk(child)


def _children(op: str, arg: Any) -> list[list[Any]]:
    if op in _REPEATS:
        return [list(arg[2])]
    if op == "SUBPATTERN":
        return [list(arg[-1])]
    if op == "BRANCH":
        return [list(b) for b in arg[1]]
    if op in ("ASSERT", "ASSERT_NOT"):
        return [list(arg[1])]
    if op == "ATOMIC_GROUP":
        return [list(arg)]
    return []


def _open(arg: Any) -> bool:
    low, high = arg[0], arg[1]
    return bool(high - low > _NARROW)


def _ambiguous(body: Any) -> bool:
    return any((op in _REPEATS and _open(arg)) or op == "BRANCH" for op, arg in _walk(list(body)))


Item = tuple[str, Any, tuple[int, ...]]


def _flatten(items: list[Any], group: tuple[int, ...] = ()) -> list[Item]:
    """The pattern as one sequence: groups that are not repeated are inlined, and so are
    optional ones (`(...)?`), whose items carry the path of optional groups they sit in.
    """
    out: list[Item] = []
    for op, arg in items:
        name = str(op)
        if name == "SUBPATTERN":
            out.extend(_flatten(list(arg[-1]), group))
        elif name in _REPEATS and arg[1] == 1:
            out.extend(_flatten(list(arg[2]), (*group, len(out))))
        else:
            out.append((name, arg, group))
    return out


def _check_runs(sequence: list[Item]) -> None:
    """Two open repeats in a row must not share a character that everything required
    between them also matches: a run of that character could be split between them in
    every way, and a backtracking engine tries each split."""
    opens = [i for i, (op, arg, _) in enumerate(sequence) if _contains_open(op, arg)]
    for first, second in zip(opens, opens[1:], strict=False):
        shared = _repeat_chars(sequence[first])
        later = _repeat_chars(sequence[second])
        if shared is None or later is None:
            raise UnsafePattern(_POLYNOMIAL)
        shared &= later
        reached = sequence[second][2]
        for op, arg, group in sequence[first + 1 : second]:
            if reached[: len(group)] != group:
                continue  # an optional part the match can skip: it separates nothing
            required = _required_chars(op, arg)
            if required is not None:
                shared &= required
        if shared:
            raise UnsafePattern(_POLYNOMIAL)


_POLYNOMIAL = (
    "has open repeats ('*', '+', '{n,}') one after the other that can match the same "
    "characters: matching it can take polynomial time. Put a required character the "
    "first repeat cannot match between them"
)


def _contains_open(op: str, arg: Any) -> bool:
    if op in _REPEATS and _open(arg):
        return True
    return any(o in _REPEATS and _open(a) for child in _children(op, arg) for o, a in _walk(child))


def _repeat_chars(item: Item) -> frozenset[str] | None:
    op, arg, _ = item
    return _chars_of(list(arg[2])) if op in _REPEATS else None


def _required_chars(op: str, arg: Any) -> frozenset[str] | None:
    if op in _CHAR_ITEMS:
        return _chars(op, arg)
    if op in _REPEATS and arg[0] >= 1:
        return _chars_of(list(arg[2]))
    return None


def _chars_of(body: list[Any]) -> frozenset[str] | None:
    """Every probe character some item of a group of single characters matches, or None
    for a group with anything else in it."""
    found: set[str] = set()
    for op, arg in body:
        name = str(op)
        if name not in _CHAR_ITEMS:
            return None
        found |= _chars(name, arg)
    return frozenset(found)


def _chars(op: str, arg: Any) -> frozenset[str]:
    return frozenset(c for c in _PROBE if _matches(op, arg, c))


def _matches(op: str, arg: Any, char: str) -> bool:
    if op == "LITERAL":
        return ord(char) == arg
    if op == "NOT_LITERAL":
        return ord(char) != arg
    if op == "ANY":
        return char != "\n"
    if op == "CATEGORY":
        return _CATEGORIES[str(arg)].match(char) is not None
    if op == "IN":
        negate = any(str(o) == "NEGATE" for o, _ in arg)
        hit = any(_in_item(str(o), a, char) for o, a in arg if str(o) != "NEGATE")
        return hit != negate
    return True


def _in_item(op: str, arg: Any, char: str) -> bool:
    if op == "RANGE":
        return bool(arg[0] <= ord(char) <= arg[1])
    return _matches(op, arg, char)
