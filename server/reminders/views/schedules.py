"""/api/reminders/schedules: this account's reminder schedules, listed, read, put and deleted."""

import re

from flask import g, jsonify
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from server.accounts.tokens import require_device
from server.db import db
from server.errors import ApiError
from server.openapi import doc
from server.reminders.models import Schedule
from server.reminders.schedule_store import own_schedule, schedule_out, store_schedule
from server.reminders.schemas import SCHEDULE_ID, ScheduleIn, ScheduleList, ScheduleOut
from server.reminders.views.blueprint import ID_SCHEMA, bp
from server.validation import parse_body


@bp.get("/reminders/schedules")
@require_device
@doc("This account's reminder schedules", response=ScheduleList, auth=True, tag="reminders")
def list_schedules():
    found = db.session.scalars(
        select(Schedule).where(Schedule.account_id == g.device.account_id).order_by(Schedule.id)
    )
    return jsonify(schedules=[schedule_out(schedule) for schedule in found])


@bp.get("/reminders/schedules/<schedule_id>")
@require_device
@doc(
    "One reminder schedule",
    response=ScheduleOut,
    auth=True,
    path={"schedule_id": ID_SCHEMA},
    errors=(404,),
    tag="reminders",
)
def get_schedule(schedule_id: str):
    return jsonify(schedule_out(own_schedule(g.device.account_id, schedule_id)))


PUT_RULE = """The schedule's id is made by the client (a lowercase UUID, e.g. from
`crypto.randomUUID()`), so saving is idempotent: a retry, or a save made offline and sent later,
can never make a second schedule, and replaying a PUT changes nothing.

- No schedule has this id: it is created (201).
- This account's schedule has it: the **later `modified_at` wins**. If the body's `modified_at`
  is the same as or later than the stored one, the body replaces the schedule; if it is earlier,
  nothing is written. Either way the answer (200) is the schedule as now stored, with its
  `modified_at`, so a device whose change lost adopts the winner.
- Another account's schedule has it: 409 `schedule_id_taken`.

Times are kept sorted and weekdays in week order. A change that leaves the times, days, zone and
options as they were keeps the reminder already planned."""


@bp.put("/reminders/schedules/<schedule_id>")
@require_device
@doc(
    "Create or replace a reminder schedule (later modified_at wins)",
    description=PUT_RULE,
    body=ScheduleIn,
    response=ScheduleOut,
    also=(201,),
    auth=True,
    path={"schedule_id": ID_SCHEMA},
    errors=(409,),
    tag="reminders",
)
def put_schedule(schedule_id: str):
    if not re.fullmatch(SCHEDULE_ID, schedule_id):
        raise ApiError(400, "bad_schedule_id", "A schedule id is a lowercase UUID.")
    body = parse_body(ScheduleIn)
    try:
        schedule, status = store_schedule(g.device.account_id, schedule_id, body)
    except IntegrityError:
        # Another request (a retry racing the first try) created it meanwhile: now it exists.
        db.session.rollback()
        schedule, status = store_schedule(g.device.account_id, schedule_id, body)
    return jsonify(schedule_out(schedule)), status


@bp.delete("/reminders/schedules/<schedule_id>")
@require_device
@doc(
    "Delete a reminder schedule",
    status=204,
    auth=True,
    path={"schedule_id": ID_SCHEMA},
    errors=(404,),
    tag="reminders",
)
def delete_schedule(schedule_id: str):
    db.session.delete(own_schedule(g.device.account_id, schedule_id))
    db.session.commit()
    return "", 204
