"""`/llms.txt` read back as llmstxt.org defines the format, with a CommonMark parser
(markdown-it-py): an H1 with the site's name, a blockquote with its summary, Markdown
other than headings, then H2 sections that each hold one list of links, every item a link
optionally followed by `: ` and a description. Anything else is an error, not a guess.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token

#: Where the link of an item ends in its source (the parser has checked it is a link).
_WRITTEN_LINK = re.compile(r"\[(?:\\.|[^\]\\])*\]\([^)]*\)")


@dataclass
class Link:
    title: str
    url: str
    desc: str


@dataclass
class LlmsFile:
    title: str
    summary: str
    info: str
    """The Markdown between the summary and the first section, as written."""
    sections: dict[str, list[Link]] = field(default_factory=dict)


def parse_llms_txt(text: str) -> LlmsFile:
    """The parts of an llms.txt file; ValueError where it departs from the format."""
    blocks = _top_level_blocks(MarkdownIt("commonmark").parse(text))
    if not blocks or not _is_heading(blocks[0], "h1"):
        raise ValueError("llms.txt must start with an H1")
    if len(blocks) < 2 or blocks[1][0].type != "blockquote_open":
        raise ValueError("the H1 must be followed by a blockquote: the summary")
    first_section = next((i for i, b in enumerate(blocks) if _is_heading(b, "h2")), len(blocks))
    if any(_is_heading(block, "h1") for block in blocks[1:]):
        raise ValueError("llms.txt has more than one H1")
    lines = text.splitlines()
    info_start = _end_line(blocks[1])
    info_end = _start_line(blocks[first_section]) if first_section < len(blocks) else len(lines)
    return LlmsFile(
        title=_inline_text(blocks[0]),
        summary=" ".join(_inline_text(blocks[1]).split()),
        info="\n".join(lines[info_start:info_end]).strip("\n"),
        sections=_sections(blocks[first_section:]),
    )


def _top_level_blocks(tokens: list[Token]) -> list[list[Token]]:
    """The tokens grouped by top-level block: each group opens and closes at level 0."""
    blocks: list[list[Token]] = []
    for token in tokens:
        if token.level == 0 and token.nesting >= 0 and not (blocks and _open(blocks[-1])):
            blocks.append([token])
        else:
            blocks[-1].append(token)
    return blocks


def _open(block: list[Token]) -> bool:
    return block[0].nesting == 1 and not (block[-1].level == 0 and block[-1].nesting == -1)


def _is_heading(block: list[Token], tag: str) -> bool:
    return block[0].type == "heading_open" and block[0].tag == tag


def _start_line(block: list[Token]) -> int:
    assert block[0].map is not None
    return block[0].map[0]


def _end_line(block: list[Token]) -> int:
    assert block[0].map is not None
    return block[0].map[1]


def _inline_text(block: list[Token]) -> str:
    return " ".join(token.content for token in block if token.type == "inline")


def _sections(blocks: list[list[Token]]) -> dict[str, list[Link]]:
    sections: dict[str, list[Link]] = {}
    title = ""
    for block in blocks:
        if _is_heading(block, "h2"):
            title = _inline_text(block)
            if title in sections:
                raise ValueError(f"section {title!r} appears twice")
            sections[title] = []
        elif block[0].type == "bullet_list_open" and not sections[title]:
            sections[title] = [_link(item) for item in _list_items(block)]
        else:
            raise ValueError(f"section {title!r} holds {block[0].type}, not one list of links")
    return sections


def _list_items(block: list[Token]) -> list[Token]:
    """The inline token of each item of a list (one paragraph per item)."""
    items = [token for token in block if token.type == "inline"]
    if len(items) != sum(token.type == "list_item_open" for token in block):
        raise ValueError("a list item of a section holds more than one paragraph")
    return items


def _link(inline: Token) -> Link:
    """`[title](url): description` -> Link; ValueError for any other item."""
    children = inline.children or []
    if not children or children[0].type != "link_open":
        raise ValueError(f"a list item does not start with a link: {inline.content!r}")
    close = next(i for i, child in enumerate(children) if child.type == "link_close")
    title = "".join(child.content for child in children[1:close])
    after = children[close + 1 :]
    if after and not (after[0].type == "text" and after[0].content.startswith(":")):
        raise ValueError(f"a link is followed by {inline.content!r}, not `: description`")
    # The description as written (Markdown marks kept), from the item's source.
    written = _WRITTEN_LINK.match(inline.content)
    desc = inline.content[written.end() :] if written else ""
    return Link(title, str(children[0].attrs["href"]), desc.removeprefix(":").strip())
