"""The sandbox's deterministic "model": the words behind every chat completion.

The real API's models are language models; the sandbox needs something that reads like one
and prints the same words for the same request on every machine. The words are data
(`replies.yaml`: prompt patterns, replies, voices, refusals); the code applies the general
rules that hold for any prompt: greet, follow the system prompt's tone, call the tool that
fits with arguments taken from the question, fill a JSON schema with a valid instance (also
one a prompt carries itself), use tool results in the next answer, decline clearly harmful
requests, and fall back honestly. No randomness, no clock, no `hash()`.
"""

from __future__ import annotations

from metal_sandbox.assistant.engine import respond
from metal_sandbox.assistant.reply import Reply, ToolCall
from metal_sandbox.assistant.schema_fill import SchemaTooLarge

__all__ = ["Reply", "SchemaTooLarge", "ToolCall", "respond"]
