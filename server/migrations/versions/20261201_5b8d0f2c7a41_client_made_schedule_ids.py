"""client-made schedule ids and modified_at

Revision ID: 5b8d0f2c7a41
Revises: 3e9a21e2aea6
Create Date: 2026-12-01 12:00:00

Schedules get client-made UUIDs (36 characters; the 32-hex ids of existing schedules stay
valid) and the moment the person last changed them, which decides between two devices. An
existing schedule's modified_at is its updated_at.
"""

import sqlalchemy as sa
from alembic import op

revision = "5b8d0f2c7a41"
down_revision = "3e9a21e2aea6"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("reminder_schedules", schema=None) as batch_op:
        batch_op.alter_column(
            "public_id", existing_type=sa.String(length=32), type_=sa.String(length=36)
        )
        batch_op.add_column(sa.Column("modified_at", sa.DateTime(timezone=True), nullable=True))
    op.execute("UPDATE reminder_schedules SET modified_at = updated_at")
    with op.batch_alter_table("reminder_schedules", schema=None) as batch_op:
        batch_op.alter_column(
            "modified_at", existing_type=sa.DateTime(timezone=True), nullable=False
        )


def downgrade():
    # A UUID without its hyphens is 32 hex digits: the old id shape, still unique.
    op.execute("UPDATE reminder_schedules SET public_id = replace(public_id, '-', '')")
    with op.batch_alter_table("reminder_schedules", schema=None) as batch_op:
        batch_op.drop_column("modified_at")
        batch_op.alter_column(
            "public_id", existing_type=sa.String(length=36), type_=sa.String(length=32)
        )
