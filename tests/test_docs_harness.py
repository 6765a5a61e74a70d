"""The docs harness's part in `--update-examples`: a run that rewrites the `#>` lines of a
page and of a snippet it includes must update both files."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from pytest_examples import find_examples
from pytest_examples.modify_files import _modify_files

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
