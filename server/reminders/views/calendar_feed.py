"""/api/reminders/calendar: the account's secret calendar feed URL, made, checked and revoked,
and the iCalendar feed served at it."""

from flask import Response, g, jsonify, url_for
from sqlalchemy import delete, select

from server.accounts.tokens import new_token, require_device, token_hash
from server.db import db, utcnow
from server.errors import ApiError
from server.openapi import doc
from server.reminders import calendar
from server.reminders.models import CalendarFeed, Schedule
from server.reminders.routines import suggested_routine
from server.reminders.schemas import CalendarFeedOut, CalendarFeedState, iso
from server.reminders.views.blueprint import bp


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
