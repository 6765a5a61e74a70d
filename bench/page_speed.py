"""Page weight and speed of the built site, as a reader's browser gets it.

    .venv/bin/python bench/page_speed.py [--runs N] [--site DIR] [--no-lighthouse]
                                         [--preset mobile|desktop|both]
                                         [--lighthouse-runs N]

Builds the site (`mkdocs build --strict`, or takes a built one with `--site`), serves it
from a loopback server that gzips text as static hosts do (GitHub Pages, Netlify), and

- loads every page of the navigation in headless Chromium (Debian's `/usr/bin/chromium`),
  each in a fresh browser context (an empty cache), `--runs` times, and prints per page:
  the bytes transferred (the sum of Chrome's `encodedDataLength` over every request,
  headers included, counted over CDP until the network is idle: the search index that
  Material fetches after `load` counts), the same bodies uncompressed, the number of
  requests, and the median time to DOMContentLoaded and to the `load` event (Navigation
  Timing, from the start of the navigation);
- runs Lighthouse (the npm package pinned in `bench/package.json`: install it once with
  `npm ci --prefix bench`) with `CHROME_PATH=/usr/bin/chromium` on the overview, a guide
  and a page of the API reference, with Lighthouse's default mobile settings (simulated
  slow 4G and a 4x slower CPU) and/or its desktop preset, `--lighthouse-runs` times per
  page (5 by default; the run with the median performance score is reported, as
  Lighthouse advises for its run-to-run variance), and prints the scores of its
  performance, accessibility and best-practices categories with the main metrics.

Targets: no page over 1 MB transferred; Lighthouse performance >= 95, accessibility 100,
best practices >= 95. The exit status is 1 when one is missed. The full results go to
`artifacts/page-speed.json` (git ignores `artifacts/`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "browser"))

from playwright.sync_api import Browser, sync_playwright  # noqa: E402
from site_under_test import (  # noqa: E402
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    build_site,
    nav_paths,
    serve,
)

LIGHTHOUSE = ROOT / "bench" / "node_modules" / ".bin" / "lighthouse"
MAX_PAGE_BYTES = 1_000_000
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 95}
VIEWPORT = {"width": 1280, "height": 900}


def measure(browser: Browser, url: str) -> dict[str, Any]:
    """One load of `url` in a fresh context: bytes over the wire, bodies, requests, times."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    transferred: dict[str, float] = {}
    decoded: dict[str, int] = {}
    failed: list[str] = []
    cdp.on(
        "Network.loadingFinished",
        lambda e: transferred.__setitem__(e["requestId"], e["encodedDataLength"]),
    )
    cdp.on(
        "Network.dataReceived",
        lambda e: decoded.__setitem__(
            e["requestId"], decoded.get(e["requestId"], 0) + e["dataLength"]
        ),
    )
    cdp.on("Network.loadingFailed", lambda e: failed.append(e.get("errorText", "?")))
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    timing = page.evaluate(
        """() => { const n = performance.getEntriesByType("navigation")[0];
          return {dcl: n.domContentLoadedEventEnd, load: n.loadEventEnd,
                  ttfb: n.responseStart}; }"""
    )
    context.close()
    return {
        "bytes": int(sum(transferred.values())),
        "decoded": sum(decoded.values()),
        "requests": len(transferred),
        "failed": failed,
        **timing,
    }


def page_weights(site_url: str, pages: list[str], runs: int) -> list[dict[str, Any]]:
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        measure(browser, site_url)  # warm-up: the server's gzip cache, Chromium's start
        for path in pages:
            loads = [measure(browser, site_url + path) for _ in range(runs)]
            rows.append(
                {
                    "page": "/" + path,
                    "bytes": loads[0]["bytes"],
                    "decoded": loads[0]["decoded"],
                    "requests": loads[0]["requests"],
                    "failed": loads[0]["failed"],
                    "dcl_ms": statistics.median(load["dcl"] for load in loads),
                    "load_ms": statistics.median(load["load"] for load in loads),
                }
            )
        browser.close()
    return rows


def lighthouse(url: str, preset: str, out: Path) -> dict[str, Any]:
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        f"--output-path={out}",
        "--only-categories=performance,accessibility,best-practices",
        f"--chrome-flags={flags}",
        "--quiet",
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    if done.returncode != 0 or not out.exists():
        raise RuntimeError(
            f"lighthouse failed on {url}:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
        )
    report = json.loads(out.read_text("utf-8"))
    audits = report["audits"]

    def metric(name: str) -> float | None:
        return audits.get(name, {}).get("numericValue")

    failing = {
        category: [
            ref["id"]
            for ref in report["categories"][category]["auditRefs"]
            if ref.get("weight")
            and (audits[ref["id"]].get("score") or 0) < 1
            and audits[ref["id"]].get("scoreDisplayMode") in ("binary", "numeric", "metricSavings")
        ]
        for category in TARGETS
    }
    return {
        "url": url,
        "preset": preset,
        "lighthouse": report.get("lighthouseVersion"),
        "scores": {c: round(report["categories"][c]["score"] * 100) for c in TARGETS},
        "fcp_ms": metric("first-contentful-paint"),
        "lcp_ms": metric("largest-contentful-paint"),
        "tbt_ms": metric("total-blocking-time"),
        "cls": metric("cumulative-layout-shift"),
        "speed_index_ms": metric("speed-index"),
        "total_bytes": metric("total-byte-weight"),
        "not_full_marks": failing,
    }


def median_lighthouse(url: str, preset: str, out: Path, runs: int) -> dict[str, Any]:
    """Lighthouse `runs` times on one page; the run with the median performance score.
    One run of a simulated slow phone varies by several points (Lighthouse's own advice
    is to take the median of several), so the report keeps every run's score too."""
    reports = [lighthouse(url, preset, out) for _ in range(runs)]
    reports.sort(key=lambda r: r["scores"]["performance"])
    middle = reports[len(reports) // 2]
    middle["performance_runs"] = [r["scores"]["performance"] for r in reports]
    return middle


def lighthouse_pages(pages: list[str]) -> list[tuple[str, str]]:
    """The overview, a guide (chat) and the first operation page of the API reference
    (or, while there is no reference, a third guide)."""
    reference = [p for p in pages if p.startswith("reference/") and p.count("/") >= 3]
    guide = "chat/" if "chat/" in pages else pages[min(4, len(pages) - 1)]
    third = ("reference", reference[0]) if reference else ("guide", "streaming/")
    return [("overview", ""), ("guide", guide), third]


def kb(value: float) -> str:
    return f"{value / 1000:7.1f} kB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="loads of each page (median time)")
    parser.add_argument("--site", type=Path, help="a built site to serve instead of building")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--preset", choices=["mobile", "desktop", "both"], default="both")
    parser.add_argument(
        "--lighthouse-runs", type=int, default=5, help="Lighthouse runs per page (median)"
    )
    args = parser.parse_args()

    temp = None
    if args.site:
        site = args.site.resolve()
    else:
        temp = Path(tempfile.mkdtemp(prefix="page-speed-site-"))
        started = time.perf_counter()
        build_site(temp)
        site = temp
        print(f"built the site in {time.perf_counter() - started:.1f} s")
    pages = nav_paths(site)
    results: dict[str, Any] = {"pages": [], "lighthouse": []}
    misses: list[str] = []
    try:
        with serve(site, default_port=False, compress=True) as site_url:
            rows = page_weights(site_url, pages, args.runs)
            results["pages"] = rows
            print(
                f"\n{len(rows)} pages, served gzipped from loopback, fresh cache, "
                f"median of {args.runs} loads\n"
            )
            print(
                f"{'page':<56} {'transferred':>11} {'uncompressed':>12} {'req':>4} "
                f"{'DCL':>7} {'load':>7}"
            )
            for row in rows:
                print(
                    f"{row['page']:<56} {kb(row['bytes']):>11} {kb(row['decoded']):>12} "
                    f"{row['requests']:>4} {row['dcl_ms']:>5.0f}ms {row['load_ms']:>5.0f}ms"
                )
                if row["failed"]:
                    misses.append(f"{row['page']}: failed requests {row['failed']}")
            worst = max(rows, key=lambda r: r["bytes"])
            slowest = max(rows, key=lambda r: r["load_ms"])
            total = sum(r["bytes"] for r in rows)
            print(
                f"\nheaviest: {worst['page']} {kb(worst['bytes']).strip()} transferred "
                f"({kb(worst['decoded']).strip()} uncompressed); slowest load: "
                f"{slowest['page']} {slowest['load_ms']:.0f} ms; median page "
                f"{kb(statistics.median(r['bytes'] for r in rows)).strip()}; "
                f"all {len(rows)} pages {kb(total).strip()}"
            )
            heavy = [r["page"] for r in rows if r["bytes"] > MAX_PAGE_BYTES]
            if heavy:
                misses.append(f"over {MAX_PAGE_BYTES / 1e6:g} MB transferred: {heavy}")

            if not args.no_lighthouse:
                if not LIGHTHOUSE.exists():
                    print(f"\nno Lighthouse at {LIGHTHOUSE}: run `npm ci --prefix bench` first")
                    misses.append("Lighthouse not installed")
                else:
                    presets = ["mobile", "desktop"] if args.preset == "both" else [args.preset]
                    print(
                        "\nLighthouse (performance / accessibility / best practices), the "
                        f"median of {args.lighthouse_runs} runs"
                    )
                    with tempfile.TemporaryDirectory(prefix="lighthouse-") as out:
                        for preset in presets:
                            for kind, path in lighthouse_pages(pages):
                                report = median_lighthouse(
                                    site_url + path,
                                    preset,
                                    Path(out) / "report.json",
                                    args.lighthouse_runs,
                                )
                                report["kind"] = kind
                                results["lighthouse"].append(report)
                                s = report["scores"]
                                print(
                                    f"  {preset:<7} {kind:<9} /{path:<45} "
                                    f"{s['performance']:>3} / {s['accessibility']:>3} / "
                                    f"{s['best-practices']:>3}   FCP {report['fcp_ms']:.0f} ms, "
                                    f"LCP {report['lcp_ms']:.0f} ms, "
                                    f"TBT {report['tbt_ms']:.0f} ms, "
                                    f"CLS {report['cls']:.3f}, "
                                    f"{kb(report['total_bytes']).strip()}; performance "
                                    f"runs {report['performance_runs']}"
                                )
                                for category, target in TARGETS.items():
                                    if s[category] < target:
                                        misses.append(
                                            f"Lighthouse {preset} /{path}: {category} "
                                            f"{s[category]} < {target} "
                                            f"(short of full marks: "
                                            f"{report['not_full_marks'][category]})"
                                        )
                        print(f"  (Lighthouse {results['lighthouse'][0]['lighthouse']})")
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)

    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "page-speed.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(f"\ntargets: no page over 1 MB transferred; Lighthouse {TARGETS}")
    if misses:
        print("MISSED:\n  " + "\n  ".join(misses))
        return 1
    print("all targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
