"""Stored completions (`store: true`): kept per account, listed, updated, deleted, and the
messages they answered, paginated as OpenAI's API pages them.

Each completion is kept as the JSON its retrieval sends, beside the raw request it
answered (its messages are read from it only when listed) and what the list filters on.
Records carry a sequence number: the listing order, which the store's own order (renewed
on every write) is not. An `after` cursor names a completion; one that is not in the
account's listing is refused rather than read as "from the start", which would send an
SDK's auto-pager around the same pages forever.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal, TypeVar

from metal_sandbox.errors import APIError
from metal_sandbox.pipeline import json_body
from metal_sandbox.schemas.chat import ChatCompletion, ChatCompletionRequest
from metal_sandbox.schemas.stored import StoredMessage
from metal_sandbox.state import BoundedStore

Order = Literal["asc", "desc"]
T = TypeVar("T")


@dataclass(frozen=True)
class StoredCompletion:
    id: str
    body: bytes  # the completion as `GET /v1/chat/completions/{id}` sends it
    request: bytes  # the request it answered, for its messages
    model: str
    metadata: dict[str, str] | None
    seq: int

    def size(self) -> int:
        pairs = sum(len(k) + len(v) for k, v in (self.metadata or {}).items())
        return len(self.id) + len(self.body) + len(self.request) + len(self.model) + pairs


def not_found(completion_id: str) -> APIError:
    return APIError(
        "completion_not_found",
        f"No chat completion found with id '{completion_id}'. Only completions created "
        "with store: true can be fetched, for 30 days.",
        param="completion_id",
    )


@dataclass
class _Listing:
    """One account's completion ids in the order they were stored, each with its position,
    so a page starts at its cursor and reads only as far as it needs. Ids whose record has
    left the store (deleted, expired, evicted) are skipped, and dropped once a walk meets
    more of them than it returns."""

    ids: list[str]
    at: dict[str, int]

    def add(self, completion_id: str) -> None:
        if completion_id not in self.at:
            self.at[completion_id] = len(self.ids)
            self.ids.append(completion_id)

    def keep_only(self, live: Callable[[str], bool]) -> None:
        self.ids = [i for i in self.ids if live(i)]
        self.at = {completion_id: n for n, completion_id in enumerate(self.ids)}


class StoredCompletions:
    """The accounts' stored completions, over a bounded, expiring store."""

    def __init__(self, store: BoundedStore[tuple[str, str], StoredCompletion]) -> None:
        self.store = store
        self._seq = itertools.count()
        self._listings: dict[str, _Listing] = {}

    def __len__(self) -> int:
        return len(self.store)

    @property
    def nbytes(self) -> int:
        return self.store.nbytes

    def clear(self) -> None:
        self.store.clear()
        self._listings.clear()

    def keep(
        self,
        account: str,
        completion_id: str,
        body: bytes,
        *,
        request: bytes,
        model: str,
        metadata: dict[str, str] | None,
    ) -> None:
        """Store a new completion, as its JSON is sent, with the request it answered."""
        record = StoredCompletion(completion_id, body, request, model, metadata, next(self._seq))
        self.store[(account, completion_id)] = record
        self._listings.setdefault(account, _Listing([], {})).add(completion_id)

    def advance(self, account: str, completion: ChatCompletion) -> None:
        """A background completion's new state, keeping its place and any metadata set
        since; a completion deleted meanwhile stays deleted."""
        found = self.store.get((account, completion.id))
        if found is not None:
            current = completion.model_copy(update={"metadata": found.metadata})
            self.store[(account, completion.id)] = replace(found, body=json_body(current))

    def get(self, account: str, completion_id: str) -> StoredCompletion:
        found = self.store.get((account, completion_id))
        if found is None:
            raise not_found(completion_id)
        return found

    def update(self, account: str, completion_id: str, metadata: dict[str, str] | None) -> bytes:
        found = self.get(account, completion_id)
        model = ChatCompletion.model_validate_json(found.body)
        body = json_body(model.model_copy(update={"metadata": metadata}))
        self.store[(account, completion_id)] = replace(found, body=body, metadata=metadata)
        return body

    def delete(self, account: str, completion_id: str) -> None:
        self.get(account, completion_id)
        del self.store[(account, completion_id)]

    def listing(
        self,
        account: str,
        *,
        model: str | None,
        metadata: dict[str, str] | None,
        after: str | None,
        limit: int,
        order: Order,
    ) -> tuple[list[StoredCompletion], bool]:
        """A page of the account's completions that match `model` and every `metadata`
        pair, and whether more follow. Reads from the cursor on, as far as the page needs."""
        listing = self._listings.get(account, _Listing([], {}))
        ids, last = listing.ids, len(listing.ids) - 1
        if after and (after not in listing.at or self.store.fresh((account, after)) is None):
            raise _no_cursor(after)
        start = listing.at[after] if after else (-1 if order == "asc" else last + 1)
        positions = range(start + 1, last + 1) if order == "asc" else range(start - 1, -1, -1)
        wanted = list((metadata or {}).items())
        found: list[StoredCompletion] = []
        gone, now, fresh = 0, self.store.now(), self.store.fresh
        for position in positions:
            record = fresh((account, ids[position]), now)
            if record is None:
                gone += 1
            elif (model is None or record.model == model) and all(
                (record.metadata or {}).get(key) == value for key, value in wanted
            ):
                found.append(record)
                if len(found) > limit:
                    break
        if gone > limit:
            listing.keep_only(lambda i: self.store.fresh((account, i)) is not None)
        return found[:limit], len(found) > limit


def page(
    items: Sequence[T],
    ids: Sequence[str],
    after: str | None,
    limit: int,
    order: Order,
    *,
    missing: Callable[[str], APIError],
) -> tuple[list[T], bool]:
    """`limit` of `items` (oldest first, `ids` theirs) in `order`, after the one whose id
    is `after` (an empty `after` is none), and whether more follow. An `after` that is
    not in `ids` raises `missing(after)`."""
    ordered = list(items) if order == "asc" else list(reversed(items))
    if after:
        position = {item_id: i for i, item_id in enumerate(ids)}.get(after)
        if position is None:
            raise missing(after)
        ordered = ordered[position + 1 :] if order == "asc" else ordered[len(ids) - position :]
    return ordered[:limit], len(ordered) > limit


def _no_cursor(after: str) -> APIError:
    return APIError(
        "completion_not_found",
        f"No chat completion found with id '{after[:80]}' to list after. Pass the "
        "`last_id` of the previous page as `after`.",
        param="after",
    )


def no_message(completion_id: str) -> Callable[[str], APIError]:
    def missing(after: str) -> APIError:
        return APIError(
            "message_not_found",
            f"No message '{after[:80]}' in chat completion '{completion_id}' to list "
            "after. Pass the `last_id` of the previous page as `after`.",
            param="after",
        )

    return missing


def messages(completion_id: str, request: bytes) -> list[StoredMessage]:
    """The conversation a stored completion answered, as it was sent: the MeTal `system`
    field first, as the model read it, then every message, each with its id."""
    from metal_sandbox.completions import conversation

    sent = conversation(ChatCompletionRequest.model_validate_json(request))
    return [_message(f"{completion_id}-{i}", m) for i, m in enumerate(sent)]


def _message(message_id: str, message: dict[str, Any]) -> StoredMessage:
    content = message.get("content")
    parts = content if isinstance(content, list) else None
    return StoredMessage(
        id=message_id,
        role=message["role"],
        content=None if parts is not None else content,
        refusal=message.get("refusal"),
        name=message.get("name"),
        content_parts=parts,
        tool_calls=message.get("tool_calls"),
        tool_call_id=message.get("tool_call_id"),
    )
