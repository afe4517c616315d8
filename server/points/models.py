"""Anonymous "hard to find" counts per point, so the directions can be improved."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from server.db import UTCDateTime, db, utcnow


class PointFeedback(db.Model):
    __tablename__ = "point_feedback"

    point_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    hard_to_find: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


def count_hard_to_find(counts: dict[str, int]) -> None:
    """Add counts per point code in one upsert (no read-modify-write race between servers)."""
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    now = utcnow()
    statement = insert(PointFeedback).values(
        [
            {"point_code": code, "hard_to_find": n, "updated_at": now}
            for code, n in sorted(counts.items())
        ]
    )
    statement = statement.on_conflict_do_update(
        index_elements=[PointFeedback.point_code],
        set_={
            "hard_to_find": PointFeedback.hard_to_find + statement.excluded.hard_to_find,
            "updated_at": statement.excluded.updated_at,
        },
    )
    db.session.execute(statement)


def feedback_counts() -> list[tuple[str, int]]:
    rows = db.session.execute(
        db.select(PointFeedback.point_code, PointFeedback.hard_to_find).order_by(
            PointFeedback.hard_to_find.desc(), PointFeedback.point_code
        )
    )
    return [(code, n) for code, n in rows]
