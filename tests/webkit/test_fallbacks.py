"""What WebKit lacks, handled on purpose and proven in WebKit itself: without Background Sync
the journal syncs on open, on `online` and on becoming visible; without PushManager the
reminders section says why and offers the calendar; where storage.persist() gives no promise,
Settings says the phone may clear the data and suggests an export. (WebKit has no offline
switch: the server process is stopped instead.)"""

import pytest

from tests.conftest import free_port
from tests.servers import ServerProcess
from tests.webkit.pages import App

PENDING = "return import('/js/lib/journal.js').then((m) => m.pendingCount())"
SAVE = "return import('/js/lib/journal.js').then((m) => m.saveRecord('pain', ...arguments))"
SYNC_STATE = "return document.querySelector('#sync-status').dataset.state"


@pytest.fixture
def server(tmp_path):
    process = ServerProcess(tmp_path / "server-instance", free_port()).start()
    yield process
    process.stop()


def pain(n: int) -> dict:
    return {
        "at": f"2026-11-2{n}T08:00:00+00:00",
        "level": n,
        "area": "lower-back",
        "note": f"entry {n}",
        "flagged": False,
        "modified_at": f"2026-11-2{n}T08:00:00+00:00",
    }


def put_unsent(app: App, n: int) -> None:
    """A record waiting to be sent, written straight into IndexedDB (no save event: only the
    trigger under test can start a sync)."""
    record = {"id": f"30000000-0000-4000-8000-00000000000{n}", "kind": "pain", "data": pain(n)}
    app.idb_put("records", {**record, "deleted": False, "rev": 0, "dirty": 1, "stamp": 1})


def wait_all_sent(app: App) -> None:
    app.page.wait(f"{PENDING}.then((n) => n === 0)", timeout=20)


def test_without_background_sync_the_journal_syncs_on_open_online_and_visible(webkit_phone, server):
    app = App(webkit_phone, server.url).open("#/")
    app.wait_offline_ready()
    assert not app.js("return navigator.serviceWorker.ready.then((r) => 'sync' in r)")
    # Offline (the server is down): an entry stays on the phone and the header says so.
    server.kill()
    app.js(SAVE, "30000000-0000-4000-8000-000000000009", pain(9))  # as the pain log saves
    app.page.wait(f"{SYNC_STATE} === 'error'", timeout=20)
    assert "Sync failed" in app.text("#sync-status")
    server.start()
    # On open.
    app.reload()
    wait_all_sent(app)
    app.wait_synced()
    # On `online`.
    put_unsent(app, 1)
    app.js("window.dispatchEvent(new Event('online'))")
    wait_all_sent(app)
    # On becoming visible again.
    put_unsent(app, 2)
    assert app.js("return document.visibilityState") == "visible"
    app.js("document.dispatchEvent(new Event('visibilitychange'))")
    wait_all_sent(app)
    app.wait_synced()


def test_without_push_the_reminders_section_says_why_and_offers_the_calendar(
    webkit_phone, live_server
):
    app = App(webkit_phone, live_server.url).open("#/settings")
    assert not app.js("return 'PushManager' in window")
    app.wait_for("#push-area[data-push-state='unsupported']")
    assert "cannot receive reminders" in app.text("#push-status")
    assert "calendar" in app.text("#push-status")
    assert not app.exists("[data-action='push-on']")
    app.click("[data-action='calendar-create']")
    app.wait_for("#calendar-area a[href^='webcal://']")


def test_where_storage_is_not_promised_settings_says_so_and_suggests_an_export(
    webkit_phone, live_server
):
    app = App(webkit_phone, live_server.url).open("#/settings")
    # WebKitGTK here has no navigator.storage at all: no promise can be asked for.
    assert app.js("return navigator.storage?.persist === undefined")
    keep = app.wait_for("#storage-persist[data-persisted='false']")
    assert "may clear" in keep.text and "export" in keep.text
    assert app.exists("#storage-persist a[href='#/journal']")
    assert not app.exists("[data-action='persist']")  # no button that cannot work
