"""`mkdocs serve` answers `Accept: text/markdown` with the page's Markdown copy.

Coding agents ask for a page with `Accept: text/markdown` (and fall back to HTML): the copy
is what they can read, without the theme's navigation and scripts. The copy of `/chat/` is
`/chat.md` (`llms_txt.markdown_copy.copy_url`), of `/` it is `/index.md`. Only the local
server negotiates; the published site serves the copies at their own URLs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def on_serve(server: LiveReloadServer, **kwargs: Any) -> LiveReloadServer:
    server.set_app(negotiating(server.get_app(), Path(server.root), server.mount_path))
    return server


def negotiating(app: WsgiApp, root: Path, mount_path: str = "/") -> WsgiApp:
    """`app`, with page requests that prefer Markdown sent to the page's copy."""

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        if path.startswith(mount_path) and path.endswith("/"):
            copy = markdown_copy(root, path[len(mount_path) :])
            if copy is not None and wants_markdown(environ.get("HTTP_ACCEPT", "")):
                environ = {**environ, "PATH_INFO": mount_path + copy}

        def vary(status: str, headers: list[tuple[str, str]], *rest: Any) -> Any:
            return start_response(status, [*headers, ("Vary", "Accept")], *rest)

        return app(environ, vary if path.endswith("/") else start_response)

    return serve


def markdown_copy(root: Path, page: str) -> str | None:
    """The copy of the page at `page` (a directory URL relative to the site), if it exists."""
    page = posixpath.normpath("/" + page).strip("/")
    candidates = [f"{page}.md", f"{page}/index.md"] if page else ["index.md"]
    return next((c for c in candidates if (root / c).is_file()), None)


def wants_markdown(accept: str) -> bool:
    """Whether an Accept header lists `text/markdown` with a quality above zero."""
    for item in accept.split(","):
        media, *params = (part.strip() for part in item.split(";"))
        if media.lower() != "text/markdown":
            continue
        quality = next((p[2:] for p in params if p.lower().startswith("q=")), "1")
        try:
            return float(quality) > 0
        except ValueError:
            return False
    return False
