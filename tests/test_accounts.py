"""Accounts and devices: tokens, linking by one-time code, listing, renaming, revoking,
deleting everything, and who may touch what."""

import hashlib
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select, update

from server.accounts.linking import MAX_FAILED_ATTEMPTS
from server.accounts.models import Account, Device, LinkCode
from server.db import db, utcnow
from server.journal.models import JournalRecord
from tests.sync_support import edit, new_account, new_id, pain, post_sync, pull_all

CODE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")


def devices_of(client, headers) -> list[dict]:
    response = client.get("/api/devices", headers=headers)
    assert response.status_code == 200
    return response.json["devices"]


def link_code(client, headers) -> dict:
    response = client.post("/api/link-codes", headers=headers)
    assert response.status_code == 201
    return response.json


def redeem(client, code: str, name: str = "Tablet"):
    return client.post("/api/link-codes/redeem", json={"code": code, "device_name": name})


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def throttled(app_config):
    """Rate limits on (the test configuration turns them off), in the default storage."""
    app_config.update(RATELIMIT_ENABLED=True)


def test_a_new_account_gets_a_device_and_a_256_bit_token_kept_only_hashed(app, client):
    response = client.post("/api/accounts", json={"device_name": "Pixel 8"})
    assert response.status_code == 201
    token, device = response.json["token"], response.json["device"]
    assert len(token) == 43  # 32 random bytes, base64url
    assert device["name"] == "Pixel 8" and device["current"] is True
    with app.app_context():
        stored = db.session.scalar(select(Device))
        assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr([getattr(stored, c.key) for c in Device.__table__.columns])


def test_a_new_account_needs_no_body(client):
    response = client.post("/api/accounts")
    assert response.status_code == 201 and response.json["device"]["name"] == "This device"


def test_device_routes_need_a_token(client):
    for method, path in [
        ("get", "/api/devices"),
        ("patch", "/api/devices/x"),
        ("delete", "/api/devices/x"),
        ("delete", "/api/account"),
        ("post", "/api/link-codes"),
        ("post", "/api/sync"),
    ]:
        response = getattr(client, method)(path, json={})
        assert response.status_code == 401, path
        assert response.json["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_link_code_adds_a_device_to_the_same_account(client):
    phone = new_account(client)
    record_id = new_id()
    post_sync(client, phone, 0, [edit(record_id, "pain", 0, pain())])
    link = link_code(client, phone)

    response = redeem(client, link["code"], "Tablet")

    assert response.status_code == 201
    tablet = bearer(response.json["token"])
    assert response.json["device"]["current"] is True
    records, _ = pull_all(client, tablet)
    assert list(records) == [record_id]
    assert [d["name"] for d in devices_of(client, phone)] == ["This device", "Tablet"]
    assert [d["current"] for d in devices_of(client, tablet)] == [False, True]


def test_a_link_code_is_short_readable_and_comes_with_a_qr_code(client):
    phone = new_account(client)
    before = utcnow()
    link = link_code(client, phone)
    after = utcnow()
    assert CODE.match(link["code"])
    assert link["url"] == f"http://localhost/#/link/{link['code']}"
    assert link["qr_svg"].startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox=')
    assert "<path" in link["qr_svg"]
    expires = datetime.fromisoformat(link["expires_at"])
    assert before + timedelta(minutes=10) <= expires <= after + timedelta(minutes=10)


@pytest.mark.parametrize(
    "typed",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", " "),
        lambda code: code.replace("-", ""),
        lambda code: code.replace("0", "o").replace("1", "l"),
    ],
)
def test_a_link_code_forgives_how_it_was_typed(client, typed):
    phone = new_account(client)
    code = link_code(client, phone)["code"]
    assert redeem(client, typed(code)).status_code == 201


def test_a_link_code_works_once(client):
    phone = new_account(client)
    code = link_code(client, phone)["code"]
    assert redeem(client, code).status_code == 201
    response = redeem(client, code)
    assert response.status_code == 410
    assert response.json["error"]["code"] == "link_code_used"
    assert len(devices_of(client, phone)) == 2


def test_an_expired_link_code_is_refused(app, client):
    phone = new_account(client)
    code = link_code(client, phone)["code"]
    with app.app_context():
        db.session.execute(update(LinkCode).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    response = redeem(client, code)
    assert response.status_code == 410
    assert response.json["error"]["code"] == "link_code_expired"
    assert len(devices_of(client, phone)) == 1


def test_wrong_guesses_burn_the_code_they_aim_at(app, client):
    phone = new_account(client)
    code = link_code(client, phone)["code"]
    lookup, secret = code.split("-")
    wrong = [s for s in ("0000", "1111", "2222", "3333", "4444", "5555") if s != secret]
    for guess in wrong[:MAX_FAILED_ATTEMPTS]:
        response = redeem(client, f"{lookup}-{guess}")
        assert response.status_code == 404
        assert response.json["error"]["code"] == "link_code_invalid"

    response = redeem(client, code)

    assert response.status_code == 410
    assert response.json["error"]["code"] == "link_code_burned"
    assert len(devices_of(client, phone)) == 1


def test_an_unknown_or_malformed_code_is_refused_alike(client):
    new_account(client)
    for code in ("ZZZZ-ZZZZ", "K7QM", "not a code at all!", "K7QM-4XRT-9"):
        response = redeem(client, code)
        assert response.status_code == 404, code
        assert response.json["error"]["code"] == "link_code_invalid"


def test_revoking_the_device_that_made_a_code_cancels_it(client):
    phone = new_account(client)
    tablet = bearer(redeem(client, link_code(client, phone)["code"]).json["token"])
    code = link_code(client, tablet)["code"]
    tablet_id = devices_of(client, tablet)[1]["id"]
    assert client.delete(f"/api/devices/{tablet_id}", headers=phone).status_code == 204
    assert redeem(client, code).status_code == 404


def test_redeeming_codes_is_throttled_per_client(throttled, client):
    phone = new_account(client)
    code = link_code(client, phone)["code"]
    statuses = [redeem(client, f"ZZZZ-{n:04d}").status_code for n in range(10)]
    response = redeem(client, code)
    assert statuses == [404] * 10
    assert response.status_code == 429
    assert response.json["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_syncing_is_throttled_per_device(throttled, client):
    phone = new_account(client)
    tablet = bearer(redeem(client, link_code(client, phone)["code"]).json["token"])
    statuses = {
        client.post("/api/sync", headers=phone, json={"cursor": 0}).status_code for _ in range(121)
    }
    assert statuses == {200, 429}
    assert client.post("/api/sync", headers=tablet, json={"cursor": 0}).status_code == 200


def test_a_device_renames_itself(client):
    phone = new_account(client)
    my_id = devices_of(client, phone)[0]["id"]
    response = client.patch(f"/api/devices/{my_id}", headers=phone, json={"name": "Kitchen"})
    assert response.status_code == 200 and response.json["name"] == "Kitchen"
    assert devices_of(client, phone)[0]["name"] == "Kitchen"


@pytest.mark.parametrize(
    "body",
    [
        {"name": ""},
        {"name": "x" * 81},
        {"name": 7},
        {},
        {"name": "ok", "colour": "red"},
        {"name": "a\x00b"},
        {"name": "two\nlines"},
    ],
)
def test_a_bad_name_is_refused(client, body):
    phone = new_account(client)
    my_id = devices_of(client, phone)[0]["id"]
    response = client.patch(f"/api/devices/{my_id}", headers=phone, json=body)
    assert response.status_code == 400 and response.json["error"]["code"] == "invalid"
    assert devices_of(client, phone)[0]["name"] == "This device"


@pytest.mark.parametrize("name", ["nul\x00here", "bell\x07", "tab\tbed", "del\x7f"])
def test_device_names_with_control_characters_are_refused_clearly(app, client, name):
    """PostgreSQL cannot store NUL in text: found by the schemathesis run, once a 500."""
    response = client.post("/api/accounts", json={"device_name": name})
    assert response.status_code == 400
    assert "control characters" in response.json["error"]["message"]
    phone = new_account(client)
    response = redeem(client, link_code(client, phone)["code"], name)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Device)) == 1


def test_a_name_in_any_script_is_kept(client):
    response = client.post("/api/accounts", json={"device_name": "Téléphone de Zoë 📱 手机"})
    assert response.status_code == 201
    assert response.json["device"]["name"] == "Téléphone de Zoë 📱 手机"


def test_a_device_cannot_rename_another(client):
    phone = new_account(client)
    redeem(client, link_code(client, phone)["code"])
    tablet_id = devices_of(client, phone)[1]["id"]
    response = client.patch(f"/api/devices/{tablet_id}", headers=phone, json={"name": "Mine"})
    assert response.status_code == 403
    assert devices_of(client, phone)[1]["name"] == "Tablet"


def test_a_revoked_device_is_refused_at_once(client):
    phone = new_account(client)
    tablet = bearer(redeem(client, link_code(client, phone)["code"]).json["token"])
    assert post_sync(client, tablet)["cursor"] == 0
    tablet_id = devices_of(client, phone)[1]["id"]

    assert client.delete(f"/api/devices/{tablet_id}", headers=phone).status_code == 204

    assert client.post("/api/sync", headers=tablet, json={"cursor": 0}).status_code == 401
    assert client.get("/api/devices", headers=tablet).status_code == 401
    assert [d["id"] for d in devices_of(client, phone)] != [tablet_id]


def test_signing_out_revokes_this_device(app, client):
    phone = new_account(client)
    tablet = bearer(redeem(client, link_code(client, phone)["code"]).json["token"])
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain())])
    my_id = devices_of(client, phone)[0]["id"]
    assert client.delete(f"/api/devices/{my_id}", headers=phone).status_code == 204
    assert client.get("/api/devices", headers=phone).status_code == 401
    assert len(pull_all(client, tablet)[0]) == 1  # the account lives on with the tablet


def test_revoking_the_last_device_deletes_the_account_it_can_no_longer_reach(app, client):
    """As when a device that had its own account joins another by a link code."""
    phone, other = new_account(client), new_account(client)
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain()) for _ in range(2)])
    post_sync(client, other, 0, [edit(new_id(), "pain", 0, pain())])
    with app.app_context():
        account_id = db.session.scalar(select(Account.id).order_by(Account.id))
    assert rows_of(app, account_id)["journal_records"] == 2
    my_id = devices_of(client, phone)[0]["id"]

    assert client.delete(f"/api/devices/{my_id}", headers=phone).status_code == 204

    assert set(rows_of(app, account_id).values()) == {0}
    with app.app_context():
        assert db.session.get(Account, account_id) is None
    assert len(pull_all(client, other)[0]) == 1


def rows_of(app, account_id: int) -> dict[str, int]:
    """Rows that belong to the account, in every table that names an account or device."""
    counts = {}
    with app.app_context():
        device_ids = select(Device.id).where(Device.account_id == account_id)
        for table in db.metadata.sorted_tables:
            if "account_id" in table.c:
                where = table.c.account_id == account_id
            elif "device_id" in table.c:
                where = table.c.device_id.in_(device_ids)
            else:
                continue
            counts[table.name] = db.session.scalar(
                select(func.count()).select_from(table).where(where)
            )
    return counts


def test_deleting_the_account_deletes_everything_it_holds(app, client):
    phone, other = new_account(client), new_account(client)
    tablet = bearer(redeem(client, link_code(client, phone)["code"]).json["token"])
    link_code(client, tablet)
    post_sync(client, phone, 0, [edit(new_id(), "pain", 0, pain()) for _ in range(3)])
    post_sync(client, other, 0, [edit(new_id(), "pain", 0, pain())])
    with app.app_context():
        account_id = db.session.scalar(select(Account.id).order_by(Account.id))
    held = rows_of(app, account_id)
    assert held["devices"] == 2 and held["journal_records"] == 3 and held["link_codes"] == 2

    assert client.delete("/api/account", headers=tablet).status_code == 204

    assert set(rows_of(app, account_id).values()) == {0}
    for device in (phone, tablet):
        assert client.get("/api/devices", headers=device).status_code == 401
    assert len(pull_all(client, other)[0]) == 1


def test_every_table_hanging_on_accounts_or_devices_cascades(app):
    for table in db.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name in ("accounts", "devices"):
                assert key.ondelete == "CASCADE", f"{table.name}.{key.parent.name}"


def test_one_account_cannot_see_or_touch_anothers_devices(client):
    alice, bob = new_account(client), new_account(client)
    bobs_device = devices_of(client, bob)[0]["id"]

    assert [d["id"] for d in devices_of(client, alice)] != [bobs_device]
    renamed = client.patch(f"/api/devices/{bobs_device}", headers=alice, json={"name": "x"})
    revoked = client.delete(f"/api/devices/{bobs_device}", headers=alice)

    assert (renamed.status_code, revoked.status_code) == (404, 404)
    assert renamed.json["error"]["code"] == "device_not_found"
    assert devices_of(client, bob)[0]["name"] == "This device"


def test_deleting_an_account_leaves_other_accounts_alone(client):
    alice, bob = new_account(client), new_account(client)
    post_sync(client, bob, 0, [edit(new_id(), "pain", 0, pain())])
    assert client.delete("/api/account", headers=alice).status_code == 204
    assert len(devices_of(client, bob)) == 1 and len(pull_all(client, bob)[0]) == 1


def test_a_link_code_joins_only_the_account_that_made_it(app, client):
    alice, bob = new_account(client), new_account(client)
    post_sync(client, bob, 0, [edit(new_id(), "pain", 0, pain(note="bob's"))])
    joined = bearer(redeem(client, link_code(client, alice)["code"]).json["token"])
    assert pull_all(client, joined)[0] == {}
    assert len(devices_of(client, alice)) == 2 and len(devices_of(client, bob)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(JournalRecord)) == 1
