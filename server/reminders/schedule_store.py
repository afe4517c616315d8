"""Storing schedules: the caller's own, created or replaced under the later-modified_at rule,
at most MAX_SCHEDULES per account, and the stored schedule as the API answers it."""

from datetime import UTC

from sqlalchemy import func, select

from server.db import db, utcnow
from server.errors import ApiError
from server.reminders.models import Schedule
from server.reminders.routines import find_routine
from server.reminders.schedule import replan
from server.reminders.schemas import ScheduleIn, ScheduleOut, ScheduleSettings, iso
from server.validation import parse_timestamp

MAX_SCHEDULES = 20
SETTINGS = tuple(ScheduleSettings.model_fields)


def schedule_out(schedule: Schedule) -> dict:
    return ScheduleOut.model_construct(
        id=schedule.public_id,
        **{name: getattr(schedule, name) for name in SETTINGS},
        modified_at=iso(schedule.modified_at),
        next_due_at=iso(schedule.next_due_at),
        snoozed_until=iso(schedule.snoozed_until),
    ).model_dump()


def own_schedule(account_id: int, schedule_id: str) -> Schedule:
    """The account's schedule, or 404 (also for another account's: its existence is not told)."""
    schedule = db.session.scalar(
        select(Schedule).where(Schedule.public_id == schedule_id, Schedule.account_id == account_id)
    )
    if schedule is None:
        raise ApiError(404, "unknown_schedule", "No such reminder schedule.")
    return schedule


def apply(schedule: Schedule, body: ScheduleIn) -> None:
    """Make body the schedule's state if it is not older than the stored one (a tie goes to
    the incoming write); an unchanged schedule keeps its planned reminder."""
    modified_at = parse_timestamp(body.modified_at).astimezone(UTC)
    if schedule.modified_at is not None and modified_at < schedule.modified_at:
        return  # the stored version is newer: the caller adopts it from the response
    schedule.modified_at = modified_at
    wanted = body.model_dump(include=set(SETTINGS))
    if all(getattr(schedule, name) == value for name, value in wanted.items()):
        return
    for name, value in wanted.items():
        setattr(schedule, name, value)
    schedule.updated_at = utcnow()
    replan(schedule, after=schedule.updated_at)


def new_schedule(account_id: int, schedule_id: str) -> Schedule:
    count = db.session.scalar(
        select(func.count()).select_from(Schedule).where(Schedule.account_id == account_id)
    )
    if count >= MAX_SCHEDULES:
        raise ApiError(409, "too_many_schedules", f"At most {MAX_SCHEDULES} schedules per account.")
    return Schedule(public_id=schedule_id, account_id=account_id)


def store_schedule(account_id: int, schedule_id: str, body: ScheduleIn) -> tuple[Schedule, int]:
    """Create or replace the schedule with this id under the conflict rule; commits. Answers
    the schedule and 201 if it was created, else 200."""
    if body.routine_id is not None and find_routine(account_id, body.routine_id) is None:
        raise ApiError(409, "unknown_routine", f"No routine with id {body.routine_id!r}.")
    schedule = db.session.scalar(
        select(Schedule).where(Schedule.public_id == schedule_id).with_for_update()
    )
    if schedule is not None and schedule.account_id != account_id:
        raise ApiError(
            409,
            "schedule_id_taken",
            "This schedule id is in use; make a new one for a new schedule.",
        )
    status = 200 if schedule is not None else 201
    schedule = schedule or new_schedule(account_id, schedule_id)
    apply(schedule, body)
    db.session.add(schedule)
    db.session.commit()
    return schedule, status
