"""The reminders dispatcher: claim what is due, post it, record what happened.

A claim is one short transaction: due schedules are locked (FOR UPDATE SKIP LOCKED on
PostgreSQL, so workers share the work; SQLite has one writer), each slot is recorded under its
unique key, its deliveries are leased to this worker and the schedule is advanced. That is
committed before any network I/O, and no lock is held while posting. A worker that dies leaves
leased deliveries behind; when the lease runs out they become `unknown` and are never posted
again, so a reminder reaches a device at most once (and the per-day Topic makes the push service
replace, rather than add, anything that might slip through).
"""

import asyncio
import logging
import threading
from collections import Counter
from concurrent.futures import Future
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import Flask
from sqlalchemy import Table, bindparam, delete, exists, insert, select, update

from server.db import db, utcnow
from server.journal.models import JournalRecord
from server.reminders import notification, snooze
from server.reminders.endpoints import UnsafeEndpoint, allow_list
from server.reminders.models import Delivery, PushSubscription, ReminderSlot, Schedule
from server.reminders.routines import suggested_routine
from server.reminders.schedule import Slot, local_day, replan
from server.reminders.sender import GONE, RETRY, SENT, PushRejected, Sender, Target
from server.reminders.vapid import keys_for

log = logging.getLogger("acupress.reminders")

STALE_AFTER = timedelta(hours=1)  # a reminder older than this is worthless: never sent
URGENCY = "normal"
MAX_ATTEMPTS = 5
FIRST_BACKOFF = timedelta(seconds=30)
KEEP_LEDGER = timedelta(days=30)


@dataclass(slots=True)
class Due:
    """A claimed schedule as a plain object: replan() moves it on, one bulk UPDATE saves it."""

    id: int
    public_id: str
    account_id: int
    times: list[str]
    weekdays: list[str]
    timezone: str
    enabled: bool
    skip_if_practised: bool
    routine_id: str | None
    snoozed_until: datetime | None
    next_due_at: datetime | None
    next_slot: str | None


# The dispatcher writes with Core statements on the tables: one round trip per batch.
SCHEDULES, SLOTS, DELIVERIES = Schedule.__table__, ReminderSlot.__table__, Delivery.__table__
DUE_COLUMNS = [getattr(Schedule, field.name) for field in fields(Due)]
SUBSCRIPTION_COLUMNS = [
    PushSubscription.id.label("subscription_id"),
    PushSubscription.endpoint_hash,
    PushSubscription.endpoint,
    PushSubscription.p256dh,
    PushSubscription.auth,
]


@dataclass(frozen=True, slots=True)
class Reminder:
    """What every delivery of one slot shares."""

    label: str  # schedule/slot, for logs
    payload: bytes
    topic: str
    ttl: int
    give_up_at: datetime


@dataclass(frozen=True, slots=True)
class Job:
    """One delivery to post, detached from the database session."""

    delivery_id: int
    subscription_id: int
    endpoint_hash: str
    target: Target
    reminder: Reminder
    attempt: int

    @property
    def label(self) -> str:
        """For logs: ids, never the endpoint."""
        return f"{self.reminder.label} to subscription {self.subscription_id}"


@dataclass(frozen=True, slots=True)
class Result:
    job: Job
    status: str  # sent | gone | retry | failed | refused
    http_status: int | None = None
    retry_after: float | None = None


def practised_on(schedule: Due, slot: Slot) -> bool:
    """Whether the account synced a practice session on the slot's local day."""
    start, end = local_day(slot.local_date, ZoneInfo(schedule.timezone))
    return bool(
        db.session.scalar(
            select(
                exists().where(
                    JournalRecord.account_id == schedule.account_id,
                    JournalRecord.kind == "session",
                    JournalRecord.deleted.is_(False),
                    JournalRecord.occurred_at >= start,
                    JournalRecord.occurred_at < end,
                )
            )
        )
    )


def retry_delay(attempt: int, retry_after: float | None) -> timedelta:
    if retry_after is not None:
        return timedelta(seconds=retry_after)
    return FIRST_BACKOFF * 2 ** (attempt - 1)


def advance(schedule: Due, slot: Slot, now: datetime) -> None:
    """Plan the schedule's next slot after this one (skipping any that are already stale)."""
    if schedule.snoozed_until is not None and schedule.snoozed_until <= slot.due_at:
        schedule.snoozed_until = None
    replan(schedule, after=max(slot.due_at, now - STALE_AFTER))


def slot_outcome(schedule: Due, slot: Slot, now: datetime, subscriptions: list) -> str:
    if now - slot.due_at > STALE_AFTER:
        return "missed"
    if not subscriptions:
        return "no_devices"
    if schedule.skip_if_practised and practised_on(schedule, slot):
        return "skipped"
    return "queued"


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


def update_rows(table: Table, rows: list[dict]) -> None:
    """UPDATE each row of `table` whose id is a dict's "row_id" with that dict's other values,
    in one executemany (Core: no ORM bookkeeping per row). The dicts all have the same keys."""
    db.session.execute(update(table).where(table.c.id == bindparam("row_id")), rows)


def moved(schedule: Due) -> dict:
    return {
        "row_id": schedule.id,
        "next_due_at": schedule.next_due_at,
        "next_slot": schedule.next_slot,
        "snoozed_until": schedule.snoozed_until,
    }


class Dispatcher:
    """Sends due reminders for one app; one per process. Claiming and recording happen in the
    calling thread, posting in the dispatcher's own event loop thread."""

    def __init__(self, app: Flask):
        config = app.config
        self.app = app
        self.batch = int(config["REMINDERS_BATCH"])
        self.lease_time = timedelta(seconds=float(config["REMINDERS_LEASE_SECONDS"]))
        self.sender = Sender(
            keys_for(app),
            allow_list(config["PUSH_ALLOW_HOSTS"]),
            float(config["PUSH_TIMEOUT_SECONDS"]),
            int(config["PUSH_CONCURRENCY"]),
        )
        self.concurrency = int(config["PUSH_CONCURRENCY"])
        self.loop = asyncio.new_event_loop()
        self.poster = threading.Thread(target=self.loop.run_forever, name="push", daemon=True)
        self.poster.start()

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.sender.close(), self.loop).result()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.poster.join()
        self.loop.close()

    def run_once(self, now: datetime | None = None) -> Counter:
        """Send everything due (at `now`, default the current time), batch after batch; the
        next batch is claimed while the last one is being posted, and posted while the last
        one's outcomes are recorded."""
        totals: Counter = Counter()
        with self.app.app_context():
            try:
                self.housekeeping(now or utcnow())
                in_flight: Future | None = None
                while True:
                    claimed, jobs = self.claim(now or utcnow())
                    posted = in_flight.result() if in_flight else []
                    in_flight = None
                    if claimed:
                        in_flight = asyncio.run_coroutine_threadsafe(self.post(jobs), self.loop)
                    if posted:
                        totals.update(self.record(posted, now or utcnow()))
                    if not claimed:
                        return totals
            finally:
                db.session.remove()

    def run_forever(self, stop: threading.Event, interval: float) -> None:
        log.info("reminders dispatcher started")
        while not stop.is_set():
            try:
                self.run_once()
            except Exception:  # noqa: BLE001 - the loop must outlive a database outage
                log.exception("reminders dispatcher: run failed; trying again shortly")
            stop.wait(interval)
        log.info("reminders dispatcher stopped")

    # --- claim -------------------------------------------------------------------------------

    def claim(self, now: datetime) -> tuple[int, list[Job]]:
        """Lease due retries and open due slots, committed before anything is posted."""
        retried = self.claim_retries(now)
        schedules = [
            Due(*row)
            for row in db.session.execute(
                select(*DUE_COLUMNS)
                .where(Schedule.next_due_at <= now)
                .order_by(Schedule.next_due_at)
                .limit(self.batch)
                .with_for_update(skip_locked=True)
            )
        ]
        opened = self.open_slots(schedules, now) if schedules else []
        db.session.commit()
        return len(retried) + len(schedules), retried + opened

    def open_slots(self, schedules: list[Due], now: datetime) -> list[Job]:
        """Record each schedule's due slot and lease its deliveries; advance the schedules.
        Bulk statements, one round trip each, whatever the batch size."""
        taken = self.taken_slots(schedules)
        subscriptions = self.subscriptions_of(schedules)
        slots, queued = [], []
        for schedule in schedules:
            slot = Slot(schedule.next_due_at, schedule.next_slot)
            advance(schedule, slot, now)
            if (schedule.id, slot.key) in taken:
                continue
            mine = subscriptions.get(schedule.account_id, [])
            outcome = slot_outcome(schedule, slot, now, mine)
            slots.append(
                {
                    "schedule_id": schedule.id,
                    "slot": slot.key,
                    "due_at": slot.due_at,
                    "outcome": outcome,
                }
            )
            if outcome == "queued":
                queued.append((schedule.id, self.reminder(schedule, slot, now), mine))
            else:
                log.info("reminder %s/%s: %s", schedule.public_id, slot.key, outcome)
        update_rows(SCHEDULES, [moved(schedule) for schedule in schedules])
        if not slots:
            return []
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

    def taken_slots(self, schedules: list[Due]) -> set[tuple[int, str]]:
        """The (schedule, slot) pairs among these schedules' due slots that are already recorded."""
        rows = db.session.execute(
            select(ReminderSlot.schedule_id, ReminderSlot.slot).where(
                ReminderSlot.schedule_id.in_([schedule.id for schedule in schedules]),
                ReminderSlot.slot.in_({schedule.next_slot for schedule in schedules}),
            )
        )
        return {(schedule_id, slot) for schedule_id, slot in rows}

    def subscriptions_of(self, schedules: list[Due]) -> dict[int, list]:
        """The schedules' accounts' subscriptions (rows of SUBSCRIPTION_COLUMNS) by account id."""
        found: dict[int, list] = {}
        for row in db.session.execute(
            select(PushSubscription.account_id, *SUBSCRIPTION_COLUMNS).where(
                PushSubscription.account_id.in_({schedule.account_id for schedule in schedules})
            )
        ):
            found.setdefault(row.account_id, []).append(row)
        return found

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

    def reminder(self, schedule, slot: Slot, now: datetime) -> Reminder:
        """The slot's message; `schedule` has public_id, account_id and routine_id."""
        give_up_at = slot.due_at + STALE_AFTER
        return Reminder(
            label=f"{schedule.public_id}/{slot.key}",
            payload=self.message(schedule, slot),
            topic=notification.topic(schedule.public_id, slot.local_date.isoformat()),
            ttl=max(1, int((give_up_at - now).total_seconds())),
            give_up_at=give_up_at,
        )

    def message(self, schedule, slot: Slot) -> bytes:
        routine = suggested_routine(schedule.account_id, schedule.routine_id)
        token = snooze.make_token(
            self.app.config["SECRET_KEY"],
            schedule.public_id,
            slot.key,
            slot.due_at + snooze.LIFETIME,
        )
        return notification.payload(schedule.public_id, slot.key, routine, token)

    def claim_retries(self, now: datetime) -> list[Job]:
        rows = db.session.execute(
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
            .limit(self.batch)
            .with_for_update(skip_locked=True, of=Delivery)
        ).all()
        changes, leased = [], []
        for row in rows:
            slot = Slot(row.due_at, row.slot)
            status, lease_until = "sending", now + self.lease_time
            if row.subscription_id is None:
                status, lease_until = GONE, None
            elif now >= slot.due_at + STALE_AFTER:
                status, lease_until = "expired", None
            else:
                reminder = self.reminder(row, slot, now)
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

    # --- post --------------------------------------------------------------------------------

    async def post(self, jobs: list[Job]) -> list[Result]:
        """Post a batch, PUSH_CONCURRENCY at a time (in the event loop: no database access)."""
        results: list[Result] = []
        waiting = iter(jobs)

        async def poster() -> None:
            for job in waiting:
                results.append(await self.attempt(job))

        await asyncio.gather(*(poster() for _ in range(self.concurrency)))
        return results

    async def attempt(self, job: Job) -> Result:
        try:
            reminder = job.reminder
            outcome = await self.sender.send(
                job.target,
                reminder.payload,
                ttl=reminder.ttl,
                topic=reminder.topic,
                urgency=URGENCY,
            )
        except UnsafeEndpoint as exc:
            log.warning("reminder %s refused: %s", job.label, exc)
            return Result(job, "refused")
        except PushRejected as exc:
            log.error("reminder %s rejected with %s: a bug in our request", job.label, exc.status)
            return Result(job, "failed", exc.status)
        except Exception:  # noqa: BLE001 - one broken subscription must not sink the batch
            log.exception("reminder %s failed", job.label)
            return Result(job, "failed")
        return Result(job, outcome.kind, outcome.status, outcome.retry_after)

    # --- record ------------------------------------------------------------------------------

    def record(self, results: list[Result], now: datetime) -> list[str]:
        """Write each delivery's outcome, prune gone subscriptions, log every delivery;
        answer the statuses recorded."""
        rows = [self.outcome_row(result, now) for result in results]
        if rows:
            update_rows(DELIVERIES, rows)
        sent = [r.job.subscription_id for r in results if r.status == SENT]
        if sent:
            db.session.execute(
                update(PushSubscription)
                .where(PushSubscription.id.in_(sent))
                .values(last_delivered_at=now)
            )
        for result in results:
            if result.status == GONE:
                # Only if it was not re-subscribed with a new endpoint meanwhile.
                db.session.execute(
                    delete(PushSubscription).where(
                        PushSubscription.id == result.job.subscription_id,
                        PushSubscription.endpoint_hash == result.job.endpoint_hash,
                    )
                )
        db.session.commit()
        for result, row in zip(results, rows, strict=True):
            log.info(
                "reminder %s: %s (HTTP %s, attempt %d)",
                result.job.label,
                "pruned" if row["status"] == GONE else row["status"],
                result.http_status,
                result.job.attempt,
            )
        return [row["status"] for row in rows]

    def outcome_row(self, result: Result, now: datetime) -> dict:
        job, status, next_attempt = result.job, result.status, None
        if status == RETRY:
            next_attempt = now + retry_delay(job.attempt, result.retry_after)
            if job.attempt >= MAX_ATTEMPTS or next_attempt >= job.reminder.give_up_at:
                status, next_attempt = "expired", None
        return {
            "row_id": job.delivery_id,
            "status": status,
            "attempts": job.attempt,
            "http_status": result.http_status,
            "lease_until": None,
            "next_attempt_at": next_attempt,
            "updated_at": now,
        }

    # --- housekeeping ------------------------------------------------------------------------

    def housekeeping(self, now: datetime) -> None:
        """Mark deliveries abandoned by a stopped worker; forget slots older than a month."""
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


def start_in_background(app: Flask) -> threading.Event:
    """Run the dispatcher loop in a daemon thread of this process; set the event to stop it."""
    stop = threading.Event()
    dispatcher = Dispatcher(app)

    def run() -> None:
        dispatcher.run_forever(stop, float(app.config["REMINDERS_POLL_SECONDS"]))
        dispatcher.close()

    threading.Thread(target=run, name="reminders", daemon=True).start()
    return stop


def start_in_process(app: Flask) -> threading.Event | None:
    """`acupress serve`: each server process runs the dispatcher unless REMINDERS_IN_PROCESS is
    off. Answers the Event that stops it, or None."""
    return start_in_background(app) if app.config["REMINDERS_IN_PROCESS"] else None
