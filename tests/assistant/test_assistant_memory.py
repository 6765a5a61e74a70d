"""Earlier turns give context: the user's name and facts, and elliptical follow-ups."""

from __future__ import annotations

from typing import Any

from metal_sandbox.assistant import respond


def chat(*turns: str) -> str:
    """Alternate user and assistant turns, ending with a user turn."""
    messages: list[dict[str, Any]] = [
        {"role": "user" if i % 2 == 0 else "assistant", "content": text}
        for i, text in enumerate(turns)]
    reply = respond(messages, model="aurora")
    assert isinstance(reply.content, str)
    return reply.content


def test_introduction_is_acknowledged() -> None:
    assert chat("My name is Sam.") == \
        "Nice to meet you, Sam! I'm Aurora. How can I help you today?"
    assert chat("Hi, I'm Sam") == "Nice to meet you, Sam! I'm Aurora. How can I help you today?"


def test_name_is_remembered_across_turns() -> None:
    assert chat("My name is Sam.", "Nice to meet you, Sam!", "What is my name?") == \
        "Your name is Sam."
    assert chat("my name is sam", "Hi!", "What's my name?") == "Your name is Sam."


def test_unknown_name_is_admitted() -> None:
    assert chat("What is my name?").startswith("You haven't told me your name")


def test_greeting_uses_known_name() -> None:
    assert chat("I'm Priya.", "Nice to meet you!", "Hello") == \
        "Hello, Priya! I'm Aurora. How can I help you today?"


def test_other_personal_facts() -> None:
    assert chat("My favorite color is blue.").startswith("Got it: your favorite color is blue.")
    assert chat("My favorite color is blue.", "Got it.", "What's my favorite color?") == \
        "Your favorite color is blue."
    assert chat("I live in Lisbon.", "Nice!", "Where do I live?") == "You live in Lisbon."


def test_follow_up_reuses_the_previous_question() -> None:
    assert chat("What is the capital of France?", "The capital of France is Paris.",
                "And of Germany?") == "The capital of Germany is Berlin."
    assert chat("What is the capital of France?", "Paris.", "And of Germany?", "Berlin.",
                "What about Italy?") == "The capital of Italy is Rome."


def test_follow_up_without_anything_to_swap_stands_alone() -> None:
    assert chat("What is 2 + 2?", "4.", "And 3 + 3?") == "3 + 3 is 6."


def test_latest_user_message_is_the_question() -> None:
    assert chat("What is the capital of France?", "Paris.", "Tell me a joke") == \
        "Why do programmers prefer dark mode? Because light attracts bugs."
