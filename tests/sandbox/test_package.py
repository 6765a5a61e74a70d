"""`metal-sandbox` is a distribution of its own: the wheel built from this repository holds
the sandbox and its contract and nothing of the docs, depends on the sandbox's runtime
libraries only, and installs into an empty virtual environment that then serves.

Everything is installed from uv's cache (`--offline`) at the versions of `requirements.lock`;
`dev.py` filled that cache, metadata included, when it made `.venv/`: the test never reaches
a package index."""

from __future__ import annotations

import contextlib
import email
import os
import re
import signal
import socket
import subprocess
import sys
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml
from openai import OpenAI

from metal_sandbox.keys import DEFAULT_KEY
from metal_sandbox.versions import CURRENT

ROOT = Path(__file__).resolve().parents[2]
UV = Path(sys.executable).with_name("uv")
LOCK = ROOT / "requirements.lock"
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]


def uv(*args: str | Path) -> None:
    result = subprocess.run(
        [str(UV), *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=240
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    uv("build", "--wheel", "--offline", "--out-dir", out, "--quiet", ROOT)
    (built,) = out.glob("metal_sandbox-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty virtual environment with only the wheel and what it depends on."""
    venv = tmp_path_factory.mktemp("clean") / "venv"
    uv("venv", "--quiet", "--python", sys.executable, venv)
    python = venv / "bin" / "python"
    uv("pip", "install", "--quiet", "--offline", "--python", python, "-c", LOCK, wheel)
    return venv / "bin"


def test_the_wheel_holds_the_sandbox_and_its_contract_only(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.startswith("metal_sandbox-")}
    assert tops == {"metal_sandbox"}, tops
    assert "metal_sandbox/openapi.yaml" in names
    assert "metal_sandbox/routes/chat.py" in names


def test_the_wheel_depends_on_the_runtime_libraries_only(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    (metadata,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
    message = email.message_from_bytes(archive.read(metadata))
    assert message["Name"] == "metal-sandbox"
    requires = sorted(message.get_all("Requires-Dist") or [])
    assert requires == sorted(PROJECT["dependencies"])
    assert not any(name.startswith(("mkdocs", "pytest", "openai")) for name in requires)


def test_the_installed_package_serves_from_an_empty_environment(installed: Path) -> None:
    version = subprocess.run(
        [str(installed / "metal-sandbox"), "--version"], capture_output=True, text=True
    )
    assert version.stdout.strip() == (
        f"metal-sandbox {PROJECT['version']} (serves metal-version {CURRENT})"
    )
    freeze = subprocess.run(
        [str(UV), "pip", "freeze", "--python", str(installed / "python")],
        capture_output=True,
        text=True,
    ).stdout
    names = {line.split("==")[0].split(" @ ")[0].strip() for line in freeze.splitlines()}
    assert "metal-sandbox" in names and "starlette" in names
    assert not names & {"mkdocs", "mkdocs-material", "openai", "pytest"}, names
    for url in _served(installed):
        response = httpx.get(f"{url}/models", headers={"Authorization": f"Bearer {DEFAULT_KEY}"})
        assert response.status_code == 200
        assert response.headers["metal-version"] == CURRENT
        contract = httpx.get(url.removesuffix("/v1") + "/openapi.json").json()
        assert "/chat/completions" in contract["paths"]


def _served(installed: Path) -> Iterator[str]:
    """Starts the installed console script on a free port; yields its URL from the banner."""
    process = subprocess.Popen(
        [str(installed / "metal-sandbox"), "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=installed,  # away from the repository, whose metal_sandbox/ must not be used
    )
    try:
        assert process.stdout is not None
        banner = next(
            (line for line in process.stdout if line.startswith("MeTal sandbox on ")), ""
        )
        assert banner, "the installed sandbox printed no banner"
        yield banner.removeprefix("MeTal sandbox on ").strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


# -- the sandbox page's recipes --------------------------------------------------------------

SANDBOX_PAGE = ROOT / "docs" / "sandbox.md"


def _workflow_on_the_page() -> dict[str, Any]:
    text = SANDBOX_PAGE.read_text("utf-8")
    found = re.search(r'```yaml title="\.github/workflows/[^"]+"\n(.*?)\n```', text, re.DOTALL)
    assert found, "docs/sandbox.md shows no GitHub Actions workflow"
    return yaml.safe_load(found.group(1))


def test_the_page_installs_this_distribution_from_this_repository() -> None:
    repo = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)["repo_url"]
    requirement = f'"{PROJECT["name"]} @ git+{repo}"'
    text = SANDBOX_PAGE.read_text("utf-8")
    assert f"pip install {requirement}" in text
    steps = _workflow_on_the_page()["jobs"]["test"]["steps"]
    assert any(requirement in step.get("run", "") for step in steps)


def test_the_pages_background_step_leaves_a_sandbox_the_next_step_can_use(
    tmp_path: Path, installed: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workflow's "Start the sandbox" step, run as Actions runs it (bash, then the next
    step), with the installed package on PATH and a free port in place of the page's."""
    steps = _workflow_on_the_page()["jobs"]["test"]["steps"]
    start = next(step for step in steps if step.get("name") == "Start the sandbox")
    env = next(step["env"] for step in steps if "env" in step)
    port = _free_port()
    script = start["run"].replace("8765", str(port))
    process = subprocess.Popen(
        ["bash", "-e", "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PATH": f"{installed}{os.pathsep}{os.environ['PATH']}"},
        start_new_session=True,  # the step's background sandbox shares this process group
    )
    try:
        assert process.wait(timeout=60) == 0, (tmp_path / "sandbox.log").read_text()
        monkeypatch.setenv("OPENAI_BASE_URL", env["OPENAI_BASE_URL"].replace("8765", str(port)))
        monkeypatch.setenv("OPENAI_API_KEY", env["OPENAI_API_KEY"])
        models = OpenAI().models.list()
        assert "aurora" in [model.id for model in models.data]
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
