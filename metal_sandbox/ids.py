"""Identifiers in the API's formats: `chatcmpl-<ULID>`, `req_<ULID>` and friends.

In deterministic mode the random half of each ULID comes from a seeded generator that
`reset()` rewinds, so a docs example prints the same ids on every run.
"""

from __future__ import annotations

import os
import random

from metal_sandbox.clock import Clock

_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: Every pair of Crockford letters, indexed by the 10 bits they stand for.
_PAIRS = [a + b for a in _CROCKFORD for b in _CROCKFORD]
_SHIFTS = range(120, -1, -10)


def encode_ulid(raw: bytes) -> str:
    """The 26-character text of a 16-byte ULID."""
    return encode_ulid_int(int.from_bytes(raw, "big"))


def encode_ulid_int(value: int) -> str:
    """The text of a ULID given as a 128-bit number: its bits behind two zero bits, read
    five at a time in Crockford's alphabet. Every response carries one or two new ids, so
    this takes ten bits (two letters) per step from a table."""
    return "".join([_PAIRS[(value >> shift) & 0x3FF] for shift in _SHIFTS])


class IdFactory:
    def __init__(self, clock: Clock, *, deterministic: bool) -> None:
        self.clock = clock
        self.deterministic = deterministic
        self.reset()

    def reset(self) -> None:
        # Outside deterministic mode, a generator seeded from the OS: ids must be unique,
        # not secret, and a system call for every id would cost more than the rest of it.
        self._random = random.Random(2026 if self.deterministic else os.urandom(32))

    def ulid(self) -> str:
        millis = int(self.clock.now() * 1000)
        entropy = int.from_bytes(self._random.randbytes(10), "big")
        return encode_ulid_int((millis & 0xFFFF_FFFF_FFFF) << 80 | entropy)

    def token(self, length: int) -> str:
        """Random letters and digits, for ids such as `call_…` that are not ULIDs."""
        choice = self._random.choice  # not `choices`: that draws another sequence
        return "".join([choice(_ALPHABET) for _ in range(length)])

    def new(self, prefix: str) -> str:
        """An id such as `req_01JD…`: `prefix` includes its separator."""
        return prefix + self.ulid()
