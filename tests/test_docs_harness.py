"""The docs harness's parts that no example test exercises alone: `--update-examples` on a
page and a snippet it includes, the page source reader, and matching hits to operations."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytest_examples import find_examples
from pytest_examples.modify_files import _modify_files

from api_reference import document as doc
from llms_txt.page_source import fences, includes, tab_at

from docs_harness.hits import Hit
from docs_harness.operations import called
from docs_harness.python_examples import snippet_example

PAGE = """# A page

```python
print("hello")
#> hello
```
"""
SNIPPET = 'print("bye")\n#> bye\n'


def test_a_page_and_a_snippet_are_updated_in_one_run(tmp_path: Path) -> None:
    page, snippet = tmp_path / "page.md", tmp_path / "snippet.py"
    page.write_text(PAGE, "utf-8")
    snippet.write_text(SNIPPET, "utf-8")
    [on_page] = find_examples(page)
    in_snippet = snippet_example(snippet)
    assert snippet_example(snippet).group == in_snippet.group, "a snippet's group changes"

    # pytest-examples' own update step, with the outputs an updating run would print
    report = _modify_files(
        [
            dataclasses.replace(on_page, source=on_page.source.replace("#> hello", "#> hi")),
            dataclasses.replace(in_snippet, source=SNIPPET.replace("#> bye", "#> ciao")),
        ]
    )

    assert "2 file(s)" in report, report
    assert page.read_text("utf-8") == PAGE.replace("#> hello", "#> hi")
    assert snippet.read_text("utf-8") == SNIPPET.replace("#> bye", "#> ciao")


TABBED = """=== "Python"

    ```python
    --8<-- "hello.py"
    ```

=== "curl"

    ````markdown
    ```bash
    curl https://api.metalai.org/v1/models
    ```
    ````

Prose after the tabs.
"""


def test_the_page_source_reader_finds_fences_under_tabs_and_their_includes() -> None:
    lines = TABBED.splitlines()
    python_tab = tab_at(lines, 0)
    assert python_tab is not None and python_tab.label == "Python"
    assert lines[python_tab.end - 1] == "    ```", "the tab ends with its last content line"
    found = fences(TABBED)
    # The ```` fence holds a ``` one: that is code shown, not a block of its own.
    assert [(fence.language, fence.prefix) for fence in found] == [
        ("python", "    "),
        ("markdown", "    "),
    ]
    assert found[1].code == "```bash\ncurl https://api.metalai.org/v1/models\n```\n"
    assert includes(found[0].code) == ["hello.py"]
    assert all(fence.closed for fence in found)
    assert not fences("```python\nprint('never closed')\n")[0].closed


def test_a_hit_counts_for_the_operation_whose_path_template_it_matches() -> None:
    [retrieve] = [op for op in doc.operations() if op.operation_id == "retrieveWebhookEndpoint"]
    assert called(retrieve, Hit("GET", "/v1/webhook_endpoints/we_1", 200))
    assert not called(retrieve, Hit("DELETE", "/v1/webhook_endpoints/we_1", 200))
    assert not called(retrieve, Hit("GET", "/v1/webhook_endpoints/we_1/deliveries", 200))
    assert not called(retrieve, Hit("GET", "/webhook_endpoints/we_1", 200))
