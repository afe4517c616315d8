"""A journal written offline reaches the server and a linked device, through a server crash."""

import json
import urllib.request

import pytest

from server.accounts.models import Account
from server.db import db
from tests.browser.conftest import idb_all, idb_put, open_app, wait_until_offline_ready
from tests.conftest import free_port
from tests.servers import ServerProcess

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path, app_config):
    env = (
        {"ACUPRESS_DATABASE_URL": app_config["DATABASE_URL"]}
        if "DATABASE_URL" in app_config
        else {}
    )
    process = ServerProcess(tmp_path / "server-instance", free_port(), env=env).start()
    yield process
    process.stop()


def server_records(server, token: str) -> list[dict]:
    request = urllib.request.Request(
        server.url + "/api/sync",
        data=json.dumps({"cursor": 0, "limit": 500, "changes": []}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return [c for c in json.loads(response.read())["changes"] if not c["deleted"]]


def log_pain(page, level: int, note: str) -> None:
    page.goto(page.url.split("#")[0] + "#/log")
    page.wait_for_selector("#pain-form")
    page.locator(f'.scale-options input[value="{level}"]').check(force=True)
    page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save").click()
    page.wait_for_selector("#entries")


def meta(page, key):
    rows = {row["key"]: row["value"] for row in idb_all(page, "meta")}
    return rows.get(key)


def test_offline_entries_survive_a_crash_and_reach_a_linked_device(browser, server):
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    tablet = browser.new_context(viewport={"width": 820, "height": 1180})
    page = phone.new_page()
    open_app(page, server)
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    phone.set_offline(True)
    for level, note in [(6, "stiff after driving"), (4, "better after a walk"), (3, "evening")]:
        log_pain(page, level, note)
    page.wait_for_function(
        "() => document.querySelector('#sync-status').textContent.includes('3 changes waiting')"
    )
    assert meta(page, "token") is None  # nothing has left the device yet

    # The first sync reaches the server, which commits it and is SIGKILLed before answering.
    crashed = []

    def crash_after_commit(route):
        if crashed:
            return route.continue_()
        route.fetch()  # the server applies the batch
        server.kill()
        crashed.append(True)
        route.abort("connectionreset")

    page.route("**/api/sync", crash_after_commit)
    phone.set_offline(False)
    page.wait_for_function("() => document.querySelector('#sync-status').dataset.state === 'error'")
    assert crashed
    server.start()
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'", timeout=30_000
    )
    token = meta(page, "token")
    notes = sorted(r["data"]["note"] for r in server_records(server, token))
    assert notes == ["better after a walk", "evening", "stiff after driving"]

    page.goto(server.url + "/#/link")
    page.get_by_role("button", name="Show a link code").click()
    code = page.locator(".link-code").inner_text()
    other = tablet.new_page()
    open_app(other, server, f"#/link/{code}")
    other.get_by_role("button", name="Link this device").click()
    other.wait_for_selector("text=Linked as")
    other.goto(server.url + "/#/journal")
    other.wait_for_function("() => document.querySelectorAll('#entries li.card').length === 3")
    pulled = sorted(r["data"]["note"] for r in idb_all(other, "records") if r["kind"] == "pain")
    assert pulled == notes
    assert len(server_records(server, token)) == 3
    phone.close()
    tablet.close()


@pytest.fixture
def small_requests(app_config):
    app_config["MAX_CONTENT_LENGTH"] = 40_000  # a few dozen long notes no longer fit in one request
    return app_config


def test_a_batch_too_large_for_one_request_is_split(small_requests, live_server, page):
    from server.db import db
    from server.journal.models import JournalRecord
    from tests.browser.conftest import idb_put

    open_app(page, live_server)
    note = "A long note about the day. " * 70  # about 1.9 KB
    for n in range(40):
        data = {
            "at": f"2026-11-{1 + n % 28:02d}T08:00:00+00:00",
            "level": n % 11,
            "area": "neck",
            "note": note,
            "flagged": False,
            "modified_at": "2026-11-24T08:00:00+00:00",
        }
        idb_put(
            page,
            "records",
            {
                "id": f"10000000-0000-4000-8000-{n:012d}",
                "kind": "pain",
                "data": data,
                "deleted": False,
                "rev": 0,
                "dirty": 1,
                "stamp": 1,
            },
        )
    page.reload()
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'", timeout=30_000
    )
    with live_server.app.app_context():
        assert db.session.scalar(db.select(db.func.count(JournalRecord.id))) == 40


def test_background_sync_sends_changes_after_the_app_was_closed(browser, live_server):
    from server.db import db
    from server.journal.models import JournalRecord
    from tests.browser.conftest import wait_until_offline_ready

    def on_server() -> int:
        with live_server.app.app_context():
            return db.session.scalar(db.select(db.func.count(JournalRecord.id)))

    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_app(page, live_server)
    wait_until_offline_ready(page)
    log_pain(page, 5, "online, synced at once")
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'"
    )
    context.set_offline(True)
    log_pain(page, 6, "on the bus")
    log_pain(page, 4, "still no signal")
    page.close()  # the person closes the app before any connection comes back
    assert on_server() == 1

    context.set_offline(False)
    other = context.new_page()  # not the app: the service worker has no window to hand over to
    cdp = context.new_cdp_session(other)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    other.wait_for_timeout(300)
    [registration] = [r for r in registrations if r["scopeURL"] == live_server.url + "/"][:1]
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "tag": "journal-sync",
            "lastChance": False,
        },
    )
    for _ in range(100):
        if on_server() == 3:
            break
        other.wait_for_timeout(100)
    assert on_server() == 3
    again = context.new_page()
    again.goto(live_server.url + "/#/journal")
    again.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'"
    )
    local = [r for r in idb_all(again, "records") if r["kind"] == "pain"]
    assert len(local) == 3 and all(r["dirty"] == 0 and r["rev"] > 0 for r in local)
    assert on_server() == 3
    context.close()


def test_signing_out_on_the_only_device_warns_then_deletes_the_journal_everywhere(
    page, live_server
):
    open_app(page, live_server)
    log_pain(page, 5, "only here")
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'"
    )
    with live_server.app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Account)) == 1
    warnings = []
    page.on("dialog", lambda dialog: (warnings.append(dialog.message), dialog.accept()))
    page.goto(live_server.url + "/#/settings")
    page.get_by_role("button", name="Sign out on this device").click()
    page.wait_for_url("**/#/")
    assert len(warnings) == 1 and "only device" in warnings[0]
    assert idb_all(page, "records") == [] and meta(page, "token") is None
    with live_server.app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Account)) == 0


RECORD_IDS = {
    False: "20000000-0000-4000-8000-000000000001",
    True: "20000000-0000-4000-8000-000000000002",
}


def pain_record(record_id: str, note: str, modified_at: str, rev: int, stamp: int) -> dict:
    data = {
        "at": "2026-11-24T08:00:00+00:00",
        "level": 5,
        "area": "lower-back",
        "note": note,
        "flagged": False,
        "modified_at": modified_at,
    }
    return {"id": record_id, "kind": "pain", "data": data, "deleted": False, "rev": rev,
            "dirty": 1, "stamp": stamp}  # fmt: skip


def post_sync(server, token: str, changes: list) -> dict:
    request = urllib.request.Request(
        server.url + "/api/sync",
        data=json.dumps({"cursor": 0, "limit": 500, "changes": changes}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def dispatch_background_sync(context, page, live_server) -> None:
    cdp = context.new_cdp_session(page)
    registrations = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    page.wait_for_timeout(300)
    [registration] = [r for r in registrations if r["scopeURL"] == live_server.url + "/"][:1]
    cdp.send(
        "ServiceWorker.dispatchSyncEvent",
        {
            "origin": live_server.url,
            "registrationId": registration["registrationId"],
            "tag": "journal-sync",
            "lastChance": False,
        },
    )


def conflict_resolved(browser, live_server, in_background: bool) -> tuple[list, list]:
    """A record edited on the phone offline and on the server meanwhile; the phone syncs, in the
    page or in the service worker's Background Sync. Returns (local records, server records)."""
    record_id = RECORD_IDS[in_background]
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_app(page, live_server)
    wait_until_offline_ready(page)
    idb_put(page, "records", pain_record(record_id, "first", "2026-11-24T08:00:00+00:00", 0, 1))
    page.reload()
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'"
    )
    token = meta(page, "token")
    [synced] = idb_all(page, "records")
    # Another device's edit reaches the server; this phone, offline, edits the same entry.
    tablet = pain_record(
        record_id, "edited on the tablet", "2026-11-24T09:00:00+00:00", synced["rev"], 1
    )
    post_sync(
        live_server,
        token,
        [{"id": record_id, "kind": "pain", "base_rev": synced["rev"], "data": tablet["data"]}],
    )
    context.set_offline(True)
    idb_put(
        page,
        "records",
        pain_record(
            record_id, "edited on the phone", "2026-11-24T08:30:00+00:00", synced["rev"], 2
        ),
    )
    if in_background:
        page.close()
        context.set_offline(False)
        reader = context.new_page()  # an icon, not the app: it reads IndexedDB and runs nothing
        reader.goto(live_server.url + "/icons/icon.svg")
        dispatch_background_sync(context, reader, live_server)
        for _ in range(100):
            if all(r["dirty"] == 0 for r in idb_all(reader, "records")):
                break
            reader.wait_for_timeout(100)
        page = reader
    else:
        context.set_offline(False)
        page.reload()
        page.wait_for_function(
            "() => document.querySelector('#sync-status').dataset.state === 'synced'"
        )
    local = idb_all(page, "records")
    remote = [c for c in post_sync(live_server, token, [])["changes"] if not c["deleted"]]
    context.close()
    return local, remote


def test_a_conflict_resolves_the_same_in_the_page_and_in_background_sync(browser, live_server):
    in_page = conflict_resolved(browser, live_server, in_background=False)
    in_background = conflict_resolved(browser, live_server, in_background=True)
    strip = lambda records: [  # noqa: E731 (accounts differ: their sequence numbers do not)
        {k: v for k, v in r.items() if k not in ("id", "rev", "stamp")} for r in records
    ]
    assert strip(in_page[0]) == strip(in_background[0])
    assert [r["data"] for r in in_page[1]] == [r["data"] for r in in_background[1]]
    [record] = in_background[0]
    assert record["dirty"] == 0
    # The documented rule: the server's version wins and the losing note is kept beside it.
    assert "edited on the tablet" in record["data"]["note"]
    assert "edited on the phone" in record["data"]["note"]


def test_an_open_app_syncs_on_its_interval_without_any_other_trigger(page, live_server):
    """The interval is one of the fallbacks where Background Sync is missing (WebKit); the clock
    is Playwright's, so five minutes pass at once."""
    page.clock.install()
    open_app(page, live_server)
    log_pain(page, 5, "first")
    page.clock.run_for(3000)  # the save's own sync (1.5 s later)
    page.wait_for_function(
        "() => document.querySelector('#sync-status').dataset.state === 'synced'"
    )
    unsent = pain_record(
        RECORD_IDS[True], "written by another tab", "2026-11-24T08:00:00+00:00", 0, 1
    )
    idb_put(page, "records", unsent)  # no save event: only the interval can send it
    page.clock.run_for(60_000)
    assert [r["dirty"] for r in idb_all(page, "records") if r["id"] == unsent["id"]] == [1]
    page.clock.run_for(5 * 60_000)
    for _ in range(100):
        if [r["dirty"] for r in idb_all(page, "records") if r["id"] == unsent["id"]] == [0]:
            break
        page.wait_for_timeout(100)
    assert [r["dirty"] for r in idb_all(page, "records") if r["id"] == unsent["id"]] == [0]
