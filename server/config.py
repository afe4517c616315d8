"""Configuration: defaults < instance/acupress.toml < ACUPRESS_* environment < test config."""

import os
import secrets
import tomllib
from pathlib import Path

from flask import Flask

from server.paths import bundled
from server.ratelimit import default_storage_uri

DEFAULTS = {
    "HOST": "127.0.0.1",
    "PORT": 8000,
    "WORKERS": 1,
    "DATABASE_URL": None,  # None: a SQLite file in the instance folder
    "SQLITE_BUSY_TIMEOUT_MS": 10_000,
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "PWA_DIR": None,
    "DATA_DIR": None,
    "REMINDERS_IN_PROCESS": True,
    "VAPID_PRIVATE_KEY": None,
    "VAPID_SUBJECT": None,  # None: a placeholder other push services take, Apple's does not
    "PUSH_ALLOW_HOSTS": [],
    "PUSH_TIMEOUT_SECONDS": 10,
    "PUSH_CONCURRENCY": 16,
    "REMINDERS_POLL_SECONDS": 15,
    "REMINDERS_BATCH": 500,
    "REMINDERS_LEASE_SECONDS": 300,
    "RATELIMIT_STORAGE_URI": None,  # None: a SQLite file in the instance folder
    "RATELIMIT_ENABLED": True,
    "TRUSTED_PROXIES": 0,
}


def instance_path(test_config: dict | None) -> str:
    """The folder for the SQLite file, keys and the optional acupress.toml."""
    given = (test_config or {}).get("INSTANCE_PATH") or os.environ.get("ACUPRESS_INSTANCE_PATH")
    if given:
        return str(Path(given).resolve())
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return str(Path(data_home) / "acupress")


def load(app: Flask, test_config: dict | None) -> None:
    """Fill app.config in precedence order and derive the settings that depend on others."""
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(instance_file(Path(app.instance_path) / "acupress.toml"))
    app.config.from_prefixed_env("ACUPRESS")
    if test_config:
        app.config.from_mapping(test_config)

    app.config["SQLALCHEMY_DATABASE_URI"] = database_url(app)
    if not app.config["RATELIMIT_STORAGE_URI"]:
        app.config["RATELIMIT_STORAGE_URI"] = default_storage_uri(app.instance_path)
    app.config["PWA_DIR"] = Path(app.config["PWA_DIR"] or bundled("pwa"))
    app.config["DATA_DIR"] = Path(app.config["DATA_DIR"] or bundled("data"))
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(app.instance_path, "secret_key")


def instance_file(path: Path) -> dict:
    """acupress.toml's settings; keys in any case (`port` or `PORT`), as the environment's are."""
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        return {key.upper(): value for key, value in tomllib.load(f).items()}


def database_url(app: Flask) -> str:
    """ACUPRESS_DATABASE_URL with the psycopg 3 driver named, or the instance SQLite file."""
    url = app.config["DATABASE_URL"]
    if not url:
        return "sqlite:///" + str(Path(app.instance_path) / "acupress.db")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def instance_secret(folder: str, name: str) -> str:
    """A random secret made on first run and kept (mode 600) in the instance folder."""
    path = Path(folder) / name
    if not path.exists():
        # Written aside and linked into place, so concurrent first starts agree on one secret.
        draft = path.with_name(f".{name}.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()
