"""The shortcuts on the per-request path give exactly what the plain code gives, fast."""

from __future__ import annotations

import os
import random
import string
import time

import pytest
from ulid import ULID

from metal_sandbox import tokens
from metal_sandbox.ids import encode_ulid

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


def test_pieces_of_a_long_word_take_linear_time() -> None:
    """A 2,000,000-character word is cut into 6-character pieces in one pass (this was a
    quadratic loop of slices: seconds for one request)."""
    word = "x" * 2_000_000
    started = time.perf_counter()
    pieces = tokens.pieces(word)
    elapsed = time.perf_counter() - started
    assert "".join(pieces) == word
    assert len(pieces) == tokens.count(word) == 1 + (len(word) - 3) // 6
    assert elapsed < 1.0, f"{elapsed:.2f} s"
