"""Offline in WebKit: WebKit has no switch to take a page offline, so the server process itself is
stopped. The app, loaded once, must then start again and draw every view from its service
worker; what is logged meanwhile reaches the server when it is back (same port, same database)
and from there a second device, in Chromium."""

import json
import urllib.error
import urllib.request

import pytest

from tests.browser.conftest import idb_all, open_app, wait_until
from tests.conftest import free_port
from tests.servers import ServerProcess
from tests.webkit import pages
from tests.webkit.pages import App

META_TOKEN = """() => new Promise((resolve) => {
  const open = indexedDB.open('acupress');
  open.onsuccess = () => {
    const get = open.result.transaction(['meta']).objectStore('meta').get('token');
    get.onsuccess = () => { open.result.close(); resolve(Boolean(get.result?.value)); };
  };
})"""
OFFLINE_NOTES = ["on the train, no signal", "evening, still offline"]


@pytest.fixture
def server(tmp_path):
    """`acupress serve` as its own process on SQLite, so it can be stopped and started again."""
    process = ServerProcess(tmp_path / "server-instance", free_port()).start()
    yield process
    process.stop()


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/api/points", timeout=3):
            return True
    except (urllib.error.URLError, ConnectionError):
        return False


def server_notes(server: ServerProcess, token: str) -> list[str]:
    request = urllib.request.Request(
        server.url + "/api/sync",
        data=json.dumps({"cursor": 0, "limit": 500, "changes": []}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        changes = json.loads(response.read())["changes"]
    return sorted(c["data"]["note"] for c in changes if c["kind"] == "pain" and not c["deleted"])


def test_every_view_draws_offline_and_offline_entries_reach_another_device(
    webkit_phone, server, browser
):
    app = App(webkit_phone, server.url).open("#/")
    app.wait_offline_ready()
    server.stop()
    assert not reachable(server.url)

    app.reload()  # the app starts again with no server at all
    headings = app.visit_every_view()
    assert all(headings.values()), headings  # each view drew its own heading
    for note in OFFLINE_NOTES:
        app.log_pain(4, note)
    assert app.js(
        "return document.querySelector(arguments[0]).dataset.state", pages.SYNC_STATUS
    ) != ("synced")
    assert app.meta("token") is None  # nothing has left the phone

    server.start()  # back: same port, same database
    # Opening the app again syncs at once (the retry timer may be minutes out by now).
    app.reload()
    app.wait_synced()
    token = app.meta("token")
    assert server_notes(server, token) == sorted(OFFLINE_NOTES)

    app.goto("#/link")
    app.click(pages.MAKE_LINK_CODE)
    code = app.wait_for(pages.LINK_CODE).text.strip()
    tablet = browser.new_context(viewport={"width": 820, "height": 1180})
    try:
        other = tablet.new_page()
        open_app(other, server, f"#/link/{code}")
        other.click(f"{pages.LINK_FORM} [type='submit']")
        wait_until(other, META_TOKEN)  # linked: the tablet holds the account's token
        other.goto(server.url + "/#/journal")
        other.wait_for_function(
            "(css) => document.querySelectorAll(css).length === 2", arg=pages.JOURNAL_ENTRY
        )
        pulled = sorted(r["data"]["note"] for r in idb_all(other, "records") if r["kind"] == "pain")
    finally:
        tablet.close()
    assert pulled == sorted(OFFLINE_NOTES)
