// Runs `check` on every page, including those that instant navigation swaps in (Material's
// `document$`), at an idle moment: reading a width while Material is still changing the page
// would force an extra layout of a long page inside the load. Returns the scheduler.
const atIdleOnEveryPage = (check) => {
  const later = () =>
    window.requestIdleCallback ? requestIdleCallback(check, { timeout: 2000 }) : setTimeout(check, 200);
  if (window.document$) window.document$.subscribe(later);
  else document.addEventListener("DOMContentLoaded", later);
  return later;
};

// Tables wider than the page scroll sideways inside Material's wrapper. A keyboard user can
// only scroll a region that takes focus (axe: scrollable-region-focusable), so a wrapper
// that overflows becomes a focusable, named region, on every page and when the window
// resizes.
(() => {
  const label = (wrap) => {
    const table = wrap.querySelector("table");
    const heading = table && table.querySelector("th");
    return heading ? `Table: ${heading.textContent.trim()}` : "Table";
  };
  const mark = () => {
    for (const wrap of document.querySelectorAll(".md-typeset__scrollwrap")) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", label(wrap));
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-label");
      }
    }
  };
  window.addEventListener("resize", atIdleOnEveryPage(mark));
})();

// Code blocks that scroll sideways. Material makes such a block focusable (where the pointer
// can hover, and so does this) when it mounts the block; with `content.lazy` it mounts a
// block when the block comes into view. A block near the edge of the screen is drawn before
// that (content-visibility, extra.css), and can scroll while Material has not seen it yet.
// So a block is measured here the moment the browser starts drawing it: a keyboard user
// who tabs to it finds it focusable whether or not Material has mounted it.
(() => {
  const measure = (code) => {
    if (matchMedia("(hover)").matches && code.scrollWidth > code.clientWidth + 1)
      code.setAttribute("tabindex", "0");
  };
  document.addEventListener(
    "contentvisibilityautostatechange",
    (event) => {
      if (!event.skipped && event.target.matches(".md-typeset pre > code"))
        requestAnimationFrame(() => measure(event.target));
    },
    true, // the event does not bubble: listen while it passes down
  );
  // The blocks drawn before this script ran: a block still skipped measures as fitting.
  atIdleOnEveryPage(() => document.querySelectorAll(".md-typeset pre > code").forEach(measure));
})();

// Material puts each code block's copy button in a <nav> of its own: a landmark per block,
// all without a name, that fill a screen reader's list of the page's landmarks (axe:
// landmark-unique). The button is a tool of the block, not the site's navigation, so the
// <nav> is made a plain container. Material adds a block's <nav> when the block comes into
// view (`content.lazy`), so new ones are caught as they arrive.
(() => {
  const SELECTOR = "nav.md-code__nav";
  const plain = (nav) => nav.setAttribute("role", "none");
  document.querySelectorAll(SELECTOR).forEach(plain);
  new MutationObserver((records) => {
    for (const { addedNodes } of records)
      for (const node of addedNodes)
        if (node instanceof Element && node.matches(SELECTOR)) plain(node);
  }).observe(document.body, { childList: true, subtree: true });
})();
