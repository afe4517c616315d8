"""The WebKit lane itself: a phone-sized Safari-engine page, a fresh profile per test, and an error
collector that sees what goes wrong from the page's first moment."""

import shutil

from tests.webkit.pages import App
from tests.webkitdriver import WebKitPage


def test_webkit_opens_the_app_phone_sized_and_ready_offline(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    assert app.js("return [innerWidth, innerHeight]") == [390, 844]
    agent = app.js("return navigator.userAgent")
    assert "AppleWebKit/" in agent and "Safari/" in agent and "Chrome" not in agent
    app.wait_offline_ready()
    assert app.meta("setting:safety-check")["version"] == 2  # IndexedDB read back
    assert app.text("main h1") == "Today"


def test_each_session_starts_with_an_empty_profile(webkit_driver, live_server):
    first = WebKitPage(webkit_driver.session())
    try:
        app = App(first, live_server.url).open("#/")
        app.wait_offline_ready()
        first.js(
            "sessionStorage.setItem('left-behind', '1'); localStorage.setItem('left-behind', '1')"
        )
    finally:
        first.driver.quit()
    second = WebKitPage(webkit_driver.session())
    try:
        second.load(live_server.url + "/manifest.webmanifest")  # same origin, no app code runs
        left = second.js(
            """return Promise.all([
              navigator.serviceWorker.getRegistrations().then((r) => r.length),
              caches.keys().then((k) => k.length),
              indexedDB.databases().then((d) => d.length),
              localStorage.length,
            ])"""
        )
    finally:
        second.driver.quit()
    assert left == [0, 0, 0, 0]


def test_errors_are_collected_from_before_the_app_runs(webkit_phone, live_server, tmp_path):
    pwa = tmp_path / "pwa"
    shutil.copytree(live_server.app.config["PWA_DIR"], pwa)
    live_server.app.config["PWA_DIR"] = pwa
    app_js = pwa / "js" / "app.js"
    # The app's entry module fails as it starts, before any test script could run in the page.
    app_js.write_text(
        "Promise.reject(new Error('rejected at start'));\n"
        "throw new TypeError('thrown at start');\n" + app_js.read_text()
    )
    webkit_phone.load(live_server.url + "/#/")
    webkit_phone.wait("return window.acupressErrors.length >= 2")
    # What was recorded survives a reload until it is read: a plain refresh (not page.reload,
    # which reads first), after which app.js fails again. Waiting for both loads' errors means
    # nothing is still on its way when they are read and cleared, so the teardown sees none.
    webkit_phone.driver.refresh()
    webkit_phone.wait("return (window.acupressErrors || []).length >= 4")
    found = webkit_phone.collect_errors()
    kinds = [(e["kind"], e["message"]) for e in found]
    assert kinds.count(("unhandledrejection", "Error: rejected at start")) == 2, kinds
    assert kinds.count(("error", "TypeError: thrown at start")) == 2, kinds
    webkit_phone.errors.clear()  # expected here; any other test fails on them
