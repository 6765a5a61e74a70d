"""Deterministic embeddings: same text, same vector; texts that share words, closer vectors.

Each text is broken into features (its words and character trigrams); each feature has a
fixed pseudo-random direction in 768 dimensions, derived from its hash; the text's vector
is the weighted sum of its features' directions, normalised to length 1. It knows no
meaning, but it orders similar wordings the way readers expect, which is what a
similarity example needs.
"""

from __future__ import annotations

import base64
import hashlib
import math
import re
from array import array
from functools import lru_cache

from metal_sandbox import tokens
from metal_sandbox.schemas.embeddings import (
    Embedding,
    EmbeddingList,
    EmbeddingRequest,
    EmbeddingUsage,
)

DIMENSIONS = 768
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "in",
        "is",
        "it",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "you",
        "your",
    ]
)


def _features(text: str) -> dict[str, float]:
    words = [w.removesuffix("s") if len(w) > 3 else w for w in _WORD.findall(text.lower())]
    features: dict[str, float] = {}
    for word in words:
        weight = 0.25 if word in _STOPWORDS else 1.0
        features["w:" + word] = features.get("w:" + word, 0.0) + weight
        padded = f" {word} "
        for i in range(len(padded) - 2):
            key = "c:" + padded[i : i + 3]
            features[key] = features.get(key, 0.0) + 0.3 * weight
    return features


@lru_cache(maxsize=4096)  # about 12 MB at most: 3 KB a direction
def _direction(feature: str) -> array[float]:
    """A fixed pseudo-random direction for one feature, from its hash: summing these
    (a random projection) gives dense vectors whose angles follow shared features."""
    raw = hashlib.shake_256(feature.encode()).digest(DIMENSIONS)
    return array("f", [(byte - 127.5) / 127.5 for byte in raw])


def _normalise(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(x * x for x in vector))
    if norm == 0:
        vector = [1.0] + [0.0] * (len(vector) - 1)
        norm = 1.0
    return [x / norm for x in vector]


def _token_features(ids: list[int]) -> dict[str, float]:
    """Token input is embedded by its ids and pairs of neighbouring ids: the sandbox has no
    vocabulary to decode them with, so the same ids give the same vector, and sequences
    that share ids are closer, but `[15339, 1917]` is not the vector of its text."""
    features: dict[str, float] = {}
    for i, token in enumerate(ids):
        features[f"t:{token}"] = features.get(f"t:{token}", 0.0) + 1.0
        if i:
            pair = f"p:{ids[i - 1]},{token}"
            features[pair] = features.get(pair, 0.0) + 0.3
    return features


def embed(item: str | list[int], dimensions: int = DIMENSIONS) -> list[float]:
    """A unit vector of `dimensions` numbers for a text or a token array. Shortened vectors
    keep the first numbers and are re-normalised, as OpenAI's `dimensions` does."""
    features = _features(item) if isinstance(item, str) else _token_features(item)
    vector = [0.0] * DIMENSIONS
    for feature, weight in features.items():
        for i, x in enumerate(_direction(feature)):
            vector[i] += weight * x
    return [round(x, 8) for x in _normalise(vector[:dimensions])]


def inputs(request: EmbeddingRequest) -> list[str | list[int]]:
    """The request's inputs as a list: texts, or token arrays (one flat array is one input)."""
    given = request.input
    if isinstance(given, str) or isinstance(given[0], int):
        return [given]  # one text, or one text's tokens
    return list(given)


def token_counts(request: EmbeddingRequest) -> list[int]:
    """Tokens of each input: a text's count, or a token array's length."""
    return [tokens.count(i) if isinstance(i, str) else len(i) for i in inputs(request)]


def to_base64(vector: list[float]) -> str:
    return base64.b64encode(array("f", vector).tobytes()).decode()


def create(request: EmbeddingRequest) -> EmbeddingList:
    """The response to a validated request, one vector per input, in input order."""
    dimensions = request.dimensions or DIMENSIONS
    data = []
    for index, item in enumerate(inputs(request)):
        vector = embed(item, dimensions)
        encoded = to_base64(vector) if request.encoding_format == "base64" else vector
        data.append(Embedding(index=index, embedding=encoded))
    used = sum(token_counts(request))
    return EmbeddingList(
        data=data, model=request.model, usage=EmbeddingUsage(prompt_tokens=used, total_tokens=used)
    )
