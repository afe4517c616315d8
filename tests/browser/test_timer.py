"""lib/timer.js in a real Chromium: plans, the clock, skip/back, credit, drift under late timers."""

import pytest

from tests.browser.test_player import A, B, open_player, start

pytestmark = pytest.mark.browser


@pytest.fixture
def timer(live_server, page):
    """Run a function body in the page with the module imported as the app does, bound to `t`."""
    page.goto(live_server.url + "/#/about")
    page.wait_for_selector("main h1")

    def run(body, args=None):
        return page.evaluate(
            f"async (args) => {{ const t = await import('/js/lib/timer.js'); {body} }}", args
        )

    return run


def test_plan_has_a_press_per_step_and_rest_between(timer):
    plan = timer(
        "return t.buildPlan([{seconds: 10}, {seconds: 20}, {seconds: 15}], 5);",
    )
    phases = [(p["kind"], p["step"], p["start"], p["end"]) for p in plan["phases"]]
    assert phases == [
        ("press", 0, 0, 10_000),
        ("rest", 1, 10_000, 15_000),
        ("press", 1, 15_000, 35_000),
        ("rest", 2, 35_000, 40_000),
        ("press", 2, 40_000, 55_000),
    ]
    assert plan["total"] == 55_000
    no_rest = timer("return t.buildPlan([{seconds: 10}, {seconds: 20}], 0);")
    assert [p["kind"] for p in no_rest["phases"]] == ["press", "press"]


@pytest.mark.parametrize(
    ("ms", "index", "remaining", "done"),
    [
        (0, 0, 10_000, False),
        (9_999, 0, 1, False),
        (10_000, 1, 5_000, False),
        (15_000, 2, 20_000, False),
        (54_999, 4, 1, False),
        (55_000, 4, 0, True),
        (99_000, 4, 0, True),
    ],
)
def test_locate_answers_for_any_moment(timer, ms, index, remaining, done):
    where = timer(
        "const plan = t.buildPlan([{seconds: 10}, {seconds: 20}, {seconds: 15}], 5);"
        "return t.locate(plan, args);",
        ms,
    )
    assert (where["index"], where["remaining"], where["done"]) == (index, remaining, done)


def test_pause_holds_the_clock_and_resume_continues_from_the_same_point(timer):
    result = timer(
        """
        let clock = t.startClock(1000);
        const before = t.elapsed(clock, 8000);
        clock = t.pauseClock(clock, 8000);
        const whilePaused = t.elapsed(clock, 68000);
        clock = t.resumeClock(clock, 68000);
        return [before, whilePaused, t.elapsed(clock, 70500)];
        """
    )
    assert result == [7000, 7000, 9500]


def test_skip_and_back_land_on_step_starts(timer):
    result = timer(
        """
        const plan = t.buildPlan([{seconds: 10}, {seconds: 20}, {seconds: 15}], 5);
        return {
          skipFromPress: t.skipTarget(plan, 3000),
          skipFromRest: t.skipTarget(plan, 12000),
          skipFromLast: t.skipTarget(plan, 41000),
          backEarly: t.backTarget(plan, 16000),
          backLate: t.backTarget(plan, 25000),
          backFromRest: t.backTarget(plan, 12000),
          backFromFirst: t.backTarget(plan, 1000),
        };
        """
    )
    assert result == {
        "skipFromPress": 15_000,
        "skipFromRest": 15_000,
        "skipFromLast": 55_000,
        "backEarly": 0,
        "backLate": 15_000,
        "backFromRest": 0,
        "backFromFirst": 0,
    }


def test_credit_counts_each_press_once_and_nothing_for_skipped_time(timer):
    result = timer(
        """
        const plan = t.buildPlan([{seconds: 10}, {seconds: 20}, {seconds: 15}], 5);
        let pressed = t.credit(plan, [0, 0, 0], 0, 20000);   // step 0 whole, 5 s of step 1
        pressed = t.credit(plan, pressed, 15000, 25000);     // went back: step 1 again, to 10 s
        pressed = t.credit(plan, pressed, 40000, 41000);     // skipped to step 2, pressed 1 s
        return pressed;
        """
    )
    assert result == [10_000, 10_000, 1_000]


def test_breathing_and_halfway_cues_follow_the_press(timer):
    result = timer(
        """
        const long = {kind: 'press', start: 0, end: 180000};
        const short = {kind: 'press', start: 0, end: 45000};
        const rest = {kind: 'rest', start: 0, end: 90000};
        return [t.breathHalf(0), t.breathHalf(4999), t.breathHalf(5000), t.breathHalf(10000),
                t.midHoldAt(long), t.midHoldAt(short), t.midHoldAt(rest)];
        """
    )
    assert result == ["in", "in", "out", "in", 90_000, None, None]


# Ten minutes of steps, each timer firing up to 200 ms late, as throttled timers do. The app
# derives every step change from the deadline; a ticker that counts seconds drifts by the sum
# of all the lateness (computed alongside to show the lateness is real).
DRIFT = """
const steps = [60, 60, 180, 120, 90, 45].map((seconds) => ({seconds}));
const plan = t.buildPlan(steps, 10);
let seed = 42;
const late = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return (seed / 2147483648) * 200;
};
const clock = t.startClock(0);
let now = 0, shown = -1, ticks = 0, naiveDrift = 0;
const changes = [];
for (;;) {
  const where = t.locate(plan, t.elapsed(clock, now));
  if (where.index !== shown || where.done) {
    const due = where.done ? plan.total : where.phase.start;
    changes.push({index: where.done ? 'end' : where.index, drift: now - due});
    shown = where.index;
  }
  if (where.done) break;
  const wait = t.untilNextSecond(where.remaining);
  const delay = late();
  now += wait + delay;
  ticks += 1;
  naiveDrift += delay;
}
return {total: plan.total, phases: plan.phases.length, changes, ticks, naiveDrift};
"""


def test_step_changes_stay_within_250_ms_over_ten_minutes_of_late_timers(timer):
    result = timer(DRIFT)
    assert result["total"] >= 600_000
    assert [c["index"] for c in result["changes"]] == [*range(result["phases"]), "end"]
    drifts = [c["drift"] for c in result["changes"]]
    assert max(drifts) < 250, drifts
    assert min(drifts) >= 0
    assert result["naiveDrift"] > 10_000, "the simulated lateness would make a counting timer drift"


# Every timer the page sets fires up to 200 ms late; after each one, note what the player shows.
LATE_TIMERS = """() => {
  const setTimer = window.setTimeout;
  let seed = 7;
  let last = null;
  window.__changes = [];
  const note = () => {
    const text = (id) => document.getElementById(id)?.textContent;
    const key = `${text('step-count')} / ${text('phase')}`;
    if (key !== last) window.__changes.push({key, at: Date.now()});
    last = key;
  };
  window.setTimeout = (fn, ms = 0, ...rest) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return setTimer(() => { fn(...rest); note(); }, ms + (seed / 2147483648) * 200);
  };
  note();
}"""


def test_the_player_changes_steps_within_250_ms_over_ten_minutes_of_late_timers(live_server, page):
    seconds = [60, 60, 180, 120, 90, 45]
    routine = {
        "title": "Ten minutes",
        "steps": [
            {"point": A if i % 2 else B, "side": "center", "seconds": s}
            for i, s in enumerate(seconds)
        ],
        "rest_seconds": 10,
    }
    open_player(page, live_server, routine)
    start(page)
    started = page.evaluate("Date.now()")
    page.evaluate(LATE_TIMERS)
    page.clock.run_for(sum(seconds) * 1000 + 50_000 - 1)

    expected, t = [], 0
    for i, s in enumerate(seconds):
        if i:
            expected.append((f"Step {i + 1} of 6 / Rest — get ready for", t))
            t += 10_000
        expected.append((f"Step {i + 1} of 6 / Press", t))
        t += s * 1000
    changes = page.evaluate("window.__changes")
    assert [c["key"] for c in changes] == [key for key, _ in expected]
    drifts = [c["at"] - started - due for c, (_, due) in zip(changes, expected, strict=True)]
    assert 0 <= min(drifts) and max(drifts) < 250, drifts
