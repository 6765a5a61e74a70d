"""Code blocks off screen cost nothing while the page loads: they are left undrawn
(`content-visibility: auto` in docs/assets/extra.css) and Material gives them their copy
button only when they come into view (`content.lazy` in mkdocs.yml). Lighthouse's mobile
score of the long guides depends on both. A reader cannot tell: the page is as tall before
the blocks are drawn as after (the placeholder heights of site_hooks/code_heights.py), every
block has its copy button by the time it is on screen, and a block that scrolls sideways is
focusable for the keyboard as soon as it is drawn (docs/assets/a11y.js)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from browser_support import BLOCKS, HEIGHT, PHONE, Watch, goto, scroll_through
from playwright.sync_api import Page
from playwright.sync_api import TimeoutError as PlaywrightTimeout

#: How long a drawn wide block may take to become focusable: the browser's
#: `contentvisibilityautostatechange` event comes a task after the drawing, later on a
#: loaded machine. A block still unfocusable after it is reported by the test.
_SETTLE_MS = 2000


def test_code_blocks_off_screen_wait_undrawn_and_the_page_does_not_jump(
    new_context: Callable[..., tuple[Any, Watch]],
) -> None:
    context, watch = new_context(viewport=PHONE)
    page = context.new_page()
    goto(page, watch, "chat/")
    page.wait_for_timeout(300)
    blocks = page.evaluate(BLOCKS)
    assert len(blocks) > 10, blocks
    assert blocks[0]["drawn"], "the first code block of the chat guide is not drawn"
    assert not blocks[-1][
        "drawn"
    ], "the last code block of the chat guide is drawn at load: content-visibility is off"
    assert not blocks[-1][
        "copy"
    ], "the last code block of the chat guide has its copy button at load: content.lazy is off"
    before = page.evaluate(HEIGHT)
    scroll_through(page)
    after = page.evaluate(HEIGHT)
    missing = [i for i, block in enumerate(page.evaluate(BLOCKS)) if not block["copy"]]
    assert not missing, f"code blocks with no copy button after scrolling past them: {missing}"
    assert abs(after - before) <= 2, (
        f"the page was {before} px tall before its code blocks were drawn and {after} px"
        " after: the placeholder heights are wrong"
    )
    assert not watch.feature_problems(), watch.feature_problems()


def test_a_wide_code_block_becomes_focusable_when_it_comes_into_view(
    new_context: Callable[..., tuple[Any, Watch]],
) -> None:
    """At phone width with a pointer that hovers (where Material makes wide blocks
    focusable): every block that scrolls sideways, from the moment it is drawn. The browser
    draws a block a little before it reaches the screen, before Material mounts it, so the
    blocks just below the screen are checked as well as the one on it."""
    context, watch = new_context(viewport=PHONE)
    page = context.new_page()
    goto(page, watch, "chat/")
    assert page.evaluate("() => matchMedia('(hover)').matches")
    blocks = page.evaluate(BLOCKS)
    # Only drawn blocks are measured: a skipped block measures as fitting.
    wide: dict[int, bool] = {}
    for index in range(len(blocks)):
        page.locator("article pre > code:visible").nth(index).scroll_into_view_if_needed()
        for seen, state in enumerate(_settled_blocks(page)):
            if state["drawn"] and state["wide"]:
                wide[seen] = wide.get(seen, True) and state["focusable"]
    assert len(wide) >= 3, f"fewer than 3 wide code blocks on the chat guide at 375 px: {wide}"
    unfocusable = [index for index, focusable in wide.items() if not focusable]
    assert not unfocusable, f"wide blocks drawn but not focusable: {unfocusable} of {wide}"
    assert not watch.feature_problems(), watch.feature_problems()


def _settled_blocks(page: Page) -> list[dict[str, bool]]:
    """The blocks' states once every drawn wide block is focusable, read in the same
    moment as that check (the browser goes on drawing between two evaluations); after
    `_SETTLE_MS`, the states as they are, for the caller to report."""
    settled = (
        f"() => {{ const s = ({BLOCKS})();"
        " return s.every(b => !(b.drawn && b.wide) || b.focusable) && s }"
    )
    try:
        return page.wait_for_function(settled, timeout=_SETTLE_MS).json_value()
    except PlaywrightTimeout:
        return page.evaluate(BLOCKS)
