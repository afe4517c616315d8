"""The slot ledger: which reminders were claimed, by whom, until when, and what became of them.

A claim is one short transaction: due schedules are locked (FOR UPDATE SKIP LOCKED on
PostgreSQL, so workers share the work; SQLite has one writer), each slot is recorded under its
unique key with its outcome (queued, skipped, missed, no_devices), its deliveries are leased to
this worker and the schedule is advanced. Due retries are leased again the same way. That is
committed before any network I/O, and no lock is held while posting. A worker that dies leaves
leased deliveries behind; when the lease runs out they become `unknown` and are never posted
again, so a reminder reaches a device at most once (and the per-day Topic makes the push service
replace, rather than add, anything that might slip through). The outcomes of posting are
recorded by `server.reminders.outcomes`.

Writes are Core statements on the tables: one round trip per batch, whatever its size.
"""

import logging
from datetime import datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, delete, insert, select, update

from server.db import db
from server.journal.queries import practised_on
from server.reminders import messages
from server.reminders.jobs import Job, Reminder
from server.reminders.models import Delivery, PushSubscription, ReminderSlot, Schedule
from server.reminders.retry_policy import STALE_AFTER, give_up_at
from server.reminders.schedule import Slot, replan
from server.reminders.sender import GONE, RETRY, Target

log = logging.getLogger("acupress.reminders")

KEEP_LEDGER = timedelta(days=30)
SCHEDULES, SLOTS, DELIVERIES = Schedule.__table__, ReminderSlot.__table__, Delivery.__table__
SUBSCRIPTION_COLUMNS = [
    PushSubscription.id.label("subscription_id"),
    PushSubscription.endpoint_hash,
    PushSubscription.endpoint,
    PushSubscription.p256dh,
    PushSubscription.auth,
]


def update_rows(table: Table, rows: list[dict]) -> None:
    """UPDATE each row of `table` whose id is a dict's "row_id" with that dict's other values,
    in one executemany (Core: no ORM bookkeeping per row). The dicts all have the same keys."""
    db.session.execute(update(table).where(table.c.id == bindparam("row_id")), rows)


def job_for(delivery_id: int, subscription, reminder: Reminder, attempt: int) -> Job:
    """The Job for a delivery to `subscription` (a row of SUBSCRIPTION_COLUMNS)."""
    return Job(
        delivery_id,
        subscription.subscription_id,
        subscription.endpoint_hash,
        Target(subscription.endpoint, subscription.p256dh, subscription.auth),
        reminder,
        attempt,
    )


def advance(schedule, slot: Slot, now: datetime) -> None:
    """Plan the schedule's next slot after this one (skipping any that are already stale)."""
    if schedule.snoozed_until is not None and schedule.snoozed_until <= slot.due_at:
        schedule.snoozed_until = None
    replan(schedule, after=max(slot.due_at, now - STALE_AFTER))


def moved(schedule) -> dict:
    """The row update that saves what advance() planned."""
    return {
        "row_id": schedule.id,
        "next_due_at": schedule.next_due_at,
        "next_slot": schedule.next_slot,
        "snoozed_until": schedule.snoozed_until,
    }


def slot_outcome(schedule, slot: Slot, now: datetime, subscriptions: list) -> str:
    if now > give_up_at(slot.due_at):
        return "missed"
    if not subscriptions:
        return "no_devices"
    practised = schedule.skip_if_practised and practised_on(
        schedule.account_id, slot.local_date, ZoneInfo(schedule.timezone)
    )
    if practised:
        return "skipped"
    return "queued"


class Ledger:
    """Claims for one worker: at most `batch` schedules (and retries) per claim, deliveries
    leased for `lease_time`."""

    def __init__(self, batch: int, lease_time: timedelta):
        self.batch = batch
        self.lease_time = lease_time

    def claim(self, now: datetime) -> tuple[int, list[Job]]:
        """Lease due retries and open due slots, committed before anything is posted; answers
        how many retries and schedules were claimed, and the jobs to post."""
        retried = self.claim_retries(now)
        schedules = self.due_schedules(now)
        opened = self.open_slots(schedules, now) if schedules else []
        db.session.commit()
        return len(retried) + len(schedules), retried + opened

    def due_schedules(self, now: datetime) -> list[SimpleNamespace]:
        """Due schedules, locked, as plain objects (every column of the table): replan() moves
        them on, one bulk UPDATE saves them."""
        rows = db.session.execute(
            select(SCHEDULES)
            .where(SCHEDULES.c.next_due_at <= now)
            .order_by(SCHEDULES.c.next_due_at)
            .limit(self.batch)
            .with_for_update(skip_locked=True)
        )
        return [SimpleNamespace(**row._mapping) for row in rows]

    def open_slots(self, schedules: list, now: datetime) -> list[Job]:
        """Record each schedule's due slot and lease its deliveries; advance the schedules."""
        taken = taken_slots(schedules)
        subscriptions = subscriptions_of(schedules)
        slots, queued = [], []
        for schedule in schedules:
            slot = Slot(schedule.next_due_at, schedule.next_slot)
            advance(schedule, slot, now)
            if (schedule.id, slot.key) in taken:
                continue
            mine = subscriptions.get(schedule.account_id, [])
            outcome = slot_outcome(schedule, slot, now, mine)
            slots.append(slot_row(schedule, slot, outcome))
            if outcome == "queued":
                queued.append((schedule.id, messages.reminder(schedule, slot, now), mine))
            else:
                log.info("reminder %s/%s: %s", schedule.public_id, slot.key, outcome)
        update_rows(SCHEDULES, [moved(schedule) for schedule in schedules])
        return self.lease_slots(slots, queued, now) if slots else []

    def lease_slots(self, slots: list[dict], queued: list, now: datetime) -> list[Job]:
        """Insert the slots' rows, then a leased delivery per queued slot and subscription."""
        # Ids are matched up by key, not by order: to keep RETURNING in order on SQLite,
        # SQLAlchemy would send one INSERT per row.
        slot_ids = dict(
            db.session.execute(
                insert(SLOTS).returning(SLOTS.c.schedule_id, SLOTS.c.id), slots
            ).all()
        )
        leases = [
            (slot_ids[schedule_id], reminder, subscription)
            for schedule_id, reminder, mine in queued
            for subscription in mine
        ]
        return self.lease(leases, now) if leases else []

    def lease(self, leases: list[tuple[int, Reminder, object]], now: datetime) -> list[Job]:
        """Insert a leased delivery per (slot id, reminder, subscription); answer their jobs."""
        rows = db.session.execute(
            insert(DELIVERIES).returning(
                DELIVERIES.c.slot_id, DELIVERIES.c.subscription_id, DELIVERIES.c.id
            ),
            [
                {
                    "slot_id": slot_id,
                    "subscription_id": subscription.subscription_id,
                    "status": "sending",
                    "lease_until": now + self.lease_time,
                    "updated_at": now,
                }
                for slot_id, _, subscription in leases
            ],
        )
        delivery_ids = {
            (slot_id, subscription_id): delivery_id
            for slot_id, subscription_id, delivery_id in rows
        }
        return [
            job_for(delivery_ids[slot_id, subscription.subscription_id], subscription, reminder, 1)
            for slot_id, reminder, subscription in leases
        ]

    def claim_retries(self, now: datetime) -> list[Job]:
        """Lease deliveries whose retry is due again; those whose subscription is gone, or whose
        reminder is stale by now, are closed instead."""
        changes, leased = [], []
        for row in due_retries(now, self.batch):
            slot = Slot(row.due_at, row.slot)
            status, lease_until = "sending", now + self.lease_time
            if row.subscription_id is None:
                status, lease_until = GONE, None
            elif now >= give_up_at(slot.due_at):
                status, lease_until = "expired", None
            else:
                reminder = messages.reminder(row, slot, now)
                leased.append(job_for(row.delivery_id, row, reminder, row.attempts + 1))
            changes.append(
                {
                    "row_id": row.delivery_id,
                    "status": status,
                    "lease_until": lease_until,
                    "updated_at": now,
                }
            )
        if changes:
            update_rows(DELIVERIES, changes)
        return leased


def taken_slots(schedules: list) -> set[tuple[int, str]]:
    """The (schedule, slot) pairs among these schedules' due slots that are already recorded."""
    rows = db.session.execute(
        select(ReminderSlot.schedule_id, ReminderSlot.slot).where(
            ReminderSlot.schedule_id.in_([schedule.id for schedule in schedules]),
            ReminderSlot.slot.in_({schedule.next_slot for schedule in schedules}),
        )
    )
    return {(schedule_id, slot) for schedule_id, slot in rows}


def subscriptions_of(schedules: list) -> dict[int, list]:
    """The schedules' accounts' subscriptions (rows of SUBSCRIPTION_COLUMNS) by account id."""
    found: dict[int, list] = {}
    for row in db.session.execute(
        select(PushSubscription.account_id, *SUBSCRIPTION_COLUMNS).where(
            PushSubscription.account_id.in_({schedule.account_id for schedule in schedules})
        )
    ):
        found.setdefault(row.account_id, []).append(row)
    return found


def slot_row(schedule, slot: Slot, outcome: str) -> dict:
    return {
        "schedule_id": schedule.id,
        "slot": slot.key,
        "due_at": slot.due_at,
        "outcome": outcome,
    }


def due_retries(now: datetime, batch: int) -> list:
    """Deliveries waiting for a retry that is due, locked, with what their message needs."""
    return db.session.execute(
        select(
            Delivery.id.label("delivery_id"),
            Delivery.attempts,
            ReminderSlot.due_at,
            ReminderSlot.slot,
            Schedule.public_id,
            Schedule.account_id,
            Schedule.routine_id,
            *SUBSCRIPTION_COLUMNS,
        )
        .join(ReminderSlot, Delivery.slot_id == ReminderSlot.id)
        .join(Schedule, ReminderSlot.schedule_id == Schedule.id)
        .outerjoin(PushSubscription, Delivery.subscription_id == PushSubscription.id)
        .where(Delivery.status == RETRY, Delivery.next_attempt_at <= now)
        .order_by(Delivery.next_attempt_at)
        .limit(batch)
        .with_for_update(skip_locked=True, of=Delivery)
    ).all()


def housekeeping(now: datetime) -> None:
    """Mark deliveries abandoned by a stopped worker `unknown` (never posted again); forget
    slots older than KEEP_LEDGER."""
    abandoned = db.session.execute(
        update(Delivery)
        .where(Delivery.status == "sending", Delivery.lease_until < now)
        .values(status="unknown", lease_until=None, updated_at=now)
    ).rowcount
    db.session.execute(delete(ReminderSlot).where(ReminderSlot.due_at < now - KEEP_LEDGER))
    db.session.commit()
    if abandoned:
        log.warning(
            "%d reminder deliveries were left unfinished by a stopped worker; "
            "they are not sent again",
            abandoned,
        )
