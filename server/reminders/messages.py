"""A slot's message: the notification payload (the suggested routine's words and pages, the
signed snooze link), the Topic it travels under and a TTL that ends when it would be stale."""

from datetime import datetime

from flask import current_app

from server.reminders import notification, snooze
from server.reminders.jobs import Reminder
from server.reminders.retry_policy import give_up_at
from server.reminders.routines import suggested_routine
from server.reminders.schedule import Slot


def reminder(schedule, slot: Slot, now: datetime) -> Reminder:
    """The slot's message; `schedule` has public_id, account_id and routine_id."""
    deadline = give_up_at(slot.due_at)
    return Reminder(
        label=f"{schedule.public_id}/{slot.key}",
        payload=payload(schedule, slot),
        topic=notification.topic(schedule.public_id, slot.local_date.isoformat()),
        ttl=max(1, int((deadline - now).total_seconds())),
        give_up_at=deadline,
    )


def payload(schedule, slot: Slot) -> bytes:
    routine = suggested_routine(schedule.account_id, schedule.routine_id)
    token = snooze.make_token(
        current_app.config["SECRET_KEY"],
        schedule.public_id,
        slot.key,
        slot.due_at + snooze.LIFETIME,
    )
    return notification.payload(schedule.public_id, slot.key, routine, token)
