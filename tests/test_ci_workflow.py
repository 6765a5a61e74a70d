"""The GitHub Actions workflow parses, runs the README's test command on every pull request,
and on main builds the site with the README's build command and deploys it with the official
Pages actions. Its steps call the README's commands, never a copy of what they do."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "docs.yml"


def readme_commands() -> set[str]:
    """The `python3.11 dev.py …` commands the README gives, without their comments."""
    text = (ROOT / "README.md").read_text("utf-8")
    found = set(re.findall(r"^(python3\.11 dev\.py \w+)\b", text, re.MULTILINE))
    found |= set(re.findall(r"`(python3\.11 dev\.py \w+)`", text))
    return found


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(data, dict), "the workflow is not a YAML mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 (PyYAML) reads the bare key `on` as the boolean true.
    return workflow.get("on", workflow.get(True)) or {}


def runs(job: dict[str, Any]) -> list[str]:
    return [step["run"].strip() for step in job["steps"] if "run" in step]


def uses(job: dict[str, Any]) -> list[str]:
    return [step["uses"].split("@")[0] for step in job["steps"] if "uses" in step]


def test_every_pull_request_runs_the_readmes_test_command(workflow: dict[Any, Any]) -> None:
    assert "pull_request" in triggers(workflow)
    test = workflow["jobs"]["test"]
    assert "if" not in test, "the test job must run on every event"
    assert runs(test) == ["python3.11 dev.py test"]
    assert "python3.11 dev.py test" in readme_commands()
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("exec python3.11 dev.py test")


def test_main_builds_and_deploys_to_pages(workflow: dict[Any, Any]) -> None:
    assert triggers(workflow)["push"]["branches"] == ["main"]
    jobs = workflow["jobs"]
    build, deploy = jobs["build"], jobs["deploy"]
    assert "refs/heads/main" in build["if"] and "push" in build["if"]
    assert build["needs"] == "test" and deploy["needs"] == "build"
    assert runs(build) == ["python3.11 dev.py build"]
    assert "actions/upload-pages-artifact" in uses(build)
    artifact = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/upload"))
    assert artifact["with"]["path"] == "site"
    assert uses(deploy) == ["actions/deploy-pages"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"


def test_every_command_the_workflow_runs_is_one_of_the_readmes(workflow: dict[Any, Any]) -> None:
    commands = readme_commands()
    for name, job in workflow["jobs"].items():
        for command in runs(job):
            assert command in commands, f"job {name} runs {command!r}, not a README command"


def test_the_build_command_is_mkdocs_strict_build_into_site() -> None:
    """`dev.py build` hands its arguments to `mkdocs build`; the artifact is taken
    from MkDocs' site folder."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=yaml.BaseLoader)
    assert config.get("site_dir", "site") == "site"
    result = subprocess.run(
        [sys.executable, "dev.py", "build", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Usage: python -m mkdocs build" in result.stdout
