"""Content API throughput under the multi-process server, as a ratio to a trivial JSON route.

wrk (Debian package `wrk`) drives `acupress serve --workers 2` on loopback; rounds alternate
between routes so machine noise hits all of them alike; medians of the rounds are reported.
"""

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from benchmarks.results import median, write_section
from tests.conftest import free_port
from tests.servers import ServerProcess

ROUTES = {
    "trivial JSON (/api/health)": "/api/health",
    "/api/points": "/api/points",
    "/api/points/BL23": "/api/points/BL23",
}
ROUNDS, SECONDS, CONNECTIONS, WORKERS = 5, 6, 32, 2


def wrk(url: str) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{SECONDS}s",
            "--latency",
            "-H",
            "Accept-Encoding: br",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    unit = {"us": 0.001, "ms": 1, "s": 1000}

    def latency(pct: str) -> float:
        value, scale = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", output, re.M).groups()
        return float(value) * unit[scale]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "errors": "Non-2xx" in output or "Socket errors" in output,
    }


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(
            Path(tmp) / "instance", free_port(), args=["--workers", str(WORKERS)]
        )
        server.env["ACUPRESS_REMINDERS_IN_PROCESS"] = "false"
        server.start()
        try:
            for path in ROUTES.values():  # warm up every worker
                wrk(server.url + path)
            runs = {name: [] for name in ROUTES}
            for _ in range(ROUNDS):
                for name, path in ROUTES.items():
                    runs[name].append(wrk(server.url + path))
        finally:
            server.stop()
    trivial = median([r["rps"] for r in runs["trivial JSON (/api/health)"]])
    rows = []
    for name, results in runs.items():
        rps = median([r["rps"] for r in results])
        p50, p99 = median([r["p50"] for r in results]), median([r["p99"] for r in results])
        rows.append(f"| {name} | {rps:,.0f} | {rps / trivial:.2f} | {p50:.2f} | {p99:.2f} |")
        assert not any(r["errors"] for r in results), f"{name}: errors during the run"
    write_section(
        "Content API throughput",
        f"""
`python benchmarks/run.py points` — `acupress serve --workers {WORKERS}` (gunicorn, gthread),
`wrk -t2 -c{CONNECTIONS} -d{SECONDS}s --latency -H 'Accept-Encoding: br'`, {ROUNDS} interleaved
rounds, medians. Load generator and server share the machine's 2 cores. Target: ratio ≥ 0.8.

| route | requests/s | ratio to trivial | p50 ms | p99 ms |
|---|---:|---:|---:|---:|
{chr(10).join(rows)}
""",
    )
    print("\n".join(rows))


if __name__ == "__main__":
    main()
