"""Journal sync throughput: 10,000 entries pushed in batches of 500 and pulled back, over HTTP,
on SQLite and on PostgreSQL (ACUPRESS_BENCH_POSTGRES_URL, default the local test database)."""

import os
import tempfile
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import requests

from benchmarks.results import median, write_section
from tests.conftest import free_port
from tests.servers import ServerProcess

ENTRIES, BATCH, ROUNDS = 10_000, 500, 3
POSTGRES = os.environ.get(
    "ACUPRESS_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test"
)


def session(n: int) -> dict:
    day = f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}"
    return {
        "id": str(uuid.uuid4()),
        "kind": "session",
        "base_rev": 0,
        "data": {
            "routine_id": "daily-lower-back",
            "routine_title": "Daily lower back",
            "steps_total": 7,
            "steps_completed": 7,
            "seconds_pressed": 540,
            "points": ["BL23", "BL52", "GV4"],
            "pain_before": 5,
            "pain_after": 3,
            "note": f"entry {n}",
            "flagged": False,
            "started_at": f"{day}T07:30:00+01:00",
            "ended_at": f"{day}T07:40:00+01:00",
            "completed": True,
            "modified_at": f"{day}T07:40:00+01:00",
        },
    }


def one_round(url: str) -> tuple[float, float]:
    """(pushed per second, pulled per second) for one fresh account."""
    http = requests.Session()
    token = http.post(url + "/api/accounts").json()["token"]
    http.headers["Authorization"] = f"Bearer {token}"
    changes = [session(n) for n in range(ENTRIES)]
    started = time.perf_counter()
    for i in range(0, ENTRIES, BATCH):
        reply = http.post(
            url + "/api/sync", json={"cursor": 0, "limit": 1, "changes": changes[i : i + BATCH]}
        )
        reply.raise_for_status()
        assert len(reply.json()["applied"]) == BATCH
    pushed = ENTRIES / (time.perf_counter() - started)
    started, cursor, pulled, more = time.perf_counter(), 0, 0, True
    while more:
        body = http.post(
            url + "/api/sync", json={"cursor": cursor, "limit": BATCH, "changes": []}
        ).json()
        pulled += len(body["changes"])
        cursor, more = body["cursor"], body["more"]
    assert pulled == ENTRIES
    return pushed, ENTRIES / (time.perf_counter() - started)


@contextmanager
def postgres_schema():
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(POSTGRES, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def measure(env: dict) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(
            Path(tmp) / "instance", free_port(), env=env, args=["--workers", "2"]
        )
        server.env["ACUPRESS_REMINDERS_IN_PROCESS"] = "false"
        server.env["ACUPRESS_RATELIMIT_ENABLED"] = "false"
        server.start()
        try:
            runs = [one_round(server.url) for _ in range(ROUNDS)]
        finally:
            server.stop()
    return median([r[0] for r in runs]), median([r[1] for r in runs])


def main() -> None:
    rows = {"SQLite (WAL, synchronous=FULL)": measure({})}
    with postgres_schema() as url:
        rows["PostgreSQL 15 (local)"] = measure({"ACUPRESS_DATABASE_URL": url})
    table = "\n".join(
        f"| {name} | {push:,.0f} | {pull:,.0f} |" for name, (push, pull) in rows.items()
    )
    write_section(
        "Journal sync",
        f"""
`python benchmarks/run.py sync` — {ENTRIES:,} practice sessions for one account pushed over HTTP
in batches of {BATCH} (each batch one transaction), then pulled back in pages of {BATCH};
`acupress serve --workers 2`, median of {ROUNDS} rounds, each on a fresh account.

| database | pushed entries/s | pulled entries/s |
|---|---:|---:|
{table}
""",
    )
    print(table)


if __name__ == "__main__":
    main()
