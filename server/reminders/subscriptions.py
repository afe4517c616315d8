"""Push subscriptions: each device's one subscription, stored and replaced as the browser sends
it, and what the app shows about it (subscribed, reminders on, next due, last delivered)."""

import hashlib

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError

from server.accounts.models import Device
from server.db import db, utcnow
from server.errors import ApiError
from server.reminders.models import PushSubscription, Schedule
from server.reminders.schemas import PushStatus, SubscriptionIn, iso


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


def subscribe(device: Device, body: SubscriptionIn) -> None:
    """Store the device's subscription and commit."""
    try:
        save_subscription(device, body)
        db.session.commit()
    except IntegrityError:
        # Another request (a second tab) stored it first; with its row now visible, replace it.
        db.session.rollback()
        save_subscription(device, body)
        db.session.commit()


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
