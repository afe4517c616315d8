"""Safety screening, pregnancy mode and progress numbers in a real Chromium."""

import re

import pytest

from tests.browser.conftest import goto_view, idb_put, open_app
from tests.conftest import save_artifact

pytestmark = pytest.mark.browser


def session(day: str, offset: str, routine: str, before, after, points=("BL23",)):
    return {
        "routine_id": routine.lower().replace(" ", "-"),
        "routine_title": routine,
        "steps_total": 3,
        "steps_completed": 3,
        "seconds_pressed": 180,
        "points": list(points),
        "pain_before": before,
        "pain_after": after,
        "note": "",
        "flagged": False,
        "started_at": f"{day}T08:00:00{offset}",
        "ended_at": f"{day}T08:05:00{offset}",
        "completed": True,
        "modified_at": f"{day}T08:05:00{offset}",
    }


# Europe/London leaves summer time on Sunday 25 October 2026. A five-day run crosses it,
# 28 October is skipped, then two more days: current streak 2, longest 5.
SEEDED = [
    session("2026-10-23", "+01:00", "Daily lower back", 6, 3, ("BL23", "GV4")),
    session("2026-10-24", "+01:00", "Daily lower back", 5, 4, ("BL23",)),
    session("2026-10-25", "+00:00", "Sciatica", 7, 7, ("GB30",)),
    session("2026-10-26", "+00:00", "Daily lower back", 4, 2, ("BL23",)),
    session("2026-10-27", "+00:00", "Sciatica", None, None, ("GB30",)),
    session("2026-10-29", "+00:00", "Sciatica", 6, 5, ("GB30",)),
    session("2026-10-30", "+00:00", "Daily lower back", 3, 3, ("BL23", "GV4")),
]


@pytest.fixture
def london(browser):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, timezone_id="Europe/London"
    )
    page = context.new_page()
    page.clock.set_fixed_time("2026-10-30T18:00:00Z")
    yield page
    context.close()


def seed_sessions(page, sessions):
    for n, data in enumerate(sessions):
        record_id = f"00000000-0000-4000-8000-{n:012d}"
        idb_put(
            page,
            "records",
            {
                "id": record_id,
                "kind": "session",
                "data": data,
                "deleted": False,
                "rev": 0,
                "dirty": 0,
                "stamp": 1,
            },
        )


def test_progress_numbers_match_a_known_journal(london, live_server):
    open_app(london, live_server)
    seed_sessions(london, SEEDED)
    london.goto(live_server.url + "/#/progress")
    london.wait_for_selector(".stat-grid")
    stats = london.locator(".stat").all_inner_texts()
    assert stats[0].startswith("2") and "day streak" in stats[0]
    assert stats[1].startswith("5") and "longest" in stats[1]
    # Monday 26 October to Friday 30 October: four practice sessions this week.
    assert stats[2].startswith("4/5")
    assert stats[3].startswith("7")
    routines = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in london.locator("table").nth(1).locator("tbody tr").all()
    }
    # Daily lower back: relief 3, 1, 2, 0 → mean 1.5 (4 sessions); Sciatica: 0, 1 → 0.5 (2).
    assert routines["Daily lower back"] == ["4", "−1.5"]
    assert routines["Sciatica"] == ["2", "−0.5"]
    points = {
        row.locator("th").inner_text().split()[0]: row.locator("td").all_inner_texts()
        for row in london.locator("table").nth(2).locator("tbody tr").all()
    }
    assert points["GV4"] == ["2", "−1.5"]
    assert points["GB30"] == ["2", "−0.5"]
    practised = london.locator(".calendar .day.done").count()
    assert practised == 7


@pytest.mark.parametrize(
    "question, expected",
    [("bladder-bowel", "Get emergency help now"), ("cancer-history", "Speak to a doctor today")],
)
def test_a_red_flag_blocks_the_routine_and_gives_advice(page, live_server, question, expected):
    open_app(page, live_server, "#/check?regions=low-back", safety_clear=False)
    page.locator('input[name="pregnant"][value="no"]').check()
    for fieldset in page.locator("#questions fieldset.question").all():
        name = fieldset.get_attribute("data-question")
        fieldset.locator(f'input[value="{"yes" if name == question else "no"}"]').check()
    page.get_by_role("button", name="See what to do").click()
    assert expected in page.locator("#check-outcome .triage").inner_text()
    goto_view(page, live_server, "#/play/daily-lower-back")
    assert page.locator("h1").inner_text() == expected  # the gate says what it is
    assert page.get_by_role("button", name="Start").count() == 0


def test_pregnancy_mode_removes_cautioned_points(page, live_server):
    open_app(page, live_server)
    page.goto(live_server.url + "/#/settings")
    page.get_by_label("I am or may be pregnant").check()
    page.goto(live_server.url + "/#/routine/desk-hands")
    page.wait_for_selector("ol.steps")
    steps = page.locator("ol.steps > li").all_inner_texts()
    assert not any("LI4" in s for s in steps) and len(steps) == 2
    assert "LI4" in page.locator("#pregnancy-note").inner_text()


def test_clinician_report_fits_one_printed_page(london, live_server):
    open_app(london, live_server)
    flagged = dict(SEEDED[3], note="Pain shot down the left leg after lifting", flagged=True)
    seed_sessions(london, [*SEEDED[:3], flagged, *SEEDED[4:]])
    goto_view(london, live_server, "#/report")
    text = london.inner_text("main")
    assert "7 acupressure sessions on 7 days" in text
    assert "Pain shot down the left leg after lifting" in text
    london.emulate_media(media="print")
    assert london.get_by_role("button", name="Print or save as PDF").is_hidden()
    london.screenshot(path=save_artifact("report-print.png"), full_page=True)
    pdf = london.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1  # one page
