"""Two stand-ins inside pytest-examples (0.0.18), for the tests that run examples.

pytest-examples offers no hook for either: `run_code` calls `create_example_traceback`
and `inspect.stack()` through its module's own names, so those names are what is
replaced, for one test at a time (`install`). Remove each when pytest-examples fixes it.
"""

from __future__ import annotations

import inspect
import sys
from types import FrameType
from typing import Any

import pytest
import pytest_examples.run_code
from pytest_examples import CodeExample

from .pages import relative


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytest_examples.run_code, "create_example_traceback", locate_failure)
    monkeypatch.setattr(pytest_examples.run_code, "inspect", _FRAMES_WITHOUT_SOURCE)


def locate_failure(exc: BaseException, module_path: str, example: CodeExample) -> None:
    """Stand-in for pytest-examples' `create_example_traceback`.

    On Python 3.11 that function builds its fake code objects with `co_lnotab` where
    `types.CodeType` takes `co_linetable` (`pytest_examples/traceback.py`, the 3.11
    branch of `create_custom_frame`), and pytest then crashes (INTERNALERROR, the session
    ends) while printing the failure of any example that raises. No upstream issue was
    found for it. This keeps the real traceback and adds a note that maps the lines of
    the temporary module back to the page.
    """
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == module_path:
            exc.add_note(
                f"example line {tb.tb_lineno} is {relative(example.path)}:"
                f"{tb.tb_lineno + example.start_line}"
            )
        tb = tb.tb_next
    return None


class _FramesWithoutSource:
    """`inspect` for pytest-examples' print capture, whose `stack()` skips reading source.

    The capture (`MockPrintFunction.__call__`) finds each `print`'s caller with
    `inspect.stack()`, which looks up the source file and module of every frame on the
    stack: with the SDK and the sandbox loaded, milliseconds per print. The capture uses
    only the frames themselves, their files and line numbers, which the frames hold.
    """

    def __getattr__(self, name: str) -> Any:
        return getattr(inspect, name)

    @staticmethod
    def stack(context: int = 0) -> list[inspect.FrameInfo]:
        """The caller's frames, outermost last, as `inspect.stack()` lists them."""
        frames = []
        frame: FrameType | None = sys._getframe(1)
        while frame is not None:
            code = frame.f_code
            frames.append(
                inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None)
            )
            frame = frame.f_back
        return frames


_FRAMES_WITHOUT_SOURCE = _FramesWithoutSource()
