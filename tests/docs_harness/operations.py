"""Which operation of the contract a recorded request called: the coverage gate wants a
2xx for every operation that `api_reference.document.operations` lists."""

from __future__ import annotations

import re
from functools import cache

from api_reference.document import Operation

from .hits import Hit


@cache
def _path_pattern(full_path: str) -> re.Pattern[str]:
    """`/v1/chat/completions/{completion_id}` -> a regex any completion's path matches."""
    parts = re.split(r"(\{[^}]+\})", full_path)
    regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(f"^{regex}$")


def called(operation: Operation, hit: Hit) -> bool:
    """Whether `hit` was a request for `operation`: its method, a path of its template."""
    return hit.method == operation.method and bool(
        _path_pattern(operation.full_path).match(hit.path)
    )


def describe(operation: Operation) -> str:
    """`POST /v1/chat/completions`, as the gate names an operation without an example."""
    return f"{operation.method} {operation.full_path}"
