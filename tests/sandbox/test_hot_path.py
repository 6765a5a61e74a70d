"""The shortcuts on the per-request path give exactly what the plain code gives."""

from __future__ import annotations

import os
import random
import string

import pytest
from ulid import ULID

from metal_sandbox import completions, tokens
from metal_sandbox.clock import Clock
from metal_sandbox.ids import IdFactory, encode_ulid
from metal_sandbox.schemas.chat import ChatCompletionRequest

TEXT_ALPHABET = string.ascii_letters + string.digits + " _-.,!?'\n\té€日本"


def test_ulid_text_matches_the_ulid_library() -> None:
    samples = [bytes(16), b"\xff" * 16, *(os.urandom(16) for _ in range(2000))]
    for raw in samples:
        assert encode_ulid(raw) == str(ULID.from_bytes(raw))


@pytest.mark.parametrize("length", [0, 1, 8, 9, 14, 15, 60, 1024, 1025, 5000])
def test_token_count_is_the_number_of_pieces(length: int) -> None:
    rng = random.Random(length)
    for _ in range(200):
        text = "".join(rng.choice(TEXT_ALPHABET) for _ in range(rng.randint(0, length)))
        assert tokens.count(text) == len(tokens.pieces(text)), text
    long_word = "x" * length
    assert tokens.count(long_word) == len(tokens.pieces(long_word))


def _reply(content: str) -> str | None:
    request = ChatCompletionRequest.model_validate(
        {"model": "aurora", "messages": [{"role": "user", "content": content}]}
    )
    ids = IdFactory(Clock(), deterministic=True)
    completion = completions.complete(completions.prepare(request), ids, 0)
    return completion.choices[0].message.content


def test_a_cached_reply_equals_a_computed_one() -> None:
    question = "What is the capital of Japan?"
    first = _reply(question)
    assert "Tokyo" in (first or "")
    completions._cached_reply.cache_clear()
    assert _reply(question) == first
    assert _reply(question) == first  # now from the cache


def test_requests_too_long_to_cache_are_still_answered() -> None:
    before = completions._cached_reply.cache_info().currsize
    long_question = "Tell me about Paris. " + "Some context. " * 800
    assert _reply(long_question)
    assert completions._cached_reply.cache_info().currsize == before
