"""The API reference of the site, generated from the contract at build time.

- `document`: the OpenAPI document (`openapi/openapi.yaml`) as operations and webhook
  events, with the reference page of each (`reference/<resource>/<operation>.md`).
- `tables`: parameter, field, header and error tables from the document's schemas and
  the error catalog; the guides' `<!-- metal:parameters ID -->` and `<!-- metal:errors -->`
  markers are replaced with these tables too.
- `examples`: the request examples (openai SDK, httpx, curl) of every operation, with the
  output the sandbox prints for them, computed by running the requests in-process.
- `pages`: the Markdown of every reference page, and the reference's navigation.
- `gen_pages`: the mkdocs-gen-files script that adds those pages, `/openapi.json` and
  `/openapi.yaml` to the build; `mkdocs_hooks`: the MkDocs hooks (navigation, markers).

The docs harness (`tests/docs_harness/`) collects the same pages, so every example on a
reference page runs against the sandbox in the test suite like the guides' examples do.
"""
