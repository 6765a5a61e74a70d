"""A few small, correct code samples for "write a function that ..." requests.

Code is the one place replies use Markdown: a fenced block is what a reader asking for code
expects. Requests outside the table get an honest answer instead of invented code.
"""

from __future__ import annotations

import re

from metal_sandbox.assistant.answer import Answer

_SAMPLES: tuple[tuple[str, str, str, str], ...] = (
    # (pattern over the request, language, lead sentence, code)
    (
        r"\brevers\w* (?:a |the )?string",
        "python",
        "Here's a Python function that reverses a string using slicing:",
        "def reverse_string(text: str) -> str:\n    return text[::-1]",
    ),
    (
        r"\bfizz ?buzz",
        "python",
        "Here's FizzBuzz in Python:",
        'for n in range(1, 101):\n    if n % 15 == 0:\n        print("FizzBuzz")\n'
        '    elif n % 3 == 0:\n        print("Fizz")\n    elif n % 5 == 0:\n'
        '        print("Buzz")\n    else:\n        print(n)',
    ),
    (
        r"\bfibonacci",
        "python",
        "Here's a Python function that returns the n-th Fibonacci number iteratively:",
        "def fibonacci(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n"
        "        a, b = b, a + b\n    return a",
    ),
    (
        r"\bfactorial",
        "python",
        "Here's a Python function that computes a factorial:",
        "def factorial(n: int) -> int:\n    result = 1\n    for k in range(2, n + 1):\n"
        "        result *= k\n    return result",
    ),
    (
        r"\bprime",
        "python",
        "Here's a Python function that checks whether a number is prime:",
        "def is_prime(n: int) -> bool:\n    if n < 2:\n        return False\n"
        "    k = 2\n    while k * k <= n:\n        if n % k == 0:\n            return False\n"
        "        k += 1\n    return True",
    ),
    (
        r"\bhello,? world\b.*\bjavascript\b|\bjavascript\b.*\bhello,? world\b",
        "javascript",
        "Here's Hello, World in JavaScript:",
        'console.log("Hello, World!");',
    ),
    (r"\bhello,? world\b", "python", "Here's Hello, World in Python:", 'print("Hello, World!")'),
)
_CODE_REQUEST = re.compile(
    r"\b(?:write|create|give me|show me|implement|code)\b.*\b(?:function|"
    r"program|script|code|snippet|class|method)\b|\bin (?:python|"
    r"javascript|typescript|java|rust|go|c\+\+)\b",
    re.I,
)


def code(request: str) -> Answer | None:
    """A known sample for the request, or an honest note for unknown code requests."""
    if not _CODE_REQUEST.search(request):
        return None
    for pattern, language, lead, body in _SAMPLES:
        if re.search(pattern, request, re.I):
            return Answer(
                f"{lead}\n\n```{language}\n{body}\n```",
                kind="creative",
                short=lead,
                varied=True,
                facts={"code": body, "language": language},
            )
    return Answer(
        "I can write a few small, common functions here, such as reversing a string, "
        "FizzBuzz, Fibonacci or a prime check, but I'm not confident I'd get this one "
        "right, so I'd rather not guess. Could you share what you have so far?",
        kind="unknown",
    )
