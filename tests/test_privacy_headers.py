"""Responses that carry tokens or personal data are never stored by a cache (Cache-Control:
no-store); public content keeps its revalidating caching."""

import uuid

import pytest


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PUSH_ALLOW_HOSTS": ["127.0.0.1"]}


@pytest.fixture
def headers(client) -> dict:
    return {"Authorization": f"Bearer {client.post('/api/accounts').json['token']}"}


def assert_not_stored(response, status: int = 200):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


SCHEDULE = {
    "times": ["07:30"],
    "weekdays": ["mon"],
    "timezone": "UTC",
    "modified_at": "2026-11-24T07:31:00Z",
}


def test_a_new_account_and_its_token_are_not_stored(client):
    assert_not_stored(client.post("/api/accounts"), 201)


def test_sync_answers_are_not_stored(client, headers):
    assert_not_stored(client.post("/api/sync", json={"cursor": 0}, headers=headers))


def test_device_answers_are_not_stored(client, headers):
    listed = client.get("/api/devices", headers=headers)
    assert_not_stored(listed)
    device_id = listed.json["devices"][0]["id"]
    renamed = client.patch(f"/api/devices/{device_id}", json={"name": "Phone"}, headers=headers)
    assert_not_stored(renamed)
    code = client.post("/api/link-codes", headers=headers)
    assert_not_stored(code, 201)
    redeemed = client.post("/api/link-codes/redeem", json={"code": code.json["code"]})
    assert_not_stored(redeemed, 201)


def test_schedule_answers_are_not_stored(client, headers):
    path = f"/api/reminders/schedules/{uuid.uuid4()}"
    assert_not_stored(client.put(path, json=SCHEDULE, headers=headers), 201)
    assert_not_stored(client.get(path, headers=headers))
    assert_not_stored(client.get("/api/reminders/schedules", headers=headers))


def test_push_status_and_subscription_answers_are_not_stored(client, headers, push_receiver):
    subscription = push_receiver.subscription()
    assert_not_stored(client.put("/api/push/subscription", json=subscription, headers=headers))
    assert_not_stored(client.get("/api/push/status", headers=headers))


def test_calendar_state_and_feed_are_not_stored(client, headers):
    client.put(f"/api/reminders/schedules/{uuid.uuid4()}", json=SCHEDULE, headers=headers)
    assert_not_stored(client.get("/api/reminders/calendar", headers=headers))
    made = client.post("/api/reminders/calendar", headers=headers)
    assert_not_stored(made, 201)
    feed_path = "/" + made.json["url"].split("/", 3)[3]
    assert_not_stored(client.get(feed_path))


def test_errors_on_personal_routes_are_not_stored(client):
    assert_not_stored(client.get("/api/devices"), 401)


def test_public_content_is_still_cached_and_revalidated(client):
    assert client.get("/api/points").headers["Cache-Control"] == "no-cache"
