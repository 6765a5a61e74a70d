"""The reply table: `replies.yaml` read once into what the engine looks up.

The YAML file is the part a docs writer edits; this module only gives it types, compiles its
patterns, and finds the entry for a message. Lookups are a dictionary probe for the exact
prompts and one search per pattern entry, so a new question costs microseconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from metal_sandbox.assistant.text import first_sentence


@dataclass(frozen=True)
class Entry:
    """One reply of the table: its text, other choices, and what JSON replies may reuse."""

    reply: str = ""
    variants: tuple[str, ...] = ()
    openers: tuple[str, ...] = ()
    short: str = ""
    persona: str = ""
    facts: dict[str, Any] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = None
    earlier: re.Pattern[str] | None = None


@dataclass(frozen=True)
class Voice:
    """A system prompt's voice: see `voices` in replies.yaml for what each field does."""

    name: str
    when: re.Pattern[str]
    words: tuple[tuple[re.Pattern[str], str], ...] = ()
    marks: tuple[tuple[str, str], ...] = ()
    lead: str = ""
    unless: tuple[str, ...] = ()
    end: str = ""


@dataclass(frozen=True)
class Table:
    """Everything replies.yaml says, typed."""

    raw: dict[str, Any]
    exact: dict[str, tuple[Entry, ...]]
    patterns: tuple[Entry, ...]
    fallbacks: tuple[Entry, ...]
    greeting: Entry
    voices: tuple[Voice, ...]
    refusals: tuple[Entry, ...]
    any_refusal: re.Pattern[str]
    greeting_words: re.Pattern[str]
    concise: re.Pattern[str]
    protective: re.Pattern[str]
    asks_for_json: re.Pattern[str]
    json_keys: re.Pattern[str]
    flip_words: re.Pattern[str]
    tool_words: tuple[tuple[str, ...], ...]

    def text(self, *path: str) -> Any:
        """A value of the file by its keys: `table.text("images", "named")`."""
        node: Any = self.raw
        for key in path:
            node = node[key]
        return node

    def lookup(
        self, question: str, earlier: tuple[str, ...] = ()
    ) -> tuple[Entry, dict[str, str]] | None:
        """The entry answering `question`, with what its patterns caught; None if none does."""
        return first(self.exact.get(key(question), ()), question, earlier) or first(
            self.patterns, question, earlier
        )


def first(
    entries: tuple[Entry, ...], text: str, earlier: tuple[str, ...] = ()
) -> tuple[Entry, dict[str, str]] | None:
    """The first entry whose pattern (if it has one) matches `text` and whose `earlier`
    pattern (if any) matches an earlier message, with what both caught."""
    for entry in entries:
        match = entry.pattern.search(text) if entry.pattern else None
        searches = map(entry.earlier.search, reversed(earlier)) if entry.earlier else ()
        before = next(filter(None, searches), None)
        if (match or not entry.pattern) and (before or not entry.earlier):
            groups = [m.groupdict() for m in (before, match) if m]
            return entry, {k: v for g in groups for k, v in g.items() if v}
    return None


def key(text: str) -> str:
    """A prompt as the table compares it: no case, single spaces, no final punctuation."""
    return " ".join(text.lower().split()).rstrip(".!? ")


_FIELD = re.compile(r"\{\{|\}\}|\{(\w+)(?::(first|lower))?\}")
_SPECS: dict[str | None, Callable[[str], str]] = {"first": first_sentence, "lower": str.lower}


def fill(template: str, fields: Mapping[str, Any]) -> str:
    """A reply template with its `{fields}` (a field nobody set is left empty); `{text:first}`
    keeps the first sentence only, `{text:lower}` puts it in lower case, `{{` is a brace."""

    def put(match: re.Match[str]) -> str:
        name, spec = match.groups()
        value = str(fields.get(name, ""))
        return _SPECS.get(spec, str)(value) if name else match.group(0)[0]

    return _FIELD.sub(put, template) if "{" in template or "}" in template else template


def _pattern(text: str) -> re.Pattern[str]:
    """A pattern written over several lines (a YAML `|-` block) is one line without them."""
    return re.compile(re.sub(r"\n\s*", "", text.strip()), re.I)


def _entry(item: dict[str, Any]) -> Entry:
    return Entry(
        reply=str(item.get("reply", "")),
        variants=tuple(str(v) for v in item.get("variants", ())),
        openers=tuple(str(v) for v in item.get("openers", ())),
        short=str(item.get("short", "")),
        persona=str(item.get("persona", "")),
        facts=dict(item.get("facts") or {}),
        pattern=_pattern(item["pattern"]) if "pattern" in item else None,
        earlier=_pattern(item["earlier"]) if "earlier" in item else None,
    )


def _voice(item: dict[str, Any]) -> Voice:
    swaps = tuple(
        (re.compile(rf"(?<![\w']){re.escape(str(old))}(?![\w'])", re.I), str(new))
        for old, new in (item.get("words") or {}).items()
    )
    return Voice(
        name=str(item["name"]),
        when=_pattern(item["when"]),
        words=swaps,
        marks=tuple((str(a), str(b)) for a, b in (item.get("marks") or {}).items()),
        lead=str(item.get("lead", "")),
        unless=tuple(str(u) for u in item.get("unless", ())),
        end=str(item.get("end", "")),
    )


def parse(raw: dict[str, Any]) -> Table:
    """Type and compile a loaded replies.yaml (tests build small tables with this too)."""
    exact: dict[str, tuple[Entry, ...]] = {}
    patterns: list[Entry] = []
    for item in raw.get("replies") or ():
        entry = _entry(item)
        prompts = item.get("prompt", ())
        for prompt in [prompts] if isinstance(prompts, str) else prompts:
            exact[key(prompt)] = (*exact.get(key(prompt), ()), entry)
        if entry.pattern is not None:
            patterns.append(entry)
    return Table(
        raw=raw,
        exact=exact,
        patterns=tuple(patterns),
        fallbacks=tuple(_entry(item) for item in raw["fallback"]),
        greeting=_entry(raw["greeting"]),
        voices=tuple(_voice(v) for v in raw.get("voices") or ()),
        refusals=tuple(
            Entry(reply=fill(raw["refusal"], r), pattern=_pattern(r["when"]))
            for r in raw.get("refusals") or ()
        ),
        any_refusal=_pattern("|".join(f"(?:{r['when']})" for r in raw.get("refusals") or ())),
        greeting_words=_pattern(raw["greeting_words"]),
        concise=_pattern(raw["concise"]),
        protective=_pattern(raw["protective"]),
        asks_for_json=_pattern(raw["json"]["asks"]),
        json_keys=_pattern(raw["json"]["keys"]),
        flip_words=re.compile(rf"\b(?:{'|'.join(map(re.escape, raw['flips']))})\b", re.I),
        tool_words=tuple(tuple(str(g).split()) for g in raw.get("tool_words") or ()),
    )


@cache
def load() -> Table:
    """The package's replies.yaml, read and compiled once per process."""
    text = resources.files("metal_sandbox.assistant").joinpath("replies.yaml").read_text("utf-8")
    return parse(yaml.safe_load(text))
