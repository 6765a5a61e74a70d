"""How a page tells its reader to start the sandbox: the `metal-sandbox ...` line of one of
its shell blocks, flags included (`metal-sandbox --rpm 0` on the webhooks page). A page
without one is run the way the sandbox page starts it, with no flags.

The suite runs each page's examples with the limits that line sets, and the reader's run
starts the sandbox with it, so a page whose examples need a flag must say so where the
reader starts the sandbox.
"""

from __future__ import annotations

import shlex
from argparse import Namespace
from functools import cache
from pathlib import Path

from metal_sandbox.cli import parse_args

from .blocks import fenced_blocks
from .curl import SHELL_LANGUAGES

#: The command a reader types; the console script `pip install` puts on their PATH.
COMMAND = "metal-sandbox"


@cache
def sandbox_flags(page: Path) -> tuple[str, ...]:
    """The flags of the first `metal-sandbox` command on the page, or none."""
    for block in fenced_blocks(page):
        if block.fence.language not in SHELL_LANGUAGES:
            continue
        for line in block.body.splitlines():
            command = line.removeprefix("$ ").strip()
            if command.split(maxsplit=1)[:1] == [COMMAND]:
                return tuple(shlex.split(command, comments=True)[1:])
    return ()


def sandbox_args(page: Path) -> Namespace:
    """The page's command as the CLI reads it (an unknown flag fails here, as for a
    reader)."""
    return parse_args(list(sandbox_flags(page)))
