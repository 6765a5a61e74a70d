"""Token ids, as OpenAI's fields take them: `logit_bias` keys and embedding token input.

Ids are those of the production tokenizer (OpenAI's `cl100k_base` numbering), so a client
that tokenizes with `tiktoken` sends ids the API knows. The sandbox's own tokenizer has no
ids; it checks only that each id exists.
"""

from __future__ import annotations

import json
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError

from metal_sandbox.schemas.base import whole_number

#: How many ids the vocabulary has: valid ids are 0 to VOCABULARY - 1.
VOCABULARY = 100_277

TokenId = Annotated[int, Field(ge=0, le=VOCABULARY - 1), BeforeValidator(whole_number)]


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


#: The ids 0 to 100276 as decimal strings, for the contract (the validator above says why
#: a key fails in words).
_KEY_PATTERN = r"^0*(?:[0-9]{1,5}|100[01][0-9]{2}|1002[0-6][0-9]|10027[0-6])$"
TokenIdKey = Annotated[str, AfterValidator(_token_id_key)]
Bias = Annotated[int, Field(ge=-100, le=100), BeforeValidator(whole_number)]
#: `logit_bias`: token ids, as strings, mapped to a bias from -100 to 100.
LogitBias = Annotated[
    dict[TokenIdKey, Bias],
    WithJsonSchema(
        {
            "type": "object",
            "patternProperties": {
                _KEY_PATTERN: {"type": "integer", "minimum": -100, "maximum": 100}
            },
            "additionalProperties": False,
        }
    ),
]
