"""The models the API serves: their context windows, output limits and what a chat request
to each may use (the models page's table is generated from here, and a test probes the
sandbox for every cell of it)."""

from __future__ import annotations

from dataclasses import dataclass

from metal_sandbox.schemas.models import Model

#: What a chat request may ask of a model, by the names the models page gives them.
CHAT_FEATURES = ("images", "tools", "structured output", "streaming", "reasoning effort")


@dataclass(frozen=True)
class ModelCard:
    id: str
    created: int
    context_window: int
    max_output_tokens: int
    kind: str  # "chat" or "embedding"
    best_for: str
    reasoning: bool = False

    @property
    def features(self) -> tuple[str, ...]:
        """Every chat model takes images, tools, schemas and streams; only a reasoning model
        takes `reasoning_effort`. An embedding model takes none of them."""
        if self.kind != "chat":
            return ()
        return tuple(f for f in CHAT_FEATURES if f != "reasoning effort" or self.reasoning)

    def to_model(self) -> Model:
        return Model(
            id=self.id,
            created=self.created,
            owned_by="metal",
            context_window=self.context_window,
            max_output_tokens=self.max_output_tokens,
        )


MODELS: tuple[ModelCard, ...] = (
    ModelCard(
        "aurora",
        1_775_001_600,
        128_000,
        16_384,
        "chat",
        "General assistant built on written constitutional principles",
    ),
    ModelCard(
        "valley-fast-1", 1_780_272_000, 32_768, 8_192, "chat", "Real-time chat and high throughput"
    ),
    ModelCard(
        "valley-pro-1",
        1_780_272_000,
        200_000,
        32_768,
        "chat",
        "Complex reasoning, long context and agents",
        reasoning=True,
    ),
    ModelCard(
        "aurora-embed-1",
        1_793_491_200,
        8_192,
        0,
        "embedding",
        "Embeddings for search, clustering and retrieval",
    ),
)

BY_ID = {card.id: card for card in MODELS}


def ids_of(kind: str) -> str:
    """The ids of the models of one kind, for error messages: `aurora, valley-fast-1, ...`."""
    return ", ".join(card.id for card in MODELS if card.kind == kind)
