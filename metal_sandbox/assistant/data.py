"""`replies.yaml` loaded once and compiled: the words the assistant says, as data.

The file's format is described at its top. Loading compiles every pattern, expands `each`
rows into one entry per row, and fails at import (not at the first request) on a mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from metal_sandbox.assistant.text import fill_in

PATH = Path(__file__).with_name("replies.yaml")
_FLAGS = re.I | re.S


@dataclass(frozen=True)
class Entry:
    """One prompt pattern and what to say to it."""

    ask: re.Pattern[str]
    replies: tuple[str, ...]
    short: str = ""
    earlier: re.Pattern[str] | None = None
    values: tuple[tuple[str, str], ...] = ()
    json: Any = None


@dataclass(frozen=True)
class Voice:
    """A way of speaking that a system prompt asks for (a pirate, formally)."""

    when: re.Pattern[str]
    replace: tuple[tuple[str, str], ...]
    swap: tuple[tuple[re.Pattern[str], str], ...]
    lead: str
    unless: tuple[str, ...]
    end: str


@dataclass(frozen=True)
class Harm:
    ask: re.Pattern[str]
    reason: str
    instead: str


def _texts(value: str | list[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _entries(raw: dict[str, Any]) -> list[Entry]:
    rows: list[dict[str, str]] = raw.get("each") or [{}]
    earlier = re.compile(raw["earlier"], _FLAGS) if raw.get("earlier") else None
    entries = []
    for row in rows:
        ask = re.sub(r"\{(\w+)\}", lambda m, row=row: re.escape(str(row[m.group(1)])), raw["ask"])
        values = tuple((k, str(v)) for k, v in row.items())
        json = _format_json(raw.get("json"), dict(values))
        replies = tuple(fill_in(t, dict(values), keep=True) for t in _texts(raw["reply"]))
        short = fill_in(raw.get("short", ""), dict(values), keep=True)
        entries.append(Entry(re.compile(ask, _FLAGS), replies, short, earlier, values, json))
    return entries


def _format_json(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return fill_in(value, values, keep=True)
    if isinstance(value, list):
        return [_format_json(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _format_json(v, values) for k, v in value.items()}
    return value


def _swap(table: dict[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rf"(?<![\w']){re.escape(old)}(?![\w'])", re.I), new)
        for old, new in table.items()
    )


def _voice(raw: dict[str, Any]) -> Voice:
    return Voice(
        re.compile(raw["when"], _FLAGS),
        tuple((raw.get("replace") or {}).items()),
        _swap(raw.get("swap") or {}),
        raw.get("lead", ""),
        tuple(raw.get("unless") or ()),
        raw.get("end", ""),
    )


def _load() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with PATH.open(encoding="utf-8") as file:
        return yaml.load(file, Loader=loader)  # noqa: S506 - a safe loader


RAW = _load()
MODELS: dict[str, dict[str, str]] = RAW["models"]
IDENTITY: dict[str, str] = RAW["identity"]
GREETING = re.compile(RAW["greeting"]["words"], re.I)
GREETINGS: tuple[str, ...] = _texts(RAW["greeting"]["reply"])
GREETING_SHORT: str = RAW["greeting"]["short"]
CONCISE = re.compile(RAW["concise"], re.I)
VOICES: tuple[Voice, ...] = tuple(_voice(v) for v in RAW["voices"])
DECLINE: tuple[str, ...] = _texts(RAW["decline"]["reply"])
PROTECTIVE = re.compile(RAW["decline"]["unless"], re.I)
HARMS: tuple[Harm, ...] = tuple(
    Harm(re.compile(h["ask"], re.I), h["reason"], h["instead"]) for h in RAW["decline"]["harms"]
)
FALLBACK: dict[str, Any] = RAW["fallback"]
ENTRIES: tuple[Entry, ...] = tuple(e for raw in RAW["replies"] for e in _entries(raw))
TOOL_WORDS: tuple[tuple[str, ...], ...] = tuple(tuple(g.split()) for g in RAW["tools"]["words"])
FIELDS: dict[str, str] = {word: kind for kind, words in RAW["fields"].items() for word in words}
