"""Helpers of the browser tests: watching a browser context for what goes wrong, and
loading a page."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from axe_playwright_python.base import AXE_SCRIPT
from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

#: Desktop size of the tests (Material shows both sidebars from 76.25em = 1220 px).
DESKTOP = {"width": 1280, "height": 900}
#: The phone of the issue: 375 px wide.
PHONE = {"width": 375, "height": 812}
#: axe impacts that fail a test; `minor` ones go to the report only.
FAILING_IMPACTS = ("moderate", "serious", "critical")
AXE_OPTIONS = {"resultTypes": ["violations"]}


@dataclass
class Watch:
    """What went wrong while a page (and its instant navigations, its workers) ran."""

    site_url: str
    console_errors: list[str] = field(default_factory=list)
    console_warnings: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    external_requests: list[str] = field(default_factory=list)
    #: While True, requests the browser cancels (`net::ERR_ABORTED`) are not failures:
    #: leaving a page cancels what it still had in flight.
    leaving: bool = False

    def problems(self, *, external: bool = True) -> list[str]:
        """Console errors, failed requests of the site and, unless `external` is False,
        requests to other hosts (which the tests of one feature leave to the page walk
        and the instant-navigation test)."""
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"failed request: {text}" for text in self.failed_requests]
            + [
                f"request to another host (the site must not need one): {url}"
                for url in (self.external_requests if external else [])
            ]
        )

    def feature_problems(self) -> str:
        return "\n".join(self.problems(external=False))

    def clear(self) -> None:
        self.console_errors.clear()
        self.console_warnings.clear()
        self.failed_requests.clear()
        self.external_requests.clear()

    def attach(self, context: BrowserContext) -> None:
        """Watch every page, worker and request of `context`."""

        def on_console(message: Any) -> None:
            source = (message.location or {}).get("url", "")
            if message.text.startswith("Failed to load resource") and not source.startswith(
                self.site_url
            ):
                return  # a request to another host: reported as such
            text = f"{message.text}{_where(message.page, message.location)}"
            if message.type == "error":
                self.console_errors.append(text)
            elif message.type == "warning":
                self.console_warnings.append(text)

        def on_failed(request: Any) -> None:
            failure = request.failure or "failed"
            if self.leaving and "ERR_ABORTED" in failure:
                return
            if not request.url.startswith(self.site_url):
                if request.url not in self.external_requests:
                    self.external_requests.append(request.url)
                return
            self.failed_requests.append(
                f"{request.method} {request.url}: {failure}{_where(_page_of(request))}"
            )

        def on_response(response: Any) -> None:
            if response.status >= 400:
                request = response.request
                self.failed_requests.append(
                    f"{request.method} {response.url}: HTTP {response.status}"
                    f"{_where(_page_of(request))}"
                )

        context.on("console", on_console)
        context.on(
            "weberror",
            lambda error: self.console_errors.append(f"uncaught {error.error}{_where(error.page)}"),
        )
        context.on("requestfailed", on_failed)
        context.on("response", on_response)


def _page_of(request: Any) -> Page | None:
    try:
        return request.frame.page
    except Exception:  # a worker's request has no frame
        return None


def _where(page: Page | None, location: dict[str, Any] | None = None) -> str:
    """` (on /chat/, at .../bundle.js:12)`: where a message came from."""
    parts = []
    if page is not None:
        parts.append(f"on {page.url}")
    if location and location.get("url"):
        parts.append(f"at {location['url']}:{location.get('lineNumber', 0)}")
    return f" ({', '.join(parts)})" if parts else ""


def goto(page: Page, watch: Watch, url: str) -> None:
    """Load `url` (relative to the site) and wait for its `load` event."""
    watch.leaving = True
    try:
        response = page.goto(url, wait_until="load")
    finally:
        watch.leaving = False
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


#: True once docs/assets/a11y.js has made every table wrapper and code block that overflows
#: focusable (it waits for an idle moment after the page loads, which a busy machine delays).
SCROLLERS_SETTLED = """() => [
    ...document.querySelectorAll('.md-typeset__scrollwrap'),
    ...(matchMedia('(hover)').matches ? document.querySelectorAll('.md-typeset pre > code') : []),
].every(box => box.scrollWidth <= box.clientWidth + 1 || box.tabIndex === 0)"""


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's violations on `page` (injected from the package's own copy), once the
    page's own accessibility script has run; if it never does, axe reports what is left."""
    with contextlib.suppress(PlaywrightTimeoutError):
        page.wait_for_function(SCROLLERS_SETTLED, timeout=5_000)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)",
        AXE_OPTIONS,
    )


def describe(path: str, violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    lines = [
        f"/{path}: {violation['id']} ({violation['impact']}): {violation['help']} "
        f"[{len(nodes)} element(s)] {violation['helpUrl']}"
    ]
    for node in nodes[:8]:
        checks = node.get("any", []) + node.get("all", []) + node.get("none", [])
        message = checks[0]["message"] if checks else ""
        lines.append(f"    {' '.join(node['target'])}: {message}")
        lines.append(f"        {node['html'][:200]}")
    if len(nodes) > 8:
        lines.append(f"    ... and {len(nodes) - 8} more")
    return "\n".join(lines)


OVERFLOW_SCRIPT = """() => {
  const width = document.documentElement.clientWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width + 1) return null;
  // The elements that stick out, outside any scrolling container (for the message).
  const culprits = [];
  for (const el of document.querySelectorAll("body *")) {
    const box = el.getBoundingClientRect();
    if (box.right <= width + 1 || box.width === 0) continue;
    let clipped = false;
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const style = getComputedStyle(up);
      if (style.overflowX !== "visible" || style.position === "fixed") { clipped = true; break; }
    }
    if (!clipped) {
      const name = el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
        + (el.className && typeof el.className === "string"
           ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      culprits.push(`${name} (right edge at ${Math.round(box.right)} px)`);
      if (culprits.length >= 5) break;
    }
  }
  return {width, scroll, culprits};
}"""


def overflow_message(path: str, overflow: dict[str, Any]) -> str:
    return (
        f"/{path}: {overflow['scroll']} px of content in a {overflow['width']} px viewport; "
        f"sticking out: {', '.join(overflow['culprits']) or '?'}"
    )


def clipboard_after(page: Page, action: Any, timeout: float = 5.0) -> str:
    """Put a marker on the clipboard, run `action()`, and return the clipboard once it
    holds something else (or the marker, after `timeout` seconds)."""
    marker = "(nothing copied)"
    page.evaluate("marker => navigator.clipboard.writeText(marker)", marker)
    action()
    deadline = time.monotonic() + timeout
    while True:
        text = page.evaluate("() => navigator.clipboard.readText()")
        if text != marker or time.monotonic() > deadline:
            return text
        page.wait_for_timeout(50)


# -- code blocks ------------------------------------------------------------------------

#: Per code block shown (not in a hidden tab): drawn or skipped (`content-visibility: auto`
#: leaves blocks off screen undrawn), with or without its copy button (Material adds it when
#: the block comes into view), wider than its box, focusable.
BLOCKS = """() => [...document.querySelectorAll("article pre > code")]
  .filter(code => code.offsetParent !== null)
  .map(code => ({
    drawn: code.firstElementChild === null
      || code.firstElementChild.checkVisibility({contentVisibilityAuto: true}),
    copy: code.closest("pre").querySelector("button[data-md-type='copy']") !== null,
    wide: code.scrollWidth > code.clientWidth + 1,
    focusable: code.tabIndex === 0,
  }))"""
HEIGHT = "() => document.documentElement.scrollHeight"
#: For a full-page screenshot: every code block drawn, on screen or not.
DRAW_ALL_CODE = ".md-typeset pre > code { content-visibility: visible !important; }"


def scroll_through(page: Page) -> None:
    """Scroll to the bottom half a phone screen at a time, as a reader does, then back to
    the top."""
    y = 0
    while y < page.evaluate(HEIGHT):
        y += PHONE["height"] // 2
        page.evaluate(f"window.scrollTo(0, {y})")
        page.wait_for_timeout(50)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(200)
