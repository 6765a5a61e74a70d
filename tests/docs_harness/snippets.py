"""The `snippets/` files a block includes with `--8<--`, for every example language: a
block either holds code or only include lines, and each included file must exist (with
the language's suffix, where it has one)."""

from __future__ import annotations

from pathlib import Path

from llms_txt.page_source import include_at

from .pages import SNIPPETS


def included_names(source: str, where: object, language: str) -> list[str] | None:
    """The files a block includes, or None for a block of plain code."""
    lines = [line for line in source.splitlines() if line.strip()]
    names = [found[1] for line in lines if (found := include_at(line))]
    if not names:
        return None
    if len(names) != len(lines):
        raise ValueError(
            f"{where}: a {language} block either includes snippet files or holds code, not both"
        )
    return names


def snippet_paths(where: object, names: list[str], suffix: str | None = None) -> list[Path]:
    """The included files in `snippets/`; a missing one, or one of another language, is
    an error of the page."""
    paths = [(SNIPPETS / name).resolve() for name in names]
    for name, path in zip(names, paths, strict=True):
        if not path.is_file() or (suffix is not None and path.suffix != suffix):
            kind = f"a {suffix} file" if suffix else "a file"
            raise FileNotFoundError(f"{where}: snippet {name!r} is not {kind} of snippets/")
    return paths
