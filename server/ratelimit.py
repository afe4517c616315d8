"""Rate limits (Flask-Limiter) that hold for every worker: counted in a SQLite file in the
instance folder, which all server processes of one machine share, or in Redis when several
machines serve one site. Memory storage is per process, so `acupress serve` refuses it with more
than one worker. A storage that fails lets the request through (logged): limiter state never
turns a request into a 5xx.
"""

import sqlite3
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from limits.storage import Storage

limiter = Limiter(key_func=get_remote_address, headers_enabled=True, swallow_errors=True)

SCHEME = "acupress-sqlite"
SCHEMA = """CREATE TABLE IF NOT EXISTS counters (
    key TEXT PRIMARY KEY, count INTEGER NOT NULL, expires_at REAL NOT NULL)"""


def default_storage_uri(instance_path: str) -> str:
    return f"{SCHEME}://{Path(instance_path) / 'ratelimits.db'}"


def per_process(uri: str) -> bool:
    """Whether counts in this storage are seen only by the process that made them."""
    return urlsplit(uri).scheme in ("memory", "")


class SQLiteStorage(Storage):
    """Fixed-window counters in one SQLite file; each increment is one short write transaction,
    so concurrent workers and threads count every request exactly once."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options):
        self.path = uri.split("://", 1)[1]
        self.local = threading.local()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self):
        return sqlite3.Error

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (sqlite3 connections are not shared between threads)."""
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")  # counts need not survive a power cut
            conn.execute(SCHEMA)
            self.local.conn = conn
        return conn

    def incr(self, key: str, expiry: float, amount: int = 1) -> int:
        now = time.time()
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("DELETE FROM counters WHERE expires_at <= ?", (now,))
            (count,) = conn.execute(
                "INSERT INTO counters (key, count, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET count = count + excluded.count RETURNING count",
                (key, amount, now + expiry),
            ).fetchone()
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return count

    def _row(self, key: str) -> tuple[int, float] | None:
        return (
            self.connection()
            .execute(
                "SELECT count, expires_at FROM counters WHERE key = ? AND expires_at > ?",
                (key, time.time()),
            )
            .fetchone()
        )

    def get(self, key: str) -> int:
        row = self._row(key)
        return row[0] if row else 0

    def get_expiry(self, key: str) -> float:
        row = self._row(key)
        return row[1] if row else time.time()

    def check(self) -> bool:
        self.connection().execute("SELECT 1")
        return True

    def reset(self) -> int | None:
        return self.connection().execute("DELETE FROM counters").rowcount

    def clear(self, key: str) -> None:
        self.connection().execute("DELETE FROM counters WHERE key = ?", (key,))
