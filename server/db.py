"""The database: one SQLAlchemy instance, UTC timestamps, and SQLite set up to be safe."""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import flask_migrate
from flask import Flask, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Engine, event, text
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
MIGRATIONS = str(Path(__file__).with_name("migrations"))
MIGRATION_LOCK = 0x616375  # any constant: serialises `db upgrade` across servers on PostgreSQL


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every engine (SQLite keeps no offset, so we add it back)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def render_item(type_, obj, _autogen_context):
    """Migrations spell UTCDateTime as the plain column type it stores."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


migrate = flask_migrate.Migrate(
    directory=MIGRATIONS, render_as_batch=True, compare_type=True, render_item=render_item
)


def init_app(app: Flask) -> None:
    timeout_s = app.config["SQLITE_BUSY_TIMEOUT_MS"] / 1000
    options = app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", {})
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        options.setdefault("connect_args", {"timeout": timeout_s, "check_same_thread": False})
    else:
        options.setdefault("pool_pre_ping", True)
    db.init_app(app)
    migrate.init_app(app, db)


def upgrade_schema(app: Flask) -> None:
    """Bring the database to the newest migration (creating it on first run)."""
    with app.app_context():
        with db.engine.connect() as lock:
            postgres = db.engine.dialect.name == "postgresql"
            if postgres:  # several servers may start at once; one migrates, the others wait
                lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            try:
                flask_migrate.upgrade(directory=MIGRATIONS)
            finally:
                if postgres:
                    lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
        db.engine.dispose()  # keep no connection (server workers are forked from this process)


def current_revision(app: Flask) -> str | None:
    """The migration revision the database is at; None when it has no schema yet."""
    from alembic.runtime.migration import MigrationContext

    with app.app_context():
        with db.engine.connect() as connection:
            revision = MigrationContext.configure(connection).get_current_revision()
        db.engine.dispose()
    return revision


def head_revision(app: Flask) -> str:
    """The newest migration this version of the app has."""
    from alembic.script import ScriptDirectory

    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config(MIGRATIONS)
        return ScriptDirectory.from_config(config).get_current_head()


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    # Let SQLAlchemy's "begin" event issue BEGIN itself instead of the driver's lazy one.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # an acknowledged write survives a power cut
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection) -> None:
    if connection.dialect.name != "sqlite":
        return
    # A request that may write takes the write lock up front, so concurrent writers queue on
    # the busy timeout instead of failing when a deferred transaction tries to upgrade.
    may_write = not has_request_context() or request.method not in READ_ONLY_METHODS
    connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write else "BEGIN")
