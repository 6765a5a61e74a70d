"""The sandbox's deterministic "model": the words behind every chat completion.

The real API's models are large language models; the sandbox needs something that reads like
one, prints the same words for the same request on every machine, and exercises every API
feature the docs show. `respond` is that: rules and templates, no randomness, no clock, no
`hash()`. It greets, answers from a small knowledge table, is honest about what it does not
know, declines harmful requests, follows the tone of system prompts, describes images from
what their URL reveals, calls tools with schema-valid arguments, phrases tool results, and
fills JSON schemas with valid instances.

`variant` selects alternative phrasings (other choices when n > 1); 0 is canonical.
"""

from __future__ import annotations

from metal_sandbox.assistant.engine import respond
from metal_sandbox.assistant.reply import Reply, ToolCall

__all__ = ["Reply", "ToolCall", "respond"]
