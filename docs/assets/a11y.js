// Tables wider than the page scroll sideways inside Material's wrapper. A keyboard user can
// only scroll a region that takes focus (axe: scrollable-region-focusable), so a wrapper
// that overflows becomes a focusable, named region. Runs on every page, including those
// that instant navigation swaps in (Material's `document$`), and when the window resizes.
// The check waits for an idle moment: reading a width while Material is still changing the
// page would force an extra layout of a long page inside the load.
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
  const later = () =>
    window.requestIdleCallback ? requestIdleCallback(mark, { timeout: 2000 }) : setTimeout(mark, 200);
  if (window.document$) window.document$.subscribe(later);
  else document.addEventListener("DOMContentLoaded", later);
  window.addEventListener("resize", later);
})();
