"""One declaration per operation: the app's routes and the contract's `paths` both come
from it, and so do the webhook events of the contract's `webhooks` section.

Each module of `metal_sandbox/routes/` holds one resource: its handlers and a `RESOURCE`
listing an `Operation` per path and method (and, for webhooks, an `Event` per event type).
`metal_sandbox/routes/__init__.py` lists the resources in the order the document shows
them. To add an operation, write its handler (a `Call` in, an `Outcome` out) and add one
`Operation` to its resource; a new resource is a new module and one line in that list.
`app.py` turns the table into Starlette routes (`routes()`), `contract.py` into the
document; a test checks that every route served is documented and the other way round.

Why a table of ours and not FastAPI's route declarations (issue 11 asked to measure):
`bench/fastapi_prototype.py` serves chat and models three ways in one run, each beside the
same plain Starlette `/bare` ceiling. On the (busy, two-core) machine, in turns, chat
reached 62% of bare through this table, 22-42% through FastAPI (its request-only route
and its declared-body route), and FastAPI's chat p99 was 18-180 ms against 10 ms here:
FastAPI parses the JSON, validates the body with the model, solves dependencies and
serializes the response model on every request, on top of what the pipeline already
does (the pipeline must keep its order: authentication before the body, the API's own
validation messages, idempotency on the raw bytes). FastAPI's generated document would
also need every response, header, parameter and example overridden to stay the committed
one. The table costs nothing per request: it is read once, at start-up.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from metal_sandbox.errors import CATALOG, ErrorSpec
from metal_sandbox.params import Example, Examples, Param, PathParam, Query
from metal_sandbox.pipeline import Handler, endpoint

__all__ = [
    "Event",
    "Examples",
    "Operation",
    "Reply",
    "RequestBody",
    "Resource",
    "Stream",
]

#: Where every operation's path starts (the document's server URLs end in it).
PREFIX = "/v1"
#: Named examples of a body, as the document shows them: `{name: {"summary"?, "value"}}`.
NamedExamples = Callable[[Examples], dict[str, Any]]
Method = Literal["GET", "POST", "DELETE"]


def error_spec(name: str) -> ErrorSpec:
    """A catalog row by code, or `code/type` where a code has several types (the two
    `rate_limit_exceeded`s)."""
    code, _, type_ = name.partition("/")
    for spec in CATALOG:
        if spec.code == code and (not type_ or spec.type == type_):
            return spec
    raise LookupError(f"no error '{name}' in metal_sandbox.errors.CATALOG")


@dataclass(frozen=True)
class RequestBody:
    """A JSON request body. `required=False`: the operation also takes none."""

    model: type[BaseModel]
    examples: NamedExamples
    required: bool = True


@dataclass(frozen=True)
class Stream:
    """Server-sent events instead of JSON (`stream: true`): `data:` lines of `chunk`.
    `typed`: each event also has an `event:` line naming its type, and there is no
    `[DONE]` (the Responses API's framing); errors are then one of the event types."""

    chunk: type[BaseModel]
    example: Example
    typed: bool = False


@dataclass(frozen=True)
class Reply:
    """The 200 response: a JSON body, and the stream the same operation can send instead."""

    model: type[BaseModel]
    description: str
    examples: NamedExamples
    stream: Stream | None = None


@dataclass(frozen=True)
class Operation:
    """One path and method of the API, everything about it in one place.

    `errors` are the catalog's codes this operation returns of its own; those of every
    operation, of every write and of a bad query parameter are added by the contract.
    `writes`: the operation changes state, so it reads a body (when it has `request`),
    takes an `Idempotency-Key` and needs a key with write access.
    """

    method: Method
    path: str  # after PREFIX, as the document shows it: `/models/{model}`
    operation_id: str
    handler: Handler
    summary: str
    description: str
    reply: Reply
    errors: tuple[str, ...] = ()
    request: RequestBody | None = None
    parameters: tuple[Param, ...] = ()
    writes: bool = False
    defer_simulation: bool = False  # the handler raises simulated failures itself

    def __post_init__(self) -> None:
        in_path = re.findall(r"{(\w+)}", self.path)
        declared = [p.name for p in self.parameters if isinstance(p, PathParam)]
        if in_path != declared:
            raise ValueError(f"{self.operation_id}: path {in_path} but parameters {declared}")
        for name in self.errors:
            error_spec(name)
        if self.request is not None and not self.writes:
            raise ValueError(f"{self.operation_id}: a body is read only by a write")

    @property
    def query(self) -> tuple[Query, ...]:
        return tuple(p for p in self.parameters if not isinstance(p, PathParam))

    @property
    def route_path(self) -> str:
        """The path as Starlette matches it: prefixed, with `:path` where `/` may occur."""
        path = PREFIX + self.path
        for param in self.parameters:
            if isinstance(param, PathParam) and param.slashes:
                path = path.replace(f"{{{param.name}}}", f"{{{param.name}:path}}")
        return path

    def endpoint(self) -> Callable[[Request], Awaitable[Response]]:
        return endpoint(
            self.handler,
            writes=self.writes,
            defer_simulation=self.defer_simulation,
            query=self.query,
        )


@dataclass(frozen=True)
class Event:
    """A webhook event MeTal POSTs to subscribed endpoints, for the `webhooks` section."""

    name: str  # the event type, such as `chat.completion.completed`
    model: type[BaseModel]
    summary: str
    example: Example


@dataclass(frozen=True)
class Resource:
    """A tag of the document: its operations, and the webhook events it sends."""

    tag: str
    description: str
    operations: tuple[Operation, ...]
    events: tuple[Event, ...] = ()


def by_path(
    resources: Iterable[Resource],
) -> dict[str, list[tuple[Resource, Operation]]]:
    """Operations grouped by path, in declaration order (the document's order)."""
    paths: dict[str, list[tuple[Resource, Operation]]] = {}
    for resource in resources:
        for op in resource.operations:
            paths.setdefault(op.path, []).append((resource, op))
    return paths


def routes(resources: Iterable[Resource]) -> list[Route]:
    """One Starlette route per path, so a 405's `Allow` lists every method the path has."""
    return [_route([op for _, op in ops]) for ops in by_path(resources).values()]


def _route(ops: list[Operation]) -> Route:
    methods = [op.method for op in ops]
    if len(ops) == 1:
        return Route(ops[0].route_path, ops[0].endpoint(), methods=methods)
    handlers: dict[str, Callable[[Request], Awaitable[Response]]] = {
        op.method: op.endpoint() for op in ops
    }

    async def dispatch(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await handlers[method](request)

    return Route(ops[0].route_path, dispatch, methods=methods)


def every_operation(resources: Iterable[Resource]) -> Iterator[Operation]:
    for resource in resources:
        yield from resource.operations
