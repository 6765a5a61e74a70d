"""Token ids, as OpenAI's fields take them: `logit_bias` keys and embedding token input.

Ids are those of the production tokenizer (OpenAI's `cl100k_base` numbering), so a client
that tokenizes with `tiktoken` sends ids the API knows. The sandbox's own tokenizer has no
ids; it checks only that each id exists.
"""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

#: How many ids the vocabulary has: valid ids are 0 to VOCABULARY - 1.
VOCABULARY = 100_277

TokenId = Annotated[int, Field(ge=0, lt=VOCABULARY)]


def _token_id_key(key: str) -> str:
    """`logit_bias` keys are ids written as JSON strings, since JSON keys are strings."""
    if not (key.isascii() and key.isdigit() and int(key) < VOCABULARY):
        raise PydanticCustomError(
            "token_id",
            "expected token ids as keys, integers from 0 to {last} written as strings, "
            "but got {key} instead",
            {"last": VOCABULARY - 1, "key": json.dumps(key)},
        )
    return key


TokenIdKey = Annotated[str, AfterValidator(_token_id_key)]
