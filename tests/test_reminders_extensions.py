"""What reminders need from the app is attached by the factory: a dispatcher works on any app
create_app makes, before any request, with no blueprint having to have run first."""

import hashlib
import uuid

import pytest

from server.accounts.models import Account, Device
from server.db import db, utcnow
from server.points import content
from server.reminders import vapid
from server.reminders.dispatcher import Dispatcher
from server.reminders.models import PushSubscription, Schedule
from server.reminders.schedule import WEEKDAYS, replan


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": ["127.0.0.1"], "PUSH_TIMEOUT_SECONDS": 5}


def due_schedule_with_a_device(subscription: dict):
    """An account with one subscribed device and a schedule (no routine set) planned from now;
    answers when it is due."""
    account = Account()
    db.session.add(account)
    db.session.flush()
    device = Device(
        public_id=uuid.uuid4().hex, account_id=account.id, name="phone", token_hash="0" * 64
    )
    db.session.add(device)
    db.session.flush()
    db.session.add(
        PushSubscription(
            device_id=device.id,
            account_id=account.id,
            endpoint=subscription["endpoint"],
            endpoint_hash=hashlib.sha256(subscription["endpoint"].encode()).hexdigest(),
            p256dh=subscription["keys"]["p256dh"],
            auth=subscription["keys"]["auth"],
        )
    )
    schedule = Schedule(
        public_id=str(uuid.uuid4()),
        account_id=account.id,
        times=["07:30"],
        weekdays=list(WEEKDAYS),
        timezone="Europe/London",
        enabled=True,
        skip_if_practised=False,
        snoozed_until=None,
    )
    replan(schedule, after=utcnow())
    db.session.add(schedule)
    db.session.commit()
    return schedule.next_due_at


def test_the_factory_attaches_content_and_vapid_keys(app):
    with app.app_context():
        assert content.current() is content.of(app)
        assert "daily-lower-back" in content.current().routines
        assert vapid.keys() is vapid.keys_for(app)
        assert vapid.keys().public_key


def test_a_dispatcher_runs_a_pass_on_an_app_fresh_from_the_factory(app, push_receiver):
    with app.app_context():
        due = due_schedule_with_a_device(push_receiver.subscription())
        first_preset = next(iter(content.current().routines.values()))
    dispatcher = Dispatcher(app)  # no request has been made to this app
    try:
        assert dispatcher.run_once(now=due) == {"sent": 1}
    finally:
        dispatcher.close()
    [message] = push_receiver.wait_for(1)
    assert message.payload["body"].startswith(f"Today: {first_preset['title']}")
    assert message.payload["url"] == f"/#/routine/{first_preset['id']}"
