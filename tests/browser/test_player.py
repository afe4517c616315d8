"""The routine player in a real Chromium with a controlled clock: timing, pause, background,
cues, wake lock, reload and the journal entry it saves."""

import json
import re
from datetime import datetime, timedelta

import pytest

from server.journal.records import Session
from tests.browser.conftest import idb_all, open_app, wait_until
from tests.browser.test_accessibility import violations
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

T0 = datetime(2026, 3, 2, 9, 0, 0)
ROUTINE_ID = "0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b31"
POINTS = [
    p["code"]
    for p in json.loads((ROOT / "data" / "points.json").read_text())["points"]
    if not p["cautions"]["pregnancy"] and p["press"]["load"] == "hand"
][:2]
A, B = POINTS
# A center 10 s, then B on each side 10 s, 5 s rest between: three steps, 40 s in all.
#   A press 0-10, rest 10-15, B left 15-25, rest 25-30, B right 30-40.
THREE_STEPS = {
    "title": "Three steps",
    "steps": [
        {"point": A, "side": "center", "seconds": 10},
        {"point": B, "side": "each", "seconds": 10},
    ],
    "rest_seconds": 5,
}
# Record what the cues play: speech, tones (oscillator frequencies), vibration; and wake locks.
OBSERVE = """
window.__cues = [];
window.__locks = [];
const note = (entry) => window.__cues.push({...entry, at: Date.now()});
const speak = speechSynthesis.speak.bind(speechSynthesis);
speechSynthesis.speak = (utterance) => { note({say: utterance.text}); speak(utterance); };
const createOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  const oscillator = createOscillator.call(this);
  const start = oscillator.start.bind(oscillator);
  oscillator.start = (when) => { note({tone: oscillator.frequency.value}); start(when); };
  return oscillator;
};
const vibrate = navigator.vibrate.bind(navigator);
navigator.vibrate = (pattern) => { note({vibrate: pattern}); return vibrate(pattern); };
const request = navigator.wakeLock.request.bind(navigator.wakeLock);
navigator.wakeLock.request = async (type) => {
  const lock = await request(type);
  window.__locks.push(lock);
  return lock;
};
"""


def save_routine(page, routine, routine_id=ROUTINE_ID):
    page.evaluate(
        "async ([id, data]) => (await import('/js/lib/journal.js'))"
        ".saveRecord('routine', id, data)",
        [routine_id, routine],
    )


def update_settings(page, **changes):
    page.evaluate(
        "async (changes) => (await import('/js/lib/settings.js')).updateSettings(changes)", changes
    )


def open_player(page, live_server, routine=THREE_STEPS, **settings):
    """The player's start screen for `routine`, with the page clock paused at T0 + 5 min."""
    page.add_init_script(OBSERVE)
    page.clock.install(time=T0)
    open_app(page, live_server, "#/about")
    save_routine(page, routine)
    if settings:
        update_settings(page, **settings)
    page.goto(f"{live_server.url}/#/play/{ROUTINE_ID}")
    page.get_by_role("button", name="Start", exact=True).wait_for()
    page.clock.pause_at(T0 + timedelta(minutes=5))
    return page


def rate(page, name, value):
    page.locator("label", has=page.locator(f'input[name="{name}"][value="{value}"]')).click()


def start(page, pain=None):
    if pain is not None:
        rate(page, "pain-before", pain)
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector("#countdown")


def shown(page):
    """(step, phase, point, side, countdown) as the player shows them."""
    step, phase, point, side, countdown = (
        page.inner_text(k)
        for k in ("#step-count", "#phase", "#point-name .code", "#side", "#countdown")
    )
    return (step, phase, point, side, countdown)


def sessions(page):
    return [r["data"] for r in idb_all(page, "records") if r["kind"] == "session"]


def running_state(page):
    rows = [r["value"] for r in idb_all(page, "meta") if r["key"] == "running-session"]
    return rows[0] if rows else None


def test_three_steps_advance_on_time_and_pause_holds_the_clock(live_server, page):
    open_player(page, live_server)
    start(page)
    assert shown(page) == ("Step 1 of 3", "PRESS", A, "On the midline", "0:10")
    page.clock.run_for(9_999)
    assert shown(page)[:3] == ("Step 1 of 3", "PRESS", A)
    page.clock.run_for(1)
    assert shown(page) == ("Step 2 of 3", "REST — GET READY FOR", B, "Left side", "0:05")
    page.clock.run_for(5_000)
    assert shown(page) == ("Step 2 of 3", "PRESS", B, "Left side", "0:10")
    page.clock.run_for(3_000)

    toggle = page.locator("#toggle")
    toggle.click()
    assert toggle.inner_text() == "Resume"
    page.clock.run_for(60_000)
    assert shown(page) == ("Step 2 of 3", "PAUSED", B, "Left side", "0:07")

    toggle.click()
    assert toggle.inner_text() == "Pause"
    page.clock.run_for(6_999)
    assert shown(page)[:2] == ("Step 2 of 3", "PRESS")
    page.clock.run_for(1)
    assert shown(page)[:2] == ("Step 3 of 3", "REST — GET READY FOR")
    page.clock.run_for(5_000)
    assert shown(page) == ("Step 3 of 3", "PRESS", B, "Right side", "0:10")
    page.clock.run_for(10_000)
    page.get_by_role("heading", name="Routine finished").wait_for()


def test_skip_and_back_move_between_steps(live_server, page):
    open_player(page, live_server)
    start(page)
    page.get_by_role("button", name="Skip").click()
    assert shown(page)[:4] == ("Step 2 of 3", "PRESS", B, "Left side")
    page.clock.run_for(5_000)
    page.get_by_role("button", name="Back").click()
    assert shown(page) == ("Step 2 of 3", "PRESS", B, "Left side", "0:10")
    page.get_by_role("button", name="Back").click()
    assert shown(page) == ("Step 1 of 3", "PRESS", A, "On the midline", "0:10")


def set_visibility(page, state):
    """Emulate the page being hidden (screen locked, app in the background) or visible again."""
    page.evaluate(
        """(state) => {
        const define = (name, value) =>
          Object.defineProperty(document, name, {configurable: true, get: () => value});
        define('visibilityState', state);
        define('hidden', state !== 'visible');
        document.dispatchEvent(new Event('visibilitychange'));
    }""",
        state,
    )


def test_hidden_for_two_minutes_shows_the_right_step_at_once_without_replays(live_server, page):
    long_routine = {
        **THREE_STEPS,
        "steps": [
            {"point": A, "side": "center", "seconds": 60},
            {"point": B, "side": "each", "seconds": 60},
        ],
        "rest_seconds": 10,
    }
    # A 0-60, rest 60-70, B left 70-130, rest 130-140, B right 140-200.
    open_player(page, live_server, long_routine, speech=True)
    start(page)
    page.clock.run_for(30_000)
    set_visibility(page, "hidden")
    cues_before = len(page.evaluate("window.__cues"))
    page.clock.fast_forward(120_000)
    set_visibility(page, "visible")
    assert shown(page) == ("Step 3 of 3", "PRESS", B, "Right side", "0:50")
    missed = page.evaluate("window.__cues")[cues_before:]
    assert [c for c in missed if "say" in c or "tone" in c] == []
    page.clock.run_for(50_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved").wait_for()
    [saved] = sessions(page)
    assert (saved["steps_completed"], saved["seconds_pressed"], saved["points"]) == (3, 180, [A, B])


def test_every_phase_is_heard(live_server, page):
    routine = {
        "title": "Heard",
        "steps": [
            {"point": A, "side": "center", "seconds": 60},
            {"point": B, "side": "left", "seconds": 10},
        ],
        "rest_seconds": 5,
    }
    open_player(page, live_server, routine, speech=True)
    start(page)
    page.clock.run_for(80_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    cues = page.evaluate("window.__cues")
    t0 = cues[0]["at"]
    spoken = [(c["at"] - t0, c["say"]) for c in cues if "say" in c]
    assert [at for at, _ in spoken] == [0, 30_000, 60_000, 65_000, 75_000]
    words = [say for _, say in spoken]
    assert words[0].startswith(f"Press {A}") and "on the midline. Hold for 1 minute." in words[0]
    assert words[1] == "Halfway. Keep pressing."
    assert words[2].startswith(f"Release. Rest. Next: {B}") and words[2].endswith("the left side.")
    assert words[3].startswith(f"Press {B}") and "Hold for 10 seconds." in words[3]
    assert words[4] == "Release. Routine finished. Well done."
    tones = {}
    for c in cues:
        if "tone" in c:
            tones.setdefault(c["at"] - t0, []).append(round(c["tone"]))
    assert tones == {
        0: [523, 784],
        30_000: [440],
        60_000: [784, 523, 659, 659],
        65_000: [523, 784],
        75_000: [784, 523, 523, 659, 784, 1047],
    }
    buzzes = {c["at"] - t0: c["vibrate"] for c in cues if "vibrate" in c}
    assert set(buzzes) == {0, 30_000, 60_000, 65_000, 75_000}


def test_cues_can_be_turned_off(live_server, page):
    open_player(page, live_server, sound=False, speech=False, vibration=False)
    start(page)
    page.clock.run_for(40_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    assert page.evaluate("window.__cues") == []


def wait_for_locks(page, held, asked=None):
    """Wait until `held` wake locks are unreleased (and `asked` were requested in all)."""
    page.wait_for_function(
        """([held, asked]) => window.__locks.filter((lock) => !lock.released).length === held
            && (asked === null || window.__locks.length === asked)""",
        arg=[held, asked],
    )


def test_wake_lock_is_held_while_running_and_taken_again_on_return(live_server, page):
    open_player(page, live_server)
    start(page)
    wait_for_locks(page, 1, asked=1)
    page.locator("#toggle").click()
    wait_for_locks(page, 0)
    page.locator("#toggle").click()
    wait_for_locks(page, 1, asked=2)
    # The browser drops the lock when the page is hidden; coming back asks for it again.
    page.evaluate("Promise.all(window.__locks.map((lock) => lock.release()))")
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    wait_for_locks(page, 1, asked=3)
    page.get_by_role("button", name="Stop").click()
    wait_for_locks(page, 0, asked=3)


def test_breathing_guide_paces_six_breaths_a_minute_while_pressing(live_server, page):
    open_player(page, live_server, breathing=True)
    start(page)
    assert page.inner_text("#breath-words") == "Breathe in"
    assert page.get_attribute("#breath", "class") == "breath in"
    page.clock.run_for(5_000)
    assert page.inner_text("#breath-words") == "Breathe out"
    page.clock.run_for(5_000)  # rest: no pacer
    assert page.locator("#pacer").is_hidden()


def test_reduced_motion_shows_only_the_breathing_words(live_server, page):
    page.emulate_media(reduced_motion="reduce")
    open_player(page, live_server, breathing=True)
    start(page)
    assert page.inner_text("#breath-words") == "Breathe in"
    assert page.locator("#breath").is_hidden()


def test_finishing_saves_one_journal_entry_with_exactly_the_session_fields(live_server, page):
    open_player(page, live_server)
    start(page, pain=6)
    page.clock.run_for(40_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    rate(page, "pain-after", 3)
    page.get_by_label("Note").fill("  Easier to bend afterwards.  ")
    page.get_by_label("Flag for my clinician").check()
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved").wait_for()

    [saved] = sessions(page)
    fields = {k: v for k, v in saved.items() if k != "modified_at"}
    assert set(fields) == {
        "routine_id",
        "routine_title",
        "steps_total",
        "steps_completed",
        "seconds_pressed",
        "points",
        "pain_before",
        "pain_after",
        "note",
        "flagged",
        "started_at",
        "ended_at",
        "completed",
    }
    assert fields | {"started_at": None, "ended_at": None} == {
        "routine_id": ROUTINE_ID,
        "routine_title": "Three steps",
        "steps_total": 3,
        "steps_completed": 3,
        "seconds_pressed": 30,
        "points": [A, B],
        "pain_before": 6,
        "pain_after": 3,
        "note": "Easier to bend afterwards.",
        "flagged": True,
        "started_at": None,
        "ended_at": None,
        "completed": True,
    }
    offset = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$"
    assert re.match(offset, saved["started_at"]) and re.match(offset, saved["ended_at"])
    started, ended = (datetime.fromisoformat(saved[k]) for k in ("started_at", "ended_at"))
    assert ended - started == timedelta(seconds=40)
    Session.model_validate(saved)  # the server accepts it as it is
    assert running_state(page) is None


def test_stopping_early_saves_what_was_pressed(live_server, page):
    open_player(page, live_server, speech=True)
    start(page)
    page.clock.run_for(20_000)  # step 1 done, 5 s into step 2
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("heading", name="Practice stopped").wait_for()
    assert not any("finished" in c.get("say", "") for c in page.evaluate("window.__cues"))
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved").wait_for()
    [saved] = sessions(page)
    assert (saved["steps_total"], saved["steps_completed"], saved["seconds_pressed"]) == (3, 1, 15)
    assert (saved["points"], saved["completed"], saved["pain_before"], saved["pain_after"]) == (
        [A, B],
        False,
        None,
        None,
    )
    assert saved["note"] == "" and saved["flagged"] is False
    Session.model_validate(saved)


def test_reload_mid_routine_carries_on_at_the_step_the_clock_says(live_server, page):
    open_player(page, live_server)
    start(page)
    page.clock.run_for(12_000)
    wait_until(
        page,
        "async () => { const s = await (await import('/js/lib/session.js')).resumableSession();"
        " return s && s.stepIndex === 1; }",
    )
    page.reload()
    page.wait_for_selector("#countdown")
    page.clock.run_for(6_000)  # reload took no time on this clock: 18 s in, 3 s into B left
    assert shown(page) == ("Step 2 of 3", "PRESS", B, "Left side", "0:07")
    page.clock.run_for(22_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved").wait_for()
    [saved] = sessions(page)
    assert (saved["steps_completed"], saved["seconds_pressed"]) == (3, 30)


def test_after_the_app_was_killed_for_an_hour_it_offers_to_resume_paused_or_save(live_server, page):
    context = page.context
    open_player(page, live_server)
    start(page, pain=5)
    page.clock.run_for(18_000)  # 3 s into step 2
    wait_until(
        page,
        "async () => { const s = await (await import('/js/lib/session.js')).resumableSession();"
        " return s && s.stepIndex === 1 && s.creditedTo >= 15000; }",
    )
    page.close()
    context.clock.fast_forward(3_600_000)

    again = context.new_page()
    again.goto(live_server.url + "/#/")
    card = again.get_by_role("region", name="Unfinished practice")
    card.wait_for()
    assert "Three steps" in card.inner_text()
    card.get_by_role("link", name="Resume or save it").click()
    again.wait_for_selector("#interrupted")
    # Paused where it was last seen, not an hour on.
    assert shown(again)[:4] == ("Step 2 of 3", "PAUSED", B, "Left side")
    again.clock.run_for(60_000)
    assert shown(again)[1] == "PAUSED"
    again.get_by_role("button", name="Stop").click()
    again.get_by_role("button", name="Save to journal").click()
    again.get_by_role("heading", name="Saved").wait_for()
    [saved] = sessions(again)
    assert saved["seconds_pressed"] < 20 and saved["steps_completed"] == 1
    assert saved["pain_before"] == 5


def test_resume_after_a_long_gap_continues_from_the_paused_step(live_server, page):
    context = page.context
    open_player(page, live_server)
    start(page)
    page.clock.run_for(17_000)
    wait_until(
        page,
        "async () => { const s = await (await import('/js/lib/session.js')).resumableSession();"
        " return s && s.creditedTo >= 15000; }",
    )
    page.close()
    context.clock.fast_forward(3_600_000)
    again = context.new_page()
    again.goto(f"{live_server.url}/#/play/{ROUTINE_ID}")
    again.wait_for_selector("#interrupted")
    remaining = shown(again)[4]
    again.get_by_role("button", name="Resume").click()
    assert again.locator("#interrupted").count() == 0
    assert shown(again)[:2] == ("Step 2 of 3", "PRESS") and shown(again)[4] == remaining


def test_without_a_clear_safety_check_the_player_sends_to_the_check(live_server, page):
    page.goto(live_server.url + "/#/")
    page.wait_for_selector("main h1")
    page.goto(live_server.url + "/#/play/daily-lower-back")
    page.get_by_role("heading", name="A few safety questions first").wait_for()
    assert page.get_by_role("button", name="Start", exact=True).count() == 0
    link = page.get_by_role("link", name="Answer the safety questions")
    assert link.get_attribute("href") == "#/check?regions=low-back&next=%2Fplay%2Fdaily-lower-back"


def caution_in_pregnancy(app_config, data_copy, code):
    """Serve a copy of the content in which point `code` is cautioned in pregnancy."""
    path = data_copy / "points.json"
    content = json.loads(path.read_text())
    for point in content["points"]:
        if point["code"] == code:
            point["cautions"].update(pregnancy=True, pregnancy_mode="leave-out")
    path.write_text(json.dumps(content))
    app_config["DATA_DIR"] = str(data_copy)


@pytest.fixture
def b_cautioned(app_config, data_copy):
    caution_in_pregnancy(app_config, data_copy, B)


def test_pregnancy_mode_leaves_cautioned_points_out_and_says_so(b_cautioned, live_server, page):
    open_player(page, live_server, pregnancy=True)
    assert f"Left out: {B}." in page.inner_text("#pregnancy-note")
    assert "1 step ·" in page.inner_text("main")
    start(page)
    assert shown(page)[:3] == ("Step 1 of 1", "PRESS", A)
    page.clock.run_for(10_000)
    page.get_by_role("heading", name="Routine finished").wait_for()


def test_general_cautions_are_shown_before_starting(live_server, page):
    open_player(page, live_server)
    details = page.locator("details.cautions")
    assert "Before you start" in details.locator("summary").inner_text()
    details.locator("summary").click()
    assert "broken, bruised" in details.inner_text()


def test_controls_are_large_enough_to_tap(live_server, page):
    open_player(page, live_server)
    start(page)
    for button in page.locator(".player .controls button").all():
        box = button.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44


def tab_to(page, name, limit=60):
    """Press Tab until the focused element's text starts with `name` (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.innerText.trim()").startswith(name):
            return
    raise AssertionError(f"{name!r} cannot be reached with Tab")


def test_keyboard_only_find_start_pause_and_finish(live_server, page):
    page.clock.install(time=T0)
    open_app(page, live_server, "#/about")
    save_routine(page, THREE_STEPS)
    page.goto(live_server.url + "/#/")
    page.wait_for_selector("main h1")
    page.clock.pause_at(T0 + timedelta(minutes=5))
    tab_to(page, "Routines")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Routines", exact=True).wait_for()
    tab_to(page, "Three steps\nYour routine · 3 steps")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Three steps", exact=True).wait_for()
    tab_to(page, "Start")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Start", exact=True).wait_for()
    tab_to(page, "Start")
    page.keyboard.press("Enter")
    page.wait_for_selector("#countdown")
    assert page.evaluate("document.activeElement.id") == "toggle"
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.innerText") == "Resume"
    page.clock.run_for(30_000)
    assert shown(page)[:2] == ("Step 1 of 3", "PAUSED")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.innerText") == "Pause"
    page.clock.run_for(40_000)
    page.get_by_role("heading", name="Routine finished").wait_for()
    tab_to(page, "Save to journal")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Saved").wait_for()
    [saved] = sessions(page)
    assert saved["completed"] is True and saved["steps_completed"] == 3


def test_leaving_pauses_and_another_routine_waits_for_the_unfinished_one(live_server, page):
    open_player(page, live_server)
    start(page)
    page.clock.run_for(3_000)
    page.goto(live_server.url + "/#/play/daily-lower-back")
    page.get_by_role("heading", name="Unfinished practice").wait_for()
    assert running_state(page)["clock"]["running"] is False
    page.clock.run_for(60_000)
    page.get_by_role("link", name="Go to “Three steps”").click()
    page.wait_for_selector("#countdown")
    assert shown(page) == ("Step 1 of 3", "PAUSED", A, "On the midline", "0:07")

    page.goto(live_server.url + "/#/play/daily-lower-back")
    page.get_by_text("Don't save this practice").click()
    page.get_by_role("button", name="Discard it").click()
    page.get_by_role("button", name="Start", exact=True).wait_for()
    assert running_state(page) is None
    assert sessions(page) == []


def test_running_and_after_screens_have_no_axe_violations(live_server, page):
    open_player(page, live_server, breathing=True)
    start(page)
    page.clock.resume()  # axe needs time to flow
    assert violations(page) == []
    page.locator("#toggle").click()
    assert violations(page) == []
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("heading", name="Practice stopped").wait_for()
    assert violations(page) == []


# A slow phone: the main thread is busy for 2.5 s as the session is first saved.
SLOW_FIRST_SAVE = """
const put = IDBObjectStore.prototype.put;
IDBObjectStore.prototype.put = function (value, ...rest) {
  if (value?.key === 'running-session' && !window.__slowed) {
    window.__slowed = true;
    const until = performance.now() + 2500;
    while (performance.now() < until) { /* busy */ }
  }
  return put.call(this, value, ...rest);
};
"""


def test_the_first_cue_plays_however_slowly_the_phone_starts(live_server, page):
    """Cues missed in the background are not replayed, but the first one, right after Start, is
    never missed: on a slow phone the first step may be drawn seconds after the tap."""
    page.add_init_script(OBSERVE)
    page.add_init_script(SLOW_FIRST_SAVE)
    open_app(page, live_server, "#/about")
    save_routine(page, THREE_STEPS)
    update_settings(page, speech=True)
    page.goto(f"{live_server.url}/#/play/{ROUTINE_ID}")
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector("#countdown")
    said = wait_until(page, "() => window.__cues.filter((c) => c.say).map((c) => c.say)")
    assert page.evaluate("window.__slowed") is True
    assert said[0].startswith(f"Press {A}")


def test_an_audio_device_that_fails_silences_only_the_tones(live_server, page):
    """Tones that cannot play (the audio device gone) leave the spoken cues and the timer alone."""
    page.add_init_script(
        "AudioContext.prototype.createOscillator = function () {"
        " throw new DOMException('the audio device is gone', 'InvalidStateError'); };"
    )
    open_player(page, live_server, speech=True, sound=True)
    start(page)
    page.clock.run_for(12_000)  # into the rest after the first press
    said = [c["say"] for c in page.evaluate("window.__cues") if "say" in c]
    assert said[0].startswith(f"Press {A}") and said[1].startswith("Release. Rest.")
    assert page.inner_text("#phase").strip().lower().startswith("rest")
