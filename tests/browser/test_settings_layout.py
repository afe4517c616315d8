"""Settings in each reminders state and the data sections fit a small phone in dark mode at
double text size (no sideways scrolling); screenshots go to test-artifacts/ to be looked at."""

import pytest

from tests.browser.conftest import goto_view, open_app, set_meta
from tests.conftest import save_artifact

pytestmark = pytest.mark.browser

# Each state, and the script (run before the app) that puts the browser in it.
STATES = {
    "off": "",
    "unsupported": "delete window.PushManager;",
    "blocked": "Object.defineProperty(Notification, 'permission', {get: () => 'denied'});",
    "waiting": "",
    "on": "Object.defineProperty(Notification, 'permission', {get: () => 'granted'});",
}


def no_sideways_scroll(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def shoot(page, name: str, selector: str) -> None:
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
    page.locator(selector).evaluate("(el) => el.scrollIntoView({block: 'start'})")
    page.screenshot(path=save_artifact(f"settings-{name}.png"))
    assert no_sideways_scroll(page) <= 0, name


@pytest.mark.parametrize("width, height", [(390, 844), (320, 568)])
@pytest.mark.parametrize("state", list(STATES))
def test_reminders_states_fit_a_small_phone(browser, live_server, state, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", color_scheme="dark"
    )
    context.add_init_script(STATES[state])
    page = context.new_page()
    open_app(page, live_server, "#/")
    if state in ("waiting", "on"):
        set_meta(page, "push-state", state)
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector(f"#push-area[data-push-state='{state}']")
    shoot(page, f"reminders-{state}-{width}", "#reminders-h")
    context.close()


@pytest.mark.parametrize("width, height", [(390, 844), (320, 568)])
def test_failures_and_confirmations_fit_a_small_phone(browser, live_server, width, height):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", color_scheme="dark"
    )
    page = context.new_page()
    open_app(page, live_server, "#/settings")
    page.evaluate("() => { Notification.requestPermission = async () => 'default'; }")
    page.get_by_role("button", name="Turn on reminders").click()
    page.wait_for_selector("#push-result [role='alert']")
    shoot(page, f"reminders-failed-{width}", "#reminders-h")
    context.set_offline(True)
    page.get_by_role("button", name="Save reminder").click()
    page.wait_for_selector("#schedule-state:has-text('Saved on this phone')")
    shoot(page, f"schedule-offline-{width}", "#schedule-form fieldset")
    page.get_by_role("button", name="Delete everything").click()
    page.wait_for_selector("#delete-confirm")
    shoot(page, f"storage-delete-{width}", "#storage-h")
    context.close()


# Every layout shift on the page from here on, as the browser reports it.
WATCH_SHIFTS = """() => {
  window.shifts = [];
  new PerformanceObserver((list) => list.getEntries().forEach((shift) => {
    if (!shift.hadRecentInput) window.shifts.push(shift.value);
  })).observe({ type: 'layout-shift' });
}"""


def settles_without_moving(page, live_server) -> float:
    """Open Settings with every API answer 600 ms late; the sum of its layout shifts after."""
    page.route("**/api/**", lambda route: (page.wait_for_timeout(600), route.continue_()))
    goto_view(page, live_server, "#/")
    page.evaluate(WATCH_SHIFTS)
    page.evaluate("() => { location.hash = '#/settings'; }")
    page.wait_for_selector("main[data-rendered='#/settings']")
    assert page.locator("#push-area").count() == 1  # the reminder card is whole at once
    page.get_by_label("Time", exact=True).focus()  # a thumb already on the reminder's time
    page.wait_for_timeout(2500)  # every late answer is in
    assert page.evaluate("document.activeElement.id") == "reminder-time"  # not drawn anew
    return page.evaluate("window.shifts.reduce((sum, value) => sum + value, 0)")


def test_settings_holds_still_while_it_fills_in(phone, live_server):
    """A thumb reaching for the reminder's time must not see the card jump: Settings appears
    once, whole, from what this phone knows, and the server's slower word changes it in place.
    (Reminders on: tests/browser/test_push.py.)"""
    page = phone.new_page()
    open_app(page, live_server, "#/settings")
    page.get_by_role("button", name="Save reminder").click()  # an account, a schedule on the server
    page.wait_for_selector("#schedule-state:has-text('Saved.')")
    assert settles_without_moving(page, live_server) < 0.01
