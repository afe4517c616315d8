"""What other capabilities may ask of the journal, so none of them reads its tables: whether an
account practised on a local day, and an account's custom routine."""

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import exists, select

from server.db import db
from server.journal.models import JournalRecord
from server.localtime import local_day


def practised_on(account_id: int, day: date, tz: ZoneInfo) -> bool:
    """Whether the account synced a practice session (not deleted) on that local day."""
    start, end = local_day(day, tz)
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    JournalRecord.account_id == account_id,
                    JournalRecord.kind == "session",
                    JournalRecord.deleted.is_(False),
                    JournalRecord.occurred_at >= start,
                    JournalRecord.occurred_at < end,
                )
            )
        )
    )


def custom_routine(account_id: int, routine_id: str) -> dict | None:
    """The account's custom routine (its record's data with "id"), or None if it has none."""
    record = db.session.scalar(
        select(JournalRecord).where(
            JournalRecord.account_id == account_id,
            JournalRecord.record_id == routine_id,
            JournalRecord.kind == "routine",
            JournalRecord.deleted.is_(False),
        )
    )
    return {**record.data, "id": routine_id} if record is not None else None
