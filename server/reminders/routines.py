"""Which routine a reminder suggests: a preset from data/, or the account's own custom routine
(a journal record of kind "routine"); a schedule without one suggests the first preset."""

from sqlalchemy import select

from server.db import db
from server.journal.models import JournalRecord
from server.points import content


def presets() -> dict[str, dict]:
    return content.current().routines


def find_routine(account_id: int, routine_id: str) -> dict | None:
    """The routine as {"id", "title", "steps", "rest_seconds", ...}, or None if unknown."""
    if routine_id in presets():
        return presets()[routine_id]
    record = db.session.scalar(
        select(JournalRecord).where(
            JournalRecord.account_id == account_id,
            JournalRecord.record_id == routine_id,
            JournalRecord.kind == "routine",
            JournalRecord.deleted.is_(False),
        )
    )
    return {**record.data, "id": routine_id} if record is not None else None


def suggested_routine(account_id: int, routine_id: str | None) -> dict | None:
    """The schedule's routine, falling back to the first preset when none is set or it is gone."""
    chosen = find_routine(account_id, routine_id) if routine_id else None
    return chosen or next(iter(presets().values()), None)
