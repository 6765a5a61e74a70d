"""Every curl example of the site runs against the sandbox and prints what the page shows.

The output a page shows for a command is the block right after it marked
`title="Output"`: a `json` block is compared as JSON (parsed, key order aside), any other
language line by line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from docs_harness.curl import ShellExample, orphan_outputs, run_curl, shell_examples
from docs_harness.outputs import json_documents
from docs_harness.pages import pages, relative
from docs_harness.session import DocsSession

#: The `object` of the answers a page shows whole at most once. Its other curl examples
#: pipe the answer into `jq` and show the fields they are about, as the SDK tabs print them.
WHOLE_OBJECTS = frozenset({"chat.completion", "response"})


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


def whole_objects_shown(example: ShellExample) -> int:
    """How many whole completions (or responses) the example's output block shows."""
    expected = example.expected
    if expected is None:
        return 0
    try:
        documents = json_documents(expected[1])
    except ValueError:  # text that is not JSON, such as a reply printed by `jq -r`
        return 0
    return sum(
        isinstance(document, dict)
        and document.get("object") in WHOLE_OBJECTS
        and "deleted" not in document  # a deletion's receipt names the object, no more
        for document in documents
    )


def test_a_page_shows_a_whole_completion_once() -> None:
    """A 40-line completion shown again and again buries what each example is about."""
    repeated: dict[str, list[str]] = {}
    for page in pages():
        shown = [str(ex) for ex in shell_examples(page) for _ in range(whole_objects_shown(ex))]
        if len(shown) > 1:
            repeated[relative(page)] = shown
    assert not repeated, (
        "these pages show a whole chat completion or response more than once; after the "
        f"first, pipe the answer into jq and show the field the example is about: {repeated}"
    )


def test_a_command_that_fails_inside_a_pipeline_fails_the_example() -> None:
    """`curl ... | jq ...`: a curl that cannot connect leaves jq nothing to read, and jq
    prints nothing and succeeds. The example must fail instead of showing nothing."""
    refused = run_curl("curl http://127.0.0.1:9/v1/models | jq .data\n", "http://127.0.0.1:9", "")
    assert refused.returncode != 0, refused
    assert refused.stdout == ""


def test_an_example_that_pipes_into_jq_fails_clearly_without_jq(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for command in ("bash", "curl"):  # a PATH with all the examples need but jq
        found = shutil.which(command)
        assert found is not None, command
        (tmp_path / command).symlink_to(found)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(pytest.fail.Exception, match="jq, which is not installed"):
        run_curl("curl http://127.0.0.1:9/v1/models | jq .data\n", "http://127.0.0.1:9", "")
