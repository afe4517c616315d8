"""/api/reminders/snooze: the signed link a reminder carries, which snoozes its schedule."""

from zoneinfo import ZoneInfo

from flask import current_app, jsonify
from sqlalchemy import select

from server.db import db, utcnow
from server.errors import ApiError
from server.openapi import doc
from server.reminders import snooze
from server.reminders.models import Schedule
from server.reminders.schedule import replan, slot_due_at
from server.reminders.schemas import SnoozeOut, iso
from server.reminders.views.blueprint import bp


@bp.post("/reminders/snooze/<token>")
@doc(
    "Snooze a reminder for an hour (the signed link from the push payload; no device token)",
    response=SnoozeOut,
    errors=(403, 404, 410),
    tag="reminders",
)
def snooze_reminder(token: str):
    now = utcnow()
    try:
        schedule_id, slot = snooze.read_token(current_app.config["SECRET_KEY"], token, now)
    except snooze.BadSnoozeLink as exc:
        if exc.expired:
            raise ApiError(410, "snooze_link_expired", str(exc)) from None
        raise ApiError(403, "snooze_link_invalid", str(exc)) from None
    schedule = db.session.scalar(select(Schedule).where(Schedule.public_id == schedule_id))
    if schedule is None:
        raise ApiError(404, "unknown_schedule", "The reminder schedule no longer exists.")
    schedule.snoozed_until = (now + snooze.SNOOZE_FOR).replace(second=0, microsecond=0)
    # The snoozed slot itself is never planned again, even if this clock is behind the sender's.
    replan(schedule, after=max(now, slot_due_at(slot, ZoneInfo(schedule.timezone))))
    db.session.commit()
    return jsonify(snoozed_until=iso(schedule.snoozed_until))
