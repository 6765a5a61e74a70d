"""Markdown for mkdocstrings' `::: package.module.Object` lines, in a page's Markdown copy.

The HTML page shows what mkdocstrings renders from the code; the copy shows the same
objects as a heading, a `python` signature block and the docstring, for the object and
for each of its public members (in source order), as mkdocstrings lists them.
"""

from __future__ import annotations

import importlib
import inspect
import re
from typing import Any


def _import(identifier: str) -> Any:
    parts = identifier.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            obj = getattr(obj, name)
        return obj
    raise ImportError(f"cannot import {identifier}")


def _annotation(value: Any) -> str:
    return value if isinstance(value, str) else inspect.formatannotation(value)


def _signature(obj: Any, name: str) -> str:
    """`def name(a: int = 1) -> str`, with annotations as written in the source."""
    target = getattr(obj, "__wrapped__", obj)
    try:
        signature = inspect.signature(target)
    except (TypeError, ValueError):
        return f"{name}(...)"
    params: list[str] = []
    keyword_only = False
    for param in signature.parameters.values():
        if param.kind is param.KEYWORD_ONLY and not keyword_only:
            params.append("*")
            keyword_only = True
        if param.kind is param.VAR_POSITIONAL:
            keyword_only = True
        stars: dict[inspect._ParameterKind, str] = {
            param.VAR_POSITIONAL: "*",
            param.VAR_KEYWORD: "**",
        }
        text = stars.get(param.kind, "")
        text += param.name
        if param.annotation is not param.empty:
            text += f": {_annotation(param.annotation)}"
        if param.default is not param.empty:
            text += (" = " if param.annotation is not param.empty else "=") + repr(param.default)
        params.append(text)
    if inspect.isclass(obj):
        return f"class {name}({', '.join(params)})"
    returns = signature.return_annotation
    tail = "" if returns is signature.empty else f" -> {_annotation(returns)}"
    prefix = "async def" if inspect.iscoroutinefunction(target) else "def"
    return f"{prefix} {name}({', '.join(params)}){tail}"


_SECTION = re.compile(
    r"^(Args|Arguments|Parameters|Attributes|Returns|Yields|Raises|Note|Notes|Example|Examples):"
    r"\s*$"
)
_ENTRY = re.compile(r"^(?P<name>\*{0,2}[\w.]+)(?:\s*\((?P<type>[^)]*)\))?:\s*(?P<text>.*)$")


def _doc(obj: Any) -> str:
    """The docstring as Markdown: Google-style sections (`Args:`) become lists, and
    indented code becomes a fenced block (`text`, as mkdocstrings shows it)."""
    if not obj.__doc__:
        return ""
    lines = inspect.cleandoc(obj.__doc__).splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        section = _SECTION.match(line)
        blank_before = not out or not out[-1].strip()
        if section:
            body, index = _indented(lines, index + 1)
            out += [f"**{section.group(1)}:**", ""]
            out += _entries(body) if section.group(1) in _LISTED else [*body, ""]
            continue
        if line.startswith("    ") and blank_before:
            body, index = _indented(lines, index)
            out += ["```text", *body, "```", ""]
            continue
        out.append(line)
        index += 1
    return "\n".join(out).strip("\n")


_LISTED = {"Args", "Arguments", "Parameters", "Attributes", "Raises"}


def _indented(lines: list[str], index: int) -> tuple[list[str], int]:
    """The block of lines indented by 4 spaces from `index` on, dedented."""
    body: list[str] = []
    while index < len(lines) and (lines[index].startswith("    ") or not lines[index].strip()):
        body.append(lines[index][4:])
        index += 1
    while body and not body[-1].strip():
        body.pop()
    return body, index


def _entries(body: list[str]) -> list[str]:
    items: list[str] = []
    for line in body:
        entry = _ENTRY.match(line)
        if entry and not line.startswith(" "):
            kind = f" ({entry['type']})" if entry["type"] else ""
            items.append(f"- `{entry['name']}`{kind}: {entry['text']}")
        elif items and line.strip():
            items[-1] += " " + line.strip()
    return [*items, ""]


def _members(obj: Any) -> list[tuple[str, Any]]:
    """Public members defined on the object itself, in source order."""
    if inspect.ismodule(obj):
        found = [
            (name, value)
            for name, value in vars(obj).items()
            if not name.startswith("_")
            and callable(value)
            and getattr(value, "__module__", None) == obj.__name__
        ]
    else:
        found = [
            (name, value)
            for name, value in vars(obj).items()
            if not name.startswith("_") and (callable(value) or isinstance(value, property))
        ]

    def line(item: tuple[str, Any]) -> int:
        value: Any = item[1].fget if isinstance(item[1], property) else item[1]
        value = getattr(value, "__wrapped__", value)
        try:
            return inspect.getsourcelines(value)[1]
        except (OSError, TypeError):
            return 0

    return sorted(found, key=line)


def _section(name: str, obj: Any, level: int) -> list[str]:
    parts = [f"{'#' * level} `{name}`", ""]
    if isinstance(obj, property):
        parts += ["```python", f"{name}  # property", "```", ""]
        doc = _doc(obj.fget) if obj.fget else ""
    elif inspect.ismodule(obj):
        doc = _doc(obj)
    else:
        parts += ["```python", _signature(obj, name), "```", ""]
        doc = _doc(getattr(obj, "__wrapped__", obj)) or _doc(obj)
    if doc:
        parts += [doc, ""]
    return parts


def render(identifier: str, level: int = 2) -> str:
    """The object named `identifier` (a module, class or function) as Markdown."""
    obj = _import(identifier)
    name = identifier if inspect.ismodule(obj) else identifier.rsplit(".", 1)[-1]
    parts = _section(name, obj, level)
    if inspect.ismodule(obj) or inspect.isclass(obj):
        for member_name, member in _members(obj):
            parts += _section(member_name, member, min(level + 1, 6))
    return "\n".join(parts).rstrip("\n") + "\n"
