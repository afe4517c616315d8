"""Server memory with 100,000 journal entries across 1,000 accounts (SQLite), against an empty
database, after the same load: content, and full journal pulls for 100 of the accounts."""

import secrets
import tempfile
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests
from sqlalchemy import insert

from benchmarks.bench_sync import session
from benchmarks.results import write_section
from server import create_app
from server.accounts.models import Account, Device
from server.accounts.tokens import new_token, token_hash
from server.db import db, upgrade_schema
from server.journal.models import JournalRecord, JournalSequence
from tests.conftest import free_port
from tests.servers import ServerProcess

ACCOUNTS, PER_ACCOUNT, PULLED = 1_000, 100, 100


def seed(instance: Path) -> list[str]:
    """Fill the instance's database directly; returns one device token per account."""
    app = create_app({"INSTANCE_PATH": str(instance), "REMINDERS_IN_PROCESS": False})
    upgrade_schema(app)
    tokens = [new_token() for _ in range(ACCOUNTS)]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with app.app_context():
        db.session.execute(insert(Account), [{"id": a + 1} for a in range(ACCOUNTS)])
        db.session.execute(
            insert(JournalSequence),
            [{"account_id": a + 1, "last_seq": PER_ACCOUNT} for a in range(ACCOUNTS)],
        )
        db.session.execute(
            insert(Device),
            [
                {
                    "public_id": secrets.token_hex(16),
                    "account_id": a + 1,
                    "name": "bench",
                    "token_hash": token_hash(t),
                }
                for a, t in enumerate(tokens)
            ],
        )
        for a in range(ACCOUNTS):
            rows = []
            for n in range(PER_ACCOUNT):
                change = session(n)
                rows.append(
                    {
                        "account_id": a + 1,
                        "record_id": str(uuid.uuid4()),
                        "kind": "session",
                        "data": change["data"],
                        "deleted": False,
                        "rev": n + 1,
                        "occurred_at": start + timedelta(hours=n),
                        "updated_at": start,
                    }
                )
            db.session.execute(insert(JournalRecord), rows)
        db.session.commit()
    return tokens


def worker_rss_kb(server: ServerProcess) -> dict[str, int]:
    """Resident memory of the gunicorn master and its worker, from /proc."""

    def rss(pid: int) -> int:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    master = server.process.pid
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {"master": rss(master), "worker": sum(rss(int(pid)) for pid in children)}


def load(url: str, tokens: list[str]) -> None:
    http = requests.Session()
    for path in ("/", "/api/points", "/api/routines", "/api/evidence", "/api/points/BL23"):
        http.get(url + path).raise_for_status()
    for token in tokens[:PULLED]:
        cursor, more = 0, True
        while more:
            body = http.post(
                url + "/api/sync",
                json={"cursor": cursor, "limit": 500, "changes": []},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            cursor, more = body["cursor"], body["more"]


def measure(instance: Path, tokens: list[str]) -> tuple[dict, dict]:
    server = ServerProcess(instance, free_port(), args=["--workers", "1"])
    server.env["ACUPRESS_REMINDERS_IN_PROCESS"] = "false"
    server.env["ACUPRESS_RATELIMIT_ENABLED"] = "false"
    server.start()
    try:
        requests.get(server.url + "/api/health").raise_for_status()
        idle = worker_rss_kb(server)
        load(server.url, tokens)
        return idle, worker_rss_kb(server)
    finally:
        server.stop()


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty"
        upgrade_schema(create_app({"INSTANCE_PATH": str(empty), "REMINDERS_IN_PROCESS": False}))
        empty_idle, empty_loaded = measure(empty, [])
        full = Path(tmp) / "full"
        tokens = seed(full)
        db_mb = (full / "acupress.db").stat().st_size / 2**20
        full_idle, full_loaded = measure(full, tokens)
    rows = [
        ("empty database, after start", empty_idle),
        ("empty database, after content requests", empty_loaded),
        (f"{ACCOUNTS * PER_ACCOUNT:,} entries, after start", full_idle),
        (
            f"{ACCOUNTS * PER_ACCOUNT:,} entries, after pulling {PULLED} accounts' journals",
            full_loaded,
        ),
    ]
    table = "\n".join(
        f"| {name} | {m['worker'] / 1024:.1f} MB | {m['master'] / 1024:.1f} MB |"
        for name, m in rows
    )
    write_section(
        "Server memory",
        f"""
`python benchmarks/run.py memory` — {ACCOUNTS:,} accounts × {PER_ACCOUNT} practice sessions
({ACCOUNTS * PER_ACCOUNT:,} entries, a {db_mb:.0f} MB SQLite file), `acupress serve --workers 1`
(8 threads); resident memory (VmRSS) of the worker and the gunicorn master. The journal lives in
the database; a worker holds only what the requests in flight need, plus SQLite's page cache.

| state | worker RSS | master RSS |
|---|---:|---:|
{table}
""",
    )
    print(table)


if __name__ == "__main__":
    main()
