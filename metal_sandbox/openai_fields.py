"""OpenAI's chat fields that MeTal accepts in the schema but cannot honour.

The request model takes every field of OpenAI's contract, so a client never gets
`unknown_parameter` for one of them. Those that would promise something MeTal does not
do (speak, search the web, moderate, the deprecated `functions`) are refused here, with
OpenAI's codes, rather than silently ignored. `metal_sandbox.compat` lists each field and
what happens to it; its tests hold this module to that table.
"""

from __future__ import annotations

from metal_sandbox.errors import APIError
from metal_sandbox.schemas.chat import ChatCompletionRequest

#: The `reasoning_effort` values `valley-pro-1` serves; OpenAI's others are refused.
REASONING_EFFORTS = ("low", "medium", "high")

_REFUSED = {
    "audio": "MeTal's models reply in text only; drop 'audio'.",
    "web_search_options": "MeTal's models do not search the web; drop 'web_search_options'.",
    "moderation": "MeTal does not moderate chat completions; drop 'moderation'.",
    "functions": "'functions' is deprecated by OpenAI; send the same functions as 'tools'.",
    "function_call": "'function_call' is deprecated by OpenAI; use 'tool_choice'.",
}


def check(request: ChatCompletionRequest) -> None:
    """Raise the API's error for the first OpenAI field this request sets that MeTal cannot
    honour. Fields left out or sent as `null` are not set, as in OpenAI's API."""
    for field, reason in _REFUSED.items():
        if getattr(request, field) is not None:
            raise APIError(
                "unsupported_parameter", f"Unsupported parameter: '{field}'. {reason}", param=field
            )
    if request.modalities and "audio" in request.modalities:
        raise APIError(
            "unsupported_value",
            "Unsupported value: 'modalities' does not support 'audio': MeTal's models reply "
            'in text only. Send ["text"] or leave it out.',
            param="modalities",
        )
    effort = request.reasoning_effort
    if effort is not None and effort not in REASONING_EFFORTS:
        raise APIError(
            "unsupported_value",
            f"Unsupported value: 'reasoning_effort' does not support '{effort}' with "
            f"{request.model}. Supported values are: 'low', 'medium', and 'high'.",
            param="reasoning_effort",
        )
    if request.top_logprobs is not None and request.logprobs is not True:
        raise APIError(
            "invalid_value",
            "Invalid value for 'top_logprobs': 'logprobs' must be set to true when "
            "'top_logprobs' is used.",
            param="top_logprobs",
        )
