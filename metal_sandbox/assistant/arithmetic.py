"""Arithmetic and one-variable linear equations, evaluated safely with `ast`.

Never `eval`: the expression comes from a user message. Only number literals, + - * / // % **
and parentheses are accepted, and powers are bounded so "9**9**9" cannot stall the server.
"""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeGuard

from metal_sandbox.assistant.text import format_number

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}
_WORDS = (
    (r"\bmultiplied by\b", "*"),
    (r"\btimes\b", "*"),
    (r"\bdivided by\b", "/"),
    (r"\bover\b", "/"),
    (r"\bplus\b", "+"),
    (r"\bminus\b", "-"),
    (r"\bmod(?:ulo)?\b", "%"),
    (r"\bto the power of\b", "**"),
    (r"\bsquared\b", "**2"),
    (r"\bcubed\b", "**3"),
    (r"(?<=\d)\s*[x×]\s*(?=\d)", "*"),
    (r"÷", "/"),
    (r"\^", "**"),
    (r"−", "-"),
)
_EXPRESSION = re.compile(r"[-+(]*\s*\d[\d\s.,+\-*/%()]*")


class MathError(ValueError):
    """The expression is not plain arithmetic, or its value is undefined or too large."""


@dataclass(frozen=True)
class Calculation:
    """An expression as the user should see it, and its value."""

    expression: str
    value: float
    error: str = ""


def evaluate(expression: str) -> float:
    """Evaluate plain arithmetic; raise MathError for anything else."""
    try:
        tree = ast.parse(expression, mode="eval")
    except SyntaxError as exc:
        raise MathError("not an expression") from exc
    return _walk(tree.body)


def _is_number(value: object) -> TypeGuard[int | float]:
    """An int or a float literal; `True` is an int to Python, not a number to a reader."""
    return type(value) in (int, float)


def _walk(node: ast.AST) -> float:
    if isinstance(node, ast.Constant) and _is_number(node.value):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _walk(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _walk(node.left), _walk(node.right)
        if isinstance(node.op, ast.Pow) and (abs(right) > 64 or abs(left) > 10**6):
            raise MathError("too large")
        try:
            result = _BINARY[type(node.op)](left, right)
        except ZeroDivisionError as exc:
            raise MathError("division by zero") from exc
        if isinstance(result, complex) or abs(result) > 1e30:
            raise MathError("too large")
        return result
    raise MathError("unsupported")


def find_calculation(question: str) -> Calculation | None:
    """The arithmetic a question asks for, if it contains any, e.g. "What is 17 * 23?".

    Dates and phone numbers also contain digits and dashes, so an expression only counts
    when the question has a maths cue ("what is", "calculate", ...) or is mostly the expression.
    """
    special = _square_root(question) or _percent_of(question)
    if special:
        return special
    text = re.sub(r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}:\d{2}\b", " ", question.lower())
    for pattern, symbol in _WORDS:
        text = re.sub(pattern, f" {symbol} ", text)
    for match in _EXPRESSION.finditer(text):
        candidate = match.group(0).strip().rstrip(".,").replace(",", "")
        if not re.search(r"\d\s*(?:\*\*|[-+*/%])\s*[-+(]*\s*\d", candidate):
            continue
        if not (_MATH_CUE.search(question) or len(candidate) * 2 >= len(question.strip())):
            continue
        try:
            return Calculation(_display(candidate), evaluate(candidate))
        except MathError as exc:
            if str(exc) in ("division by zero", "too large"):
                return Calculation(_display(candidate), math.nan, str(exc))
    return None


_MATH_CUE = re.compile(
    r"\b(?:what(?:'s| is| are)|calculate|compute|evaluate|how much is|"
    r"work out|solve|sum of|result of)\b|=",
    re.I,
)


def _square_root(question: str) -> Calculation | None:
    match = re.search(r"square root of\s+(\d+(?:\.\d+)?)", question, re.I)
    if not match:
        return None
    number = float(match.group(1))
    return Calculation(f"the square root of {match.group(1)}", math.sqrt(number))


def _percent_of(question: str) -> Calculation | None:
    match = re.search(r"(\d+(?:\.\d+)?)\s*(?:%|percent)\s+of\s+(\d+(?:\.\d+)?)", question, re.I)
    if not match:
        return None
    value = float(match.group(1)) * float(match.group(2)) / 100
    return Calculation(f"{match.group(1)}% of {match.group(2)}", value)


def _display(expression: str) -> str:
    """Normalise spacing so "17*23" and "17 * 23" both print as "17 * 23"."""
    spaced = re.sub(r"\s*(\*\*|//|[+*/%])\s*", r" \1 ", expression)
    spaced = re.sub(r"(?<=[\d)])\s*-\s*", " - ", spaced)
    spaced = spaced.replace(" ** ", "^")
    return re.sub(r"\s+", " ", spaced).strip()


@dataclass(frozen=True)
class Solution:
    """The steps that solve a linear equation, each an (explanation, resulting equation)."""

    equation: str
    variable: str
    steps: tuple[tuple[str, str], ...]
    value: float

    @property
    def final(self) -> str:
        """ "x = -3.75": the line a structured-output `final_answer` field gets."""
        return f"{self.variable} = {format_number(self.value)}"


_SYMBOL = r"(?:[-+*/()\d.\s]|(?<![a-z])[a-z](?![a-z]))"
_LEFT = re.compile(rf"{_SYMBOL}+$", re.I)
_RIGHT = re.compile(rf"{_SYMBOL}+", re.I)


def _sides(question: str) -> list[tuple[str, str]]:
    """(left, right) around each of the first few "=" signs, read from a short window so a
    long run of digits cannot make the search quadratic."""
    found = []
    for match in list(re.finditer("=", question))[:5]:
        left = _LEFT.search(question[max(0, match.start() - 60) : match.start()])
        right = _RIGHT.match(question[match.end() : match.end() + 60])
        if left and right and left.group(0).strip() and right.group(0).strip():
            found.append((left.group(0).strip(), right.group(0).strip().rstrip(".")))
    return found


def find_equation(question: str) -> Solution | None:
    """Solve "8x + 7 = -23"-style equations in one variable, step by step."""
    for left, right in _sides(question):
        letters = set(re.findall(r"[a-z]", (left + right).lower()))
        if len(letters) != 1 or re.search(r"[a-z]{2}", (left + right).lower()):
            continue
        variable = letters.pop()
        try:
            return _solve(left, right, variable)
        except MathError:
            continue
    return None


def _linear(expression: str, variable: str) -> tuple[float, float]:
    """(a, b) such that the expression equals a*variable + b."""
    code = re.sub(rf"(\d)\s*{variable}", rf"\1*{variable}", expression.lower())
    code = re.sub(rf"\)\s*(?=[\d{variable}(])", ")*", code)
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError as exc:
        raise MathError("not an expression") from exc
    return _linear_walk(tree.body, variable)


def _linear_walk(node: ast.AST, variable: str) -> tuple[float, float]:
    if isinstance(node, ast.Name) and node.id == variable:
        return (1.0, 0.0)
    if isinstance(node, ast.Constant) and _is_number(node.value):
        return (0.0, float(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        a, b = _linear_walk(node.operand, variable)
        return (-a, -b) if isinstance(node.op, ast.USub) else (a, b)
    if isinstance(node, ast.BinOp):
        (a1, b1), (a2, b2) = _linear_walk(node.left, variable), _linear_walk(node.right, variable)
        if isinstance(node.op, ast.Add | ast.Sub):
            sign = 1 if isinstance(node.op, ast.Add) else -1
            return (a1 + sign * a2, b1 + sign * b2)
        if isinstance(node.op, ast.Mult) and (a1 == 0 or a2 == 0):
            return (a1 * b2 + a2 * b1, b1 * b2)
        if isinstance(node.op, ast.Div) and a2 == 0 and b2 != 0:
            return (a1 / b2, b1 / b2)
    raise MathError("not linear")


def _term(a: float, variable: str) -> str:
    if a == 1:
        return variable
    return f"-{variable}" if a == -1 else f"{format_number(a)}{variable}"


def _side(a: float, b: float, variable: str) -> str:
    if a == 0:
        return format_number(b)
    if b == 0:
        return _term(a, variable)
    sign = "+" if b > 0 else "-"
    return f"{_term(a, variable)} {sign} {format_number(abs(b))}"


def _solve(left: str, right: str, variable: str) -> Solution:
    (a, b), (c, d) = _linear(left, variable), _linear(right, variable)
    if a == c:
        raise MathError("no single solution")
    steps: list[tuple[str, str]] = []
    if c != 0:
        verb = f"Subtract {_term(c, variable)} from" if c > 0 else f"Add {_term(-c, variable)} to"
        a, c = a - c, 0.0
        steps.append((f"{verb} both sides.", f"{_side(a, b, variable)} = {format_number(d)}"))
    if b != 0:
        verb = f"Subtract {format_number(b)} from" if b > 0 else f"Add {format_number(-b)} to"
        b, d = 0.0, d - b
        steps.append((f"{verb} both sides.", f"{_term(a, variable)} = {format_number(d)}"))
    value = d / a
    if a != 1:
        steps.append(
            (f"Divide both sides by {format_number(a)}.", f"{variable} = {format_number(value)}")
        )
    equation = f"{_side(*_linear(left, variable), variable)} = {right.strip()}"
    return Solution(equation, variable, tuple(steps), value)
