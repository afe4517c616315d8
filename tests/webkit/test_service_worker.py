"""The service worker in WebKit: a first visit is not mistaken for an update, and a real update
is offered and applied on the person's tap."""

import shutil

from tests.webkit.pages import App

UPDATE_BANNER = "[data-banner='update']"
APPLY_UPDATE = "[data-action='apply-update']"
FIRST_VISITS = 2
BUSY = "const until = Date.now() + 1500; while (Date.now() < until);"
FORGET_THE_WORKER = """return Promise.all([
  navigator.serviceWorker.getRegistrations()
    .then((all) => Promise.all(all.map((r) => r.unregister()))),
  caches.keys().then((names) => Promise.all(names.map((n) => caches.delete(n)))),
])"""


def test_a_first_visit_neither_offers_an_update_nor_reloads_itself(webkit_phone, live_server):
    # WebKit reports a first worker's 'installed' state after it already controls the page; that
    # once looked like an update, showed the banner and made the app reload itself. It is a race
    # that a page busy while the worker installs (a slow phone) loses every time; the first visit
    # is made twice (worker and caches removed in between).
    app = App(webkit_phone, live_server.url)
    webkit_phone.load(live_server.url + "/#/")
    for _visit in range(FIRST_VISITS):
        app.wait_rendered("#/")
        app.js("window.firstDocument = true")
        app.js(BUSY)
        app.wait_offline_ready()  # installed, activated and claimed the page
        app.pause(1)
        assert app.js("return window.firstDocument === true"), "the page reloaded by itself"
        assert not app.exists(UPDATE_BANNER)
        app.js(FORGET_THE_WORKER)
        app.reload()


def test_a_new_version_is_offered_and_applied_on_tap(webkit_phone, live_server, tmp_path):
    pwa = tmp_path / "pwa"
    shutil.copytree(live_server.app.config["PWA_DIR"], pwa)
    live_server.app.config["PWA_DIR"] = pwa
    app = App(webkit_phone, live_server.url).open("#/")
    app.wait_offline_ready()
    index = pwa / "index.html"
    index.write_text(
        index.read_text().replace("<title>", '<meta name="version" content="2">\n<title>')
    )
    app.reload()
    app.wait_for(APPLY_UPDATE, timeout=30)
    assert not app.exists("meta[name='version']")  # the old version still runs until the tap
    app.click(APPLY_UPDATE)
    app.page.wait("return document.querySelector(\"meta[name='version']\") !== null", timeout=30)
    app.wait_rendered("#/")
    assert not app.exists(UPDATE_BANNER)
