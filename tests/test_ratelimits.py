"""Rate limits held in Redis are shared by every app server (as when several run behind a proxy)."""

import shutil

import pytest

from server import create_app
from server.db import db


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
