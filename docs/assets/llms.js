// "Copy page as Markdown": fetch the page's Markdown copy (written by llms_txt at the
// page's URL with `.md` added) and put it on the clipboard. One listener on the document
// serves every page, including those that instant navigation swaps in.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-metal-copy-markdown]");
  if (!button) return;
  event.preventDefault();
  const url = button.getAttribute("data-metal-copy-markdown");
  try {
    const response = await fetch(url, { headers: { Accept: "text/markdown, text/plain" } });
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    await navigator.clipboard.writeText(await response.text());
    if (window.alert$) window.alert$.next("Copied page as Markdown");
  } catch (error) {
    // No clipboard (an insecure origin) or no copy: show the Markdown instead.
    window.location.href = url;
  }
});
