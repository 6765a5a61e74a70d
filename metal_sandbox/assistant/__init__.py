"""The sandbox's deterministic "model": the words behind every chat completion.

The real API's models are large language models; the sandbox needs something that reads like
one, prints the same words for the same request on every machine, and exercises every API
feature the docs show. `respond` is that: the replies the docs rely on are data
(`replies.yaml`, edited without Python), and a few general rules keep what the product
promises for any prompt: it greets, follows the system prompt's voice, declines harmful
requests, calls the tool that fits with arguments taken from the question, phrases tool
results, fills JSON schemas with valid instances (also one the prompt carries itself), and
answers anything else with an honest, deterministic fallback.

`variant` selects alternative phrasings (other choices when n > 1); 0 is canonical.
"""

from __future__ import annotations

from metal_sandbox.assistant.engine import respond
from metal_sandbox.assistant.reply import Reply, ToolCall

__all__ = ["Reply", "ToolCall", "respond"]
