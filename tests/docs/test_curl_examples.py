"""Every curl example of the site runs against the sandbox and prints what the page shows.

The output a page shows for a command is the block right after it marked
`title="Output"`: a `json` block is compared as JSON (parsed, key order aside), any other
language line by line.
"""

from __future__ import annotations

import pytest

from docs_harness.curl import ShellExample, orphan_outputs, shell_examples
from docs_harness.session import DocsSession


@pytest.mark.parametrize("example", shell_examples(), ids=str)
def test_curl_example(
    example: ShellExample, docs: DocsSession, pytestconfig: pytest.Config
) -> None:
    result = docs.run_shell(example)
    update = bool(pytestconfig.getoption("update_examples"))
    docs.check_shell_output(example, result, update=update)


def test_every_output_block_follows_a_command() -> None:
    """An `Output` block anywhere else would be shown to readers but never checked."""
    orphans = [str(block) for block in orphan_outputs()]
    assert not orphans, (
        'these title="Output" blocks do not follow a curl block (Python examples show '
        f"their output as #> lines): {orphans}"
    )
