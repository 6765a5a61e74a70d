"""The site's build steps around the engine (MkDocs or Zensical): `prebuild` stages the
sources, `postbuild` writes the machine outputs (and `theme_patch`); `mkdocs_steps` runs
both inside MkDocs, `build` around either engine. `code_markup` is the Markdown extension
over highlighted code (`highlight`, `code_heights`); `markdown_for_agents` is
`mkdocs serve`'s content negotiation."""
