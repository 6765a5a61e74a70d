"""What a reader does on the site, in headless Chromium: search, the copy button of code
blocks, the linked language tabs, the light/dark toggle, Material's instant navigation,
and the navigation drawer on a 375 px wide phone. The last test makes sure the checks
of these tests (console, requests, axe, overflow) do catch what they are meant to."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser_support import (
    OVERFLOW_SCRIPT,
    PHONE,
    Watch,
    clipboard_after,
    goto,
    run_axe,
)
from playwright.sync_api import Locator, Page
from site_under_test import instant_loading_works

NewContext = Callable[..., tuple[Any, Watch]]
#: The copy button Material puts on every code block (9.8: in the block's `md-code__nav`;
#: older releases: `.md-clipboard`).
COPY_BUTTON = "button[data-md-type='copy'], button.md-clipboard"
CLIPBOARD = ["clipboard-read", "clipboard-write"]


def instant_click(page: Page, link: Locator, path: str) -> None:
    """Click `link` and wait until Material's instant loading has shown `/path` in the
    same window (a marker set on `window` before the click must survive: a full page
    load would lose it)."""
    page.evaluate(
        "() => { window.__stillHere = true;"
        " document.querySelector('article.md-content__inner').dataset.before = '1' }"
    )
    link.click()
    page.wait_for_function(
        """path => {
          const article = document.querySelector("article.md-content__inner");
          return new URL(location.href).pathname === path && article
            && !article.dataset.before && !!article.querySelector("h1");
        }""",
        arg=path,
        timeout=10_000,
    )
    assert page.evaluate(
        "() => window.__stillHere === true"
    ), f"going to {path} reloaded the whole page: instant loading did not take the click"


# -- search ----------------------------------------------------------------------------

SEARCHES = [
    ("rate limit", "rate-limits/"),
    ("webhook signature", "webhooks/"),
    ("stream", "streaming/"),
]


@pytest.mark.parametrize(("query", "expected"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_brings_the_right_page_first(
    new_context: NewContext, site_url: str, query: str, expected: str
) -> None:
    context, watch = new_context()
    page = context.new_page()
    goto(page, watch, "")
    box = page.locator(".md-search__input")
    box.click()
    # Typed key by key: Material runs the query on keyup, as a reader's typing does.
    box.press_sequentially(query)
    first = page.locator(".md-search-result__item").first
    first.wait_for(state="visible", timeout=10_000)
    # Results come from a web worker; wait until the list stops changing.
    page.wait_for_function(
        """() => {
          const html = document.querySelector(".md-search-result__list").innerHTML;
          const same = window.__lastResults === html;
          window.__lastResults = html;
          return same && html.length > 0;
        }""",
        polling=250,
        timeout=10_000,
    )
    results = page.evaluate(
        """() => [...document.querySelectorAll(".md-search-result__item")].slice(0, 5)
          .map(item => item.querySelector("a").href)"""
    )
    paths = [re.sub(r"[?#].*$", "", url).removeprefix(site_url) for url in results]
    assert paths[0] == expected, f"search for {query!r}: first results {paths}"
    # The result leads there.
    first.locator("a").first.click()
    page.wait_for_url(re.compile(re.escape(site_url + expected)))
    assert not watch.feature_problems(), watch.feature_problems()


# -- the copy button -------------------------------------------------------------------


def copy_block(page: Page, pre: Locator) -> tuple[str, str]:
    """Click the copy button of the code block `pre`; return (clipboard, code shown)."""
    pre.hover()
    clipboard = clipboard_after(page, pre.locator(COPY_BUTTON).click)
    shown = pre.locator("code").evaluate("code => code.textContent")
    return clipboard, shown


def check_copy(page: Page, pre: Locator, where: str) -> str:
    clipboard, shown = copy_block(page, pre)
    # Exactly the block's code: the line-number anchors, the button and the block's title
    # are not in it; only the final newline of the block is left out.
    assert clipboard == shown.removesuffix(
        "\n"
    ), f"{where}: the copy button copied\n{clipboard!r}\nbut the block shows\n{shown!r}"
    return clipboard


def test_copy_button_copies_the_code_of_every_block_of_the_quickstart(
    new_context: NewContext,
) -> None:
    """Every code block the quickstart shows. Its Python examples print their output as
    `#>` comment lines inside the block itself (the page does not present them apart), so
    the exact code of such a block includes them; they are comments, so the copied
    program runs as it is."""
    context, watch = new_context(permissions=CLIPBOARD)
    page = context.new_page()
    goto(page, watch, "quickstart/")
    blocks = page.locator("article pre:visible")
    assert blocks.count() >= 3, "the quickstart shows fewer than 3 code blocks"
    copied = [
        check_copy(page, blocks.nth(i), f"quickstart block {i}") for i in range(blocks.count())
    ]
    with_output = [text for text in copied if "\n#> " in text]
    assert with_output, "no quickstart block has `#>` output lines: did the presentation change?"
    for text in with_output:
        # `#>` lines stay right under the print() they belong to, as the page shows them.
        assert "print(" in text.split("\n#> ", 1)[0], text
    assert not watch.feature_problems(), watch.feature_problems()


def tab_state(page: Page) -> list[dict[str, Any]]:
    """Each tab group of the page: its labels and the one that is chosen."""
    return page.evaluate("""() => [...document.querySelectorAll("article .tabbed-set")].map(set => {
          const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
          const checked = set.querySelector(":scope > input:checked");
          const chosen = labels.find(l => checked && l.htmlFor === checked.id);
          return {labels: labels.map(l => l.textContent.trim()),
                  chosen: chosen ? chosen.textContent.trim() : null};
        })""")


def pages_with_tabs(site_dir: Path, nav_pages: list[str], label: str) -> list[str]:
    """The pages, in navigation order, with at least two tabs labelled `label`."""
    found = []
    for path in nav_pages:
        html = (site_dir / path / "index.html").read_text("utf-8")
        tabs = re.findall(rf'<label for="__tabbed_\d+_\d+">{re.escape(label)}</label>', html)
        if len(tabs) >= 2:
            found.append(path)
    return found


def pages_with_curl_tabs(site_dir: Path, nav_pages: list[str]) -> list[str]:
    return pages_with_tabs(site_dir, nav_pages, "curl")


def test_copy_button_in_tabs_copies_the_chosen_tab_and_not_its_output(
    new_context: NewContext, site_dir: Path, nav_pages: list[str]
) -> None:
    """In a tab group: the Python tab's block, then the curl tab's command, which copies
    without the `Output` block shown under it (that block has its own copy button)."""
    path = pages_with_curl_tabs(site_dir, nav_pages)[0]
    context, watch = new_context(permissions=CLIPBOARD)
    page = context.new_page()
    goto(page, watch, path)
    group = page.locator("article .tabbed-set").first
    python = check_copy(page, group.locator(".tabbed-block:visible pre").first, f"/{path} Python")
    assert python.startswith("import "), python
    group.locator(":scope > .tabbed-labels > label", has_text="curl").click()
    blocks = group.locator(".tabbed-block:visible pre")
    curl = check_copy(page, blocks.first, f"/{path} curl")
    assert curl.startswith("curl "), curl
    if blocks.count() > 1:  # the `Output` block
        output = check_copy(page, blocks.nth(1), f"/{path} curl output")
        assert output not in curl and curl not in output
    assert not watch.feature_problems(), watch.feature_problems()


# -- linked tabs -----------------------------------------------------------------------


#: A tab to choose, and what its first block shows once it is chosen (a Node.js tab may
#: show the "change these lines" diff of a client rather than a whole program).
LINKED_TABS = {"curl": "curl ", "Node.js": "new OpenAI({"}


@pytest.mark.parametrize("label", LINKED_TABS)
def test_choosing_a_tab_switches_every_tab_group_and_stays_chosen(
    new_context: NewContext, site_url: str, site_dir: Path, nav_pages: list[str], label: str
) -> None:
    pages = pages_with_tabs(site_dir, nav_pages, label)
    assert len(pages) >= 3, f"fewer than 3 pages with {label} tabs: {pages}"
    shows = LINKED_TABS[label]
    assert instant_loading_works(site_url), f"no instant loading at {site_url}"
    first, second, third = pages[:3]
    context, watch = new_context()
    page = context.new_page()
    goto(page, watch, first)
    groups = tab_state(page)
    assert {g["chosen"] for g in groups if label in g["labels"]} == {"Python"}, groups

    page.locator("article .tabbed-set").first.locator(
        ":scope > .tabbed-labels > label", has_text=label
    ).click()

    def all_on_label(where: str) -> None:
        groups = [g for g in tab_state(page) if label in g["labels"]]
        assert len(groups) >= 2, f"/{where}: {groups}"
        wrong = [g for g in groups if g["chosen"] != label]
        assert not wrong, f"/{where}: tab groups not on {label}: {wrong}"
        first_group = page.locator("article .tabbed-set").filter(has_text=label).first
        assert first_group.locator(".tabbed-block:visible pre").first.evaluate(
            "(pre, shows) => pre.textContent.includes(shows)", shows
        ), f"/{where}: the {label} tab is chosen but its code is not what shows"

    all_on_label(first)
    # The next page, through Material's instant loading (a link of the page) ...
    # Not the header's tab bar: Material hides it (opacity 0, moved) once the page scrolls,
    # and choosing a tab scrolls to it, so a click there may land on nothing.
    link = page.locator(f"a[href$='{second}']:not(.md-tabs__link)").first
    if link.count() and link.is_visible():
        instant_click(page, link, "/" + second)
    else:  # no visible link to it on the page: the same click, on a link made for it
        page.evaluate(
            """path => { const a = document.createElement("a"); a.href = path;
              a.id = "__test_link"; a.textContent = "next"; document.body.append(a) }""",
            "/" + second,
        )
        instant_click(page, page.locator("#__test_link"), "/" + second)
    all_on_label(second)
    # ... and a full load of a third one.
    goto(page, watch, third)
    all_on_label(third)
    assert not watch.feature_problems(), watch.feature_problems()


# -- light and dark --------------------------------------------------------------------


def test_the_light_dark_toggle_switches_the_scheme_and_keeps_it(new_context: NewContext) -> None:
    """The palette toggle cycles system -> light -> dark -> system; the choice holds on the
    next page."""
    context, watch = new_context(color_scheme="light")
    page = context.new_page()
    goto(page, watch, "")

    def scheme() -> tuple[str, str]:
        return page.evaluate("""() => [document.body.dataset.mdColorScheme,
                      getComputedStyle(document.body).backgroundColor]""")

    def toggle() -> str:
        button = page.locator("form[data-md-component='palette'] label.md-header__button:visible")
        assert button.count() == 1, "not exactly one palette toggle is shown"
        title = button.get_attribute("title") or ""
        button.click()
        return title

    light_scheme, light_background = scheme()
    assert light_scheme == "default"
    titles = [toggle()]
    assert scheme()[0] == "default", "system (light) -> light should stay light"
    titles.append(toggle())
    dark_scheme, dark_background = scheme()
    assert dark_scheme == "slate", f"after {titles}: scheme {dark_scheme}"
    assert dark_background != light_background, "the background did not change with the scheme"
    assert titles == ["Switch to light mode", "Switch to dark mode"], titles

    goto(page, watch, "quickstart/")
    assert scheme()[0] == "slate", "the dark scheme did not stay chosen on the next page"
    toggle()  # back to the system's preference, light here
    assert scheme() == [light_scheme, light_background]
    assert not watch.feature_problems(), watch.feature_problems()


# -- the reference's nested attributes --------------------------------------------------


def test_child_attributes_fold_and_unfold(new_context: NewContext, artifacts: Path) -> None:
    """On a reference page, `messages` shows its five roles folded: hidden until the reader
    opens the fold, then each role's fields are there, and a deep link opens nothing by
    itself but lands on its field once the folds above it are open."""
    context, watch = new_context(color_scheme="light")
    page = context.new_page()
    goto(page, watch, "reference/chat/create-chat-completion/")
    fold = page.locator("#body-messages ~ details.metal-children").first
    role = page.locator("#body-messages-user-role")
    assert fold.locator(":scope > summary").inner_text().strip() == "Show 5 variants"
    assert not role.is_visible(), "a role's fields are shown before the fold is opened"
    fold.locator(":scope > summary").click()
    role.wait_for(state="visible")
    variants = fold.locator(":scope > .metal-variant").all_inner_texts()
    assert [v.strip() for v in variants] == [
        f'When role is "{r}"' for r in ("system", "developer", "user", "assistant", "tool")
    ]
    name = page.locator("#body-temperature > code")
    wraps = name.evaluate("e => e.getClientRects().length")
    assert wraps == 1, "a field name is broken across lines"
    role.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "screenshots" / "reference-child-attributes.png"))
    fold.locator(":scope > summary").click()
    role.wait_for(state="hidden")
    assert not watch.feature_problems(), watch.feature_problems()


# -- instant navigation ----------------------------------------------------------------


def test_instant_navigation_between_pages_is_clean(
    new_context: NewContext, site_url: str, nav_pages: list[str]
) -> None:
    """Clicks through the header's tabs and, in each section, a page of the sidebar, then
    back: every page comes from Material's instant loading (fetch and swap, no reload)
    with no console error and no failed request."""
    assert instant_loading_works(site_url), (
        f"the site is served at {site_url}: Material's instant loading ignores clicks on a "
        "site whose port is not the default one (could not bind port 80: not root?)"
    )
    context, watch = new_context()
    page = context.new_page()
    goto(page, watch, "")
    pathname = "a => new URL(a.href).pathname"
    in_nav = {"/" + path for path in nav_pages}
    visited: list[str] = []
    tab_count = page.locator(".md-tabs__link:visible").count()
    assert tab_count >= 3, "fewer than 3 tabs in the header"
    for index in range(1, tab_count):
        tab = page.locator(".md-tabs__link:visible").nth(index)
        target = tab.evaluate(pathname)
        instant_click(page, tab, target)
        visited.append(target)
        side = page.locator(".md-sidebar--primary a.md-nav__link:visible")
        for i in range(side.count()):
            path = side.nth(i).evaluate(pathname)
            if path != target and path in in_nav:
                instant_click(page, side.nth(i), path)
                visited.append(path)
                break
    assert len(visited) >= 4, f"visited only {visited}"
    page.go_back()
    page.wait_for_function("path => location.pathname === path", arg=visited[-2])
    page.wait_for_selector("article.md-content__inner h1")
    assert page.evaluate("() => window.__stillHere === true"), "going back reloaded the page"
    assert not watch.problems(), f"while visiting {visited}:\n" + "\n".join(watch.problems())


# -- phone -----------------------------------------------------------------------------


def test_the_navigation_opens_on_a_phone(new_context: NewContext) -> None:
    context, watch = new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    goto(page, watch, "quickstart/")
    drawer = page.locator(".md-sidebar--primary")

    def drawer_shown() -> bool:
        box = drawer.bounding_box()
        return bool(box and box["x"] >= 0 and box["x"] < PHONE["width"] and box["width"] > 100)

    assert not drawer_shown(), "the navigation drawer is open before it is asked for"
    page.locator("label.md-header__button[for='__drawer']").click()
    page.wait_for_function("""() => { const box = document.querySelector(".md-sidebar--primary")
            .getBoundingClientRect(); return box.left >= 0 && box.width > 100 }""")
    assert drawer_shown()
    link = drawer.locator("a.md-nav__link:visible", has_text="Overview").first
    assert link.is_visible(), "the open drawer does not show the navigation's links"
    link.click()
    page.wait_for_function("() => location.pathname === '/'")
    page.wait_for_function("""() => document.querySelector(".md-sidebar--primary")
            .getBoundingClientRect().left < 0 || !document.getElementById("__drawer").checked""")
    assert page.evaluate(OVERFLOW_SCRIPT) is None
    assert not watch.feature_problems(), watch.feature_problems()


# -- the checks themselves -------------------------------------------------------------


def test_the_checks_catch_what_they_should(new_context: NewContext) -> None:
    """A console error, a missing file, a request to another host, an image without
    text and an element wider than a phone, planted in a page, are all reported."""
    context, watch = new_context(viewport=PHONE)
    page = context.new_page()
    goto(page, watch, "")
    watch.clear()
    page.evaluate("() => console.error('planted error')")
    page.evaluate("() => fetch('planted-missing-file.txt').catch(() => null)")
    page.evaluate("() => fetch('https://planted.invalid/x').catch(() => null)")
    page.wait_for_timeout(200)
    problems = "\n".join(watch.problems())
    assert "console error: planted error" in problems
    assert "planted-missing-file.txt: HTTP 404" in problems
    assert "https://planted.invalid/x" in problems

    page.evaluate("""() => { const img = document.createElement("img");
          img.src = "assets/logo.svg"; document.querySelector("article").prepend(img);
          const wide = document.createElement("div"); wide.style.width = "900px";
          wide.textContent = "wide"; document.querySelector("article").append(wide) }""")
    overflow = page.evaluate(OVERFLOW_SCRIPT)
    assert overflow and overflow["scroll"] > PHONE["width"], overflow
    found = {(v["id"], v["impact"]) for v in run_axe(page)}
    assert ("image-alt", "critical") in found, found
