"""Reminders API: the VAPID key, this device's push subscription, schedules, snooze links and
the calendar feed."""

import hashlib
import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, g, jsonify, url_for
from sqlalchemy import delete, exists, func, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Device
from server.accounts.tokens import device_rate_key, new_token, require_device, token_hash
from server.db import db, utcnow
from server.errors import ApiError
from server.openapi import doc
from server.ratelimit import limiter
from server.reminders import calendar, outcomes, snooze, vapid
from server.reminders.endpoints import UnsafeEndpoint, allow_list, check_endpoint
from server.reminders.models import CalendarFeed, PushSubscription, Schedule
from server.reminders.routines import find_routine, suggested_routine
from server.reminders.schedule import WEEKDAYS, replan, slot_due_at
from server.reminders.schemas import (
    SCHEDULE_ID,
    CalendarFeedOut,
    CalendarFeedState,
    PushStatus,
    ScheduleIn,
    ScheduleList,
    ScheduleOut,
    SnoozeOut,
    SubscriptionIn,
    TestPushOut,
    VapidKey,
)
from server.reminders.sender import GONE, Target
from server.reminders.testpush import send_test
from server.validation import parse_body, parse_timestamp

bp = Blueprint("reminders", __name__, url_prefix="/api")
MAX_SCHEDULES = 20
ID_SCHEMA = {"type": "string", "pattern": SCHEDULE_ID}


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


# --- push subscription -------------------------------------------------------------------


def subscription_of(device: Device) -> PushSubscription | None:
    return db.session.scalar(
        select(PushSubscription).where(PushSubscription.device_id == device.id)
    )


def push_status(device: Device) -> dict:
    subscription = subscription_of(device)
    mine = Schedule.account_id == device.account_id
    enabled = db.session.scalar(select(exists().where(mine, Schedule.enabled)))
    next_due = db.session.scalar(select(func.min(Schedule.next_due_at)).where(mine))
    return PushStatus(
        subscribed=subscription is not None,
        reminders_on=subscription is not None and bool(enabled),
        next_due_at=iso(next_due),
        last_delivered_at=iso(subscription.last_delivered_at if subscription else None),
    ).model_dump()


def save_subscription(device: Device, body: SubscriptionIn) -> None:
    digest = hashlib.sha256(body.endpoint.encode()).hexdigest()
    held = db.session.scalar(
        select(PushSubscription).where(
            PushSubscription.endpoint_hash == digest, PushSubscription.device_id != device.id
        )
    )
    if held is not None and held.account_id != device.account_id:
        # It stays with the account that registered it until that account removes it or the
        # push service reports it gone: nobody else can detach it by knowing its URL.
        raise ApiError(
            409,
            "endpoint_taken",
            "This push endpoint belongs to another account: unsubscribe it in the browser "
            "and subscribe again for a new one.",
        )
    if held is not None:  # one endpoint, one device: it moves within the account
        db.session.delete(held)
        db.session.flush()
    subscription = subscription_of(device)
    if subscription is None:
        subscription = PushSubscription(device_id=device.id, account_id=device.account_id)
        db.session.add(subscription)
    subscription.endpoint, subscription.endpoint_hash = body.endpoint, digest
    subscription.p256dh, subscription.auth = body.keys.p256dh, body.keys.auth
    subscription.updated_at = utcnow()


@bp.get("/push/vapid-public-key")
@doc("The server's VAPID public key (the applicationServerKey)", response=VapidKey, tag="reminders")
def vapid_public_key():
    return jsonify(public_key=vapid.keys().public_key)


@bp.put("/push/subscription")
@require_device
@doc(
    "Store this device's push subscription (replaces any earlier one; send it on every start)",
    body=SubscriptionIn,
    response=PushStatus,
    auth=True,
    errors=(403, 409),
    tag="reminders",
)
def subscribe():
    body = parse_body(SubscriptionIn)
    try:
        check_endpoint(body.endpoint, allow_list(current_app.config["PUSH_ALLOW_HOSTS"]))
    except UnsafeEndpoint as exc:
        # 403: a well-formed request the server will not act on (where it would post is not
        # public, or cannot be known), as opposed to a malformed body (400).
        raise ApiError(403, "unsafe_endpoint", str(exc)) from None
    try:
        save_subscription(g.device, body)
        db.session.commit()
    except IntegrityError:
        # Another request (a second tab) stored it first; with its row now visible, replace it.
        db.session.rollback()
        save_subscription(g.device, body)
        db.session.commit()
    return jsonify(push_status(g.device))


@bp.delete("/push/subscription")
@require_device
@doc("Remove this device's push subscription", status=204, auth=True, tag="reminders")
def unsubscribe():
    db.session.execute(delete(PushSubscription).where(PushSubscription.device_id == g.device.id))
    db.session.commit()
    return "", 204


@bp.get("/push/status")
@require_device
@doc(
    "Whether reminders are on for this device, and when one last reached it",
    response=PushStatus,
    auth=True,
    tag="reminders",
)
def status():
    return jsonify(push_status(g.device))


@bp.post("/push/test")
@require_device
@limiter.limit("10 per hour", key_func=device_rate_key)
@doc(
    "Send one test reminder to this device now; answers within the push timeout",
    response=TestPushOut,
    auth=True,
    errors=(409,),
    tag="reminders",
)
def send_test_reminder():
    subscription = subscription_of(g.device)
    if subscription is None:
        raise ApiError(
            409, "no_subscription", "This device has no push subscription: turn reminders on."
        )
    subscription_id, endpoint_hash = subscription.id, subscription.endpoint_hash
    target = Target(subscription.endpoint, subscription.p256dh, subscription.auth)
    db.session.rollback()  # no transaction (on SQLite, no write lock) held while posting
    result = send_test(current_app._get_current_object(), target)
    if result.status == GONE:  # as the dispatcher does, unless it was re-subscribed meanwhile
        outcomes.prune(subscription_id, endpoint_hash)
        db.session.commit()
    return jsonify(TestPushOut(status=result.status, message=result.message).model_dump())


# --- schedules ---------------------------------------------------------------------------


def schedule_out(schedule: Schedule) -> dict:
    return ScheduleOut(
        id=schedule.public_id,
        times=schedule.times,
        weekdays=schedule.weekdays,
        timezone=schedule.timezone,
        enabled=schedule.enabled,
        skip_if_practised=schedule.skip_if_practised,
        routine_id=schedule.routine_id,
        modified_at=iso(schedule.modified_at),
        next_due_at=iso(schedule.next_due_at),
        snoozed_until=iso(schedule.snoozed_until),
    ).model_dump()


def own_schedule(schedule_id: str) -> Schedule:
    """The caller's schedule, or 404 (also for another account's: its existence is not told)."""
    schedule = db.session.scalar(
        select(Schedule).where(
            Schedule.public_id == schedule_id, Schedule.account_id == g.device.account_id
        )
    )
    if schedule is None:
        raise ApiError(404, "unknown_schedule", "No such reminder schedule.")
    return schedule


def settings_of(body: ScheduleIn) -> dict:
    """The schedule's fields as stored: times sorted, weekdays in week order."""
    return {
        "times": sorted(body.times),
        "weekdays": [day for day in WEEKDAYS if day in body.weekdays],
        "timezone": body.timezone,
        "enabled": body.enabled,
        "skip_if_practised": body.skip_if_practised,
        "routine_id": body.routine_id,
    }


def apply(schedule: Schedule, body: ScheduleIn) -> None:
    """Make body the schedule's state if it is not older than the stored one (a tie goes to
    the incoming write); an unchanged schedule keeps its planned reminder."""
    modified_at = parse_timestamp(body.modified_at).astimezone(UTC)
    if schedule.modified_at is not None and modified_at < schedule.modified_at:
        return  # the stored version is newer: the caller adopts it from the response
    schedule.modified_at = modified_at
    wanted = settings_of(body)
    if all(getattr(schedule, name) == value for name, value in wanted.items()):
        return
    for name, value in wanted.items():
        setattr(schedule, name, value)
    schedule.updated_at = utcnow()
    replan(schedule, after=schedule.updated_at)


def new_schedule(schedule_id: str) -> Schedule:
    count = db.session.scalar(
        select(func.count()).select_from(Schedule).where(Schedule.account_id == g.device.account_id)
    )
    if count >= MAX_SCHEDULES:
        raise ApiError(409, "too_many_schedules", f"At most {MAX_SCHEDULES} schedules per account.")
    return Schedule(public_id=schedule_id, account_id=g.device.account_id)


def store_schedule(schedule_id: str, body: ScheduleIn) -> tuple[Schedule, int]:
    """Create or replace the schedule with this id under the conflict rule; commits."""
    account_id = g.device.account_id
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
    schedule = schedule or new_schedule(schedule_id)
    apply(schedule, body)
    db.session.add(schedule)
    db.session.commit()
    return schedule, status


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
    return jsonify(schedule_out(own_schedule(schedule_id)))


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
        schedule, status = store_schedule(schedule_id, body)
    except IntegrityError:
        # Another request (a retry racing the first try) created it meanwhile: now it exists.
        db.session.rollback()
        schedule, status = store_schedule(schedule_id, body)
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
    db.session.delete(own_schedule(schedule_id))
    db.session.commit()
    return "", 204


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


# --- calendar feed -----------------------------------------------------------------------


def feed_of(account_id: int) -> CalendarFeed | None:
    return db.session.scalar(select(CalendarFeed).where(CalendarFeed.account_id == account_id))


@bp.post("/reminders/calendar")
@require_device
@doc(
    "Create the calendar feed URL, or replace it (the old URL stops working)",
    response=CalendarFeedOut,
    status=201,
    auth=True,
    tag="reminders",
)
def create_calendar_feed():
    token = new_token()
    feed = feed_of(g.device.account_id) or CalendarFeed(account_id=g.device.account_id)
    feed.token_hash, feed.created_at = token_hash(token), utcnow()
    db.session.add(feed)
    db.session.commit()
    url = url_for("reminders.calendar_feed", token=token, _external=True)
    return jsonify(url=url, webcal_url="webcal://" + url.split("://", 1)[1]), 201


@bp.get("/reminders/calendar")
@require_device
@doc(
    "Whether the calendar feed exists (its URL is shown only when made)",
    response=CalendarFeedState,
    auth=True,
    tag="reminders",
)
def calendar_feed_state():
    feed = feed_of(g.device.account_id)
    return jsonify(active=feed is not None, created_at=iso(feed.created_at if feed else None))


@bp.delete("/reminders/calendar")
@require_device
@doc("Revoke the calendar feed URL", status=204, auth=True, tag="reminders")
def revoke_calendar_feed():
    db.session.execute(delete(CalendarFeed).where(CalendarFeed.account_id == g.device.account_id))
    db.session.commit()
    return "", 204


@bp.get("/reminders/calendar/<token>.ics")
@doc(
    "The calendar feed (iCalendar), at its secret URL",
    response={"type": "string"},
    media_type="text/calendar",
    errors=(404,),
    tag="reminders",
)
def calendar_feed(token: str):
    feed = db.session.scalar(
        select(CalendarFeed).where(CalendarFeed.token_hash == token_hash(token))
    )
    if feed is None:
        raise ApiError(404, "unknown_feed", "No calendar feed at this address.")
    schedules = db.session.scalars(
        select(Schedule).where(Schedule.account_id == feed.account_id).order_by(Schedule.id)
    ).all()
    chosen = {s.id: suggested_routine(s.account_id, s.routine_id) for s in schedules}
    body = calendar.feed(schedules, chosen, utcnow())
    # Personal data at a secret URL: no cache, shared or private, may keep it.
    return Response(body, mimetype="text/calendar", headers={"Cache-Control": "no-store"})
