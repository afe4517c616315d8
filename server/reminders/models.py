"""Push subscriptions, reminder schedules, the ledger of reminder slots and deliveries, and
calendar feeds."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from server.db import UTCDateTime, db, utcnow


class PushSubscription(db.Model):
    """A device's Web Push subscription: one per device, replaced each time the app re-sends it."""

    __tablename__ = "push_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    device_id: Mapped[int] = mapped_column(
        ForeignKey("devices.id", ondelete="CASCADE"), unique=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    endpoint: Mapped[str] = mapped_column(Text)
    # A browser's endpoint belongs to one device at a time, even across re-created accounts.
    endpoint_hash: Mapped[str] = mapped_column(String(64), unique=True)
    p256dh: Mapped[str] = mapped_column(String(100))
    auth: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Schedule(db.Model):
    """Weekly local reminder times in an IANA timezone, with the next slot precomputed in UTC."""

    __tablename__ = "reminder_schedules"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)  # client-made UUID
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    times: Mapped[list[str]] = mapped_column(JSON)  # "HH:MM", sorted
    weekdays: Mapped[list[str]] = mapped_column(JSON)  # "mon" ... "sun", in week order
    timezone: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(default=True)
    skip_if_practised: Mapped[bool] = mapped_column(default=False)
    routine_id: Mapped[str | None] = mapped_column(String(64))
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The dispatcher claims rows whose next_due_at has come; None when nothing is planned.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    next_slot: Mapped[str | None] = mapped_column(String(16))  # local "YYYY-MM-DDTHH:MM"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # When the person last changed it, on their device: the later change wins.
    modified_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReminderSlot(db.Model):
    """One reminder of one schedule (its local date and time), claimed at most once."""

    __tablename__ = "reminder_slots"
    __table_args__ = (UniqueConstraint("schedule_id", "slot"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    schedule_id: Mapped[int] = mapped_column(
        ForeignKey("reminder_schedules.id", ondelete="CASCADE")
    )
    slot: Mapped[str] = mapped_column(String(16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    outcome: Mapped[str] = mapped_column(String(16))  # queued | skipped | missed | no_devices
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Delivery(db.Model):
    """A slot's push to one subscription.

    status: sending (leased to a worker) -> sent | gone | retry | failed | refused | expired;
    a lease that runs out becomes `unknown` and is never posted again (at most once).
    """

    __tablename__ = "reminder_deliveries"
    __table_args__ = (Index("ix_reminder_deliveries_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    slot_id: Mapped[int] = mapped_column(
        ForeignKey("reminder_slots.id", ondelete="CASCADE"), index=True
    )
    subscription_id: Mapped[int | None] = mapped_column(
        ForeignKey("push_subscriptions.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(default=0)
    http_status: Mapped[int | None]
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CalendarFeed(db.Model):
    """An account's secret calendar feed URL, kept only as a hash of its token."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
