"""A page shows what a program prints, not a reformatting of it.

pytest-examples writes a `print()` whose line is too long as a `\"\"\"` block with each
argument on a line of its own, and a dict or list argument formatted by black across
lines. The program printed one line: the page would show two, or a dict laid out as code.
So a print whose output does not fit on one `#>` line must take one string argument,
which the block then shows as it was printed.
"""

from __future__ import annotations

from pytest_examples import CodeExample
from pytest_examples.run_code import (
    InsertPrintStatements,
    PrintStatement,
    comment_prefix,
    find_print_location,
)


def unfaithful_prints(example: CodeExample, printed: InsertPrintStatements) -> list[str]:
    """The prints of a run that the page would show otherwise than they printed."""
    statements = printed.print_statements()
    line_length = printed.config.line_length
    found = []
    for statement in statements:
        _, column = find_print_location(example, statement.line_no)
        if _fits_one_line(statement, line_length - column) or _one_string(statement):
            continue
        found.append(
            f"line {statement.line_no + example.start_line}: print() of "
            f"{len(statement.args)} argument(s), shown reformatted across lines; print one "
            "string (an f-string, or json.dumps(...) for a dict) or split the print"
        )
    return found


def _fits_one_line(statement: PrintStatement, room: int) -> bool:
    single = str(statement)
    return "\n" not in single and len(single) + len(comment_prefix) < room


def _one_string(statement: PrintStatement) -> bool:
    return len(statement.args) == 1 and statement.args[0].is_str
