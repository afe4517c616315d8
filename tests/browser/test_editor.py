"""The routine editor in a real Chromium: create, validate, reorder by keyboard, run, delete."""

import pytest

from server.journal.records import CustomRoutine as Routine
from tests.browser.conftest import idb_all, open_app
from tests.browser.test_accessibility import violations
from tests.browser.test_player import A, B, caution_in_pregnancy, sessions

pytestmark = pytest.mark.browser


def routines(page):
    return [r for r in idb_all(page, "records") if r["kind"] == "routine" and not r["deleted"]]


def new_routine(page, live_server):
    open_app(page, live_server, "#/routines")
    page.get_by_role("link", name="Create a routine").click()
    page.get_by_role("heading", name="New routine").wait_for()


def add(page, code):
    page.select_option("#add-point", code)
    page.get_by_role("button", name="Add point").click()


def save(page):
    page.get_by_role("button", name="Save routine").click()


def step_codes(page):
    return page.locator(".editor-step .editor-step-head .code").all_inner_texts()


def test_a_custom_routine_can_be_created_run_and_deleted(live_server, page):
    new_routine(page, live_server)
    page.get_by_label("Name").fill("Evening")
    add(page, A)
    add(page, B)
    page.select_option("#step-1-side", "each")
    page.fill("#step-0-seconds", "20")
    page.fill("#routine-rest", "5")
    page.get_by_role("button", name=f"Move up {B} (step 2)").click()
    assert step_codes(page) == [B, A]
    save(page)
    page.get_by_role("heading", name="Evening", exact=True).wait_for()

    [record] = routines(page)
    data = record["data"]
    assert {k: v for k, v in data.items() if k != "modified_at"} == {
        "title": "Evening",
        "steps": [
            {"point": B, "side": "each", "seconds": data["steps"][0]["seconds"]},
            {"point": A, "side": data["steps"][1]["side"], "seconds": 20},
        ],
        "rest_seconds": 5,
    }
    Routine.model_validate(data)  # exactly the shape the server syncs

    page.clock.install()
    page.get_by_role("link", name="Start", exact=True).click()
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector("#countdown")
    assert page.inner_text("#point-name .code") == B
    assert page.inner_text("#side") == "Left side"
    page.clock.run_for(sum(s["seconds"] for s in data["steps"]) * 2000 + 60_000)
    page.get_by_role("button", name="Save to journal").click()
    page.get_by_role("heading", name="Saved").wait_for()
    [session] = sessions(page)
    assert session["routine_id"] == record["id"] and session["routine_title"] == "Evening"
    assert session["steps_total"] == 3 and session["points"] == [B, A]

    page.goto(f"{live_server.url}/#/edit/{record['id']}")
    page.get_by_role("heading", name="Edit routine").wait_for()
    page.get_by_text("Delete this routine").click()
    page.get_by_role("button", name="Delete “Evening”").click()
    page.get_by_role("heading", name="Routines", exact=True).wait_for()
    assert "Evening" not in page.inner_text("main")
    assert routines(page) == []
    assert len(sessions(page)) == 1, "the journal keeps the practice"


def test_editing_keeps_the_id_and_saves_the_change(live_server, page):
    new_routine(page, live_server)
    page.get_by_label("Name").fill("Morning")
    add(page, A)
    save(page)
    page.get_by_role("heading", name="Morning", exact=True).wait_for()
    [before] = routines(page)
    page.get_by_role("link", name="Edit").click()
    page.get_by_role("heading", name="Edit routine").wait_for()
    assert page.get_by_label("Name").input_value() == "Morning"
    page.get_by_label("Name").fill("Morning stretch")
    page.get_by_role("button", name=f"Remove {A} (step 1)").click()
    add(page, B)
    save(page)
    page.get_by_role("heading", name="Morning stretch").wait_for()
    [after] = routines(page)
    assert after["id"] == before["id"]
    assert [s["point"] for s in after["data"]["steps"]] == [B]


def test_limits_are_enforced_with_clear_messages(live_server, page):
    new_routine(page, live_server)
    save(page)
    summary = page.get_by_role("alert")
    assert "Give the routine a name." in summary.inner_text()
    assert "Add at least one point." in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "routine-title"
    assert page.get_attribute("#routine-title", "aria-invalid") == "true"

    page.get_by_label("Name").fill("Short holds")
    add(page, A)
    page.fill("#step-0-seconds", "5")
    page.fill("#routine-rest", "121")
    save(page)
    text = summary.inner_text()
    assert f"Step 1 ({A}): seconds must be a whole number from 10 to 600." in text
    assert "Rest must be a whole number of seconds from 0 to 120." in text
    assert "Give the routine a name." not in text
    assert page.get_attribute("#step-0-seconds", "aria-invalid") == "true"
    assert page.get_attribute("#routine-title", "aria-invalid") is None
    assert routines(page) == []

    page.fill("#step-0-seconds", "600")
    page.fill("#routine-rest", "0")
    save(page)
    page.get_by_role("heading", name="Short holds").wait_for()
    assert routines(page)[0]["data"]["steps"][0]["seconds"] == 600


def test_at_most_thirty_steps(live_server, page):
    new_routine(page, live_server)
    for _ in range(31):
        add(page, A)
    assert len(step_codes(page)) == 30
    assert "A routine can have at most 30 steps." in page.get_by_role("alert").inner_text()


def focused(page):
    return tuple(page.evaluate("['action', 'index'].map((k) => document.activeElement.dataset[k])"))


def test_steps_reorder_by_keyboard_and_focus_follows_the_step(live_server, page):
    new_routine(page, live_server)
    add(page, A)
    add(page, B)
    page.select_option("#step-1-side", "left")
    add(page, B)
    page.get_by_role("button", name=f"Move down {A} (step 1)").focus()
    page.keyboard.press("Enter")
    assert step_codes(page) == [B, A, B]
    assert focused(page) == ("down", "1")
    page.keyboard.press("Space")
    assert step_codes(page) == [B, B, A]
    # "Move down" is disabled at the bottom, so focus stays on the step's next control.
    assert focused(page) == ("up", "2")
    assert page.input_value("#step-0-side") == "left", "a step keeps its settings when moved"


@pytest.fixture
def b_cautioned(app_config, data_copy):
    caution_in_pregnancy(app_config, data_copy, B)


def test_points_cautioned_in_pregnancy_are_marked_when_added(b_cautioned, live_server, page):
    new_routine(page, live_server)
    assert "(pregnancy caution)" in page.locator(f'#add-point option[value="{B}"]').inner_text()
    add(page, B)
    assert "Pregnancy: left out" in page.locator(".editor-step").inner_text()
    page.wait_for_function(
        "() => document.getElementById('announcer').textContent.includes('avoided in pregnancy')"
    )


def test_editor_with_steps_and_errors_has_no_axe_violations(live_server, page):
    new_routine(page, live_server)
    add(page, A)
    add(page, B)
    page.fill("#step-1-seconds", "5")
    save(page)
    page.get_by_role("alert").wait_for()
    assert violations(page) == []
