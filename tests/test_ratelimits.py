"""Rate limits hold as documented however the server runs: shared by the workers of one
`acupress serve` (a SQLite file in the instance folder), by every app server (Redis), checked
after authentication, and never a cause of a 5xx."""

import os
import shutil
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from server import create_app
from server.db import db
from tests.conftest import free_port
from tests.servers import ACUPRESS, ServerProcess


@pytest.fixture
def two_servers(
    tmp_path, app_config, migrated_sqlite, migrated_postgres, redis_url, ratelimit_prefix
):
    """Two apps on one database, counting requests in one Redis."""
    config = {
        **app_config,
        "RATELIMIT_ENABLED": True,
        "RATELIMIT_STORAGE_URI": redis_url,
        "RATELIMIT_KEY_PREFIX": ratelimit_prefix,
    }
    if "DATABASE_URL" not in config:  # both use one SQLite file, as two processes would
        config["DATABASE_URL"] = f"sqlite:///{tmp_path / 'shared.db'}"
        shutil.copyfile(migrated_sqlite, tmp_path / "shared.db")
    apps = [create_app({**config, "INSTANCE_PATH": str(tmp_path / f"i{n}")}) for n in (1, 2)]
    yield [a.test_client() for a in apps]
    for app in apps:
        with app.app_context():
            db.engine.dispose()


def test_account_creation_limit_is_shared_across_servers(two_servers):
    first, second = two_servers
    for n in range(20):
        assert (first if n % 2 else second).post("/api/accounts").status_code == 201
    for server in (first, second):
        refused = server.post("/api/accounts")
        assert refused.status_code == 429
        assert refused.json["error"]["code"] == "rate_limited"
        assert int(refused.headers["Retry-After"]) > 0


def post(url: str, body: bytes = b"{}", headers: dict | None = None) -> int:
    headers = {"Content-Type": "application/json", "Connection": "close", **(headers or {})}
    request = urllib.request.Request(url, data=body, method="POST", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def concurrently(count: int, call) -> list[int]:
    barrier = threading.Barrier(min(count, 16))

    def one(_):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(min(count, 16)) as pool:
        return list(pool.map(one, range(count)))


@pytest.fixture
def served_two_workers(tmp_path, engine_name, postgres_schema_url):
    """`acupress serve --workers 2` as deployed on one machine: rate limits on, default storage."""
    env = {"ACUPRESS_REMINDERS_IN_PROCESS": "false", "ACUPRESS_RATELIMIT_ENABLED": "true"}
    if engine_name == "postgresql":
        env["ACUPRESS_DATABASE_URL"] = postgres_schema_url
    server = ServerProcess(tmp_path / "instance", free_port(), env=env, args=["--workers", "2"])
    server.start()
    yield server
    server.stop()


def test_two_workers_share_one_count(served_two_workers):
    """Link-code guessing: 10 tries a minute per client, however the workers share the load."""
    url = served_two_workers.url + "/api/link-codes/redeem"
    statuses = concurrently(32, lambda: post(url, b'{"code": "0000-0000"}'))
    assert sorted(set(statuses)) == [404, 429]
    assert statuses.count(404) == 10


def test_memory_storage_with_several_workers_is_refused_at_start(tmp_path):
    env = {
        **os.environ,
        "ACUPRESS_INSTANCE_PATH": str(tmp_path),
        "ACUPRESS_RATELIMIT_STORAGE_URI": "memory://",
    }
    command = [ACUPRESS, "serve", "--workers", "2", "--port", str(free_port())]
    process = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the server started with per-process rate limits and 2 workers")
    assert process.returncode != 0
    assert "memory://" in output and "workers" in output


@pytest.fixture
def throttled_app(app_config):
    app_config.update(RATELIMIT_ENABLED=True)
    return app_config


def test_authentication_comes_before_the_limit(throttled_app, client):
    for _ in range(12):  # the limit is 10 an hour
        answer = client.post("/api/link-codes")
        assert answer.status_code == 401, answer.json
    for _ in range(3):
        wrong = client.post("/api/sync", json={"cursor": 0}, headers={"Authorization": "Bearer x"})
        assert wrong.status_code == 401


@pytest.mark.parametrize(
    "storage", ["redis://127.0.0.1:1/0", "acupress-sqlite:///nonexistent/dir/x.db"]
)
def test_a_failing_limiter_storage_lets_requests_through(app_config, storage, request):
    app_config.update(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=storage)
    client = request.getfixturevalue("client")
    assert client.post("/api/accounts").status_code == 201


def test_concurrent_requests_count_exactly_and_never_fail(throttled_app, live_server):
    """The feedback limit (30 an hour) under 64 simultaneous posts from one client."""
    url = live_server.url + "/api/feedback"
    statuses = concurrently(64, lambda: post(url, b'{"hard_to_find": ["BL23"]}'))
    assert sorted(set(statuses)) == [202, 429]
    assert statuses.count(202) == 30
