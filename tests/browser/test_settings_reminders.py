"""Settings → Reminders in Chromium on a real server: turning reminders on always ends (within
its bound, with words beside the button), the schedule is kept on the device and shown offline,
and no retry or offline save can make a second schedule."""

import json

import pytest

from server.db import db
from server.reminders.models import Schedule
from tests.browser.conftest import goto_view, open_app, wait_until, wait_until_offline_ready

pytestmark = pytest.mark.browser

SUBSCRIBE_BOUND_S = 10  # lib/push.js LIMIT_MS.subscribe


def schedules_on_server(live_server) -> list[Schedule]:
    with live_server.app.app_context():
        return list(db.session.scalars(db.select(Schedule)))


def beside(page, control: str, message: str) -> float:
    """The gap in px between the bottom of `control` and the top of `message` (both visible)."""
    top = page.locator(message).bounding_box()["y"]
    box = page.locator(control).bounding_box()
    return top - (box["y"] + box["height"])


def save_schedule(page, time: str, days_off=()) -> None:
    page.get_by_label("Time", exact=True).fill(time)
    for day in days_off:
        page.locator(f"input[name='day'][value='{day}']").uncheck()
    page.get_by_role("button", name="Save reminder").click()


def test_a_push_service_that_never_answers_ends_the_set_up_with_words_beside_the_button(
    persistent_phone, live_server
):
    # A real profile: there Chromium's subscribe() waits for a push service it cannot reach.
    context = persistent_phone
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    open_app(page, live_server, "#/settings")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    button = page.get_by_role("button", name="Turn on reminders")
    button_row = "#push-buttons"
    before = page.locator(button_row).bounding_box()
    button.click()
    page.wait_for_selector("#push-result .progress[data-step='subscribe']")
    assert "Step 2 of 4" in page.locator("#push-result").inner_text()
    # pushManager.subscribe() never resolves in this Chromium: the step ends at its bound.
    alert = page.wait_for_selector(
        "#push-result [role='alert']", timeout=(SUBSCRIBE_BOUND_S + 5) * 1000
    )
    assert f"did not answer within {SUBSCRIBE_BOUND_S} seconds" in alert.inner_text()
    assert "calendar" in alert.inner_text()
    assert page.locator(button_row).bounding_box()["y"] == pytest.approx(before["y"], abs=2)
    assert 0 <= beside(page, button_row, "#push-result [role='alert']") < 40
    assert page.get_by_role("button", name="Try again").first.is_visible()
    # Reopening Settings says where it stands.
    goto_view(page, live_server, "#/")
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector("#push-area[data-push-state='waiting']")
    assert "Waiting for the push service" in page.locator("#push-status").inner_text()
    assert schedules_on_server(live_server) == []


def test_a_refused_permission_is_said_beside_the_button(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_app(page, live_server, "#/settings")
    page.evaluate("() => { Notification.requestPermission = async () => 'denied'; }")
    page.get_by_role("button", name="Turn on reminders").click()
    alert = page.wait_for_selector("#push-result [role='alert']", timeout=5000)
    assert "not on" in alert.inner_text() or "not allowed" in alert.inner_text()
    assert 0 <= beside(page, "#push-buttons", "#push-result [role='alert']") < 40
    assert page.locator("#calendar-area").get_by_role("button").count() >= 1
    context.close()


def test_settings_offline_shows_the_saved_schedule(phone, live_server):
    page = phone.new_page()
    open_app(page, live_server, "#/settings")
    wait_until_offline_ready(page)
    save_schedule(page, "19:30", days_off=["sun"])
    page.wait_for_function(
        "() => document.querySelector('#schedule-state').textContent.startsWith('Saved.')"
    )
    phone.set_offline(True)
    page.reload()
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector("#schedule-state:has-text('copy saved on this phone')")
    assert page.get_by_label("Time", exact=True).input_value() == "19:30"
    checked = page.eval_on_selector_all(
        "input[name='day']:checked", "(boxes) => boxes.map((b) => b.value)"
    )
    assert checked == ["mon", "tue", "wed", "thu", "fri", "sat"]


def test_an_offline_edit_and_two_reconnects_leave_one_schedule(phone, live_server):
    page = phone.new_page()
    open_app(page, live_server, "#/settings")
    wait_until_offline_ready(page)
    phone.set_offline(True)
    save_schedule(page, "19:30")
    page.wait_for_selector("#schedule-state:has-text('Saved on this phone')")
    phone.set_offline(False)
    wait_until(page, "() => true")
    for _ in range(100):
        if schedules_on_server(live_server):
            break
        page.wait_for_timeout(100)
    phone.set_offline(True)
    save_schedule(page, "20:15")
    page.wait_for_selector("#schedule-state:has-text('Saved on this phone')")
    phone.set_offline(False)
    for _ in range(100):
        found = schedules_on_server(live_server)
        if found and found[0].times == ["20:15"]:
            break
        page.wait_for_timeout(100)
    page.reload()  # a second start sends nothing new: the copy is no longer waiting
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector("#schedule-state:has-text('Saved.')")
    found = schedules_on_server(live_server)
    assert len(found) == 1 and found[0].times == ["20:15"]
    local = page.evaluate("() => import('/js/lib/reminders.js').then((m) => m.localSchedule())")
    assert local["pending"] is False and local["schedule"]["id"] == found[0].public_id


def test_a_listing_error_is_shown_not_swallowed(phone, live_server):
    page = phone.new_page()
    open_app(page, live_server, "#/settings")
    save_schedule(page, "06:45")
    page.wait_for_selector("#schedule-state:has-text('Saved.')")
    page.route(
        "**/api/reminders/schedules",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body=json.dumps({"error": {"code": "down", "message": "The server is busy."}}),
        ),
    )
    goto_view(page, live_server, "#/")
    goto_view(page, live_server, "#/settings")
    state = page.wait_for_selector("#schedule-state:has-text('The server is busy')")
    assert "copy saved on this phone" in state.inner_text()
    assert page.get_by_label("Time", exact=True).input_value() == "06:45"
    page.get_by_role("button", name="Save reminder").click()  # saving again: still one
    page.unroute("**/api/reminders/schedules")
    assert len(schedules_on_server(live_server)) == 1
