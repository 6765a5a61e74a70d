"""The built site as a reader gets it: `mkdocs build --strict` into a folder, served over
real HTTP on a free loopback port, and the pages of its navigation.

Shared by the browser tests (`tests/browser/`) and `bench/page_speed.py`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import random
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

#: What the server sends for the files of the build that Python's table may not know (or
#: knows without a charset): the Markdown copies of pages, llms.txt, the OpenAPI document.
MIME_TYPES = {
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    ".yaml": "application/yaml; charset=utf-8",
    ".yml": "application/yaml; charset=utf-8",
    ".xml": "application/xml",
    ".gz": "application/gzip",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".map": "application/json",
    ".inv": "application/octet-stream",
    ".woff2": "font/woff2",
}


def build_site(dest: Path) -> None:
    """`mkdocs build --strict` of the project into `dest` (raises with MkDocs' output)."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(dest)],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(
            f"mkdocs build --strict failed ({done.returncode}):\n{done.stdout[-4000:]}"
            f"\n{done.stderr[-4000:]}"
        )


#: Types a static host compresses (`serve(..., compress=True)`), as GitHub Pages and
#: Netlify do; images and fonts are sent as they are.
COMPRESSED_TYPES = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "application/yaml",
    "image/svg+xml",
)


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    compress = False

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass

    def end_headers(self) -> None:
        # Every load is a fresh one: what the tests and the bench measure is the site, not
        # the browser's cache of it.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_head(self) -> Any:
        """As the standard handler, but gzip text when asked for and the client takes it."""
        if not self.compress or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not urlsplit(self.path).path.endswith("/"):
                return super().send_head()  # the standard redirect to `folder/`
            path = os.path.join(path, "index.html")
        kind = self.guess_type(path)
        if not os.path.isfile(path) or not kind.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = _gzipped(path, os.stat(path).st_mtime_ns)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@functools.lru_cache(maxsize=512)
def _gzipped(path: str, mtime_ns: int) -> bytes:
    with open(path, "rb") as handle:
        return gzip.compress(handle.read(), compresslevel=6, mtime=0)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    # Many short connections at once from Chromium and Lighthouse: a deeper accept queue.
    request_queue_size = 128


def _bind(handler: Any, default_port: bool) -> _Server:
    """A server on loopback. With `default_port`, on port 80 of a random address of
    127.0.0.0/8 (several test sessions on one machine do not collide), because Material's
    instant loading only takes clicks when the page's port is the scheme's default: it
    matches links against the sitemap's URLs after giving them the page's protocol and
    host name, but not its port. Falls back to a free port of 127.0.0.1."""
    if default_port:
        for _ in range(8):
            address = (
                f"127.{random.randint(1, 254)}.{random.randint(1, 254)}.{random.randint(2, 254)}"
            )
            try:
                return _Server((address, 80), handler)
            except PermissionError:
                break
            except OSError:
                continue
    return _Server(("127.0.0.1", 0), handler)


@contextmanager
def serve(directory: Path, *, default_port: bool = True, compress: bool = False) -> Iterator[str]:
    """Serve `directory` on loopback; yields the base URL (`http://127.x.y.z/`, or
    `http://127.0.0.1:PORT/` when port 80 cannot be had or is not wanted). With `compress`,
    text goes out gzipped as a static host sends it."""
    handler_class = type("Handler", (_Handler,), {"compress": compress})
    handler = functools.partial(handler_class, directory=str(directory))
    server = _bind(handler, default_port)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}/" if port == 80 else f"http://{host}:{port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def instant_loading_works(url: str) -> bool:
    """Whether Material's instant loading can take clicks on a site served at `url`."""
    return urlsplit(url).port in (None, 80, 443)


class _NavLinks(HTMLParser):
    """The links of Material's primary navigation (the sidebar's `md-nav--primary`)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # how deep inside the primary <nav> we are; 0 = outside
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "nav":
            if self.depth:
                self.depth += 1
            elif "md-nav--primary" in classes:
                self.depth = 1
        elif self.depth and tag == "a" and "md-nav__link" in classes:
            href = attributes.get("href")
            if href and not href.startswith("#"):
                self.hrefs.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.depth:
            self.depth -= 1


def nav_paths(site: Path) -> list[str]:
    """Every page of the navigation as a URL path under the site's root (`""`, `"chat/"`,
    `"reference/chat/create-chat-completion/"`), in navigation order, from the built home
    page's sidebar (Material renders the whole tree on every page)."""
    parser = _NavLinks()
    parser.feed((site / "index.html").read_text("utf-8"))
    base = "http://site.invalid/"
    paths: list[str] = []
    for href in parser.hrefs:
        url = urlsplit(urljoin(base, href))
        if url.netloc != "site.invalid":
            continue
        path = url.path.lstrip("/")
        path = re.sub(r"(^|/)index\.html$", r"\1", path)
        if path not in paths:
            paths.append(path)
    return paths


def page_slug(path: str) -> str:
    """A file-name-safe name for a page path: `""` -> `index`, `chat/` -> `chat`."""
    return path.strip("/").replace("/", "-") or "index"
