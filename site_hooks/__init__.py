"""MkDocs hooks for the HTML of every page (listed under `hooks:` in mkdocs.yml)."""
