"""The API reference of the site, generated from the contract at build time.

- `document`: the OpenAPI document (`openapi/openapi.yaml`) as operations and webhook
  events, with the reference page of each (`reference/<resource>/<operation>.md`).
- `tables`: parameter, field, header and error tables from the document's schemas and
  the error catalog.
- `examples`: the request examples (openai SDK, httpx, curl) of every operation, with the
  output the sandbox prints for them, computed by running the requests in-process.
- `pages`: the Markdown of every reference page, and the reference's navigation.
- `markers`: the guides' `<!-- metal:… -->` markers expanded into those tables;
  `markdown_ext`: the Python-Markdown extension that does it while a page renders (in
  MkDocs and Zensical alike). The site's pre-step (`site_hooks.prebuild`) writes the
  pages, `openapi.json` and `openapi.yaml` into the folder the site is built from.

The docs harness (`tests/docs_harness/`) collects the same pages, so every example on a
reference page runs against the sandbox in the test suite like the guides' examples do.
"""
