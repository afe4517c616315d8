"""The migrations make the schema the models describe, on SQLite and PostgreSQL."""

from datetime import UTC, datetime

import flask_migrate
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import func, inspect, select, text

from server.accounts.models import Device
from server.db import MIGRATIONS, db
from server.journal.models import JournalRecord, JournalSequence
from server.reminders.models import Schedule


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


def test_existing_schedules_keep_their_ids_and_get_modified_at(app):
    """A database made before client-made schedule ids, brought up to date."""
    with app.app_context():
        flask_migrate.downgrade(directory=MIGRATIONS, revision="3e9a21e2aea6")
        stamp = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
        db.session.execute(
            text("INSERT INTO accounts (id, created_at, last_seq) VALUES (1, :t, 0)"), {"t": stamp}
        )
        db.session.execute(
            text(
                "INSERT INTO reminder_schedules (id, public_id, account_id, times, weekdays,"
                " timezone, enabled, skip_if_practised, created_at, updated_at)"
                " VALUES (1, :public_id, 1, '[\"07:30\"]', '[\"mon\"]', 'Europe/London',"
                " true, false, :t, :t)"
            ),
            {"public_id": "a" * 32, "t": stamp},
        )
        db.session.execute(
            text(
                "INSERT INTO reminder_slots (id, schedule_id, slot, due_at, outcome, created_at)"
                " VALUES (1, 1, '2026-11-20T07:30', :t, 'queued', :t)"
            ),
            {"t": stamp},
        )
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS)
        schedule = db.session.scalar(select(Schedule))
        assert schedule.public_id == "a" * 32 and schedule.modified_at == stamp
        # Rebuilding the schedules table (SQLite) must not cascade into the slots it owns.
        slots = db.session.execute(text("SELECT schedule_id, slot FROM reminder_slots"))
        assert [tuple(row) for row in slots] == [(1, "2026-11-20T07:30")]
    assert differences(app) == []


def test_the_journal_sequence_moves_to_the_journal_and_nothing_else_is_lost(app):
    """A database from before journal_sequences: each account keeps its sequence, and its
    devices and records stay (SQLite must not copy the accounts table, which would cascade)."""
    with app.app_context():
        flask_migrate.downgrade(directory=MIGRATIONS, revision="5b8d0f2c7a41")
        stamp = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
        for statement in (
            "INSERT INTO accounts (id, created_at, last_seq) VALUES (1, :t, 7), (2, :t, 0)",
            "INSERT INTO devices (id, public_id, account_id, name, token_hash, created_at,"
            " last_seen_at) VALUES (1, 'd1', 1, 'phone', :hash, :t, :t)",
            "INSERT INTO journal_records (id, account_id, record_id, kind, data, deleted, rev,"
            " updated_at) VALUES (1, 1, 'r1', 'settings', NULL, false, 7, :t)",
        ):
            db.session.execute(text(statement), {"t": stamp, "hash": "0" * 64})
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS)
        sequences = db.session.execute(select(JournalSequence.account_id, JournalSequence.last_seq))
        assert [tuple(row) for row in sequences] == [(1, 7)]
        assert db.session.scalar(select(func.count()).select_from(Device)) == 1
        assert db.session.scalar(select(func.count()).select_from(JournalRecord)) == 1
        db.session.commit()  # no read lock held while the next migration alters the tables
        flask_migrate.downgrade(directory=MIGRATIONS, revision="5b8d0f2c7a41")
        back = db.session.execute(text("SELECT id, last_seq FROM accounts ORDER BY id"))
        assert [tuple(row) for row in back] == [(1, 7), (2, 0)]
        db.session.commit()
        flask_migrate.upgrade(directory=MIGRATIONS)
    assert differences(app) == []
