"""The journal sync protocol: POST /api/sync, and server.journal.sync called directly."""

import json
import logging
import threading
from datetime import UTC, datetime

import pytest
import requests
from sqlalchemy import delete, func, select

from server.accounts.models import Account
from server.db import db
from server.journal import sync
from server.journal.models import JournalRecord
from server.journal.records import SETTINGS_ID
from server.journal.schemas import SyncRequest
from tests.sync_support import (
    database_state,
    edit,
    linked_device,
    new_account,
    new_id,
    pain,
    post_sync,
    pull_all,
    removal,
    routine,
    session,
    settings,
)


def test_first_sync_applies_and_pulls_back(client):
    phone = new_account(client)
    record_id = new_id()
    answer = post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain())])
    assert answer["applied"] == [{"id": record_id, "rev": 1}]
    assert answer["conflicts"] == []
    assert answer["changes"] == [
        {"id": record_id, "kind": "pain", "rev": 1, "deleted": False, "data": pain()}
    ]
    assert (answer["cursor"], answer["more"]) == (1, False)


@pytest.mark.parametrize("note", ["nul \x00 inside", "line one\nline two\ttab", "😣 腰痛 ‮rtl"])
def test_any_text_in_a_note_comes_back_exactly(client, note):
    phone = new_account(client)
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain(note=note))])
    [change] = post_sync(client, phone)["changes"]
    assert change["data"]["note"] == note


def test_a_sync_needs_a_device_token(client):
    response = client.post("/api/sync", json={"cursor": 0})
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"
    assert (
        client.post(
            "/api/sync", json={"cursor": 0}, headers={"Authorization": "Bearer not-a-token"}
        ).status_code
        == 401
    )


def test_replaying_a_batch_after_a_lost_response_changes_nothing(app, client):
    phone = new_account(client)
    kept, gone = new_id(), new_id()
    post_sync(
        client, phone, 0, [edit(kept, "session", 0, session()), edit(gone, "pain", 0, pain())]
    )
    batch = [
        edit(kept, "session", 1, session(5, note="calmer")),
        removal(gone, "pain", 2),
        edit(new_id(), "routine", 0, routine()),
        edit(SETTINGS_ID, "settings", 0, settings()),
    ]
    first = post_sync(client, phone, 2, batch)
    after_first = database_state(app)

    replay = post_sync(client, phone, 2, batch)

    assert database_state(app) == after_first
    assert replay["applied"] == first["applied"]
    assert [a["rev"] for a in first["applied"]] == [3, 4, 5, 6]
    assert replay["conflicts"] == [] and replay["cursor"] == first["cursor"] == 6


def edit_concurrently(
    client, first: dict, second: dict, record_id: str, first_data: dict, second_data: dict
) -> tuple[dict, dict]:
    """Both devices edit the record from rev 1 while offline; `first` syncs first."""
    one = post_sync(client, first, 1, [edit(record_id, "pain", 1, first_data)])
    two = post_sync(client, second, 1, [edit(record_id, "pain", 1, second_data)])
    return one, two


@pytest.mark.parametrize("phone_syncs_first", [True, False])
def test_two_offline_edits_converge_on_the_later_one(client, phone_syncs_first):
    phone = new_account(client)
    tablet = linked_device(client, phone)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain(0))])
    phone_edit, tablet_edit = pain(30, note="phone, later"), pain(20, note="tablet, earlier")
    order = [(phone, phone_edit), (tablet, tablet_edit)]
    if not phone_syncs_first:
        order.reverse()

    _, second = edit_concurrently(
        client, order[0][0], order[1][0], record_id, order[0][1], order[1][1]
    )

    [conflict] = second["conflicts"]
    assert conflict["data"] == phone_edit
    assert conflict["winner"] == ("server" if phone_syncs_first else "client")
    assert conflict["lost"] == {"deleted": False, "data": tablet_edit}
    for device in (phone, tablet):
        records, _ = pull_all(client, device)
        assert records[record_id]["data"] == phone_edit


def test_a_tie_in_modified_at_has_one_winner_whatever_the_order(client):
    winners = []
    for flip in (False, True):
        phone = new_account(client)
        tablet = linked_device(client, phone)
        record_id = new_id()
        post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain(0))])
        edits = [pain(10, note="alpha"), pain(10, note="beta")]
        if flip:
            edits.reverse()
        edit_concurrently(client, phone, tablet, record_id, *edits)
        records, _ = pull_all(client, tablet)
        winners.append(records[record_id]["data"]["note"])
    assert winners[0] == winners[1]


@pytest.mark.parametrize("delete_first", [True, False])
def test_a_delete_wins_over_a_concurrent_edit(client, delete_first):
    phone = new_account(client)
    tablet = linked_device(client, phone)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "session", 0, session(0))])
    later_edit = session(90, note="felt much better")
    pushes = [
        (tablet, removal(record_id, "session", 1)),
        (phone, edit(record_id, "session", 1, later_edit)),
    ]
    if not delete_first:
        pushes.reverse()

    answers = [post_sync(client, device, 1, [change]) for device, change in pushes]

    [conflict] = answers[1]["conflicts"]
    assert (conflict["deleted"], conflict["data"]) == (True, None)
    assert conflict["winner"] == ("server" if delete_first else "client")
    assert conflict["lost"] == {"deleted": False, "data": later_edit}
    for device in (phone, tablet):
        records, _ = pull_all(client, device)
        assert records[record_id] == {
            "id": record_id,
            "kind": "session",
            "rev": 2 if delete_first else 3,
            "deleted": True,
            "data": None,
        }


@pytest.mark.parametrize("base", ["tombstone", "before the delete", "new record"])
def test_a_deleted_record_is_never_resurrected(app, client, base):
    phone = new_account(client)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain(0))])
    post_sync(client, phone, 1, [removal(record_id, "pain", 1)])
    base_rev = {"tombstone": 2, "before the delete": 1, "new record": 0}[base]

    answer = post_sync(client, phone, 2, [edit(record_id, "pain", base_rev, pain(500))])

    assert answer["applied"] == []
    assert answer["conflicts"][0]["winner"] == "server"
    assert answer["conflicts"][0]["lost"]["data"] == pain(500)
    records, cursor = pull_all(client, phone)
    assert records[record_id]["deleted"] is True and cursor == 2


def test_deleting_again_is_idempotent(client):
    phone = new_account(client)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain())])
    post_sync(client, phone, 1, [removal(record_id, "pain", 1)])
    answer = post_sync(client, phone, 2, [removal(record_id, "pain", 1)])
    assert answer["applied"] == [{"id": record_id, "rev": 2}] and answer["cursor"] == 2


def test_an_edit_on_top_of_the_current_rev_applies_even_with_an_older_clock(client):
    phone = new_account(client)
    tablet = linked_device(client, phone)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain(60))])
    # The tablet saw rev 1 and edited it; its clock runs behind, but it is not concurrent.
    answer = post_sync(client, tablet, 1, [edit(record_id, "pain", 1, pain(10, note="later"))])
    assert answer["applied"] == [{"id": record_id, "rev": 2}] and answer["conflicts"] == []


def test_paging_while_another_device_writes_misses_and_repeats_nothing(client):
    phone = new_account(client)
    tablet = linked_device(client, phone)
    ids = [new_id() for _ in range(20)]
    post_sync(
        client, phone, 0, [edit(i, "pain", 0, pain(0, note=f"#{n}")) for n, i in enumerate(ids)]
    )
    revs = {i: n + 1 for n, i in enumerate(ids)}
    phone_cursor, tablet_cursor, seen, pages = 20, 0, [], 0
    while True:
        answer = post_sync(client, tablet, tablet_cursor, limit=3)
        seen += [(c["id"], c["rev"]) for c in answer["changes"]]
        tablet_cursor, pages = answer["cursor"], pages + 1
        if not answer["more"]:
            break
        if pages > 4:
            continue
        # Meanwhile the phone edits one record already pulled, one not yet, and adds one.
        pulled, waiting = seen[pages - 1][0], ids[-pages]
        new = new_id()
        pushed = post_sync(
            client,
            phone,
            phone_cursor,
            [
                edit(pulled, "pain", revs[pulled], pain(pages, note="edited")),
                edit(waiting, "pain", revs[waiting], pain(pages, note="edited")),
                edit(new, "pain", 0, pain(pages, note="new")),
            ],
        )
        revs.update({a["id"]: a["rev"] for a in pushed["applied"]})
        phone_cursor = pushed["cursor"]

    assert len(seen) == len(set(seen)), "a record version came twice"
    assert [rev for _, rev in seen] == sorted(rev for _, rev in seen)
    latest = {record_id: rev for record_id, rev in seen}
    assert latest == revs, "the tablet missed a change"
    assert tablet_cursor == phone_cursor


def test_a_cursor_from_another_account_is_refused(app, client):
    busy, quiet = new_account(client), new_account(client)
    post_sync(client, busy, 0, [edit(new_id(), "pain", 0, pain()) for _ in range(5)])
    post_sync(client, quiet, 0, [edit(new_id(), "pain", 0, pain())])
    before = database_state(app)
    response = client.post(
        "/api/sync",
        headers=quiet,
        json={"cursor": 5, "changes": [edit(new_id(), "pain", 0, pain())]},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "cursor_ahead"
    assert database_state(app) == before


def test_the_same_record_id_in_two_accounts_is_two_records(client):
    alice, bob = new_account(client), new_account(client)
    shared_id = new_id()
    post_sync(client, alice, 0, [edit(shared_id, "pain", 0, pain(note="alice's"))])
    post_sync(client, alice, 1, [edit(new_id(), "pain", 0, pain(note="alice's other"))])

    refused = client.post(
        "/api/sync",
        headers=bob,
        json={"cursor": 0, "changes": [edit(shared_id, "pain", 1, pain(note="bob's"))]},
    )
    answer = post_sync(client, bob, 0, [edit(shared_id, "pain", 0, pain(note="bob's"))])
    bob_delete = post_sync(client, bob, 1, [removal(shared_id, "pain", 1)])

    assert refused.json["error"]["code"] == "base_rev_ahead"
    assert answer["applied"] == [{"id": shared_id, "rev": 1}]
    assert bob_delete["applied"] == [{"id": shared_id, "rev": 2}]
    bobs, _ = pull_all(client, bob)
    assert list(bobs) == [shared_id] and bobs[shared_id]["deleted"] is True
    alices, _ = pull_all(client, alice)
    assert alices[shared_id]["data"]["note"] == "alice's" and len(alices) == 2


def test_a_record_keeps_its_kind(app, client):
    phone = new_account(client)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain())])
    before = database_state(app)
    response = client.post(
        "/api/sync",
        headers=phone,
        json={
            "cursor": 1,
            "changes": [
                edit(new_id(), "pain", 0, pain()),
                edit(record_id, "routine", 1, routine()),
            ],
        },
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "kind_mismatch"
    assert database_state(app) == before


def test_a_base_rev_from_the_future_is_refused(app, client):
    phone = new_account(client)
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain())])
    before = database_state(app)
    response = client.post(
        "/api/sync",
        headers=phone,
        json={"cursor": 0, "changes": [edit(new_id(), "pain", 7, pain())]},
    )
    assert response.status_code == 409
    assert response.json["error"]["code"] == "base_rev_ahead"
    assert database_state(app) == before


def test_all_devices_share_one_settings_record(client):
    phone = new_account(client)
    tablet = linked_device(client, phone)
    post_sync(client, phone, 0, [edit(SETTINGS_ID, "settings", 0, settings(1, weekly_goal=3))])
    answer = post_sync(
        client, tablet, 0, [edit(SETTINGS_ID, "settings", 0, settings(2, weekly_goal=7))]
    )
    assert answer["conflicts"][0]["winner"] == "client"
    records, _ = pull_all(client, phone)
    assert records[SETTINGS_ID]["data"]["weekly_goal"] == 7 and len(records) == 1


def test_occurred_at_is_the_moment_in_utc(app, client):
    phone = new_account(client)
    ids = {"session": new_id(), "pain": new_id(), "routine": new_id()}
    post_sync(
        client,
        phone,
        0,
        [
            edit(ids["session"], "session", 0, session()),
            edit(ids["pain"], "pain", 0, pain()),
            edit(ids["routine"], "routine", 0, routine()),
        ],
    )
    with app.app_context():
        found = dict(
            db.session.execute(select(JournalRecord.record_id, JournalRecord.occurred_at)).all()
        )
    seven_local = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
    assert found == {ids["session"]: seven_local, ids["pain"]: seven_local, ids["routine"]: None}


def test_sync_runs_without_http(app, client):
    phone = new_account(client)
    record_id = new_id()
    with app.app_context():
        account_id = db.session.scalar(select(Account.id))
        request = SyncRequest.model_validate_json(
            json.dumps({"cursor": 0, "changes": [edit(record_id, "routine", 0, routine())]})
        )
        answer = sync.sync(account_id, request)
        db.session.commit()
    assert answer.applied[0].rev == 1
    records, _ = pull_all(client, phone)
    assert records[record_id]["data"] == routine()


VALID = edit("0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b31", "pain", 0, pain())


def with_data(**fields) -> dict:
    return {"cursor": 0, "changes": [VALID, edit(new_id(), "pain", 0, {**pain(), **fields})]}


def with_change(**fields) -> dict:
    return {"cursor": 0, "changes": [VALID, {**edit(new_id(), "pain", 0, pain()), **fields}]}


BAD_REQUESTS = {
    "malformed JSON": (b'{"cursor": 0, "changes": [', 400, "invalid"),
    "not an object": (b"[]", 400, "invalid"),
    "negative cursor": ({"cursor": -1}, 400, "invalid"),
    "cursor as a string": ({"cursor": "0"}, 400, "invalid"),
    "unknown top-level field": ({"cursor": 0, "since": 3}, 400, "invalid"),
    "unknown change field": (with_change(extra=1), 400, "invalid"),
    "unknown record field": (with_data(mood="ok"), 400, "invalid"),
    "unknown kind": (with_change(kind="diary"), 400, "invalid"),
    "missing kind": (
        {"cursor": 0, "changes": [{"id": VALID["id"], "base_rev": 0, "data": pain()}]},
        400,
        "invalid",
    ),
    "level as a string": (with_data(level="6"), 400, "invalid"),
    "level as a fraction": (with_data(level=6.5), 400, "invalid"),
    "level out of range": (with_data(level=11), 400, "invalid"),
    "unknown area": (with_data(area="shoulder"), 400, "invalid"),
    "missing field": (
        {
            "cursor": 0,
            "changes": [
                VALID,
                edit(new_id(), "pain", 0, {k: v for k, v in pain().items() if k != "note"}),
            ],
        },
        400,
        "invalid",
    ),
    "note too long": (with_data(note="x" * 2001), 400, "invalid"),
    "record over 16 KB": (with_data(note="x" * 17_000), 400, "invalid"),
    "date-time without offset": (with_data(at="2026-11-24T07:31:00"), 400, "invalid"),
    "date only": (with_data(modified_at="2026-11-24"), 400, "invalid"),
    "impossible date": (with_data(at="2026-02-30T07:31:00Z"), 400, "invalid"),
    "uppercase UUID": (with_change(id=new_id().upper()), 400, "invalid"),
    "not a UUID": (with_change(id="record-1"), 400, "invalid"),
    "negative base_rev": (with_change(base_rev=-1), 400, "invalid"),
    "data and deleted": (with_change(deleted=True), 400, "invalid"),
    "neither data nor deleted": (with_change(data=None), 400, "invalid"),
    "one id twice": ({"cursor": 0, "changes": [VALID, VALID]}, 400, "invalid"),
    "settings under another id": (
        {"cursor": 0, "changes": [VALID, edit(new_id(), "settings", 0, settings())]},
        400,
        "invalid",
    ),
    "deleting settings": (
        {"cursor": 0, "changes": [VALID, removal(SETTINGS_ID, "settings", 0)]},
        400,
        "invalid",
    ),
    "bad routine step": (
        {
            "cursor": 0,
            "changes": [
                VALID,
                edit(
                    new_id(),
                    "routine",
                    0,
                    {**routine(), "steps": [{"point": "BL23", "side": "up", "seconds": 5}]},
                ),
            ],
        },
        400,
        "invalid",
    ),
    "more steps completed than steps": (
        {
            "cursor": 0,
            "changes": [VALID, edit(new_id(), "session", 0, {**session(), "steps_completed": 5})],
        },
        400,
        "invalid",
    ),
    "501 changes": (
        {"cursor": 0, "changes": [edit(new_id(), "pain", 0, pain()) for _ in range(501)]},
        400,
        "invalid",
    ),
    "body over 1 MB": (
        {
            "cursor": 0,
            "changes": [edit(new_id(), "pain", 0, pain(note="ü" * 1000)) for _ in range(400)],
        },
        413,
        "too_large",
    ),
    "page size 0": ({"cursor": 0, "limit": 0}, 400, "invalid"),
}


@pytest.mark.parametrize("body,status,code", BAD_REQUESTS.values(), ids=BAD_REQUESTS.keys())
def test_bad_input_is_refused_and_writes_nothing(app, client, body, status, code):
    phone = new_account(client)
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain())])
    before = database_state(app)
    data = body if isinstance(body, bytes) else json.dumps(body)

    response = client.post("/api/sync", headers=phone, data=data, content_type="application/json")

    assert response.status_code == status
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]
    if code == "invalid":
        assert response.json["error"]["details"][0]["problem"]
    assert database_state(app) == before


def test_a_body_that_is_not_json_is_refused(client):
    phone = new_account(client)
    response = client.post("/api/sync", headers=phone, data="cursor=0")
    assert response.status_code == 415
    assert response.json["error"]["code"] == "unsupported_media_type"


def test_concurrent_syncs_through_a_real_server_get_distinct_revs(live_server, app):
    url = live_server.url
    first = requests.post(f"{url}/api/accounts", timeout=10).json()["token"]
    code = requests.post(
        f"{url}/api/link-codes", timeout=10, headers={"Authorization": f"Bearer {first}"}
    ).json()["code"]
    second = requests.post(f"{url}/api/link-codes/redeem", json={"code": code}, timeout=10).json()[
        "token"
    ]
    sent: dict[str, dict] = {}
    failures: list = []

    def push(token: str, batches: int) -> None:
        with requests.Session() as http:
            http.headers["Authorization"] = f"Bearer {token}"
            for _ in range(batches):
                changes = [edit(new_id(), "pain", 0, pain(note=new_id())) for _ in range(5)]
                sent.update({c["id"]: c["data"] for c in changes})
                response = http.post(
                    f"{url}/api/sync", json={"cursor": 0, "changes": changes}, timeout=30
                )
                if response.status_code != 200:
                    failures.append(response.json())

    threads = [threading.Thread(target=push, args=(token, 6)) for token in (first, second) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    records, cursor = pull_all(app.test_client(), {"Authorization": f"Bearer {second}"})
    assert {i: r["data"] for i, r in records.items()} == sent
    assert sorted(r["rev"] for r in records.values()) == list(range(1, len(sent) + 1))
    assert cursor == len(sent) == 120


def test_the_protocol_is_described_in_openapi(client):
    spec = client.get("/api/openapi.json").json
    operation = spec["paths"]["/api/sync"]["post"]
    for topic in (
        "## Request",
        "## Response",
        "Tombstones",
        "## Paging",
        "## Idempotence",
        "## Errors and limits",
        "## Example",
        "cursor_ahead",
        "modified_at",
    ):
        assert topic in operation["description"]
    assert operation["security"] == [{"device": []}]
    assert {"400", "401", "413", "429"} <= set(operation["responses"])
    pain_schema = spec["components"]["schemas"]["Pain"]
    assert pain_schema["properties"]["area"]["enum"][0] == "lower-back"


def test_logs_hold_no_journal_text_and_no_token(client, caplog):
    caplog.set_level(logging.DEBUG)
    response = client.post("/api/accounts")
    token = response.json["token"]
    phone = {"Authorization": f"Bearer {token}"}
    secret_note = "private words about my back"
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain(note=secret_note))])
    client.post("/api/sync", headers=phone, json=with_data(note=secret_note, level=99))
    assert "POST /api/sync 200" in caplog.text
    assert secret_note not in caplog.text and token not in caplog.text


def test_deleting_an_account_deletes_its_records(app):
    with app.app_context():
        account = Account()
        db.session.add(account)
        db.session.flush()
        db.session.add(
            JournalRecord(
                account_id=account.id, record_id=new_id(), kind="pain", rev=1, data=pain()
            )
        )
        db.session.commit()
        db.session.execute(delete(Account).where(Account.id == account.id))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(JournalRecord)) == 0


def test_a_whole_number_written_with_a_point_is_that_number(client):
    """JSON Schema (and so the OpenAPI) calls 6.0 an integer: the server takes it as 6."""
    phone, record_id = new_account(client), new_id()
    answer = post_sync(client, phone, 0, [edit(record_id, "pain", 0, {**pain(), "level": 6.0})])
    assert answer["applied"] == [{"id": record_id, "rev": 1}]
    assert answer["changes"][0]["data"]["level"] == 6
