"""The database going away: clear 503 JSON errors, and recovery when it comes back."""

import gc
import socket
import sqlite3
import threading
from pathlib import Path

import pytest

from server import create_app
from server.db import db
from tests.conftest import POSTGRES_URL, free_port


class TcpProxy:
    """A loopback TCP forwarder we can cut: the database 'goes away' for the app behind it."""

    def __init__(self, target: tuple[str, int]):
        self.target, self.port = target, free_port()
        self.connections: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> "TcpProxy":
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()
        return self

    def _accept(self, listener) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def cut(self) -> None:
        self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        self.listener.close()
        for s in self.connections:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.connections.clear()


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert response.json["error"]["code"] == "database_unavailable"
    assert response.headers["Retry-After"]


@pytest.mark.skipif(not POSTGRES_URL, reason="needs ACUPRESS_TEST_DATABASE_URL")
def test_postgres_outage_then_recovery(migrated_postgres, tmp_path):
    proxy = TcpProxy(("127.0.0.1", 5432)).start()
    url = migrated_postgres.replace("127.0.0.1:5432", f"127.0.0.1:{proxy.port}")
    assert url != migrated_postgres, "the test database must be at 127.0.0.1:5432"
    app = create_app(
        {
            "INSTANCE_PATH": str(tmp_path),
            "DATABASE_URL": url,
            "TESTING": True,
            "RATELIMIT_ENABLED": False,
            "REMINDERS_IN_PROCESS": False,
        }
    )
    client = app.test_client()
    token = client.post("/api/accounts").json["token"]
    auth = {"Authorization": f"Bearer {token}"}
    proxy.cut()
    assert_unavailable(client.post("/api/accounts"))
    assert_unavailable(client.get("/api/devices", headers=auth))
    assert client.get("/api/points").status_code == 200  # content needs no database
    proxy.start()
    assert client.post("/api/accounts").status_code == 201
    assert client.get("/api/devices", headers=auth).status_code == 200
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    proxy.cut()
    gc.collect()  # the connections the outage broke are closed here, not in a later test


@pytest.fixture
def short_busy_timeout(app_config):
    app_config["SQLITE_BUSY_TIMEOUT_MS"] = 200


@pytest.mark.parametrize("engine_name", ["sqlite"])  # a SQLite file lock; PostgreSQL has none
def test_sqlite_locked_by_another_process_then_free(short_busy_timeout, client, app, engine_name):
    path = Path(app.instance_path) / "acupress.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        assert_unavailable(client.post("/api/accounts"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert client.post("/api/accounts").status_code == 201
