"""Inputs at the edges of what the server can hold get a clear 4xx JSON error, never a 5xx, on
SQLite and PostgreSQL: date-times near the ends of the representable range, and path
parameters with characters PostgreSQL cannot store."""

import uuid

import pytest

from tests.sync_support import pain, session

EDGE_DATE_TIMES = [
    "9999-12-31T23:59:59-23:59",  # past year 9999 in UTC
    "0001-01-01T00:00:00+23:59",  # before year 1 in UTC
    "9999-01-01T00:00:00Z",  # outside the documented 0002-9998
    "2026-02-30T07:00:00Z",
    "2026-11-24T24:00:00Z",
]


def device(client) -> dict:
    return {"Authorization": f"Bearer {client.post('/api/accounts').json['token']}"}


def assert_clear_400(response):
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.json["error"]["code"] == "invalid"


@pytest.mark.parametrize("moment", EDGE_DATE_TIMES)
@pytest.mark.parametrize("field", ["at", "modified_at"])
def test_a_pain_log_at_the_edge_of_time_is_refused(client, moment, field):
    data = {**pain(), field: moment}
    change = {"id": str(uuid.uuid4()), "kind": "pain", "base_rev": 0, "data": data}
    assert_clear_400(
        client.post("/api/sync", json={"cursor": 0, "changes": [change]}, headers=device(client))
    )


@pytest.mark.parametrize("moment", EDGE_DATE_TIMES[:2])
def test_a_session_at_the_edge_of_time_is_refused(client, moment):
    data = {**session(), "started_at": moment, "ended_at": moment}
    change = {"id": str(uuid.uuid4()), "kind": "session", "base_rev": 0, "data": data}
    assert_clear_400(
        client.post("/api/sync", json={"cursor": 0, "changes": [change]}, headers=device(client))
    )


@pytest.mark.parametrize("moment", EDGE_DATE_TIMES[:2])
def test_a_schedule_modified_at_the_edge_of_time_is_refused(client, moment):
    body = {"times": ["07:30"], "weekdays": ["mon"], "timezone": "UTC", "modified_at": moment}
    path = f"/api/reminders/schedules/{uuid.uuid4()}"
    assert_clear_400(client.put(path, json=body, headers=device(client)))


def test_the_last_and_first_representable_days_are_accepted(client):
    headers = device(client)
    for moment in ("9998-12-31T23:59:59-23:59", "0002-01-01T00:00:00+23:59"):
        data = {**pain(), "at": moment}
        change = {"id": str(uuid.uuid4()), "kind": "pain", "base_rev": 0, "data": data}
        answer = client.post("/api/sync", json={"cursor": 0, "changes": [change]}, headers=headers)
        assert answer.status_code == 200, answer.json


PATHS_WITH_IDS = [
    ("PATCH", "/api/devices/{}"),
    ("DELETE", "/api/devices/{}"),
    ("GET", "/api/reminders/schedules/{}"),
    ("PUT", "/api/reminders/schedules/{}"),
    ("DELETE", "/api/reminders/schedules/{}"),
    ("POST", "/api/reminders/snooze/{}"),
    ("GET", "/api/reminders/calendar/{}.ics"),
    ("GET", "/api/points/{}"),
    ("GET", "/api/routines/{}"),
]


@pytest.mark.parametrize("method, template", PATHS_WITH_IDS)
@pytest.mark.parametrize("value", ["a%00b", "x%7F"])
def test_a_path_parameter_the_database_cannot_store_is_a_json_404(client, method, template, value):
    answer = client.open(
        template.format(value), method=method, json={"name": "x"}, headers=device(client)
    )
    assert answer.status_code == 404, answer.get_data(as_text=True)
    assert answer.json["error"]["code"] == "not_found"
