"""Every Node.js example of the site runs against the sandbox, prints what the page shows
(its `//>` lines), and type-checks against the `openai` SDK's own types.

Run `pytest tests/docs --update-examples` to rewrite the `//>` lines from what the
examples print now.
"""

from __future__ import annotations

from pathlib import Path
from textwrap import indent

import pytest

from docs_harness.node_examples import NODE_LANGUAGE, NodeExample, node_examples
from docs_harness.node_runner import TypeCheck
from docs_harness.routing import ForeignHostError
from docs_harness.session import DocsSession


@pytest.mark.parametrize("example", node_examples(), ids=str)
def test_node_example(
    example: NodeExample, docs: DocsSession, node_types: TypeCheck, pytestconfig: pytest.Config
) -> None:
    assert example.language == NODE_LANGUAGE, (
        f"{example}: write Node.js examples as ```{NODE_LANGUAGE} blocks, not "
        f"```{example.language} (only {NODE_LANGUAGE} blocks run)"
    )
    update = bool(pytestconfig.getoption("update_examples"))
    docs.run_node(example, mode="update" if update else "check")
    errors = node_types.errors(example)
    assert not errors, (
        f"{example}: tsc --checkJs finds errors against the SDK's types (lines of the "
        "code without its //> lines):\n" + "\n".join(errors)
    )


def _example(tmp_path: Path, code: str) -> NodeExample:
    """A Node example on a page of its own (not part of the site)."""
    page = tmp_path / "page.md"
    page.write_text(f'=== "Node.js"\n\n    ```js\n{indent(code, "    ")}    ```\n', "utf-8")
    (example,) = node_examples(page)
    return example


_CLIENT = """import OpenAI from "openai";

const client = new OpenAI({
  baseURL: "https://api.metalai.org/v1",
  apiKey: process.env.METAL_API_KEY,
});
"""


def test_a_misspelled_parameter_fails_the_type_check(tmp_path: Path) -> None:
    """tsc catches what the sandbox would let pass (a misspelled optional field read)
    and what it would refuse (a misspelled parameter), with the SDK's own suggestion."""
    example = _example(
        tmp_path,
        _CLIENT
        + "const completion = await client.chat.completions.create({\n"
        + '  model: "aurora",\n  messages: [{ role: "user", content: "Hi" }],\n'
        + "  max_tokenz: 20,\n});\nconsole.log(completion.choices[0].message.refusl);\n",
    )
    check = TypeCheck([example])
    try:
        errors = check.errors(example)
    finally:
        check.close()
    assert len(errors) == 2, errors
    assert errors[0].startswith("10:3:") and "'max_tokenz' does not exist" in errors[0], errors
    assert "Did you mean to write 'max_tokens'?" in errors[0], errors
    assert errors[1].startswith("12:") and "Property 'refusl' does not exist" in errors[1], errors


def test_a_call_to_another_host_fails_the_example(tmp_path: Path, docs: DocsSession) -> None:
    """fetch to another host is refused before it connects, and so is a socket opened
    with node:https directly; the failure names the host."""
    example = _example(
        tmp_path,
        'import https from "node:https";\n\n'
        'https.get("https://example.com/", () => {}).on("error", () => {});\n'
        'await fetch("https://api.openai.com/v1/models").catch(() => null);\n',
    )
    with pytest.raises(ForeignHostError) as failure:
        docs.run_node(example, record=False)
    message = str(failure.value)
    assert "example.com (a direct connection)" in message, message
    assert "https://api.openai.com/v1/models" in message, message


def test_code_laid_out_otherwise_than_prettier_fails_the_check(
    tmp_path: Path, docs: DocsSession
) -> None:
    """The check compares the page with the code as Prettier lays it out: single quotes
    and a missing semicolon fail it, with the diff that `--update-examples` would apply."""
    example = _example(tmp_path, "const greeting = 'Hello!'\nconsole.log(greeting);\n//> Hello!\n")
    with pytest.raises(pytest.fail.Exception) as failure:
        docs.run_node(example, record=False)
    message = str(failure.value)
    assert "-const greeting = 'Hello!'\n" in message, message
    assert '+const greeting = "Hello!";\n' in message, message


def test_an_example_does_not_leave_its_environment_to_the_next(
    tmp_path: Path, docs: DocsSession
) -> None:
    """Node examples share one worker process: a variable one example sets (as the
    switching guide sets OPENAI_BASE_URL) is gone when the next one runs, and the
    variables the worker started with are back."""
    setter = _example(
        tmp_path,
        'process.env.OPENAI_BASE_URL = "http://127.0.0.1:9/v1";\n'
        'process.env.METAL_API_KEY = "changed";\n',
    )
    docs.run_node(setter, record=False)
    reader = _example(
        tmp_path,
        "const { OPENAI_BASE_URL, METAL_API_KEY } = process.env;\n"
        "console.log(OPENAI_BASE_URL, METAL_API_KEY?.slice(0, 8));\n"
        "//> undefined mk_test_\n",
    )
    docs.run_node(reader, record=False)
