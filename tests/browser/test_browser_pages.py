"""Every page of the navigation in headless Chromium: it loads with no console error and
no failed request, passes axe-core with no moderate, serious or critical violation, does
not scroll sideways on a 375 px wide phone, and three pages leave full-page screenshots
(light and dark) in `artifacts/screenshots/` for a person to look at.

axe-core is the copy bundled in `axe-playwright-python` (axe 4.12, injected from the
package's `axe.min.js`: nothing is fetched), run in the same visit as the console check
and the phone-width check. axe is most of the time of these tests (about 1 s a page,
mostly its colour-contrast rule; this machine's two CPUs give one CPU's worth of
throughput, so checking two pages at once gains nothing).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from browser_support import (
    BLOCKS,
    DESKTOP,
    DRAW_ALL_CODE,
    FAILING_IMPACTS,
    OVERFLOW_SCRIPT,
    PHONE,
    Watch,
    describe,
    goto,
    overflow_message,
    run_axe,
    scroll_through,
)
from site_under_test import page_slug


def test_every_page_loads_cleanly_passes_axe_and_fits_a_phone(
    new_context: Callable[..., tuple[Any, Watch]], nav_pages: list[str], artifacts: Path
) -> None:
    """One visit per page of the navigation: the load, then axe at desktop width, then the
    same page narrowed to 375 px, where nothing may stick out sideways."""
    context, watch = new_context()
    page = context.new_page()
    problems: list[str] = []
    wide: list[str] = []
    report: dict[str, list[dict[str, Any]]] = {}
    for path in nav_pages:
        page.set_viewport_size(DESKTOP)
        goto(page, watch, path)
        title = page.title()
        assert title and "404" not in title, f"/{path}: title {title!r}"
        violations = run_axe(page)
        report[path] = [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]]}
            for v in violations
        ]
        problems += [describe(path, v) for v in violations if v["impact"] in FAILING_IMPACTS]
        page.set_viewport_size(PHONE)
        overflow = page.evaluate(OVERFLOW_SCRIPT)
        if overflow:
            wide.append(overflow_message(path, overflow))
    problems += watch.problems()

    (artifacts / "axe-report.json").write_text(json.dumps(report, indent=1), "utf-8")
    if watch.console_warnings:
        print("console warnings:\n" + "\n".join(sorted(set(watch.console_warnings))))
    assert not problems, (
        f"{len(problems)} problem(s) on the {len(nav_pages)} pages of the navigation "
        "(axe's findings for every page, any impact: artifacts/axe-report.json):\n"
        + "\n".join(problems)
    )
    assert not wide, "pages that scroll horizontally at 375 px:\n" + "\n".join(wide)


def screenshot_pages(nav_pages: list[str]) -> list[str]:
    """The overview, the quickstart and the first operation page of the API reference
    (the reference's own index when it has no operation page)."""
    reference = [p for p in nav_pages if p.startswith("reference/")]
    operations = [p for p in reference if p.count("/") >= 3]
    chosen = ["", "quickstart/", (operations or reference or nav_pages[-1:])[0]]
    missing = [p for p in chosen if p not in nav_pages]
    assert not missing, f"not in the navigation: {missing}"
    return chosen


def test_screenshots_light_and_dark(
    new_context: Callable[..., tuple[Any, Watch]], nav_pages: list[str], artifacts: Path
) -> None:
    """Full-page screenshots of three pages in both colour schemes, and axe in the dark
    scheme on them (the walk above checks the light one). The dark scheme is the one a
    reader whose system prefers dark gets, with the palette left on "system"."""
    folder = artifacts / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    problems: list[str] = []
    for scheme, material_scheme in (("light", "default"), ("dark", "slate")):
        context, watch = new_context(color_scheme=scheme)
        page = context.new_page()
        for path in screenshot_pages(nav_pages):
            goto(page, watch, path)
            shown = page.evaluate("() => document.body.dataset.mdColorScheme")
            assert shown == material_scheme, f"/{path} with {scheme} preferred: {shown}"
            page.evaluate("() => document.fonts.ready")
            # As a reader sees the page once they have read it: every code block with its
            # copy button, and drawn (a full-page screenshot would show blocks off screen
            # empty).
            scroll_through(page)
            page.add_style_tag(content=DRAW_ALL_CODE)
            blocks = page.evaluate(BLOCKS)
            assert all(b["drawn"] and b["copy"] for b in blocks), f"/{path}: {blocks}"
            file = folder / f"{page_slug(path)}-{scheme}.png"
            page.screenshot(path=str(file), full_page=True, animations="disabled")
            assert file.stat().st_size > 10_000, f"{file}: an empty screenshot?"
            if scheme == "dark":
                problems += [
                    describe(f"{path} (dark)", v)
                    for v in run_axe(page)
                    if v["impact"] in FAILING_IMPACTS
                ]
        problems += [f"({scheme}) {p}" for p in watch.problems(external=False)]
    print(f"screenshots in {folder}")
    assert not problems, "\n".join(problems)
