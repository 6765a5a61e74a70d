"""MkDocs hooks over the site's theme and the HTML of every page (listed under `hooks:` in
mkdocs.yml)."""
