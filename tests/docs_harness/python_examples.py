"""The Python examples of the site, as pytest-examples runs them: the blocks of each page,
and in place of a block that includes `snippets/` files, each file once (however many
pages include it)."""

from __future__ import annotations

from pathlib import Path
from uuid import NAMESPACE_URL, uuid5

from pytest_examples import CodeExample, EvalExample, find_examples
from pytest_examples.run_code import InsertPrintStatements

from llms_txt.page_source import fence_language

from .pages import pages, relative
from .snippets import included_names, snippet_paths

#: Fence languages the harness runs as Python, and that the built-site gate checks.
PYTHON_LANGUAGES = frozenset({"py", "py3", "python", "python3"})
#: Line length of every Python example (black, via pytest-examples).
EXAMPLE_LINE_LENGTH = 88


class SnippetExample(CodeExample):
    """A whole file of `snippets/`, shown on a page with `--8<-- "name.py"`.

    pytest-examples treats `.py` paths as docstring examples (it squeezes blank lines and
    quotes output with `'''`); a snippet is a complete program, formatted like one.
    """

    def in_py_file(self) -> bool:
        return False


def snippet_example(path: Path) -> SnippetExample:
    """The example that runs (and rewrites) the snippet file itself."""
    source = path.read_text("utf-8")
    return SnippetExample(
        source=source,
        path=path,
        start_line=0,
        end_line=source.count("\n"),
        start_index=0,
        end_index=len(source),
        prefix="python",
        indent=0,
        # pytest-examples sorts the examples it rewrites by group: every example needs one
        # (a page's all share theirs), or a run that updates a page and a snippet crashes.
        group=uuid5(NAMESPACE_URL, path.resolve().as_uri()),
    )


def snippet_includes(example: CodeExample) -> list[str] | None:
    """The files a block includes with `--8<--`, or None for a block of plain code."""
    return included_names(example.source, example, "Python")


def python_examples(*paths: Path) -> list[CodeExample]:
    """Every Python example of the given pages (default: the whole site)."""
    found: list[CodeExample] = []
    seen: set[Path] = set()
    for page in paths or pages():
        for example in find_examples(page):
            if fence_language(example.prefix) not in PYTHON_LANGUAGES:
                continue
            names = snippet_includes(example)
            if names is None:
                found.append(example)
                continue
            for path in snippet_paths(example, names):
                if path not in seen:
                    seen.add(path)
                    found.append(snippet_example(path))
    return found


def example_key(example: CodeExample) -> str:
    """What the hit log files an example's requests under: a snippet by its file (it runs
    once), a block by its page and line."""
    if isinstance(example, SnippetExample):
        return relative(example.path)
    return f"{relative(example.path)}:{example.start_line}"


def configure_lint(eval_example: EvalExample) -> None:
    """Black at 88 columns with double quotes, and ruff (the repository's rules plus isort
    and pyupgrade for Python 3.11); line length itself is left to black."""
    eval_example.set_config(
        line_length=EXAMPLE_LINE_LENGTH,
        quotes="double",
        target_version="py311",  # type: ignore[arg-type]  # black and ruff both accept it
        isort=True,
        upgrade=True,
    )


def run_capturing_prints(eval_example: EvalExample, example: CodeExample) -> InsertPrintStatements:
    """Run the example with its prints captured, and return them rather than fail: the
    suite checks how they are shown before it compares them, and the reader's run compares
    them masked. pytest-examples has no public call for it; `_run` is what its own
    `run_print_check` calls."""
    printed, _ = eval_example._run(example, "check", None, True, None)
    return printed
