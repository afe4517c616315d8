"""Journal tables: the latest state of each record a person keeps, and each account's sequence."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import UTCDateTime, db, utcnow


class JournalRecord(db.Model):
    """One record (session, pain log, routine or settings); a tombstone once deleted."""

    __tablename__ = "journal_records"
    __table_args__ = (
        UniqueConstraint("account_id", "record_id"),
        # Pull: "this account's records changed after the cursor, in rev order".
        Index("ix_journal_records_account_rev", "account_id", "rev", unique=True),
        # "Did this account log a session today?" (reminders) and journal views by date.
        Index("ix_journal_records_account_kind_occurred", "account_id", "kind", "occurred_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    record_id: Mapped[str] = mapped_column(String(36))  # the client-made UUID
    kind: Mapped[str] = mapped_column(String(16))
    data: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))  # None for tombstones
    deleted: Mapped[bool] = mapped_column(default=False)
    rev: Mapped[int]  # the account sequence number of the record's last accepted change
    # A session's started_at or a pain log's `at`, in UTC; None for routines and settings.
    occurred_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class JournalSequence(db.Model):
    """An account's journal sequence: the last number given to an accepted change (no row: 0)."""

    __tablename__ = "journal_sequences"

    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(default=0)
