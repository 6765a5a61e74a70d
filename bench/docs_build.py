"""How long the docs take: the example suite, and the site build against the theme alone.

    .venv/bin/python bench/docs_build.py [--runs N] [--builds-only]

Prints, in one run:

- the wall time of `pytest tests/docs` (every example against the sandbox, the gates,
  and the gates' own strict build of the site); target under 30 s;
- from the same run (its JUnit report), how many Node.js examples ran and what they cost:
  the time of their tests (the tsc run included, which they wait for) and of the Node
  gates; target: at most 10 s together;
- from the same report, for information, what the reader's run costs (every page's
  examples in order, twice, on one sandbox: `tests/docs/test_reader_run.py`);
- the wall time of the three-step build (`dev.py build`: the pre-step, `mkdocs build`, the
  post-step), and of the same staged pages built with the theme alone (a temporary config
  that inherits `mkdocs.yml` with `plugins: []` and `hooks: []`, so no steps, no search
  index and no mkdocstrings); target: three-step at most 2x theme-only;
- for information, each step alone and the three-step build with Zensical.

Builds are timed as a writer runs them, in a fresh process, best of `--runs` after one
warm-up build, the kinds taking turns (a machine shared with other work slows them alike).
They run with Python's bytecode cache on (in a temporary
`PYTHONPYCACHEPREFIX`): with `PYTHONDONTWRITEBYTECODE` set, as in some CI images, every
build would also time Python compiling the ~400 modules MkDocs and its plugins import.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE_TARGET_SECONDS = 30.0
NODE_TARGET_SECONDS = 10.0
#: The tests that exist for the Node examples (their module, and the gates' Node checks).
NODE_TESTS = ("test_node_examples", "javascript_block", "wrong_node_output")
#: The reader's run: every page's examples in order, twice, on one sandbox.
READER_TESTS = ("test_reader_run.",)
BUILD_RATIO_TARGET = 2.0
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def timed(command: list[str], env: dict[str, str] = ENV) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    return elapsed


def cost(report: Path, parts: tuple[str, ...], counted: str) -> tuple[int, float]:
    """(tests whose name starts with `counted`, seconds of every test whose name holds one
    of `parts`) from a pytest JUnit report."""
    cases = ElementTree.parse(report).getroot().iter("testcase")
    count, seconds = 0, 0.0
    for case in cases:
        name = case.get("classname", "") + "." + case.get("name", "")
        if any(part in name for part in parts):
            seconds += float(case.get("time", 0))
            count += case.get("name", "").startswith(counted)
    return count, seconds


def best_seconds(commands: dict[str, list[str]], runs: int, pycache: str) -> dict[str, float]:
    """Best of `runs` of each command, after one warm-up run of each that fills the bytecode
    cache. The commands take turns, so that a load on the machine weighs on all alike."""
    env = {k: v for k, v in ENV.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = pycache
    for command in commands.values():
        timed(command, env)
    best = dict.fromkeys(commands, float("inf"))
    for _ in range(runs):
        for name, command in commands.items():
            best[name] = min(best[name], timed(command, env))
    return best


def build_seconds(runs: int, pycache: str) -> dict[str, float]:
    """Seconds of each kind of build, and of each step alone."""
    python = sys.executable
    # Inside the repository (Zensical writes nowhere else), ignored by git (build/).
    with tempfile.TemporaryDirectory(prefix="bench-site-", dir=ROOT / "build") as site:
        # Next to mkdocs.yml, so that its relative paths still resolve.
        with tempfile.NamedTemporaryFile(
            "w", dir=ROOT, prefix=".bench-theme-only-", suffix=".yml", delete=False
        ) as handle:
            handle.write("INHERIT: mkdocs.yml\nstrict: false\nplugins: []\nhooks: []\n")
        three_steps = [python, "-m", "site_hooks.build", "--site-dir", site]
        try:
            return best_seconds(
                {
                    "three-step": three_steps,
                    "theme-only": [python, "-m", "mkdocs", "build", "-q", "-f", handle.name]
                    + ["-d", site],
                    "pre-step": [python, "-m", "site_hooks.prebuild"],
                    "post-step": [python, "-m", "site_hooks.postbuild", site],
                    "zensical": [*three_steps, "--zensical"],
                },
                runs,
                pycache,
            )
        finally:
            os.unlink(handle.name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds of each kind (best counts)")
    parser.add_argument("--builds-only", action="store_true", help="skip the example suite")
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = []
    met = True
    if not args.builds_only:
        with tempfile.TemporaryDirectory(prefix="bench-junit-") as folder:
            report = Path(folder) / "report.xml"
            suite = timed(
                [sys.executable, "-m", "pytest", "tests/docs", "-q", "-p", "no:cacheprovider"]
                + [f"--junitxml={report}"]
            )
            node_examples, node_seconds = cost(report, NODE_TESTS, "test_node_example[")
            reader_pages, reader_seconds = cost(report, READER_TESTS, "test_a_reader_runs")
        rows += [
            (
                "example suite (pytest tests/docs)",
                f"{suite:6.2f} s",
                f"target < {SUITE_TARGET_SECONDS:g} s",
            ),
            (
                f"Node.js examples ({node_examples}), in it",
                f"{node_seconds:6.2f} s",
                f"target <= {NODE_TARGET_SECONDS:g} s",
            ),
            (
                f"reader's run ({reader_pages} pages), in it",
                f"{reader_seconds:6.2f} s",
                "for information (every page, twice)",
            ),
        ]
        met = suite < SUITE_TARGET_SECONDS and node_seconds <= NODE_TARGET_SECONDS

    pycache = tempfile.mkdtemp(prefix="bench-pycache-")
    try:
        seconds = build_seconds(args.runs, pycache)
    finally:
        shutil.rmtree(pycache, ignore_errors=True)
    ratio = seconds["three-step"] / seconds["theme-only"]
    best = f"best of {args.runs}"
    rows += [
        ("three-step build (dev.py build)", f"{seconds['three-step']:6.2f} s", best),
        ("  pre-step alone", f"{seconds['pre-step']:6.2f} s", best),
        ("  post-step alone", f"{seconds['post-step']:6.2f} s", best),
        ("mkdocs build, theme only", f"{seconds['theme-only']:6.2f} s", best),
        ("three-step / theme only", f"{ratio:6.2f} x", f"target <= {BUILD_RATIO_TARGET:g} x"),
        ("three-step build with Zensical", f"{seconds['zensical']:6.2f} s", best),
    ]
    for label, figure, note in rows:
        print(f"{label + ':':36} {figure}   {note}")
    met = met and ratio <= BUILD_RATIO_TARGET
    print("targets met" if met else "TARGET MISSED")


if __name__ == "__main__":
    main()
