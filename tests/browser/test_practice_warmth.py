"""Warmth (issue 12): a first open with one clear action and three steps; a finish screen with the
person's own numbers in kind words; Home that knows today (not yet, in progress, done); cautions
that show they open. Checked with axe, light and dark, and kept as screenshots."""

import pytest

from tests.browser.conftest import goto_view
from tests.browser.practice import (
    T0,
    big_text,
    broken_words,
    engine_name,  # noqa: F401 (a fixture)
    open_clear,
    overflowing,
    phone_context,
    shot,
    start_routine,
)
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

PRIMARY = """() => [...document.querySelectorAll('main .button.primary, main button.primary')]
  .filter((el) => el.getClientRects().length && !el.closest('[hidden], details:not([open])'))
  .map((el) => el.textContent.trim())"""


def test_first_open_has_one_clear_action_and_three_steps(phone, live_server):
    page = phone.new_page()
    page.clock.install(time=T0)
    goto_view(page, live_server, "#/")
    welcome = page.get_by_role("region", name="Welcome: three steps to start")
    assert welcome.locator("ol > li").count() == 3
    steps = welcome.locator("ol > li strong").all_inner_texts()
    assert steps == ["A short safety check", "Your first routine", "A daily reminder"]
    assert page.evaluate(PRIMARY) == ["Start with the safety check"]
    assert page.get_by_role("link", name="Start with the safety check").get_attribute("href") == (
        "#/check"
    )
    page.clock.resume()
    assert violations(page) == []
    shot(page, "home-first-open-390")


def test_home_knows_today_from_not_yet_to_in_progress_to_done(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/")
    assert page.locator("[data-today]").get_attribute("data-today") == "not-yet"
    assert page.evaluate(PRIMARY) == ["Start"]
    start_routine(page, live_server, "desk-hands", pain=6)
    page.clock.run_for(30_000)
    page.get_by_role("link", name="Leave").click()
    page.get_by_role("heading", name="Today", exact=True).wait_for()
    assert page.locator("[data-today]").get_attribute("data-today") == "in-progress"
    assert page.evaluate(PRIMARY) == ["Resume or save it"]
    page.get_by_role("link", name="Resume or save it").click()
    page.locator("#toggle").click()  # resume
    page.clock.run_for(400_000)

    page.get_by_role("heading", name="Routine finished").wait_for()
    assert "6 minutes of steady pressing, 3 points" in page.inner_text("#effort")
    assert page.inner_text("#pain-change") == "Before you started: 6 of 10."
    page.locator('input[name="pain-after"][value="3"]').check(force=True)
    assert page.inner_text("#pain-change").startswith("6 → 3: 3 points lower than before.")
    page.get_by_label("Note").fill("Easier at the desk.")
    page.clock.resume()
    assert violations(page) == []
    shot(page, "finish-390")
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved to your journal").wait_for()
    assert page.inner_text("#streak").startswith("A good start")
    assert page.get_by_role("region", name="What next").get_by_role("link").count() == 2
    assert violations(page) == []
    shot(page, "saved-390")
    page.get_by_role("link", name="Done", exact=True).click()

    done = page.get_by_role("region", name="Done for today")
    done.wait_for()
    assert page.locator("[data-today]").get_attribute("data-today") == "done"
    assert "your pain went from 6 to 3" in done.inner_text()
    assert "Tomorrow" in done.inner_text()
    assert violations(page) == []
    shot(page, "home-done-390")


def test_cautions_show_that_they_open(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/routine/daily-lower-back")
    for view in ["#/routine/daily-lower-back", "#/play/daily-lower-back"]:
        goto_view(page, live_server, view)
        summary = page.locator("details.cautions > summary")
        marker = "(el) => getComputedStyle(el, '::before').transform"
        closed = summary.evaluate(marker)
        assert closed != "none"
        summary.click()
        assert page.locator("details.cautions").get_attribute("open") == ""
        assert summary.evaluate(marker) != closed
        assert "broken, bruised" in page.inner_text("details.cautions")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_finish_and_home_at_320_px_and_200_percent(browser, live_server, scheme):
    context = phone_context(browser, "320x568", scheme)
    page = context.new_page()
    start_routine(page, live_server, "desk-hands", pain=4)
    page.get_by_role("button", name="Stop").click()
    page.get_by_role("heading", name="Practice stopped").wait_for()
    problems = {}
    for state in ["stopped", "saved", "home"]:
        if state == "saved":
            page.get_by_role("button", name="Save to journal").click()
            page.get_by_role("heading", name="Saved to your journal").wait_for()
        if state == "home":
            page.get_by_role("link", name="Done", exact=True).click()
            page.get_by_role("heading", name="Today", exact=True).wait_for()
        shot(page, f"{state}-320-{scheme}")
        big_text(page)
        found = overflowing(page) + broken_words(page)
        if found:
            problems[state] = found
        shot(page, f"{state}-320-{scheme}-200pc")
        page.evaluate("() => { document.documentElement.style.fontSize = ''; }")
    context.close()
    assert problems == {}
