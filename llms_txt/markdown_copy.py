"""A page's Markdown copy, written from its source rather than from its HTML.

mkdocs-llmstxt (0.5.1) converts each page's rendered HTML back to Markdown. On this site
that loses what a reader of the copy needs most: code blocks come out without their
language (Material puts `language-*` on the `<div>` around `<pre>`, where the converter
does not look), content tabs lose their labels (its cleaner deletes them, so the Python,
httpx and curl versions of an example run together), and admonition titles become plain
paragraphs. The source has all of it, so the copy is made from the source instead, after
the build's own Markdown preprocessing (generated tables) has run:

- `--8<-- "file"` snippet lines are replaced by the file (from `snippets/`);
- content tabs (`=== "Python"`) become a bold label followed by the tab's content;
- admonitions (`!!! note "Title"`, `??? example`) become blockquotes that start with the
  title in bold;
- `::: package.module.Object` (mkdocstrings) becomes the object's signature and docstrings;
- code fences keep their language (and `title="…"`), and their code is left untouched;
- relative links become absolute links to the other pages' `.md` copies;
- HTML comments, `<div>`/`<span>` wrappers and attribute lists (`{#id}`) are removed.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from textwrap import dedent
from urllib.parse import urljoin, urlsplit

from .page_source import Fence, block_end, fence_at, fences_of_lines, include_at, tab_at

_ADMONITION = re.compile(
    r"^(?P<indent> *)(?P<kind>!!!|\?\?\?\+?)\s+(?P<type>[\w-]+)(?:[ \w-]*?)?"
    r'(?:\s+"(?P<title>[^"]*)")?\s*$'
)
_AUTODOC = re.compile(r"^(?P<indent> *):::\s+(?P<identifier>[\w.]+)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_HTML_WRAPPER = re.compile(r"</?(?:div|span)\b[^>]*>", re.I)
_ATTR_LIST = re.compile(r"(?<=[`)\]*_])\{:?\s*[#.][^{}\n]*\}|\s*\{:?\s*[#.][^{}\n]*\}\s*$")
_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:`[^`\n]*`|[^\]`\n])*)\]\((?P<target>[^)\s]+)(?P<title>\s+\"[^\"]*\")?\)"
)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_REFERENCE = re.compile(r"^(?P<label>\s{0,3}\[[^\]]+\]:\s*)(?P<target>\S+)(?P<rest>.*)$")


@dataclass
class Context:
    """Where the page lives and what it may include."""

    src_uri: str
    """The page's source path, such as `reference/chat/create-chat-completion.md`."""
    site_url: str
    """The site's root URL, ending with `/`."""
    snippet_dirs: list[Path]
    autodoc: Callable[[str], str] | None = None
    """Markdown for a `::: identifier` line (see `llms_txt.autodoc`)."""


def copy_url(src_uri: str, site_url: str) -> str:
    """Where the Markdown copy of a page is published: the page's URL with `.md` added,
    or `index.md` for a directory URL. For MkDocs' directory URLs that is the source path:
    `chat.md` is served at `/chat/`, its copy at `/chat.md`."""
    return urljoin(site_url, src_uri)


def to_markdown(source: str, context: Context, *, title: str | None = None) -> str:
    """The Markdown copy of a page, from the Markdown the build renders."""
    text = _expand_snippets(source, context)
    text = _convert_blocks(text.splitlines(), context)
    text = _outside_code(text, lambda chunk: _clean_prose(chunk, context))
    text = text.strip("\n") + "\n"
    if title and not re.match(r"#\s", text):
        text = f"# {title}\n\n{text}"
    return text


# --- snippets ----------------------------------------------------------------------------


def _expand_snippets(text: str, context: Context, depth: int = 0) -> str:
    out: list[str] = []
    for line in text.splitlines():
        found = include_at(line)
        if not found:
            out.append(line)
            continue
        pad, name = found
        path = next((d / name for d in context.snippet_dirs if (d / name).is_file()), None)
        if path is None:
            raise FileNotFoundError(f"{context.src_uri}: snippet {name!r} not found")
        included = path.read_text("utf-8").rstrip("\n")
        if depth < 4:
            included = _expand_snippets(included, context, depth + 1)
        out.extend(pad + line if line.strip() else "" for line in included.splitlines())
    return "\n".join(out)


# --- tabs, admonitions, autodoc, fences --------------------------------------------------------


def _content(lines: list[str], start: int, end: int) -> list[str]:
    return dedent("\n".join(lines[start:end])).splitlines()


def _convert_blocks(lines: list[str], context: Context) -> str:
    """Tabs, admonitions and `:::` lines converted (recursively: a tab holds fences and
    admonitions); fences copied with a clean info string and their code untouched."""
    out: list[str] = []
    index = 0
    while index < len(lines):
        converted, index = _convert_block(lines, index, context)
        out += converted
    return "\n".join(out)


def _convert_block(lines: list[str], index: int, context: Context) -> tuple[list[str], int]:
    """The copy of the block that starts at `lines[index]`, and the index after it."""
    fence = fence_at(lines, index)
    if fence:
        opening = fence.prefix + fence.mark + _fence_info(fence)
        return [opening, *lines[index + 1 : fence.end]], fence.end
    tab = tab_at(lines, index)
    if tab:
        inner = _convert_blocks(_content(lines, index + 1, tab.end), context).strip("\n")
        body = [tab.indent + line if line.strip() else "" for line in inner.splitlines()]
        return ["", f"{tab.indent}**{tab.label}**", "", *body, ""], tab.end
    admonition = _ADMONITION.match(lines[index])
    if admonition:
        return _convert_admonition(lines, index, admonition, context)
    autodoc = _AUTODOC.match(lines[index])
    if autodoc and context.autodoc is not None:
        end = block_end(lines, index + 1, len(autodoc["indent"]))  # its `options:`
        return ["", context.autodoc(autodoc["identifier"]).strip("\n"), ""], end
    return [lines[index]], index + 1


def _convert_admonition(
    lines: list[str], index: int, admonition: re.Match[str], context: Context
) -> tuple[list[str], int]:
    """`!!! note "Title"` and its content as a blockquote that starts with the title."""
    end = block_end(lines, index + 1, len(admonition["indent"]))
    inner = _convert_blocks(_content(lines, index + 1, end), context).strip("\n")
    title = admonition["title"]
    if title is None:
        title = admonition["type"].replace("-", " ").capitalize()
    quoted = [f"**{title}**"] if title else []
    if inner:
        quoted += ["", *inner.splitlines()]
    prefix = admonition["indent"]
    return ["", *(f"{prefix}> {line}".rstrip() for line in quoted), ""], end


def _fence_info(fence: Fence) -> str:
    """`python hl_lines="6 7"` -> `python`; `json title="Output"` stays as it is."""
    title = fence.title
    return fence.language + (f' title="{title}"' if title is not None else "")


# --- prose -------------------------------------------------------------------------------------


def _outside_code(text: str, convert: Callable[[str], str]) -> str:
    """Apply `convert` to the text between fenced code blocks only (fences inside the
    blockquotes made of admonitions included)."""
    lines = text.split("\n")
    out: list[str] = []
    position = 0
    for fence in fences_of_lines(lines):
        out.append(convert("\n".join(lines[position : fence.opening])))
        out.append("\n".join(lines[fence.opening : fence.end]))
        position = fence.end
    out.append(convert("\n".join(lines[position:])))
    return "\n".join(out)


def _clean_prose(text: str, context: Context) -> str:
    text = _COMMENT.sub("", text)
    text = "\n".join(_clean_line(line, context) for line in text.split("\n"))
    return re.sub(r"\n(?:[ >]*\n){2,}", "\n\n", text)  # blank runs left by removals


def _clean_line(line: str, context: Context) -> str:
    reference = _REFERENCE.match(line)
    if reference:
        target = _absolute(reference["target"], context)
        return reference["label"] + target + reference["rest"]
    # Inline code is left alone (it may hold braces, tags or brackets on purpose), but a
    # link's text may contain some.
    spans = [m.span() for m in _CODE_SPAN.finditer(line)]

    def in_code(position: int) -> bool:
        return any(start <= position < end for start, end in spans)

    def relink(match: re.Match[str]) -> str:
        return match.group(0) if in_code(match.start()) else _relink(match, context)

    line = _LINK.sub(relink, line)
    spans = [m.span() for m in _CODE_SPAN.finditer(line)]
    out: list[str] = []
    position = 0
    for start, end in [*spans, (len(line), len(line))]:
        prose = _HTML_WRAPPER.sub("", line[position:start])
        out += [prose, line[start:end]]
        position = end
    joined = "".join(out)
    return _ATTR_LIST.sub("", joined) if "{" in joined else joined


def _relink(match: re.Match[str], context: Context) -> str:
    target = _absolute(match["target"], context)
    return f"{match['bang']}[{match['text']}]({target}{match['title'] or ''})"


def _absolute(target: str, context: Context) -> str:
    """A link of the page, made absolute: pages point to their `.md` copies."""
    parts = urlsplit(target)
    if parts.scheme or target.startswith(("#", "/", "mailto:")):
        return target
    base = posixpath.dirname(context.src_uri)
    path = posixpath.normpath(posixpath.join(base, parts.path)) if parts.path else context.src_uri
    if path == ".":
        path = ""
    if parts.path.endswith("/") and path:
        path += "/index.md"  # a directory URL: its copy is its index.md
    url = urljoin(context.site_url, path)
    return url + (f"#{parts.fragment}" if parts.fragment else "")
