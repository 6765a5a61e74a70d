"""mkdocs-gen-files script: the reference pages, `/openapi.json` and `/openapi.yaml`.

Configured in mkdocs.yml (`gen-files: scripts: [api_reference/gen_pages.py]`); the files
it opens exist only in the build, never in `docs/`.
"""

from __future__ import annotations

import json

import mkdocs_gen_files

from api_reference import document, pages

#: The edit button of a generated page leads to what generates it (relative to docs/).
EDIT_PATH = "../metal_sandbox/contract.py"


def main() -> None:
    for path, text in pages.pages().items():
        with mkdocs_gen_files.open(path, "w") as handle:
            handle.write(text)
        mkdocs_gen_files.set_edit_path(path, EDIT_PATH)
    # The contract, published as it is committed, and the same document as JSON.
    with mkdocs_gen_files.open("openapi.yaml", "w") as handle:
        handle.write(document.load_text())
    with mkdocs_gen_files.open("openapi.json", "w") as handle:
        handle.write(json.dumps(document.load(), indent=2, ensure_ascii=False) + "\n")


if __name__ in ("__main__", "<run_path>"):  # run by gen-files (runpy), never on import
    main()
