"""The site's build steps around the engine (MkDocs or Zensical): `prebuild` stages the
sources, `postbuild` writes the machine outputs and rewrites the HTML (`highlight`,
`code_heights`, `theme_patch`); `mkdocs_steps` runs both inside MkDocs, `build` around
either engine; `markdown_for_agents` is `mkdocs serve`'s content negotiation."""
