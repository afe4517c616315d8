"""The focused player (issue 12): one screen that holds while a routine runs, at every phone size,
light and dark, and at 200 % text; press and rest told apart in words; the figure turned to the
step's side; Stop undone; the header and tab bar out of the way."""

import pytest

from tests.browser.practice import (
    PHONES,
    PRESETS,
    big_text,
    broken_words,
    engine_name,  # noqa: F401 (a fixture)
    inside,
    open_clear,
    overflowing,
    phone_context,
    shot,
    start_routine,
    wait_for_figure,
)
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

MARKER = "#figure .marker.current .site:not(.faint) circle.dot"


def current_step(page) -> tuple[str, str]:
    return page.inner_text("#point-name .code"), page.get_attribute("#side", "data-side")


def walk_steps(page, name: str) -> list[str]:
    """Skip through every step; at each, the marker and the countdown must be on screen.
    Returns what was not, and leaves screenshots of the first two steps."""
    problems = []
    total = int(page.inner_text("#step-count").split()[-1])
    for index in range(total):
        code, side = current_step(page)
        wait_for_figure(page, code, side)
        for what in (MARKER, "#countdown", "#toggle"):
            if not inside(page, what):
                problems.append(f"step {index + 1} {code} {side}: {what} off screen")
        if index < 2:
            shot(page, f"{name}-step{index + 1}")
        if index + 1 < total:
            page.get_by_role("button", name="Skip").click()
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", list(PHONES))
def test_every_step_of_every_preset_shows_marker_and_countdown(browser, live_server, size, scheme):
    context = phone_context(browser, size, scheme)
    page = context.new_page()
    problems = []
    for routine in PRESETS:
        start_routine(page, live_server, routine)
        problems += walk_steps(page, f"{routine}-{size}-{scheme}")
        problems += [f"{routine}: {w}" for w in overflowing(page)]
        problems += [f"{routine}: broken {w}" for w in broken_words(page)]
    context.close()
    assert problems == []


@pytest.mark.parametrize("size", ["360x640", "320x568"])
def test_at_200_percent_text_the_marker_and_countdown_stay_on_screen(browser, live_server, size):
    context = phone_context(browser, size, "dark" if size == "320x568" else "light")
    page = context.new_page()
    problems = []
    for routine in PRESETS:
        start_routine(page, live_server, routine)
        big_text(page)
        code, side = current_step(page)
        wait_for_figure(page, code, side)
        shot(page, f"{routine}-{size}-200pc")
        for what in (MARKER, "#countdown"):
            if not inside(page, what):
                problems.append(f"{routine} {code}: {what} off screen")
        problems += [f"{routine}: {w}" for w in overflowing(page)]
        problems += [f"{routine}: broken {w}" for w in broken_words(page)]
    context.close()
    assert problems == []


def test_press_and_rest_differ_in_words_and_look(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "desk-hands")
    player = page.locator(".player")
    assert player.get_attribute("data-phase") == "press"
    assert page.inner_text("#phase") == "PRESS"
    pressing = page.evaluate("getComputedStyle(document.querySelector('.player')).backgroundColor")
    page.clock.run_for(60_000)  # the first hold is a minute; then the rest
    assert player.get_attribute("data-phase") == "rest"
    assert page.inner_text("#phase").startswith("REST")
    resting = page.evaluate("getComputedStyle(document.querySelector('.player')).backgroundColor")
    assert resting != pressing
    shot(page, "desk-hands-rest-390")
    page.locator("#toggle").click()
    assert player.get_attribute("data-phase") == "paused"
    assert page.inner_text("#phase") == "PAUSED"


def test_a_left_step_shows_the_left_hand_and_says_so(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "desk-hands")
    assert current_step(page) == ("EX-UE7", "left")
    wait_for_figure(page, "EX-UE7", "left")
    figure = page.locator("#figure figure")
    assert figure.get_attribute("data-mirrored") == "true"
    assert figure.locator("figcaption").inner_text() == "Your left hand, back view"
    assert "left hand" in figure.locator("svg.body title").text_content()
    assert page.inner_text("#side") == "Left side"
    page.get_by_role("button", name="Skip").click()
    wait_for_figure(page, "EX-UE7", "right")
    assert figure.get_attribute("data-mirrored") == "false"
    assert figure.locator("figcaption").inner_text() == "Your right hand, back view"
    assert page.inner_text("#side") == "Right side"


def test_a_left_step_on_the_back_marks_the_left_side(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "sciatica")
    page.get_by_role("button", name="Skip").click()
    assert current_step(page) == ("BL54", "left")
    wait_for_figure(page, "BL54", "left")
    caption = page.inner_text("#figure figcaption")
    assert caption == "Your back from behind: left side"
    # Seen from behind, the person's left is on the viewer's left: the bright site left of centre.
    xs = page.evaluate(
        """() => [...document.querySelectorAll('#figure .marker.current .site')].map((s) =>
          [s.classList.contains('faint'), Number(s.querySelector('.dot').getAttribute('cx'))])"""
    )
    assert sorted(xs) == [[False, 140], [True, 260]]


def test_both_sides_at_once_marks_both(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "daily-lower-back")
    wait_for_figure(page, "BL23", "both")
    assert page.locator("#figure .marker.current .site:not(.faint)").count() == 2
    assert page.inner_text("#figure figcaption") == "Your back from behind: both sides"


def test_the_session_has_the_screen_and_leave_pauses_it(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "daily-lower-back")
    assert page.locator("header.app-header").is_hidden() and page.locator("nav.tabbar").is_hidden()
    assert page.evaluate("document.documentElement.scrollHeight <= innerHeight")
    page.get_by_role("link", name="Leave").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.locator("nav.tabbar").is_visible()
    page.get_by_role("link", name="Resume or save it").click()
    page.wait_for_selector("#countdown")
    assert page.inner_text("#phase") == "PAUSED"


def test_stop_can_be_undone(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "daily-lower-back")
    page.clock.run_for(30_000)
    remaining = page.inner_text("#countdown")
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("heading", name="Practice stopped").wait_for()
    shot(page, "stopped-390")
    page.get_by_role("button", name="Carry on where I stopped").click()
    page.wait_for_selector("#countdown")
    assert (page.inner_text("#phase"), page.inner_text("#countdown")) == ("PRESS", remaining)
    page.clock.run_for(1_000)
    assert page.inner_text("#countdown") != remaining


def test_nothing_moves_under_the_controls(phone, live_server):
    page = phone.new_page()
    start_routine(page, live_server, "sciatica")
    boxes = []
    for _ in range(3):
        boxes.append(page.locator("#toggle").bounding_box())
        page.clock.run_for(90_000)  # through press, rest and the next press
    page.locator("#toggle").click()
    boxes.append(page.locator("#toggle").bounding_box())
    assert all(box == boxes[0] for box in boxes)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_running_states_have_no_axe_violations(browser, live_server, scheme):
    context = phone_context(browser, "360x640", scheme)
    page = context.new_page()
    open_clear(page, live_server, "#/play/desk-hands")
    page.clock.resume()  # axe needs time to flow
    assert violations(page) == []
    page.get_by_role("button", name="Start", exact=True).click()
    wait_for_figure(page, "EX-UE7", "left")
    found = {"press": violations(page)}
    page.clock.fast_forward(60_000)
    page.wait_for_selector('.player[data-phase="rest"]')
    found["rest"] = violations(page)
    page.locator("#toggle").click()
    found["paused"] = violations(page)
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("heading", name="Practice stopped").wait_for()
    found["stopped"] = violations(page)
    context.close()
    assert found == {"press": [], "rest": [], "paused": [], "stopped": []}


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_the_marker_pulses_gently_and_holds_still_for_reduced_motion(browser, live_server, motion):
    context = phone_context(browser, "390x844", reduced_motion=motion)
    page = context.new_page()
    start_routine(page, live_server, "desk-hands")
    wait_for_figure(page, "EX-UE7", "left")
    halo = page.locator("#figure .marker.current .site:not(.faint) .halo").first
    animation = halo.evaluate("(el) => getComputedStyle(el).animationName")
    assert animation == ("none" if motion == "reduce" else "marker-pulse")
    assert float(halo.evaluate("(el) => getComputedStyle(el).opacity")) > 0.4
    context.close()
