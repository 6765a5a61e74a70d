"""The MeTal API sandbox: a local server that behaves like the API, for docs and tests."""
