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

// Code blocks that scroll sideways. Material makes such a block focusable when it measures
// the block (at load, then whenever its size changes), and only where the pointer can hover,
// as Material does. A block off screen at load is not drawn yet (content-visibility,
// extra.css) and measures as fitting; drawing it keeps its height, so Material does not
// measure it again. So each block is measured here whenever it comes into view: a keyboard
// user reaches its copy button first, which brings it into view before the block itself.
(() => {
  if (!window.IntersectionObserver) return;
  const check = (entries) => {
    if (!matchMedia("(hover)").matches) return;
    for (const { target, isIntersecting } of entries) {
      if (isIntersecting && target.scrollWidth > target.clientWidth + 1)
        target.setAttribute("tabindex", "0");
    }
  };
  const observer = new IntersectionObserver(check);
  const watch = () => {
    observer.disconnect();
    for (const code of document.querySelectorAll(".md-typeset pre > code")) observer.observe(code);
  };
  if (window.document$) window.document$.subscribe(watch);
  else document.addEventListener("DOMContentLoaded", watch);
})();
