"""The docs harness: find every example on the site, run it against the sandbox, record what
it did.

Pages show the production URL, `https://api.metalai.org/v1`. The harness runs each example
against one deterministic sandbox on loopback instead. One module per concern:

- `pages`: which pages the site has (the guides and the generated API reference);
- `blocks`: the fenced blocks of a page, with the offsets that rewriting them needs (read
  with `llms_txt.page_source`, the parser the site's Markdown copies use too);
- `python_examples`: Python blocks and the `snippets/` files they include, for
  pytest-examples;
- `node_examples`: Node.js blocks (`js`) and the `.mjs` snippets they include; their
  `//>` output lines, stripped, put back and rewritten;
- `node_runner`: running them in one `node` process with `node/route.mjs` preloaded (the
  production API to the sandbox, every other host refused; `node/worker.mjs` runs them),
  and one `tsc --checkJs` over all of them;
- `snippets`: the `snippets/` files a block includes, checked the same way for every
  language;
- `tab_groups`: the content-tab groups of a page, for the tab-order gate;
- `curl`: shell blocks that call curl, and running them on loopback only;
- `outputs`: comparing and rewriting the `title="Output"` blocks of curl examples;
- `hosts`: the production API, the reader's local sandbox, loopback: what examples call;
- `routing`: sending every HTTP client an example builds to the sandbox;
- `pytest_examples_fixes`: two stand-ins inside pytest-examples (a crash, a slow stack);
- `hits`: the record of every request the sandbox answered, by example;
- `session`: the sandbox of a test session, and running examples against it;
- `operations`: the contract's operations, matched against what examples hit;
- `built_html`: the code blocks of the built site;
- `site_build`: `mkdocs build --strict`, started early in a subprocess.
"""
