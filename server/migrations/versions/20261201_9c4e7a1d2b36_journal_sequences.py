"""the journal's sequence counter moves from accounts to journal_sequences

Revision ID: 9c4e7a1d2b36
Revises: 5b8d0f2c7a41
Create Date: 2026-12-01 19:00:00

Each account's last journal sequence number moves to a table the journal owns (a row only for
accounts that have synced a change; none means 0). The column is dropped with a plain ALTER
TABLE, never batch mode's copy of the table: on SQLite, with foreign keys on, dropping the old
accounts table would cascade into every device, record and schedule (SQLite 3.35 or later).
"""

import sqlalchemy as sa
from alembic import op

revision = "9c4e7a1d2b36"
down_revision = "5b8d0f2c7a41"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "journal_sequences",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["accounts.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("account_id"),
    )
    op.execute(
        "INSERT INTO journal_sequences (account_id, last_seq)"
        " SELECT id, last_seq FROM accounts WHERE last_seq > 0"
    )
    op.drop_column("accounts", "last_seq")


def downgrade():
    op.add_column(
        "accounts",
        sa.Column("last_seq", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    op.execute(
        "UPDATE accounts SET last_seq = (SELECT s.last_seq FROM journal_sequences s"
        " WHERE s.account_id = accounts.id) WHERE id IN (SELECT account_id FROM journal_sequences)"
    )
    op.drop_table("journal_sequences")
