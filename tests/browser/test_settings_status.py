"""The words about data are true: in each of the five states (this phone only, backed up,
synced with another device, offline with changes waiting, sync failed) the header, About,
Settings and the export section say the same thing; "Delete everything" confirms, deletes on
the server and here, and the app starts afresh."""

import json

import pytest

from server.accounts.models import Account
from server.db import db
from server.journal.models import JournalRecord
from server.reminders.models import Schedule
from tests.browser.conftest import goto_view, idb_all, open_app, wait_until_offline_ready
from tests.browser.test_journal_sync import log_pain

pytestmark = pytest.mark.browser

HEADER = "#sync-status"
SENTENCES = {
    "#/about": "#about-status",
    "#/settings": "#storage-status",
    "#/journal": "#export-status",
}


def wait_status(page, kind: str, text: str) -> None:
    page.wait_for_function(
        "([sel, kind, text]) => { const el = document.querySelector(sel);"
        " return el.dataset.status === kind && el.textContent.includes(text); }",
        arg=[HEADER, kind, text],
    )


def sentences(page, server, kind: str) -> dict[str, str]:
    """Each page's sentence about the data; each must be drawn for the same state."""
    found = {}
    for route, selector in SENTENCES.items():
        goto_view(page, server, route)
        element = page.wait_for_selector(f"{selector}[data-status='{kind}']")
        found[route] = element.inner_text().removeprefix("Right now: ")
    # The same true thing everywhere. After a failure, when the next try comes may move on
    # between two pages (a retry can start or end meanwhile): the rest must be the same.
    about_the_data = {text.split(" It tries again")[0] for text in found.values()}
    assert len(about_the_data) == 1, found
    return found["#/settings"]


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_the_status_words_match_the_real_state_in_each_of_five_states(browser, live_server):
    phone = browser.new_context(viewport={"width": 390, "height": 844})
    page = phone.new_page()
    open_app(page, live_server)
    wait_until_offline_ready(page)
    # 1. Nothing has left this phone.
    wait_status(page, "local", "Saved on this phone only")
    assert "on this phone only" in sentences(page, live_server, "local")
    assert count(live_server.app, Account) == 0

    # 2. The first entry is backed up; no other device.
    log_pain(page, 5, "first")
    wait_status(page, "backed-up", "Backed up to the server")
    assert "No other device is linked" in sentences(page, live_server, "backed-up")
    assert count(live_server.app, JournalRecord) == 1

    # 3. A second device joins: synced with one other device.
    page.goto(live_server.url + "/#/link")
    page.get_by_role("button", name="Show a link code").click()
    code = page.locator(".link-code").inner_text()
    tablet = browser.new_context(viewport={"width": 820, "height": 1180})
    other = tablet.new_page()
    open_app(other, live_server, f"#/link/{code}")
    other.get_by_role("button", name="Link this device").click()
    other.wait_for_selector("text=Linked as")
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector("#devices-section li:nth-child(2)")
    wait_status(page, "synced", "Synced with 1 other device")
    assert "synced with 1 other device" in sentences(page, live_server, "synced")
    tablet.close()

    # 4. Offline, with an entry waiting.
    phone.set_offline(True)
    log_pain(page, 4, "on the train")
    wait_status(page, "offline", "Offline · 1 change waiting")
    offline = sentences(page, live_server, "offline")
    assert "1 change is saved on this phone only" in offline

    # 5. Back online, but the server fails: why, and what happens next. On the context, not the
    # page: the service worker runs the same sync, and its requests must fail too.
    phone.route(
        "**/api/sync",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body=json.dumps({"error": {"code": "busy", "message": "The server is busy."}}),
        ),
    )
    phone.set_offline(False)
    wait_status(page, "failed", "Sync failed")
    failed = sentences(page, live_server, "failed")
    assert "The server is busy." in failed and "tries again" in failed
    assert "1 change waiting" in failed
    phone.unroute("**/api/sync")
    phone.close()


def test_delete_everything_confirms_then_starts_afresh_with_nothing_on_the_server(
    page, live_server
):
    open_app(page, live_server, "#/settings")
    page.get_by_label("Time", exact=True).fill("19:30")
    page.get_by_role("button", name="Save reminder").click()
    page.wait_for_selector("#schedule-state:has-text('Saved.')")
    log_pain(page, 6, "to be deleted")
    wait_status(page, "backed-up", "Backed up")
    goto_view(page, live_server, "#/settings")
    # The sections above fill in from the server; tap once the page has stopped moving.
    page.wait_for_selector("#devices-section li")
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Delete everything").click()
    confirm = page.wait_for_selector("#delete-confirm")
    assert "cannot be undone" in confirm.inner_text()
    page.get_by_role("button", name="Cancel").click()
    assert page.locator("#delete-confirm").count() == 0
    assert count(live_server.app, Account) == 1  # nothing happens without the second tap

    page.get_by_role("button", name="Delete everything").click()
    page.get_by_role("button", name="Yes, delete everything").click()
    page.wait_for_function("() => document.querySelector('main').dataset.rendered === '#/'")
    wait_status(page, "local", "Saved on this phone only")
    assert page.locator("main a[href^='#/check']").count() >= 1  # a new person's first open
    assert [r for r in idb_all(page, "records")] == []
    assert [m for m in idb_all(page, "meta") if m["key"] == "token"] == []
    for model in (Account, JournalRecord, Schedule):
        assert count(live_server.app, model) == 0, model


def test_a_refused_storage_promise_is_said_with_the_export_suggested(page, live_server):
    open_app(page, live_server, "#/settings")
    if page.evaluate("() => navigator.storage.persisted()"):
        pytest.fail("this Chromium already keeps the data: the refusal cannot be shown")
    page.get_by_role("button", name="Ask the browser to keep my data").click()
    keep = page.wait_for_selector("#storage-persist:has-text('did not promise')")
    assert keep.get_attribute("data-persisted") == "false"
    assert "may clear" in keep.inner_text() and "export" in keep.inner_text()
    assert page.locator("#storage-persist a[href='#/journal']").count() == 1
