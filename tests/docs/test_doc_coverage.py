"""Site-wide gates of the docs suite.

- Every operation of the OpenAPI document has an example on the site that the sandbox
  answered with a 2xx.
- Every Python and every JavaScript block a reader sees on the built site is an example
  the harness ran.
- The check does catch a wrong output line (`#>`, `//>`, and a wrong curl output).

The gates run last (see conftest.py). They count what the example tests of this session
recorded, and first run, without output checks, any example this session has not run, so
a gate gives the same answer whether the whole suite or a `-k` subset was selected.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pytest_examples import EvalExample

from api_reference import document as doc
from metal_sandbox.contract import build

from docs_harness.built_html import normalise_code, site_javascript_blocks, site_python_blocks
from docs_harness.curl import shell_examples
from docs_harness.node_examples import OUTPUT_MARK, node_examples
from docs_harness.operations import called, describe
from docs_harness.pages import DOCS, PLACEHOLDER_NOTE
from docs_harness.python_examples import example_key, python_examples
from docs_harness.session import DocsSession

pytestmark = pytest.mark.docs_gate


@pytest.fixture
def all_ran(docs: DocsSession, eval_example: EvalExample) -> DocsSession:
    docs.ensure_all_ran(eval_example, python_examples(), shell_examples(), node_examples())
    return docs


#: Guides not written yet, by OpenAPI tag. While the page still carries the placeholder
#: note, the operations of that tag need no example yet; as soon as the note goes, or the
#: page's examples cover every operation of the tag, the entry must go (the gate says so).
PENDING_GUIDES: dict[str, str] = {}


def test_every_operation_has_an_executed_example(all_ran: DocsSession) -> None:
    failed = set(all_ran.log.failed)
    hits = [hit for owner, hits in all_ran.log.hits.items() if owner not in failed for hit in hits]
    operations = doc.operations(build())

    def covered(operation: doc.Operation) -> bool:
        return any(called(operation, hit) and 200 <= hit.status < 300 for hit in hits)

    pending = {
        tag for tag, page in PENDING_GUIDES.items() if PLACEHOLDER_NOTE in (DOCS / page).read_text()
    }
    stale = sorted(set(PENDING_GUIDES) - pending) + sorted(
        tag for tag in pending if all(covered(op) for op in operations if op.tag == tag)
    )
    assert not stale, (
        f"remove {stale} from PENDING_GUIDES: the page lost its placeholder note, or its "
        "examples cover every operation of the tag now"
    )

    missing = [
        describe(operation)
        for operation in operations
        if not covered(operation) and operation.tag not in pending
    ]
    assert not missing, (
        "these operations of openapi/openapi.yaml have no example on the site that runs "
        f"and gets a 2xx from the sandbox: {missing}"
        + (f"\n(examples that failed, not counted: {sorted(failed)})" if failed else "")
    )


def test_every_python_block_on_the_site_was_run(all_ran: DocsSession, built_site: Path) -> None:
    site = built_site

    ran = {
        normalise_code(example.source)
        for example in python_examples()
        if example_key(example) in all_ran.log.ran
        and example_key(example) not in all_ran.log.failed
    }
    blocks = site_python_blocks(site)
    assert blocks, "the built site has no Python blocks at all: is the HTML markup unchanged?"
    not_run = _not_run(blocks, ran)
    assert not not_run, (
        "these pages show Python code that no example of the harness ran "
        f"(or that failed): {not_run}"
    )


def test_every_javascript_block_on_the_site_was_run(all_ran: DocsSession, built_site: Path) -> None:
    ran = {
        normalise_code(example.source)
        for example in node_examples()
        if example.key in all_ran.log.ran and example.key not in all_ran.log.failed
    }
    blocks = site_javascript_blocks(built_site)
    assert blocks, "the built site has no JavaScript blocks at all: is the HTML markup unchanged?"
    not_run = _not_run(blocks, ran)
    assert not not_run, (
        "these pages show JavaScript code that no Node example of the harness ran "
        f"(or that failed): {not_run}"
    )


def _not_run(blocks: list[tuple[str, str]], ran: set[str]) -> list[str]:
    """The site's blocks whose code no example ran, each as its page and first line."""
    return [
        f"{page}: {normalise_code(code).splitlines()[0] if code.strip() else '(empty)'}"
        for page, code in blocks
        if normalise_code(code) not in ran
    ]


def test_a_wrong_node_output_line_fails_the_check(docs: DocsSession, tmp_path: Path) -> None:
    page = DOCS / "quickstart.md"
    text = page.read_text("utf-8")
    line = re.search(rf"^(?P<indent> *){OUTPUT_MARK} (?P<printed>.+)$", text, re.M)
    assert line, f"{page} has no {OUTPUT_MARK} line to change"
    wrong = "this is not what the example prints"
    copy = tmp_path / page.name
    copy.write_text(text[: line.start("printed")] + wrong + text[line.end("printed") :], "utf-8")
    (example,) = [ex for ex in node_examples(copy) if wrong in ex.source]

    with pytest.raises(pytest.fail.Exception) as failure:
        docs.run_node(example, record=False)

    message = str(failure.value)
    assert "with what it printed as //> lines differs from what the page shows" in message
    diff = message.splitlines()
    assert any(d.startswith("-") and wrong in d for d in diff), message
    assert any(d.startswith("+") and line["printed"] in d for d in diff), message


def test_a_wrong_output_line_fails_the_check(
    docs: DocsSession, eval_example: EvalExample, tmp_path: Path
) -> None:
    page = DOCS / "quickstart.md"
    text = page.read_text("utf-8")
    line = re.search(r"^(?P<indent> *)#> (?P<printed>.+)$", text, re.M)
    assert line, f"{page} has no #> line to change"
    wrong = "this is not what the example prints"
    copy = tmp_path / page.name
    copy.write_text(text[: line.start("printed")] + wrong + text[line.end("printed") :], "utf-8")
    (example,) = [ex for ex in python_examples(copy) if wrong in ex.source]

    with pytest.raises(pytest.fail.Exception) as failure:
        docs.run_python(example, eval_example, mode="check", record=False)

    message = str(failure.value)
    assert "Print output changed code" in message
    diff = message.splitlines()
    assert any(d.lstrip().startswith("-") and wrong in d for d in diff), message
    assert any(d.lstrip().startswith("+") and line["printed"] in d for d in diff), message


def test_a_wrong_curl_output_fails_the_check(docs: DocsSession, tmp_path: Path) -> None:
    page = DOCS / "quickstart.md"
    (shown,) = [ex for ex in shell_examples(page) if ex.output is not None][:1]
    assert shown.output is not None
    text = page.read_text("utf-8")
    body = text[shown.output.body_start : shown.output.body_end]
    changed = body.replace('"model": "aurora"', '"model": "not-aurora"', 1)
    assert changed != body, "the first curl output of the quickstart should name the model"
    copy = tmp_path / page.name
    copy.write_text(text[: shown.output.body_start] + changed + text[shown.output.body_end :])
    example = shell_examples(copy)[shown.ordinal]

    result = docs.run_shell(example, record=False)
    with pytest.raises(pytest.fail.Exception) as failure:
        docs.check_shell_output(example, result, update=False)

    message = str(failure.value)
    assert '-  "model": "not-aurora"' in message
    assert '+  "model": "aurora"' in message
