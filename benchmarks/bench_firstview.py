"""The first view, as Lighthouse 13 (mobile, simulated throttling) sees it: performance score,
LCP, TBT, the critical request chain's depth and brotli bytes, for the start page and a point
page; the same measured in the same run on the baseline commit, checked out beside this tree.

Lighthouse comes from the npm registry into benchmarks/.work (not a test dependency)."""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

from benchmarks.results import median, write_section

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "benchmarks" / ".work"
LIGHTHOUSE_VERSION = "13.5.0"
LIGHTHOUSE = WORK / "lh" / "node_modules" / "lighthouse" / "cli" / "index.js"
BASELINE = os.environ.get("ACUPRESS_BENCH_BASELINE", "e08f81f")  # the commit before #16
PAGES = {"start page": "/", "point page": "/#/point/BL23"}
RUNS = int(os.environ.get("ACUPRESS_BENCH_RUNS", "5"))
# Serves one checkout's app with the werkzeug server (threads), as `acupress serve` would.
SERVE = """
import logging, sys, tempfile
logging.getLogger("werkzeug").setLevel(logging.ERROR)
from werkzeug.serving import make_server
from server import create_app
from server.db import upgrade_schema
app = create_app({"INSTANCE_PATH": tempfile.mkdtemp(), "REMINDERS_IN_PROCESS": False})
upgrade_schema(app)
make_server("127.0.0.1", int(sys.argv[1]), app, threaded=True).serve_forever()
"""


def install_lighthouse() -> None:
    if LIGHTHOUSE.exists():
        return
    (WORK / "lh").mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", f"lighthouse@{LIGHTHOUSE_VERSION}"],
        cwd=WORK / "lh",
        check=True,
    )


def baseline_tree() -> Path:
    tree = WORK / f"baseline-{BASELINE}"
    if not tree.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(tree), BASELINE], cwd=ROOT)
    return tree


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tree: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.Popen([sys.executable, "-c", SERVE, str(port)], cwd=tree, env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urlopen(url + "/api/health", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{tree} did not start")


def chain_depth_and_bytes(audit: dict) -> tuple[int, int]:
    """Depth after the document and transfer bytes of the longest chain in the dependency tree."""
    chains = audit["details"]["items"][0]["value"]["chains"]

    def walk(nodes: dict, depth: int) -> tuple[int, int]:
        best = (depth, 0)
        for node in nodes.values():
            below = walk(node.get("children", {}), depth + 1)
            best = max(best, below)
        return best

    def total_bytes(nodes: dict) -> int:
        return sum(n["transferSize"] + total_bytes(n.get("children", {})) for n in nodes.values())

    depth, _ = walk(chains, -1)  # the document itself is depth 0
    return depth, total_bytes(chains)


def lighthouse(url: str, attempts: int = 3) -> dict:
    """One Lighthouse run; Chromium now and then fails to start under load, so up to 3 tries."""
    for attempt in range(attempts):
        try:
            return lighthouse_once(url)
        except subprocess.CalledProcessError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


def lighthouse_once(url: str) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json") as out:
        subprocess.run(
            [
                "node",
                str(LIGHTHOUSE),
                url,
                "--quiet",
                "--only-categories=performance",
                "--output=json",
                f"--output-path={out.name}",
                "--chrome-flags=--headless=new --no-sandbox",
            ],
            env={**os.environ, "CHROME_PATH": "/usr/bin/chromium"},
            check=True,
        )
        report = json.loads(Path(out.name).read_text())
    audits = report["audits"]
    depth, critical = chain_depth_and_bytes(audits["network-dependency-tree-insight"])
    return {
        "score": report["categories"]["performance"]["score"] * 100,
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "depth": depth,
        "critical": critical,
    }


def measure(urls: dict[str, str]) -> dict[tuple[str, str], list[dict]]:
    """RUNS Lighthouse runs of every page on every tree, interleaved so load affects both alike."""
    runs: dict[tuple[str, str], list[dict]] = {}
    for _ in range(RUNS):
        for tree, base in urls.items():
            for page, path in PAGES.items():
                runs.setdefault((tree, page), []).append(lighthouse(base + path))
    return runs


def row(name: str, runs: list[dict]) -> str:
    m = {key: median([r[key] for r in runs]) for key in runs[0]}
    return (
        f"| {name} | {m['score']:.0f} | {m['lcp'] / 1000:.2f} s | {m['tbt']:.0f} ms "
        f"| {m['depth']:.0f} | {m['critical'] / 1024:.1f} KB |"
    )


def main() -> None:
    install_lighthouse()
    servers = {
        "this tree": start_server(ROOT),
        f"baseline {BASELINE}": start_server(baseline_tree()),
    }
    try:
        runs = measure({tree: url for tree, (_proc, url) in servers.items()})
    finally:
        for proc, _url in servers.values():
            proc.kill()
    rows = "\n".join(
        row(f"{page} — {tree}", runs[(tree, page)]) for tree in servers for page in PAGES
    )
    write_section(
        "First view (Lighthouse)",
        f"""
`python benchmarks/run.py firstview` — Lighthouse {LIGHTHOUSE_VERSION}, mobile preset (simulated
slow 4G and 4× CPU slowdown), headless Chromium, a fresh profile each run; median of {RUNS} runs,
this tree and the baseline commit `{BASELINE}` interleaved in the same run. Chain depth counts
requests after the document on the longest critical chain; critical bytes are the transfer
sizes (brotli) of every request on the critical chains, the document included.
Targets: score 100, LCP ≤ 1.3 s, TBT ≤ 50 ms, depth ≤ 3, critical ≤ 25 KB.

| page — tree | score | LCP | TBT | chain depth | critical bytes |
|---|---:|---:|---:|---:|---:|
{rows}
""",
    )
    print(rows)


if __name__ == "__main__":
    main()
