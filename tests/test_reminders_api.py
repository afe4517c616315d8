"""Reminders API: VAPID key, subscriptions (validation, endpoint safety, ownership), schedules
(validation, access control), snooze links and the calendar feed."""

import base64
import json
import os
import threading
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from dateutil.rrule import rrulestr
from sqlalchemy import func, select, update

from server import create_app
from server.db import db
from server.reminders import snooze
from server.reminders.endpoints import UnsafeEndpoint, check_endpoint
from server.reminders.models import PushSubscription, Schedule
from server.reminders.schedule import SLOT_FORMAT, wall_clock
from server.reminders.vapid import VapidConfigError, keys_for
from tests.pushreceiver import Answer

SCHEDULE = {"times": ["07:30"], "weekdays": ["mon", "wed", "fri"], "timezone": "Europe/London"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": ["127.0.0.1"]}


def device(client) -> dict:
    token = client.post("/api/accounts").get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_point() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return b64(
        key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def subscription(endpoint: str, p256dh: str | None = None, auth: str | None = None) -> dict:
    keys = {"p256dh": p256dh or public_point(), "auth": auth or b64(os.urandom(16))}
    return {"endpoint": endpoint, "expirationTime": None, "keys": keys}


def create_schedule(client, body: dict, headers: dict):
    """PUT a schedule under a new client-made id, as the app creates one."""
    stamped = {"modified_at": datetime.now(UTC).isoformat(), **body}
    return client.put(f"/api/reminders/schedules/{uuid.uuid4()}", json=stamped, headers=headers)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# --- VAPID -------------------------------------------------------------------------------


def test_the_vapid_public_key_is_an_uncompressed_p256_point_kept_across_restarts(app, client):
    key = client.get("/api/push/vapid-public-key").get_json()["public_key"]
    raw = base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))
    ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    assert len(raw) == 65 and raw[0] == 4
    restarted = create_app({"INSTANCE_PATH": app.instance_path, "SECRET_KEY": "s"})
    assert keys_for(restarted).public_key == key


def test_a_configured_vapid_key_is_used_and_printed_by_the_cli(cli, tmp_path):
    private = ec.generate_private_key(ec.SECP256R1())
    raw = b64(private.private_numbers().private_value.to_bytes(32, "big"))
    expected = b64(
        private.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
    )
    env = {"ACUPRESS_INSTANCE_PATH": str(tmp_path), "ACUPRESS_VAPID_PRIVATE_KEY": raw}
    assert cli("vapid", env=env).output.strip() == expected
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    assert cli("vapid", env={**env, "ACUPRESS_VAPID_PRIVATE_KEY": pem}).output.strip() == expected


@pytest.mark.parametrize(
    "setting, value",
    [
        ("VAPID_SUBJECT", "admin@example.org"),
        ("VAPID_SUBJECT", "http://example.org"),
        ("VAPID_SUBJECT", "mailto:nobody"),
        ("VAPID_PRIVATE_KEY", "not-a-key"),
        ("VAPID_PRIVATE_KEY", b64(b"\xff" * 32)),  # beyond the P-256 group order
    ],
)
def test_bad_vapid_settings_stop_the_app_with_a_clear_message(tmp_path, setting, value):
    with pytest.raises(VapidConfigError, match=f"ACUPRESS_{setting}"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s", setting: value})


# --- subscriptions -----------------------------------------------------------------------


def test_subscribing_stores_one_subscription_per_device_and_resending_replaces_it(
    app, client, push_receiver
):
    headers = device(client)
    first, second = push_receiver.subscription(), push_receiver.subscription()
    response = client.put("/api/push/subscription", json=first, headers=headers)
    assert response.status_code == 200
    assert response.get_json()["subscribed"] is True
    client.put("/api/push/subscription", json=second, headers=headers)
    with app.app_context():
        stored = db.session.scalars(select(PushSubscription)).all()
        assert [(s.endpoint, s.auth) for s in stored] == [
            (second["endpoint"], second["keys"]["auth"])
        ]


def test_concurrent_subscribes_from_one_app_all_succeed_and_store_one(app, client, live_server):
    """Two tabs of the app re-send the subscription at the same moment when they open."""
    headers = {**device(client), "Content-Type": "application/json"}
    endpoint = "http://127.0.0.1:9/push/concurrent"
    barrier = threading.Barrier(8)

    def put(_) -> int:
        body = json.dumps(subscription(endpoint)).encode()
        request = urllib.request.Request(
            live_server.url + "/api/push/subscription",
            data=body,
            method="PUT",
            headers=headers,
        )
        barrier.wait()
        try:
            with urllib.request.urlopen(request, timeout=20) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(put, range(8)))
    assert statuses == [200] * 8
    with app.app_context():
        assert count(PushSubscription) == 1


def linked_device(client, headers: dict) -> dict:
    code = client.post("/api/link-codes", headers=headers).get_json()["code"]
    token = client.post("/api/link-codes/redeem", json={"code": code}).get_json()["token"]
    return {"Authorization": f"Bearer {token}"}


def test_an_endpoint_moves_to_the_accounts_device_that_sends_it_last(app, client, push_receiver):
    sub = push_receiver.subscription()
    old_device = device(client)
    new_device = linked_device(client, old_device)
    client.put("/api/push/subscription", json=sub, headers=old_device)
    assert client.put("/api/push/subscription", json=sub, headers=new_device).status_code == 200
    assert client.get("/api/push/status", headers=old_device).get_json()["subscribed"] is False
    assert client.get("/api/push/status", headers=new_device).get_json()["subscribed"] is True


def test_another_account_cannot_take_a_subscription_by_its_endpoint(app, client, push_receiver):
    sub = push_receiver.subscription()
    owner, other = device(client), device(client)
    client.put("/api/push/subscription", json=sub, headers=owner)
    forged = {**sub, "keys": subscription(sub["endpoint"])["keys"]}
    taken = client.put("/api/push/subscription", json=forged, headers=other)
    assert taken.status_code == 409
    assert taken.get_json()["error"]["code"] == "endpoint_taken"
    assert client.get("/api/push/status", headers=owner).get_json()["subscribed"] is True
    assert client.get("/api/push/status", headers=other).get_json()["subscribed"] is False
    with app.app_context():
        stored = db.session.scalars(select(PushSubscription)).all()
        assert [s.auth for s in stored] == [sub["keys"]["auth"]]
    # Once the owner removes it, it is free for anyone.
    client.delete("/api/push/subscription", headers=owner)
    assert client.put("/api/push/subscription", json=sub, headers=other).status_code == 200


def test_unsubscribing_removes_only_this_devices_subscription(app, client, push_receiver):
    mine, theirs = device(client), device(client)
    client.put("/api/push/subscription", json=push_receiver.subscription(), headers=mine)
    client.put("/api/push/subscription", json=push_receiver.subscription(), headers=theirs)
    assert client.delete("/api/push/subscription", headers=mine).status_code == 204
    assert client.get("/api/push/status", headers=mine).get_json()["subscribed"] is False
    assert client.get("/api/push/status", headers=theirs).get_json()["subscribed"] is True


@pytest.mark.parametrize(
    "route, method",
    [
        ("/api/push/subscription", "put"),
        ("/api/push/subscription", "delete"),
        ("/api/push/status", "get"),
        ("/api/reminders/schedules", "get"),
        ("/api/reminders/schedules/0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b31", "put"),
        ("/api/push/test", "post"),
        ("/api/reminders/calendar", "post"),
    ],
)
def test_device_routes_need_a_token(client, route, method):
    response = getattr(client, method)(route, json={})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


@pytest.mark.parametrize(
    "endpoint",
    [
        "http://push.example.com/send/abc",  # plain http to a host not allowed
        "https://10.1.2.3/send/abc",  # private
        "https://192.168.1.20/send/abc",
        "https://127.0.0.1/send/abc",  # loopback
        "https://localhost/send/abc",  # a name resolving to 127.0.0.1
        "https://[::1]/send/abc",
        "https://169.254.169.254/latest/meta-data",  # link-local (cloud metadata)
        "https://[::ffff:10.0.0.1]/send",  # IPv4-mapped private
        "https://user:secret@push.example.com/send",
        "ftp://push.example.com/send",
        "https:///no-host",
    ],
)
def test_unsafe_endpoints_are_refused_and_nothing_is_stored(app, client, endpoint):
    app.config["PUSH_ALLOW_HOSTS"] = []
    response = client.put(
        "/api/push/subscription", json=subscription(endpoint), headers=device(client)
    )
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "unsafe_endpoint"
    assert endpoint not in response.get_json()["error"]["message"]
    with app.app_context():
        assert count(PushSubscription) == 0


def test_an_endpoint_with_control_characters_is_refused(app, client):
    response = client.put(
        "/api/push/subscription",
        json=subscription("http://127.0.0.1:9/push/a\x00b"),
        headers=device(client),
    )
    assert response.status_code == 400
    assert "control characters" in response.get_json()["error"]["message"]
    with app.app_context():
        assert count(PushSubscription) == 0


def test_allow_listed_hosts_may_use_loopback_and_plain_http(app, client):
    app.config["PUSH_ALLOW_HOSTS"] = ["localhost"]
    response = client.put(
        "/api/push/subscription",
        json=subscription("http://localhost:8123/push/1"),
        headers=device(client),
    )
    assert response.status_code == 200


def test_a_public_address_passes_the_endpoint_check():
    check_endpoint("https://8.8.8.8/fcm/send/abc", frozenset())  # an address literal: no lookup
    with pytest.raises(UnsafeEndpoint):
        check_endpoint("https://100.64.0.1/send", frozenset())  # carrier-grade NAT is not public


# --- test reminder ---------------------------------------------------------------------


def subscribed_device(client, receiver) -> tuple[dict, dict]:
    headers, sub = device(client), receiver.subscription()
    assert client.put("/api/push/subscription", json=sub, headers=headers).status_code == 200
    return headers, sub


def test_a_test_reminder_reaches_this_device_and_looks_like_a_reminder(app, client, push_receiver):
    headers, sub = subscribed_device(client, push_receiver)
    other_device_of_another_account = subscribed_device(client, push_receiver)[1]
    response = client.post("/api/push/test", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["status"] == "sent" and response.get_json()["message"]
    [message] = push_receiver.wait_for(1)
    assert push_receiver.errors == []
    assert message.endpoint_id == sub["endpoint"].rsplit("/", 1)[1]
    assert message.claims["aud"] == push_receiver.url and message.ttl <= 60
    payload = message.payload
    assert payload["type"] == "test"
    for name in ("title", "body", "icon", "badge", "tag", "url"):
        assert isinstance(payload[name], str) and payload[name]
    assert [action["action"] for action in payload["actions"]] == ["start", "snooze"]
    assert push_receiver.for_endpoint(other_device_of_another_account) == []


@pytest.mark.parametrize(
    "answer, status, kept",
    [
        (Answer(410), "gone", False),
        (Answer(404), "gone", False),
        (Answer(429, retry_after="60"), "retry", True),
        (Answer(503), "retry", True),
        (Answer(400), "failed", True),
        (Answer(hang=True), "retry", True),  # answers within the push timeout all the same
    ],
    ids=["410", "404", "429", "503", "400", "hangs"],
)
def test_a_test_reminder_says_what_the_push_service_answered(
    app, client, push_receiver, answer, status, kept
):
    app.config["PUSH_TIMEOUT_SECONDS"] = 1
    headers, sub = subscribed_device(client, push_receiver)
    push_receiver.answer(sub, answer)
    response = client.post("/api/push/test", headers=headers)
    assert response.status_code == 200
    assert response.get_json()["status"] == status
    assert client.get("/api/push/status", headers=headers).get_json()["subscribed"] is kept
    if answer.hang:
        push_receiver.wait_for(1)
        push_receiver.wait_for_hangs_ended(1)  # the server gave up on it


def test_a_test_reminder_needs_a_subscription(client):
    response = client.post("/api/push/test", headers=device(client))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "no_subscription"


def test_a_test_reminder_to_an_endpoint_no_longer_allowed_is_refused(app, client, push_receiver):
    headers, _ = subscribed_device(client, push_receiver)
    app.config["PUSH_ALLOW_HOSTS"] = []  # the loopback receiver is not a public address
    assert client.post("/api/push/test", headers=headers).get_json()["status"] == "failed"
    assert push_receiver.count == 0


NOT_ON_CURVE = b64(b"\x04" + b"\x01" * 64)


@pytest.mark.parametrize(
    "p256dh, auth, field",
    [
        (b64(b"\x04" + os.urandom(31)), None, "keys.p256dh"),  # too short
        (NOT_ON_CURVE, None, "keys.p256dh"),
        ("b" + public_point()[1:], None, "keys.p256dh"),  # first byte not 0x04
        ("not base64 at all!", None, "keys.p256dh"),
        (None, b64(os.urandom(15)), "keys.auth"),
        (None, b64(os.urandom(17)), "keys.auth"),
    ],
    # Named, not shown: random values would give each pytest-xdist worker other test ids.
    ids=["short-point", "off-curve", "not-uncompressed", "not-base64", "short-auth", "long-auth"],
)
def test_bad_subscription_keys_are_refused(app, client, push_receiver, p256dh, auth, field):
    body = subscription(push_receiver.subscription()["endpoint"], p256dh, auth)
    response = client.put("/api/push/subscription", json=body, headers=device(client))
    assert response.status_code == 400
    assert field in [d["field"] for d in response.get_json()["error"]["details"]]
    with app.app_context():
        assert count(PushSubscription) == 0


# --- schedules ---------------------------------------------------------------------------


def test_a_schedule_is_stored_with_its_next_due_time(client):
    headers = device(client)
    body = {
        **SCHEDULE,
        "times": ["19:00", "07:30"],
        "weekdays": ["fri", "mon"],
        "routine_id": "daily-lower-back",
        "skip_if_practised": True,
    }
    created = create_schedule(client, body, headers)
    assert created.status_code == 201
    schedule = created.get_json()
    assert schedule["times"] == ["07:30", "19:00"] and schedule["weekdays"] == ["mon", "fri"]
    assert schedule["skip_if_practised"] is True and schedule["routine_id"] == "daily-lower-back"
    due = datetime.fromisoformat(schedule["next_due_at"])
    assert datetime.now(UTC) < due <= datetime.now(UTC) + timedelta(days=7, hours=1)
    listed = client.get("/api/reminders/schedules", headers=headers).get_json()["schedules"]
    assert listed == [schedule]


def test_disabling_a_schedule_plans_nothing(client):
    headers = device(client)
    schedule_id = create_schedule(client, SCHEDULE, headers).get_json()["id"]
    later = datetime.now(UTC) + timedelta(seconds=1)
    updated = put_schedule(client, headers, schedule_id, later, enabled=False)
    assert updated.get_json()["next_due_at"] is None
    assert client.get("/api/push/status", headers=headers).get_json()["reminders_on"] is False


@pytest.mark.parametrize(
    "change, field",
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": "localtime"}, "timezone"),
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"times": ["24:00"]}, "times.0"),
        ({"times": ["7:30"]}, "times.0"),
        ({"times": ["07:60"]}, "times.0"),
        ({"times": ["07:30:00"]}, "times.0"),
        ({"times": []}, "times"),
        ({"times": ["07:30", "07:30"]}, "times"),
        ({"times": [730]}, "times.0"),
        ({"weekdays": ["monday"]}, "weekdays.0"),
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": ["mon", "mon"]}, "weekdays"),
        ({"weekdays": [1]}, "weekdays.0"),
        ({"enabled": "yes"}, "enabled"),
        ({"colour": "blue"}, "colour"),
        ({"modified_at": "2026-11-24T07:31:00"}, "modified_at"),  # no offset
        ({"modified_at": "yesterday"}, "modified_at"),
    ],
)
def test_bad_schedules_are_refused_with_a_clear_400(app, client, change, field):
    response = create_schedule(client, {**SCHEDULE, **change}, device(client))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid"
    assert field in [detail["field"] for detail in error["details"]]
    with app.app_context():
        assert count(Schedule) == 0


def test_an_unknown_routine_is_refused(client):
    body = {**SCHEDULE, "routine_id": "no-such-routine"}
    response = create_schedule(client, body, device(client))
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "unknown_routine"


@pytest.mark.parametrize("method", ["get", "put", "delete"])
def test_another_account_cannot_read_or_change_a_schedule(app, client, method):
    owner, stranger = device(client), device(client)
    schedule = create_schedule(client, SCHEDULE, owner).get_json()
    route = f"/api/reminders/schedules/{schedule['id']}"
    later = (datetime.now(UTC) + timedelta(minutes=1)).isoformat()
    body = {**SCHEDULE, "times": ["03:00"], "modified_at": later} if method == "put" else None
    response = getattr(client, method)(route, json=body, headers=stranger)
    # A PUT names the id to create: another account's id is taken (409), not unknown.
    assert response.status_code == (409 if method == "put" else 404)
    if method == "put":
        assert response.get_json()["error"]["code"] == "schedule_id_taken"
    assert client.get(route, headers=owner).get_json() == schedule
    assert client.get("/api/reminders/schedules", headers=stranger).get_json()["schedules"] == []


def put_schedule(client, headers, schedule_id, at: datetime, **change):
    body = {**SCHEDULE, "modified_at": at.isoformat(), **change}
    return client.put(f"/api/reminders/schedules/{schedule_id}", json=body, headers=headers)


def test_a_put_creates_then_replaces_the_schedule_with_that_id(app, client):
    headers, schedule_id, now = device(client), str(uuid.uuid4()), datetime.now(UTC)
    created = put_schedule(client, headers, schedule_id, now)
    assert created.status_code == 201
    assert created.get_json()["id"] == schedule_id
    assert datetime.fromisoformat(created.get_json()["modified_at"]) == now
    replaced = put_schedule(
        client, headers, schedule_id, now + timedelta(seconds=1), times=["19:30"]
    )
    assert replaced.status_code == 200 and replaced.get_json()["times"] == ["19:30"]
    listed = client.get("/api/reminders/schedules", headers=headers).get_json()["schedules"]
    assert listed == [replaced.get_json()]


def test_replaying_a_put_changes_nothing(app, client):
    """A save retried after a lost response, or sent again on each reconnect."""
    headers, schedule_id, now = device(client), str(uuid.uuid4()), datetime.now(UTC)
    first = put_schedule(client, headers, schedule_id, now, times=["19:30"]).get_json()
    for _ in range(2):
        again = put_schedule(client, headers, schedule_id, now, times=["19:30"])
        assert again.status_code == 200 and again.get_json() == first
    with app.app_context():
        assert count(Schedule) == 1


@pytest.mark.parametrize("offset, wins", [(-1, False), (0, True), (1, True)])
def test_the_later_modified_at_wins_and_a_tie_goes_to_the_incoming_write(client, offset, wins):
    """Two devices edit one schedule; whichever order they sync in, the later edit stays."""
    phone = device(client)
    schedule_id, stored_at = str(uuid.uuid4()), datetime.now(UTC)
    put_schedule(client, phone, schedule_id, stored_at, times=["07:30"])
    incoming = stored_at + timedelta(seconds=offset)
    # The same instant written with another offset is still a tie.
    stamp = incoming.astimezone(ZoneInfo("Asia/Kolkata"))
    answer = put_schedule(client, phone, schedule_id, stamp, times=["21:00"])
    assert answer.status_code == 200
    winner = answer.get_json()
    assert winner["times"] == (["21:00"] if wins else ["07:30"])
    assert datetime.fromisoformat(winner["modified_at"]) == (incoming if wins else stored_at)
    stored = client.get(f"/api/reminders/schedules/{schedule_id}", headers=phone).get_json()
    assert stored == winner


def test_an_unchanged_schedule_keeps_its_planned_reminder(app, client):
    headers, schedule_id, now = device(client), str(uuid.uuid4()), datetime.now(UTC)
    first = put_schedule(client, headers, schedule_id, now).get_json()
    with app.app_context():  # the reminder planned is due now (the dispatcher has not run yet)
        db.session.execute(update(Schedule).values(next_due_at=datetime.now(UTC)))
        db.session.commit()
        planned = db.session.scalar(select(Schedule.next_due_at))
    later = put_schedule(client, headers, schedule_id, now + timedelta(minutes=1)).get_json()
    assert datetime.fromisoformat(later["next_due_at"]) == planned
    assert later["modified_at"] != first["modified_at"]


def test_schedules_made_before_client_ids_keep_their_ids(app, client):
    headers = device(client)
    old_id = uuid.uuid4().hex  # 32 hex digits, as the server used to make them
    assert put_schedule(client, headers, old_id, datetime.now(UTC)).status_code == 201
    assert client.get(f"/api/reminders/schedules/{old_id}", headers=headers).status_code == 200


@pytest.mark.parametrize(
    "schedule_id",
    [
        "not-a-uuid",
        "0B6A3C1E-8F2D-4C4E-9A55-2F7D1E0C9B31",  # upper case
        "0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b310",  # one digit too many
        "x" * 36,
    ],
)
def test_a_schedule_id_that_is_not_a_lowercase_uuid_is_refused(app, client, schedule_id):
    response = put_schedule(client, device(client), schedule_id, datetime.now(UTC))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_schedule_id"
    with app.app_context():
        assert count(Schedule) == 0


def test_a_schedule_without_modified_at_is_refused(app, client):
    route = f"/api/reminders/schedules/{uuid.uuid4()}"
    response = client.put(route, json=SCHEDULE, headers=device(client))
    assert response.status_code == 400
    assert "modified_at" in [d["field"] for d in response.get_json()["error"]["details"]]


def test_there_is_no_post_to_create_a_schedule(client):
    response = client.post("/api/reminders/schedules", json=SCHEDULE, headers=device(client))
    assert response.status_code == 405


def test_deleting_a_schedule(client):
    headers = device(client)
    schedule_id = create_schedule(client, SCHEDULE, headers).get_json()["id"]
    assert (
        client.delete(f"/api/reminders/schedules/{schedule_id}", headers=headers).status_code == 204
    )
    assert client.get(f"/api/reminders/schedules/{schedule_id}", headers=headers).status_code == 404


# --- snooze links ------------------------------------------------------------------------


def snooze_link(
    app, schedule_id: str, expires: datetime, secret: str | None = None, slot="2024-01-01T07:30"
) -> str:
    token = snooze.make_token(secret or app.config["SECRET_KEY"], schedule_id, slot, expires)
    return f"/api/reminders/snooze/{token}"


def test_a_snooze_link_plans_a_reminder_in_an_hour(app, client):
    headers = device(client)
    created = create_schedule(client, SCHEDULE, headers).get_json()
    schedule_id = created["id"]
    # Snooze the next reminder, as if it had just arrived (at any time of day the test runs).
    next_due = datetime.fromisoformat(created["next_due_at"])
    slot = wall_clock(next_due, ZoneInfo(SCHEDULE["timezone"])).strftime(SLOT_FORMAT)
    before = datetime.now(UTC)
    response = client.post(snooze_link(app, schedule_id, before + timedelta(hours=1), slot=slot))
    assert response.status_code == 200
    until = datetime.fromisoformat(response.get_json()["snoozed_until"])
    assert before + timedelta(minutes=59) <= until <= before + timedelta(hours=1)
    schedule = client.get(f"/api/reminders/schedules/{schedule_id}", headers=headers).get_json()
    assert datetime.fromisoformat(schedule["next_due_at"]) == until


def test_an_expired_snooze_link_is_gone(app, client):
    schedule_id = create_schedule(client, SCHEDULE, device(client)).get_json()["id"]
    response = client.post(snooze_link(app, schedule_id, datetime.now(UTC) - timedelta(seconds=1)))
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "snooze_link_expired"


@pytest.mark.parametrize("tamper", ["body", "signature", "secret", "truncate"])
def test_a_tampered_snooze_link_is_refused(app, client, tamper):
    headers = device(client)
    schedule_id = create_schedule(client, SCHEDULE, headers).get_json()["id"]
    expires = datetime.now(UTC) + timedelta(hours=1)
    link = snooze_link(app, schedule_id, expires, "another-secret" if tamper == "secret" else None)
    body, signature = link.rsplit("/", 1)[1].split(".")
    if tamper == "body":
        forged = snooze_link(app, "0" * 32, expires).rsplit("/", 1)[1].split(".")[0]
        link = f"/api/reminders/snooze/{forged}.{signature}"
    elif tamper == "signature":
        flipped = "A" if signature[-1] != "A" else "B"
        link = f"/api/reminders/snooze/{body}.{signature[:-1]}{flipped}"
    elif tamper == "truncate":
        link = f"/api/reminders/snooze/{body}"
    response = client.post(link)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "snooze_link_invalid"
    schedule = client.get(f"/api/reminders/schedules/{schedule_id}", headers=headers).get_json()
    assert schedule["snoozed_until"] is None


def test_a_snooze_link_for_a_deleted_schedule_is_not_found(app, client):
    headers = device(client)
    schedule_id = create_schedule(client, SCHEDULE, headers).get_json()["id"]
    client.delete(f"/api/reminders/schedules/{schedule_id}", headers=headers)
    response = client.post(snooze_link(app, schedule_id, datetime.now(UTC) + timedelta(hours=1)))
    assert response.status_code == 404


# --- calendar feed -----------------------------------------------------------------------


def unfolded(text: str) -> list[str]:
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    raw = text.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in raw)
    lines: list[str] = []
    for line in raw:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    return lines


def components(lines: list[str], name: str) -> list[list[str]]:
    found, current = [], None
    for line in lines:
        if line == f"BEGIN:{name}":
            current = []
        elif line == f"END:{name}":
            found.append(current)
            current = None
        elif current is not None:
            current.append(line)
    return found


def prop(component: list[str], name: str) -> str:
    return next(line for line in component if line.split(":")[0].split(";")[0] == name)


def feed_path(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_the_calendar_feed_has_the_schedules_as_weekly_events_in_their_timezone(client):
    owner, stranger = device(client), device(client)
    body = {
        **SCHEDULE,
        "times": ["07:30", "19:00"],
        "timezone": "America/New_York",
        "routine_id": "daily-lower-back",
    }
    create_schedule(client, body, owner)
    create_schedule(client, {**SCHEDULE, "enabled": False}, owner)
    create_schedule(client, {**SCHEDULE, "timezone": "Asia/Tokyo"}, stranger)
    created = client.post("/api/reminders/calendar", headers=owner)
    assert created.status_code == 201
    assert created.get_json()["webcal_url"].startswith("webcal://")
    response = client.get(feed_path(created.get_json()["url"]))
    assert response.status_code == 200 and response.mimetype == "text/calendar"
    lines = unfolded(response.get_data(as_text=True))
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    assert "VERSION:2.0" in lines and any(line.startswith("PRODID:") for line in lines)
    events = components(lines, "VEVENT")
    assert len(events) == 2  # two times of the enabled schedule; not the stranger's
    assert len({prop(event, "UID") for event in events}) == 2
    for event in events:
        assert prop(event, "RRULE") == "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"
        assert prop(event, "DTSTART").startswith("DTSTART;TZID=America/New_York:")
        assert prop(event, "SUMMARY") == "SUMMARY:Acupressure: Daily lower back"
        assert prop(event, "DTSTAMP").endswith("Z")
        assert components(event, "VALARM")
    zones = components(lines, "VTIMEZONE")
    assert [prop(zone, "TZID") for zone in zones] == ["TZID:America/New_York"]
    assert components(zones[0], "DAYLIGHT") and components(zones[0], "STANDARD")


def test_the_feeds_weekly_rule_gives_the_schedules_days(client):
    headers = device(client)
    create_schedule(client, SCHEDULE, headers)
    url = client.post("/api/reminders/calendar", headers=headers).get_json()["url"]
    event = components(unfolded(client.get(feed_path(url)).get_data(as_text=True)), "VEVENT")[0]
    start = datetime.strptime(prop(event, "DTSTART").rsplit(":", 1)[1], "%Y%m%dT%H%M%S")
    rule = rrulestr(prop(event, "RRULE").split(":", 1)[1], dtstart=start)
    first_six = rule[:6]
    assert {moment.strftime("%a") for moment in first_six} == {"Mon", "Wed", "Fri"}
    assert {moment.strftime("%H:%M") for moment in first_six} == {"07:30"}


def test_rotating_or_revoking_the_feed_stops_the_old_url(client):
    headers = device(client)
    create_schedule(client, SCHEDULE, headers)
    first = feed_path(client.post("/api/reminders/calendar", headers=headers).get_json()["url"])
    second = feed_path(client.post("/api/reminders/calendar", headers=headers).get_json()["url"])
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert client.get("/api/reminders/calendar", headers=headers).get_json()["active"] is True
    assert client.delete("/api/reminders/calendar", headers=headers).status_code == 204
    assert client.get(second).status_code == 404
    assert client.get("/api/reminders/calendar", headers=headers).get_json()["active"] is False


def test_the_feed_token_is_stored_hashed(app, client):
    headers = device(client)
    url = client.post("/api/reminders/calendar", headers=headers).get_json()["url"]
    token = url.rsplit("/", 1)[1].removesuffix(".ics")
    with app.app_context():
        from server.reminders.models import CalendarFeed

        stored = db.session.scalar(select(CalendarFeed.token_hash))
    assert token not in stored and len(stored) == 64


def test_every_reminders_route_is_in_the_openapi_description(client):
    paths = client.get("/api/openapi.json").get_json()["paths"]
    assert {"put", "delete"} <= set(paths["/api/push/subscription"])
    assert paths["/api/reminders/snooze/{token}"]["post"]["responses"].keys() >= {
        "200",
        "403",
        "410",
    }
    assert (
        "text/calendar"
        in paths["/api/reminders/calendar/{token}.ics"]["get"]["responses"]["200"]["content"]
    )
    assert set(paths["/api/reminders/schedules"]) == {"get"}  # created with PUT, by id
    put = paths["/api/reminders/schedules/{schedule_id}"]["put"]
    assert {"200", "201", "409"} <= set(put["responses"]) and "modified_at" in put["description"]
    assert put["parameters"][0]["schema"]["pattern"]
    test = paths["/api/push/test"]["post"]
    assert {"200", "401", "409"} <= set(test["responses"])
