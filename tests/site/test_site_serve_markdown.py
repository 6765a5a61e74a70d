"""`mkdocs serve` (what `python3.11 dev.py serve` runs) answers a page request that asks
for `text/markdown`, as coding agents do, with the page's Markdown copy; browsers still get
the HTML. The hook is tried on MkDocs' own live-reload server, on a real port."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml
from mkdocs.livereload import LiveReloadServer

from site_hooks import markdown_for_agents

ROOT = Path(__file__).resolve().parents[2]
PAGES = {
    "index.html": "<h1>Home</h1>",
    "index.md": "# Home\n",
    "chat/index.html": "<h1>Chat</h1>",
    "chat.md": "# Chat\n",
    "reference/index.html": "<h1>Reference</h1>",
    "reference/index.md": "# Reference\n",
    "support/index.html": "<h1>Support, no copy</h1>",
}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("site")
    for name, text in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(root))
    server = markdown_for_agents.on_serve(server)
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        for _ in range(200):  # until the socket is bound
            if server.server_address[1]:
                break
            threading.Event().wait(0.01)
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()  # its file watcher never started: nothing to wait for
        thread.join(timeout=10)


@pytest.mark.parametrize(
    ("path", "body"),
    [("/", "# Home\n"), ("/chat/", "# Chat\n"), ("/reference/", "# Reference\n")],
)
def test_markdown_asked_for_gets_the_copy(base_url: str, path: str, body: str) -> None:
    response = httpx.get(base_url + path, headers={"Accept": "text/markdown, text/html;q=0.5"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.text == body
    assert response.headers["vary"] == "Accept"


@pytest.mark.parametrize(
    "accept",
    ["text/html,application/xhtml+xml,*/*;q=0.8", "text/markdown;q=0, text/html", ""],
)
def test_browsers_still_get_html(base_url: str, accept: str) -> None:
    response = httpx.get(base_url + "/chat/", headers={"Accept": accept})
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>Chat</h1>" in response.text


def test_a_page_without_a_copy_is_served_as_html(base_url: str) -> None:
    response = httpx.get(base_url + "/support/", headers={"Accept": "text/markdown"})
    assert response.status_code == 200
    assert "Support, no copy" in response.text


def test_the_hook_is_in_the_sites_configuration() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    assert "site_hooks/markdown_for_agents.py" in config["hooks"]
