"""The markers of the "OpenAI compatibility" page (expanded by `api_reference.markers`):
its tables come from `metal_sandbox.compat`, the table the tests hold to the sandbox.

- `<!-- metal:compatibility operations -->`: every OpenAI operation of the surfaces MeTal
  serves, with what MeTal does with it;
- `<!-- metal:compatibility OPERATION_ID -->`: the request fields of one operation;
- `<!-- metal:compatibility unserved -->`: the parts of OpenAI's API MeTal does not serve,
  with what a call gets.
"""

from __future__ import annotations

import re

from api_reference import document as doc
from api_reference.markers import MarkerError, indented
from api_reference.tables import _wrapping as wrapping
from api_reference.tables import code, table
from metal_sandbox import compat
from metal_sandbox.compat import Behaviour, NoEffect, Refused, Supported

MARKER = re.compile(
    r"^(?P<indent>[ \t]*)<!--\s*metal:compatibility\s+(?P<arg>[\w.-]+)\s*-->[ \t]*$", re.M
)


def refusal(behaviour: Refused, root: str = "") -> str:
    """`404 unknown_url`, the code linked to its row on the errors page."""
    row = next(r for r in doc.catalog() if r["code"] == behaviour.code)
    anchor = doc.error_anchor(row["code"], row["type"]) if doc.errors_page_has_table() else ""
    link = f"{root}errors.md" + (f"#{anchor}" if anchor else "")
    return f"Refused: {behaviour.status} [{code(behaviour.code)}]({link})"


def verdict(behaviour: Behaviour) -> str:
    if isinstance(behaviour, Supported):
        return "Supported"
    if isinstance(behaviour, NoEffect):
        return "No effect"
    return refusal(behaviour)


def explanation(behaviour: Behaviour) -> str:
    return behaviour.note if isinstance(behaviour, Supported) else behaviour.why


def operations_table() -> str:
    rows = [
        [
            f"{code(op.method + ' /v1' + op.path)}<br>{code(op.sdk + '()')}",
            verdict(op.behaviour),
            explanation(op.behaviour),
        ]
        for op in compat.operations()
    ]
    return wrapping(table(["Operation and SDK method", "MeTal", "Notes"], rows))


def fields_table(operation_id: str) -> str:
    op = compat.operation(operation_id)
    if not op.fields:
        raise KeyError(f"{operation_id} has no field rows")
    rows = [
        [
            code(f.name) + (" (MeTal's own)" if f.extension else ""),
            verdict(f.behaviour),
            explanation(f.behaviour),
        ]
        for f in op.fields
    ]
    return wrapping(table(["Field", "MeTal", "Notes"], rows))


def unserved_table() -> str:
    rows = [
        [
            family.title,
            ", ".join(code("/v1" + p) for p in family.prefixes),
            ", ".join(code(name) for name in family.sdk.split(", ")),
            refusal(family.behaviour),
        ]
        for family in compat.UNSERVED
    ]
    return wrapping(table(["OpenAI API", "Paths", "SDK", "What a call gets"], rows))


def expand_markers(markdown: str, where: str = "the page") -> str:
    """Replace the page's compatibility markers with their tables."""

    def replace(match: re.Match[str]) -> str:
        arg = match["arg"]
        try:
            if arg == "operations":
                text = operations_table()
            elif arg == "unserved":
                text = unserved_table()
            else:
                text = fields_table(arg)
        except KeyError as exc:
            raise MarkerError(f"{where}: {match.group(0).strip()}: {exc}") from None
        return indented(text, match["indent"])

    return MARKER.sub(replace, markdown)
