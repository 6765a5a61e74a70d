"""The operations of the contract (`openapi/openapi.yaml`), each able to tell whether a
recorded request was one of its calls: the coverage gate wants a 2xx for every one."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import httpx

from .hits import Hit

_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "patch", "head", "options", "trace"})


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    """Full path on the server, such as `/v1/chat/completions/{completion_id}`."""
    operation_id: str = ""
    tags: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str]:
        parts = re.split(r"(\{[^}]+\})", self.path)
        regex = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
        return re.compile(f"^{regex}$")

    def matches(self, hit: Hit) -> bool:
        return hit.method == self.method and self.pattern.match(hit.path) is not None

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def contract_operations(document: dict[str, Any]) -> list[Operation]:
    """Every operation of an OpenAPI document, its path prefixed with the server's."""
    prefix = httpx.URL(document["servers"][0]["url"]).path.rstrip("/")
    return [
        Operation(
            method.upper(),
            prefix + path,
            operation.get("operationId", ""),
            tuple(operation.get("tags", ())),
        )
        for path, item in document["paths"].items()
        for method, operation in item.items()
        if method in _HTTP_METHODS
    ]
