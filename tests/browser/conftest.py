"""Helpers for browser tests: open the app on the live server, read and write its IndexedDB."""

import json
import time
from pathlib import Path

import pytest

SAFETY = json.loads((Path(__file__).resolve().parents[2] / "data" / "safety.json").read_text())
CHECKED_AT = "2026-01-01T09:00:00+00:00"


def safety_check(levels: dict[str, str] | None = None, pregnant: bool = False) -> dict:
    """A stored safety check (device setting "safety-check") in which every region answered no to
    every question, except that `levels` may set a region's level (its flagged questions: those of
    that level)."""
    regions = {}
    for region in (r["id"] for r in SAFETY["regions"]):
        asked = [q for q in SAFETY["questions"] if region in q["regions"] and not q.get("when")]
        level = (levels or {}).get(region, "self-care")
        flagged = [q["id"] for q in asked if q["level"] == level][:1]
        regions[region] = {
            "at": CHECKED_AT,
            "answers": {q["id"]: q["id"] in flagged for q in asked},
            "level": level,
            "flagged": flagged,
            "cleared_at": None,
        }
    return {"version": 2, "at": CHECKED_AT, "pregnant": pregnant, "regions": regions}


SAFETY_CLEAR = safety_check()


def wait_until(page, expression: str, arg=None, timeout: float = 15.0):
    """Evaluate `expression` until it gives a truthy value, awaiting promises (which Playwright's
    wait_for_function does not: a returned promise is itself truthy), and return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = page.evaluate(expression, arg)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"still falsy after {timeout} s: {expression}")
        time.sleep(0.05)


def idb_put(page, store: str, value: dict) -> None:
    """Put one value into the app's IndexedDB (the app must have opened it once)."""
    page.evaluate(
        """([store, value]) => new Promise((resolve, reject) => {
            const open = indexedDB.open('acupress');
            open.onsuccess = () => {
              const tx = open.result.transaction([store], 'readwrite');
              tx.objectStore(store).put(value);
              tx.oncomplete = () => { open.result.close(); resolve(); };
              tx.onerror = () => reject(tx.error);
            };
            open.onerror = () => reject(open.error);
        })""",
        [store, value],
    )


def idb_all(page, store: str) -> list:
    return page.evaluate(
        """(store) => new Promise((resolve, reject) => {
            const open = indexedDB.open('acupress');
            open.onsuccess = () => {
              const request = open.result.transaction([store]).objectStore(store).getAll();
              request.onsuccess = () => { open.result.close(); resolve(request.result); };
              request.onerror = () => reject(request.error);
            };
        })""",
        store,
    )


def set_meta(page, key: str, value) -> None:
    idb_put(page, "meta", {"key": key, "value": json.loads(json.dumps(value))})


def goto_view(page, server, hash_path: str) -> None:
    """Show the view at hash_path and wait until the router has finished drawing it."""
    page.goto(server.url + "/" + hash_path)
    page.wait_for_function(
        "(h) => document.querySelector('main').dataset.rendered === h", arg=hash_path
    )


def open_app(page, live_server, hash_path: str = "#/", *, safety_clear: bool = True):
    """Load the app, optionally with the safety check already passed, and show hash_path."""
    goto_view(page, live_server, "#/")
    if safety_clear:
        set_meta(page, "setting:safety-check", SAFETY_CLEAR)
    page.reload()
    goto_view(page, live_server, hash_path)
    return page


@pytest.fixture
def page(phone):
    """A page that fails the test on an uncaught error or a Content-Security-Policy violation."""
    page = phone.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    yield page
    assert errors == [], f"errors in the page: {errors}"


def wait_until_offline_ready(page) -> None:
    """The service worker controls the page and has its precache: the app now works offline."""
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    for _ in range(100):
        if any(n.startswith("acupress-shell-") for n in page.evaluate("caches.keys()")):
            return
        page.wait_for_timeout(100)
    raise AssertionError("the service worker never filled its cache")


# Every route of the app (router.js), with a query and a second point for good measure: the
# views each whole-app browser test walks through.
VIEWS = [
    "#/",
    "#/points",
    "#/points?region=hand",
    "#/point/BL23",
    "#/point/EX-UE7",
    "#/routines",
    "#/routine/sciatica",
    "#/play/daily-lower-back",
    "#/edit/new",
    "#/journal",
    "#/log",
    "#/progress",
    "#/report",
    "#/settings",
    "#/link",
    "#/check",
    "#/safety",
    "#/evidence",
    "#/about",
    "#/more",
]
