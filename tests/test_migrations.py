"""The migrations make the schema the models describe, on SQLite and PostgreSQL."""

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from server.db import MIGRATIONS, db


def differences(app) -> list:
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def table_names(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_models_and_migrations_agree(app):
    """`app` is built by running every migration; autogenerate must then find nothing to do."""
    assert differences(app) == []
    assert {t.name for t in db.metadata.sorted_tables} <= table_names(app)


def test_downgrade_to_nothing_and_back(app):
    with app.app_context():
        flask_migrate.downgrade(directory=MIGRATIONS, revision="base")
    assert table_names(app) - {"alembic_version"} == set()
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
    assert differences(app) == []


def test_db_upgrade_command_creates_then_keeps_the_schema(cli, tmp_path):
    env = {"ACUPRESS_INSTANCE_PATH": str(tmp_path / "fresh")}
    first = cli("db", "upgrade", env=env)
    assert first.exit_code == 0 and "newest schema" in first.output
    assert (tmp_path / "fresh" / "acupress.db").exists()
    again = cli("db", "upgrade", env=env)
    assert again.exit_code == 0
