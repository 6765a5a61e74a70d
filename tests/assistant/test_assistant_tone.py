"""System and developer prompts set the voice; the facts stay the same."""

from __future__ import annotations

import pytest

from metal_sandbox.assistant import respond


def ask(question: str, system: str, *, role: str = "system", model: str = "aurora") -> str:
    messages = [{"role": role, "content": system}, {"role": "user", "content": question}]
    reply = respond(messages, model=model)
    assert isinstance(reply.content, str)
    return reply.content


def test_pirate() -> None:
    assert ask("What is the capital of France?", "You are a pirate.") == \
        "Arr, the capital o' France be Paris, matey!"
    assert ask("Hello!", "Talk like a pirate.") == \
        "Ahoy! I be Aurora. How can I help ye today?"


@pytest.mark.parametrize("system", ["Be concise.", "Answer in one sentence.",
                                    "Keep answers brief."])
def test_concise_keeps_one_sentence(system: str) -> None:
    text = ask("What is a token?", system)
    assert text == ("A token is a small chunk of text, often a word or part of a word, that a "
                    "language model reads and writes.")


def test_question_can_ask_for_brevity_too() -> None:
    reply = respond([{"role": "user", "content": "Briefly, what is an embedding?"}],
                    model="aurora")
    assert reply.content == ("An embedding is a list of numbers that represents the meaning "
                             "of a piece of text.")


def test_formal_expands_contractions() -> None:
    assert ask("Hello!", "Respond formally.") == \
        "Good day. I am Aurora. How may I assist you today?"
    text = ask("What is a quokka?", "Use a formal, professional tone.")
    assert "I'm" not in text and "I am not certain" in text and "I would rather" in text


def test_enthusiastic() -> None:
    assert ask("What is the capital of France?", "Be enthusiastic!") == \
        "Great question! The capital of France is Paris!"


def test_child_friendly_uses_simple_explanations() -> None:
    text = ask("What is an API?", "Explain things like I'm five.")
    assert text.startswith("An API is like a waiter in a restaurant.")
    assert ask("What is the capital of France?", "You talk to kids.") == \
        "The capital of France is Paris. That's the city where the country's leaders work."


@pytest.mark.parametrize(("system", "expected"), [
    ("Always answer in French.", "La capitale de la France est Paris."),
    ("Respond in Spanish.", "La capital de Francia es París."),
    ("You only speak German.", "Die Hauptstadt von Frankreich ist Paris."),
])
def test_languages_for_knowledge_answers(system: str, expected: str) -> None:
    assert ask("What is the capital of France?", system) == expected


def test_language_greeting_and_math() -> None:
    assert ask("Hello", "Answer in French.") == \
        "Bonjour ! Je suis Aurora. Comment puis-je vous aider aujourd'hui ?"
    assert ask("What is 6 * 7?", "Answer in German.") == "Das Ergebnis von 6 * 7 ist 42."


def test_language_fallback_says_so_honestly() -> None:
    text = ask("What is a token?", "Always answer in French.")
    assert text.startswith("Je ne peux pas encore répondre à cela en français")
    assert "A token is a small chunk of text" in text


def test_persona_from_system_prompt() -> None:
    system = "You are Max, a helpful assistant for Acme."
    assert ask("Hello", system) == \
        "Hello! I'm Max, a helpful assistant for Acme. How can I help you today?"
    assert ask("Who are you?", system).startswith("I'm Max, a helpful assistant for Acme.")
    assert ask("Hello", system, model="valley-fast-1").startswith("Hello! I'm Max")


def test_developer_role_counts_as_instructions() -> None:
    assert ask("What is the capital of France?", "You are a pirate.", role="developer") \
        .startswith("Arr,")


def test_tone_leaves_facts_alone() -> None:
    for system in ("You are a pirate.", "Be formal.", "Be enthusiastic.", "Speak like "
                   "Shakespeare.", "Be concise."):
        text = ask("What is 17 * 23?", system)
        assert "391" in text and "17 * 23" in text
