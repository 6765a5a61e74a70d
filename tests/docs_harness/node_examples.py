"""The Node.js examples of the site: the `js` blocks of each page, and in place of a block
that includes `snippets/` files, each `.mjs` file once (however many pages include it).

A Node example shows what it prints as `//>` comment lines right under the statement that
printed it, as a Python example shows `#>` lines under its `print()`. The harness runs the
code without those lines (`strip_outputs`) and puts what the program printed back in
(`with_outputs`): the example passes when that gives back the code the page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from textwrap import indent

from .blocks import Block, fenced_blocks
from .pages import pages, relative
from .snippets import included_names, snippet_paths

#: The fence language of a Node example. `js` rather than `javascript`: it is what the
#: `.mjs` snippet files and most Markdown sources use, and one name means the built-site
#: gate and the copy-to-Markdown tests look for one class, `language-js`.
NODE_LANGUAGE = "js"
#: Every language a reader would take for JavaScript. A block in one of the others fails
#: the suite (it would be shown but never run): write it as `js`.
JAVASCRIPT_LANGUAGES = frozenset({"js", "javascript", "mjs", "cjs", "jsx", "node"})
#: What starts a line that shows printed output, under the statement that printed it.
OUTPUT_MARK = "//>"
#: Snippet files the harness runs as Node examples.
SNIPPET_SUFFIX = ".mjs"


@dataclass(frozen=True)
class NodeOutput:
    """What one statement printed: `text` goes under line `line` (1-based, of the code
    without output lines), indented like the statement (`indent` columns)."""

    line: int
    indent: int
    text: str


@dataclass
class NodeExample:
    """A Node example: a `js` block of a page, or a whole `snippets/*.mjs` file."""

    path: Path
    """The page holding the block, or the snippet file."""
    source: str
    """The code as the reader sees it, `//>` lines included."""
    block: Block | None = None
    """The block on its page; None for a snippet file."""
    ordinal: int = 0
    """Its position among the page's `js` blocks (stable while outputs are rewritten)."""

    @property
    def language(self) -> str:
        return self.block.fence.language if self.block is not None else NODE_LANGUAGE

    @property
    def key(self) -> str:
        """What the hit log files its requests under: a snippet by its file (it runs
        once), a block by its page and line."""
        return str(self.block) if self.block is not None else relative(self.path)

    def __str__(self) -> str:
        return self.key


def node_examples(*paths: Path) -> list[NodeExample]:
    """Every Node example of the given pages (default: the whole site)."""
    found: list[NodeExample] = []
    seen: set[Path] = set()
    for page in paths or pages():
        for example in page_node_examples(page):
            names = included_names(example.source, example, NODE_LANGUAGE)
            if names is None:
                found.append(example)
                continue
            for path in snippet_paths(example, names, SNIPPET_SUFFIX):
                if path not in seen:
                    seen.add(path)
                    found.append(NodeExample(path, path.read_text("utf-8")))
    return found


def page_node_examples(page: Path, text: str | None = None) -> list[NodeExample]:
    """The JavaScript blocks of one page (of `text`, when given), includes unexpanded."""
    blocks = [b for b in fenced_blocks(page, text) if b.fence.language in JAVASCRIPT_LANGUAGES]
    return [NodeExample(page, b.body, b, ordinal) for ordinal, b in enumerate(blocks)]


def _is_output_line(line: str) -> bool:
    return line.lstrip().startswith(OUTPUT_MARK)


def strip_outputs(source: str) -> str:
    """The code without its `//>` lines: what the harness runs."""
    return "".join(line for line in source.splitlines(keepends=True) if not _is_output_line(line))


def with_outputs(stripped: str, outputs: list[NodeOutput]) -> str:
    """The code with what each statement printed under it, one `//>` line a printed line."""
    lines = stripped.splitlines(keepends=True)
    after: dict[int, list[str]] = {}
    for output in outputs:
        printed = output.text.removesuffix("\n").split("\n")
        after.setdefault(output.line, []).extend(
            (" " * output.indent + f"{OUTPUT_MARK} {text}").rstrip() + "\n" for text in printed
        )
    rendered: list[str] = []
    for number, line in enumerate(lines, start=1):
        rendered.append(line if line.endswith("\n") else line + "\n")
        rendered.extend(after.get(number, []))
    return "".join(rendered)


@dataclass
class NodeUpdate:
    """The code a Node example should show, printed output included."""

    example: NodeExample
    code: str


def apply_node_updates(updates: list[NodeUpdate]) -> list[str]:
    """Rewrite Node examples in place (`--update-examples`): snippet files whole, blocks
    in their pages, re-read now (after pytest-examples and the curl outputs have rewritten
    theirs), last block first so the offsets of the others stay right."""
    report: list[str] = []
    by_page: dict[Path, list[NodeUpdate]] = {}
    for update in updates:
        if update.example.block is None:
            update.example.path.write_text(update.code, "utf-8")
            report.append(f"  {relative(update.example.path)} updated")
        else:
            by_page.setdefault(update.example.path, []).append(update)
    for page, page_updates in sorted(by_page.items()):
        text = page.read_text("utf-8")
        blocks = page_node_examples(page, text)
        for update in sorted(page_updates, key=lambda u: u.example.ordinal, reverse=True):
            block = blocks[update.example.ordinal].block
            assert block is not None
            body = indent(update.code, block.fence.prefix, lambda line: bool(line.strip()))
            text = text[: block.body_start] + body + text[block.body_end :]
        page.write_text(text, "utf-8")
        report.append(f"  {relative(page)} {len(page_updates)} js block(s) updated")
    return report
