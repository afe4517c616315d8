"""Alembic environment: the app's engine and models (run inside `acupress db ...`)."""

from alembic import context
from flask import current_app

target_db = current_app.extensions["migrate"].db


def run_migrations_online() -> None:
    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it and dropping the old one; with foreign keys
            # enforced, that drop cascades and deletes every row that refers to the table (a
            # schedule's slots and deliveries). The pragma only takes effect outside a
            # transaction, so it goes to the driver before SQLAlchemy begins one (server/db.py
            # issues BEGIN itself on the first statement).
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_db.metadata,
            **current_app.extensions["migrate"].configure_args,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:  # nothing may point nowhere afterwards
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration left broken references: {broken[:5]}")
        if sqlite:
            connection.connection.dbapi_connection.execute("PRAGMA foreign_keys=ON")


if context.is_offline_mode():
    raise SystemExit(
        "Offline (SQL script) migrations are not supported; run `acupress db upgrade`."
    )
run_migrations_online()
