"""The dispatcher against a real push receiver: what arrives (decrypted), pruning, retries,
timeouts, skip-if-practised, at-most-once claiming, snooze and send-time endpoint checks."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from server.db import db
from server.reminders.dispatcher import Dispatcher
from server.reminders.models import Delivery, PushSubscription, ReminderSlot, Schedule
from server.reminders.notification import minutes
from server.reminders.vapid import keys_for
from server.reminders.views import snoozing
from tests.pushreceiver import Answer

SCHEDULE = {
    "times": ["07:30"],
    "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "timezone": "Europe/London",
    "routine_id": "daily-lower-back",
}


@pytest.fixture
def app_config(app_config):
    return {
        **app_config,
        "PUSH_ALLOW_HOSTS": ["127.0.0.1"],
        "PUSH_TIMEOUT_SECONDS": 5,
        "PUSH_CONCURRENCY": 4,
    }


@pytest.fixture
def dispatcher(app):
    dispatcher = Dispatcher(app)
    yield dispatcher
    dispatcher.close()


class Account:
    """An account with devices, driven through the API."""

    def __init__(self, client):
        self.client = client
        self.headers = [self.new_device_headers()]

    def new_device_headers(self) -> dict:
        token = self.client.post("/api/accounts").get_json()["token"]
        return {"Authorization": f"Bearer {token}"}

    def subscribe(self, receiver, count: int = 1) -> list[dict]:
        """Subscribe `count` devices of this account (the first is the account's own device)."""
        subscriptions = []
        for index in range(count):
            headers = self.headers[0] if index == 0 else self.linked_device()
            subscription = receiver.subscription()
            assert (
                self.client.put(
                    "/api/push/subscription", json=subscription, headers=headers
                ).status_code
                == 200
            )
            subscriptions.append(subscription)
        return subscriptions

    def linked_device(self) -> dict:
        code = self.client.post("/api/link-codes", headers=self.headers[0]).get_json()["code"]
        redeemed = self.client.post("/api/link-codes/redeem", json={"code": code})
        return {"Authorization": f"Bearer {redeemed.get_json()['token']}"}

    def schedule(self, **change) -> dict:
        body = {**SCHEDULE, "modified_at": datetime.now(UTC).isoformat(), **change}
        response = self.client.put(
            f"/api/reminders/schedules/{uuid.uuid4()}", json=body, headers=self.headers[0]
        )
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def get(self, schedule: dict) -> dict:
        return self.client.get(
            f"/api/reminders/schedules/{schedule['id']}", headers=self.headers[0]
        ).get_json()

    def sync_session(self, started_at, deleted=False):
        record_id = str(uuid.uuid4())
        stamp = started_at.isoformat()
        data = {
            "modified_at": stamp,
            "routine_id": "daily-lower-back",
            "routine_title": "Daily lower back",
            "steps_total": 2,
            "steps_completed": 2,
            "seconds_pressed": 120,
            "points": ["BL23", "GV4"],
            "pain_before": 5,
            "pain_after": 3,
            "note": "",
            "flagged": False,
            "started_at": stamp,
            "ended_at": (started_at + timedelta(minutes=3)).isoformat(),
            "completed": True,
        }
        changes = [{"id": record_id, "kind": "session", "base_rev": 0, "data": data}]
        response = self.client.post(
            "/api/sync", json={"cursor": 0, "changes": changes}, headers=self.headers[0]
        )
        assert response.status_code == 200, response.get_json()
        if deleted:
            rev = response.get_json()["applied"][0]["rev"]
            changes = [{"id": record_id, "kind": "session", "base_rev": rev, "deleted": True}]
            self.client.post(
                "/api/sync", json={"cursor": 0, "changes": changes}, headers=self.headers[0]
            )


def due(schedule: dict) -> datetime:
    return datetime.fromisoformat(schedule["next_due_at"])


def deliveries(app) -> list[Delivery]:
    with app.app_context():
        return db.session.scalars(select(Delivery).order_by(Delivery.id)).all()


def subscriptions(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(PushSubscription)).all())


def test_a_due_reminder_reaches_every_device_of_the_account_encrypted_and_signed(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    subs = account.subscribe(push_receiver, count=2)
    Account(client).subscribe(push_receiver)  # another account: nothing is due for it
    schedule = account.schedule()
    routine = app.extensions["acupress.content"].routines["daily-lower-back"]
    length = minutes(routine)
    when = due(schedule)
    assert dispatcher.run_once(now=when) == {"sent": 2}
    messages = push_receiver.wait_for(2)
    assert push_receiver.errors == []
    assert sorted(m.endpoint_id for m in messages) == sorted(
        s["endpoint"].rsplit("/", 1)[1] for s in subs
    )
    for message in messages:
        assert message.ttl == 3600 and message.urgency == "normal"
        assert len(message.topic) == 32
        assert message.claims["aud"] == push_receiver.url
        assert message.vapid_key == keys_for(app).public_key
        payload = message.payload
        assert (
            payload["title"]
            and payload["body"] == f"Today: {routine['title']} (about {length} min)"
        )
        assert payload["url"] == "/#/routine/daily-lower-back"
        assert payload["start_url"] == "/#/play/daily-lower-back"
        assert payload["slot"] == schedule["next_due_at"][:10] + "T07:30"  # London, in winter
        assert [a["action"] for a in payload["actions"]] == ["start", "snooze"]
        assert payload["snooze_url"].startswith("/api/reminders/snooze/")
    # The VAPID header was signed once for this push service and reused.
    assert messages[0].claims == messages[1].claims
    status = client.get("/api/push/status", headers=account.headers[0]).get_json()
    assert status["reminders_on"] is True and status["last_delivered_at"] == when.isoformat()
    assert due(account.get(schedule)) == when + timedelta(days=1)


def test_a_slot_is_sent_once_however_often_the_dispatcher_runs(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    account.subscribe(push_receiver)
    when = due(account.schedule())
    dispatcher.run_once(now=when)
    dispatcher.run_once(now=when)
    dispatcher.run_once(now=when + timedelta(minutes=5))
    assert len(push_receiver.wait_for(1)) == 1
    with app.app_context():
        assert len(db.session.scalars(select(ReminderSlot)).all()) == 1


def test_a_slot_already_recorded_is_not_sent_again(app, client, dispatcher, push_receiver):
    account = Account(client)
    account.subscribe(push_receiver)
    schedule = account.schedule()
    when = due(schedule)
    dispatcher.run_once(now=when)
    with app.app_context():  # put the schedule back on the slot it just sent (as an edit might)
        db.session.execute(
            update(Schedule).values(
                next_due_at=when, next_slot=push_receiver.messages[0].payload["slot"]
            )
        )
        db.session.commit()
    assert dispatcher.run_once(now=when) == {}
    assert len(push_receiver.messages) == 1


@pytest.mark.parametrize("status", [404, 410])
def test_a_gone_subscription_is_deleted(app, client, dispatcher, push_receiver, status):
    account = Account(client)
    gone, kept = account.subscribe(push_receiver, count=2)
    push_receiver.answer(gone, Answer(status))
    dispatcher.run_once(now=due(account.schedule()))
    assert subscriptions(app) == 1
    assert sorted(d.status for d in deliveries(app)) == ["gone", "sent"]
    assert len(push_receiver.for_endpoint(kept)) == 1


def test_429_is_retried_after_the_time_the_push_service_asks(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    (sub,) = account.subscribe(push_receiver)
    push_receiver.answer(sub, Answer(429, retry_after="120"))
    when = due(account.schedule())
    assert dispatcher.run_once(now=when) == {"retry": 1}
    (delivery,) = deliveries(app)
    assert delivery.status == "retry" and delivery.http_status == 429
    assert delivery.next_attempt_at == when + timedelta(seconds=120)
    assert dispatcher.run_once(now=when + timedelta(seconds=119)) == {}
    assert dispatcher.run_once(now=when + timedelta(seconds=120)) == {"sent": 1}
    first, second = push_receiver.wait_for(2)
    assert first.topic == second.topic and first.payload["slot"] == second.payload["slot"]
    assert second.ttl == 3600 - 120  # what is left of the hour the reminder is worth
    (delivery,) = deliveries(app)
    assert delivery.status == "sent" and delivery.attempts == 2


def test_server_errors_back_off_and_give_up_when_the_reminder_is_stale(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    (sub,) = account.subscribe(push_receiver)
    push_receiver.answer(sub, *[Answer(500)] * 10)
    when = due(account.schedule())
    moment, waits = when, []
    while (result := dispatcher.run_once(now=moment)) != {"expired": 1}:
        assert result == {"retry": 1}
        (delivery,) = deliveries(app)
        waits.append(delivery.next_attempt_at - moment)
        moment = delivery.next_attempt_at
    assert waits == [timedelta(seconds=30 * 2**n) for n in range(len(waits))]
    assert len(push_receiver.messages) == len(waits) + 1


def test_a_hanging_push_service_times_out_without_holding_up_other_sends(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    hanging, *others = account.subscribe(push_receiver, count=4)
    push_receiver.answer(hanging, Answer(hang=True))
    assert dispatcher.run_once(now=due(account.schedule())) == {"sent": 3, "retry": 1}
    arrived = [
        m for m in push_receiver.messages if m.endpoint_id != hanging["endpoint"].rsplit("/", 1)[1]
    ]
    assert len(arrived) == 3
    assert all(message.hangs_ended == 0 for message in arrived)  # they got through meanwhile
    push_receiver.wait_for_hangs_ended(1)


@pytest.mark.parametrize(
    "zone, session_local_offset, skipped",
    [
        ("Europe/London", timedelta(hours=-1), True),  # practised earlier that morning
        ("Pacific/Auckland", timedelta(hours=-7), True),  # 00:30 local, the previous UTC day
        ("Pacific/Auckland", timedelta(hours=-7, minutes=-31), False),  # 23:59 the day before
        ("America/Los_Angeles", timedelta(hours=-7, minutes=-31), False),  # same UTC day
    ],
)
def test_skip_if_practised_today_suppresses_the_reminder(
    app, client, dispatcher, push_receiver, zone, session_local_offset, skipped
):
    account = Account(client)
    account.subscribe(push_receiver)
    schedule = account.schedule(timezone=zone, skip_if_practised=True)
    when = due(schedule)
    account.sync_session(when + session_local_offset)
    outcome = dispatcher.run_once(now=when)
    assert outcome == ({} if skipped else {"sent": 1})
    with app.app_context():
        slot = db.session.scalar(select(ReminderSlot))
    assert slot.outcome == ("skipped" if skipped else "queued")
    assert due(account.get(schedule)) > when


def test_a_deleted_session_does_not_count_as_practice(app, client, dispatcher, push_receiver):
    account = Account(client)
    account.subscribe(push_receiver)
    when = due(account.schedule(skip_if_practised=True))
    account.sync_session(when - timedelta(hours=1), deleted=True)
    assert dispatcher.run_once(now=when) == {"sent": 1}


def test_practice_does_not_suppress_a_schedule_without_the_option(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    account.subscribe(push_receiver)
    when = due(account.schedule())
    account.sync_session(when - timedelta(hours=1))
    assert dispatcher.run_once(now=when) == {"sent": 1}


def test_a_reminder_more_than_an_hour_late_is_not_sent(app, client, dispatcher, push_receiver):
    account = Account(client)
    account.subscribe(push_receiver)
    schedule = account.schedule()
    when = due(schedule)
    assert dispatcher.run_once(now=when + timedelta(hours=2)) == {}
    assert push_receiver.messages == []
    assert due(account.get(schedule)) == when + timedelta(days=1)


def test_snoozing_from_the_notification_sends_it_again_an_hour_later(
    app, client, dispatcher, push_receiver
):
    account = Account(client)
    account.subscribe(push_receiver)
    schedule = account.schedule()
    dispatcher.run_once(now=due(schedule))
    (first,) = push_receiver.wait_for(1)
    snoozed = client.post(first.payload["snooze_url"]).get_json()["snoozed_until"]
    assert account.get(schedule)["next_due_at"] == snoozed
    when = due(account.get(schedule))
    assert dispatcher.run_once(now=when) == {"sent": 1}
    second = push_receiver.wait_for(2)[1]
    assert second.payload["slot"] != first.payload["slot"]
    after = account.get(schedule)
    assert after["snoozed_until"] is None and due(after) > when


def test_a_snoozed_slot_is_not_planned_again_when_the_server_clock_is_behind(
    app, client, dispatcher, push_receiver, monkeypatch
):
    """The app server's clock 50 minutes behind the worker that sent the reminder."""
    account = Account(client)
    account.subscribe(push_receiver)
    schedule = account.schedule()
    sent_at = due(schedule)
    dispatcher.run_once(now=sent_at)
    (first,) = push_receiver.wait_for(1)
    monkeypatch.setattr(snoozing, "utcnow", lambda: sent_at - timedelta(minutes=50))
    snoozed = client.post(first.payload["snooze_url"]).get_json()["snoozed_until"]
    assert snoozed == (sent_at + timedelta(minutes=10)).isoformat()
    assert account.get(schedule)["next_due_at"] == snoozed


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::ffff:127.0.0.1]"])
def test_an_endpoint_is_checked_again_when_sending(app, client, push_receiver, host):
    account = Account(client)
    (allowed,) = account.subscribe(push_receiver)
    when = due(account.schedule())
    with app.app_context():  # as if the host had been allowed, or its DNS changed, since
        db.session.execute(
            update(PushSubscription).values(
                endpoint=allowed["endpoint"].replace("http://127.0.0.1", f"https://{host}")
            )
        )
        db.session.commit()
    app.config["PUSH_ALLOW_HOSTS"] = []
    dispatcher = Dispatcher(app)
    try:
        assert dispatcher.run_once(now=when) == {"refused": 1}
    finally:
        dispatcher.close()
    assert push_receiver.count == 0


def test_a_lease_left_by_a_dead_worker_is_never_sent(app, client, dispatcher, push_receiver):
    account = Account(client)
    account.subscribe(push_receiver)
    when = due(account.schedule())
    with app.app_context():  # a worker claimed the slot and died before posting
        assert len(dispatcher.claim(when)[1]) == 1
    assert dispatcher.run_once(now=when + timedelta(minutes=10)) == {}
    assert [d.status for d in deliveries(app)] == ["unknown"]
    assert push_receiver.messages == []
