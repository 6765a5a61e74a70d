"""Every Python example of the site runs against the sandbox and prints what the page shows.

Run `pytest tests/docs --update-examples` to rewrite the `#>` output lines (and curl
output blocks) from what the examples print now, and to format the code.
"""

from __future__ import annotations

import pytest
from pytest_examples import CodeExample, EvalExample

from docs_harness.python_examples import configure_lint, python_examples
from docs_harness.session import DocsSession


@pytest.mark.parametrize("example", python_examples(), ids=str)
def test_python_example(example: CodeExample, eval_example: EvalExample, docs: DocsSession) -> None:
    configure_lint(eval_example)
    if eval_example.update_examples:
        eval_example.format(example)
        docs.run_python(example, eval_example, mode="update")
    else:
        eval_example.lint(example)
        docs.run_python(example, eval_example, mode="check")
