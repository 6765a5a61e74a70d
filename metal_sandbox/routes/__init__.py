"""One module per resource of the API, each a list of Starlette routes."""
