"""The main journeys in WebKit, as a person on an iPhone takes them: a point with its figure, a
short routine run on the real clock (pause, resume, finish) and saved, a pain log that survives a
reload, export and import, progress and the clinician's report, settings. The fixture fails each
test on any error the page recorded (pwa/js/errors.js)."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from tests.browser.test_player import POINTS
from tests.webkit import pages
from tests.webkit.pages import App
from tests.webkitdriver import WebKitPage

ROUTINE_ID = "5c2f0d7e-3b1a-4e8f-9c6d-7a1b2c3d4e5f"
HOLD_S = 10  # the shortest hold a routine may have
SHORT_ROUTINE = {
    "title": "One short hold",
    "steps": [{"point": POINTS[0], "side": "center", "seconds": HOLD_S}],
    "rest_seconds": 0,
}


def test_a_point_page_draws_its_figure_with_the_point_marked(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/point/BL23")
    figure = app.wait_for(pages.FIGURE)
    marker = app.find(pages.FIGURE_MARKER.format(code="BL23"))
    box = app.js("return arguments[0].getBoundingClientRect().toJSON()", figure)
    dot = app.js("return arguments[0].getBoundingClientRect().toJSON()", marker)
    # Laid out, not just in the DOM: a real size, inside the figure, inside the phone's width.
    assert box["width"] > 200 and box["height"] > 200
    assert box["left"] >= 0 and box["right"] <= 390
    assert dot["width"] > 0 and box["left"] <= dot["left"] and dot["right"] <= box["right"]
    assert box["top"] <= dot["top"] and dot["bottom"] <= box["bottom"]
    assert app.js("return document.documentElement.scrollWidth") <= 390  # nothing spills sideways
    other = app.js(
        "return document.querySelector(arguments[0])?.dataset.code ?? null", pages.OTHER_MARKER
    )
    assert other  # the back figure shows the other back points, dimmed
    app.click(pages.MARKER_DOT.format(code=other))  # each leads to its own page
    app.wait_rendered(f"#/point/{other}")
    app.wait_for(pages.FIGURE_MARKER.format(code=other))


def test_a_short_routine_pauses_resumes_finishes_and_is_saved(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/about")
    app.save_routine(ROUTINE_ID, SHORT_ROUTINE)
    app.goto(f"#/play/{ROUTINE_ID}")
    app.choose(pages.PAIN_BEFORE, 6)
    app.submit(pages.START_FORM)
    app.wait_for(pages.PLAYER["countdown"])
    app.page.wait("return /^0:0[0-8]$/.test(document.querySelector('#countdown').textContent)")

    app.click(pages.PLAYER["toggle"])  # pause
    held = app.countdown()
    app.pause(2)
    assert app.countdown() == held  # the clock stands still while paused
    assert app.exists(pages.START_FORM) is False
    app.click(pages.PLAYER["toggle"])  # resume
    app.page.wait(
        "return document.querySelector('#countdown').textContent !== arguments[0]", f"0:{held:02d}"
    )
    assert app.countdown() < held

    after = app.wait_for(pages.AFTER_FORM, timeout=HOLD_S + 5)
    assert after.is_displayed()
    app.choose(pages.PAIN_AFTER, 3)
    app.type_into(pages.SESSION_NOTE, "short and calm")
    app.submit(pages.AFTER_FORM)
    app.page.wait("return document.querySelector('#after-form') === null")
    [session] = app.records("session")
    data = session["data"]
    assert (data["routine_id"], data["completed"], data["steps_completed"]) == (ROUTINE_ID, True, 1)
    assert (data["pain_before"], data["pain_after"], data["note"]) == (6, 3, "short and calm")
    assert data["seconds_pressed"] == HOLD_S  # the pause is not counted as pressing
    assert data["points"] == [POINTS[0]]
    app.goto("#/journal").wait_for(pages.ENTRY.format(id=session["id"]))


def test_a_pain_log_survives_a_reload(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    saved = app.log_pain(7, "stiff after the drive", area="lower-back")
    app.reload()
    entry = pages.ENTRY.format(id=saved)
    # Read in the page, not from a found element: a sync landing redraws the list (stale node).
    has_text = "return document.querySelector(arguments[0])?.textContent.includes(arguments[1])"
    app.page.wait(has_text, entry, "stiff after the drive")
    [record] = app.records("pain")
    assert (record["data"]["level"], record["data"]["area"]) == (7, "lower-back")
    app.click(pages.EDIT_NOTE.format(id=saved))  # the journal edits a note in place
    editor = pages.NOTE_EDITOR.format(id=saved)
    app.type_into(f"{editor} textarea", "stiff after the drive; eased by noon")
    app.submit(editor)
    app.page.wait(
        "return document.querySelector(arguments[0])?.textContent.includes('eased by noon')", entry
    )
    app.reload()
    app.page.wait(has_text, entry, "eased by noon")
    app.goto(f"#/log?id={saved}")  # the form opens it again as it was saved
    assert app.js("return document.querySelector(\"input[name='level']:checked\").value") == "7"
    assert app.js("return document.querySelector(arguments[0]).value", pages.PAIN_NOTE) == (
        "stiff after the drive; eased by noon"
    )


def test_the_journal_exports_and_imports_again(webkit_phone, live_server, tmp_path):
    app = App(webkit_phone, live_server.url).open("#/")
    app.log_pain(5, "morning")
    evening = app.log_pain(3, 'evening, "much" better')
    app.capture_downloads()
    app.click(pages.EXPORT_CSV)
    app.click(pages.EXPORT_JSON)
    app.page.wait("return window.__downloads.length === 2")
    csv_text, json_text = app.downloads()
    assert csv_text.splitlines()[0].startswith("id,kind,")
    assert '"evening, ""much"" better"' in csv_text and len(csv_text.strip().splitlines()) == 3
    exported = json.loads(json_text)
    assert exported["format"] == "acupress-journal" and len(exported["records"]) == 2

    app.click(pages.DELETE_ENTRY.format(id=evening))
    app.accept_confirm()
    app.page.wait(
        "return document.querySelectorAll(arguments[0]).length === 1", pages.JOURNAL_ENTRY
    )
    export = tmp_path / "acupress-journal.json"
    export.write_text(json_text)
    for _twice in range(2):  # the entry deleted here comes back once; nothing is doubled
        app.js("document.querySelector(arguments[0]).textContent = ''", pages.IMPORT_RESULT)
        app.choose_file(pages.IMPORT_FILE, export)
        app.page.wait(
            "return document.querySelector(arguments[0]).textContent.trim() !== ''",
            pages.IMPORT_RESULT,
        )
        app.page.wait(
            "return document.querySelectorAll(arguments[0]).length === 2", pages.JOURNAL_ENTRY
        )
        notes = sorted(r["data"]["note"] for r in app.records("pain"))
        assert notes == ['evening, "much" better', "morning"]


def session_on(started: datetime, before: int, after: int, note: str = "") -> dict:
    return {
        "routine_id": "daily-lower-back",
        "routine_title": "Daily lower back",
        "steps_total": 3,
        "steps_completed": 3,
        "seconds_pressed": 180,
        "points": [POINTS[0]],
        "pain_before": before,
        "pain_after": after,
        "note": note,
        "flagged": bool(note),
        "started_at": started.isoformat(timespec="seconds"),
        "ended_at": (started + timedelta(minutes=5)).isoformat(timespec="seconds"),
        "completed": True,
    }


def test_progress_and_the_report_show_the_practice(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/about")
    morning = datetime.now(UTC).replace(hour=8, minute=0, second=0, microsecond=0)
    for n, days_ago in enumerate((2, 1)):  # well inside the report's last four weeks
        note = "ask about the tingling" if n == 0 else ""
        app.js(
            "return import('/js/lib/journal.js')"
            ".then((m) => m.saveRecord('session', arguments[0], arguments[1]))",
            f"20000000-0000-4000-8000-00000000000{n}",
            session_on(morning - timedelta(days=days_ago), 6, 3, note),
        )
    app.goto("#/progress")
    app.wait_for(pages.CHART)
    assert app.js("return document.querySelectorAll(arguments[0]).length", pages.STAT) >= 3
    assert app.js("return document.documentElement.scrollWidth") <= 390
    app.goto("#/report")
    report = app.wait_for(pages.REPORT)
    assert "ask about the tingling" in report.text  # the flagged note reaches the clinician
    app.js("window.__printed = 0; window.print = () => { window.__printed += 1; }")
    app.click(pages.PRINT)
    assert app.js("return window.__printed") == 1


def current_settings(app: App) -> dict:
    return app.js("return import('/js/lib/settings.js').then((m) => m.settings())")


def test_settings_are_changed_and_kept(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/settings")
    before = current_settings(app)
    app.click(pages.SETTING.format(key="speech"))
    app.type_into(pages.WEEKLY_GOAL, "5")
    app.click("main h1")  # leaving the field commits it (a change event), as a tap elsewhere does
    app.page.wait(
        "return import('/js/lib/settings.js').then((m) => m.settings())"
        ".then((s) => s.weekly_goal === 5)"
    )
    app.reload()
    after = current_settings(app)
    assert after["speech"] is not before["speech"] and after["weekly_goal"] == 5
    checked = app.js(
        "return document.querySelector(arguments[0]).checked", pages.SETTING.format(key="speech")
    )
    assert checked is after["speech"]
    app.page.wait("return document.querySelector('#reminders-section').textContent.trim()")


# What makes the page scroll sideways: elements past the right edge that no scrolling box of
# their own (a table's .table-wrap) holds.
WIDEST_ELEMENT = """const limit = document.documentElement.clientWidth;
if (document.documentElement.scrollWidth <= limit) return [];
const held = (el) => {
  for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
    if (getComputedStyle(up).overflowX !== 'visible') return true;
  }
  return false;
};
const wide = [...document.querySelectorAll('body *')].filter((el) => {
  const box = el.getBoundingClientRect();
  return box.width && box.right > limit + 0.5 && !held(el);
});
return wide.slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${el.className}#${el.id}`)
  .concat([`scrollWidth ${document.documentElement.scrollWidth}`]);"""


@pytest.mark.parametrize(
    ("size", "text"),
    [((390, 844), "100%"), ((334, 640), "100%"), ((390, 844), "200%")],
    ids=["phone", "narrowest", "large-text"],
)
def test_every_view_draws_without_errors_or_sideways_scrolling(
    webkit_driver, live_server, size, text
):
    # 334 px is as narrow as WebKitGTK's window goes (an iPhone SE is 320).
    page = WebKitPage(webkit_driver.session(size=size))
    try:
        app = App(page, live_server.url).open("#/")
        app.js("document.documentElement.style.fontSize = arguments[0]", text)
        wide = {}
        for route, marker in pages.VIEWS.items():
            app.goto(route)
            app.wait_for(marker)
            found = app.js(WIDEST_ELEMENT)
            if found:
                wide[route] = found
        page.collect_errors()
    finally:
        page.driver.quit()
    assert page.errors == []
    assert wide == {}


def test_a_sync_landing_while_a_note_is_edited_keeps_the_typing(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    saved = app.log_pain(4, "before")
    app.wait_synced()
    app.click(pages.EDIT_NOTE.format(id=saved))
    editor = pages.NOTE_EDITOR.format(id=saved)
    app.type_into(f"{editor} textarea", "half typed")
    # What the sync does when it has pulled changes from another device (lib/sync.js).
    app.js("return import('/js/lib/journal.js').then((m) => m.notifyChanged({sync: true}))")
    app.pause(0.5)
    assert app.js("return document.querySelector(arguments[0])?.value", f"{editor} textarea") == (
        "half typed"
    )
    app.submit(editor)
    entry = pages.ENTRY.format(id=saved)
    app.page.wait(
        "return document.querySelector(arguments[0])?.textContent.includes('half typed')", entry
    )
