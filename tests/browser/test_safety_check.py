"""The safety check in a real Chromium: each routine's region decides its questions, every
"emergency now" answer removes Start everywhere and offers a tel: link to the region's emergency
number, the region setting changes that number, and pregnancy mode changes the routines."""

import pytest

from tests.browser.conftest import SAFETY, goto_view, open_app, safety_check, set_meta, wait_until
from tests.conftest import save_artifact

pytestmark = pytest.mark.browser

EMERGENCY = [q for q in SAFETY["questions"] if q["level"] == "emergency"]
ROUTINES = [
    "daily-lower-back",
    "sciatica",
    "upper-back-neck",
    "desk-hands",
    "lower-back-trial-style",
]


@pytest.fixture
def uk_page(browser, live_server):
    """A phone whose browser language is British English (so: 999, and NHS 111 for advice)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="en-GB")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def answer_check(page, live_server, regions, yes=(), pregnant=False, next_path=None):
    """Take the check for `regions`, answering yes to the question ids in `yes`, no to the rest."""
    query = f"?regions={','.join(regions)}" + (f"&next={next_path}" if next_path else "")
    goto_view(page, live_server, f"#/check{query}")
    page.locator(f'input[name="pregnant"][value="{"yes" if pregnant else "no"}"]').check()
    for fieldset in page.locator("#questions fieldset.question").all():
        name = fieldset.get_attribute("data-question")
        fieldset.locator(f'input[value="{"yes" if name in yes else "no"}"]').check()
    page.get_by_role("button", name="See what to do").click()
    page.wait_for_selector("#check-outcome .triage")
    return page.locator("#check-outcome .triage")


def start_controls(page):
    """Everything that would start practice: Start buttons and links into the player."""
    return page.locator("button:text-is('Start'), a:text-is('Start'), a[href^='#/play/']")


def test_a_routines_region_decides_which_questions_it_asks(uk_page, live_server):
    open_app(uk_page, live_server, "#/play/upper-back-neck", safety_clear=False)
    gate = uk_page.locator("[data-gate='missing']")
    assert "safety questions" in gate.locator("h1").inner_text().lower()
    uk_page.get_by_role("link", name="Answer the safety questions").click()
    uk_page.wait_for_selector("#questions fieldset.question")
    asked = set(
        uk_page.locator("#questions fieldset.question").evaluate_all(
            "(all) => all.map((f) => f.dataset.question)"
        )
    )
    neck = {
        q["id"]
        for q in SAFETY["questions"]
        if {"neck", "upper-back"} & set(q["regions"]) and not q.get("when")
    }
    assert asked == neck
    assert "bladder-bowel" not in asked and "tearing-pain" in asked and "neck-artery-signs" in asked


@pytest.mark.parametrize("question", EMERGENCY, ids=[q["id"] for q in EMERGENCY])
def test_every_emergency_answer_removes_start_everywhere(uk_page, live_server, question):
    open_app(uk_page, live_server, safety_clear=False)
    region = question["regions"][0]
    result = answer_check(
        uk_page,
        live_server,
        [region],
        yes={question["id"]},
        pregnant=question.get("when") == "pregnant",
    )
    assert result.get_attribute("data-level") == "emergency"
    assert result.get_attribute("role") == "alert"  # read out at once
    assert "Get emergency help now" in result.inner_text()
    assert result.locator("a[href='tel:999']").count() == 1
    assert (
        result.locator("a[href='tel:111']").count() == 0
    )  # the advice line is not for emergencies
    for view in ["#/", *(f"#/routine/{r}" for r in ROUTINES), *(f"#/play/{r}" for r in ROUTINES)]:
        goto_view(uk_page, live_server, view)
        assert start_controls(uk_page).count() == 0, view
        block = uk_page.locator(".triage[data-level='emergency']")
        assert block.count() == 1 and block.locator("a[href='tel:999']").count() == 1, view
    goto_view(uk_page, live_server, "#/play/daily-lower-back")
    assert uk_page.locator("h1").inner_text() == "Get emergency help now"


def test_start_returns_when_the_emergency_was_dealt_with_or_the_check_retaken(uk_page, live_server):
    open_app(uk_page, live_server, safety_clear=False)
    set_meta(uk_page, "setting:safety-check", safety_check({"neck": "emergency"}))
    uk_page.reload()
    goto_view(uk_page, live_server, "#/")
    uk_page.once("dialog", lambda dialog: dialog.accept())
    uk_page.get_by_role("button", name="It has been dealt with").click()
    uk_page.wait_for_selector("a:text-is('Start')")
    assert uk_page.locator(".triage[data-level='emergency']").count() == 0
    set_meta(uk_page, "setting:safety-check", safety_check({"low-back": "emergency"}))
    answer_check(uk_page, live_server, ["low-back"])
    goto_view(uk_page, live_server, "#/play/daily-lower-back")
    assert uk_page.get_by_role("button", name="Start").count() == 1


def test_same_day_answers_stop_the_routine_and_offer_the_advice_line(uk_page, live_server):
    open_app(uk_page, live_server, safety_clear=False)
    result = answer_check(uk_page, live_server, ["low-back"], yes={"fever"})
    assert result.get_attribute("data-level") == "same-day"
    assert "Speak to a doctor today" in result.inner_text()
    advice = result.locator("a[data-call='advice']")
    assert advice.get_attribute("href") == "tel:111" and "NHS 111" in advice.inner_text()
    assert result.locator("a[data-call='emergency']").get_attribute("href") == "tel:999"
    goto_view(uk_page, live_server, "#/play/sciatica")
    assert uk_page.locator("h1").inner_text() == "Speak to a doctor today"
    assert start_controls(uk_page).count() == 0
    goto_view(uk_page, live_server, "#/play/upper-back-neck")  # another region: its own questions
    assert uk_page.locator("[data-gate='missing']").count() == 1


@pytest.mark.parametrize(
    "locale, chosen, emergency, advice",
    [
        ("en-US", None, "911", None),
        ("en-AU", None, "000", "1800022222"),
        ("de-DE", None, "112", "116117"),
        ("en-US", "GB", "999", "111"),
        ("en-GB", "NZ", "111", "0800611116"),
    ],
)
def test_the_region_sets_the_number_to_call(
    browser, live_server, locale, chosen, emergency, advice
):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale=locale)
    page = context.new_page()
    open_app(page, live_server, "#/settings", safety_clear=False)
    if chosen:
        page.locator("#emergency-region").select_option(chosen)
        wait_until(
            page,
            "(n) => document.querySelector('#emergency-now').textContent.includes(n)",
            emergency,
        )
    result = answer_check(page, live_server, ["upper-back"], yes={"tearing-pain"})
    assert result.locator("a[data-call='emergency']").get_attribute("href") == f"tel:{emergency}"
    goto_view(page, live_server, "#/safety")
    calls = page.locator("a[data-call]").evaluate_all(
        "(all) => all.map((a) => a.getAttribute('href'))"
    )
    assert calls == [f"tel:{emergency}"] + ([f"tel:{advice}"] if advice else [])
    context.close()


def test_pregnancy_mode_changes_the_daily_lower_back_routine(uk_page, live_server):
    open_app(uk_page, live_server, safety_clear=False)
    goto_view(uk_page, live_server, "#/routine/daily-lower-back")
    before = uk_page.locator("ol.steps > li").all_inner_texts()
    assert any("Lean back" in s for s in before)
    assert (
        uk_page.locator("ol.steps [data-mark='pregnancy']").count() == 5
    )  # marked with the mode off
    answer_check(uk_page, live_server, ["low-back"], pregnant=True)
    goto_view(uk_page, live_server, "#/routine/daily-lower-back")
    note = uk_page.locator("#pregnancy-note")
    assert "Gentle, by hand only: BL23, BL52, GV4, BL25, GV3" in note.inner_text()
    after = uk_page.locator("ol.steps > li").all_inner_texts()
    assert len(after) == len(before) and not any(
        "Lean back" in s or "ball" in s.lower().split("no ball")[0] for s in after
    )
    assert uk_page.locator("ol.steps [data-mark='gentle']").count() == 5
    goto_view(uk_page, live_server, "#/routine/desk-hands")
    assert "Left out: LI4" in uk_page.locator("#pregnancy-note").inner_text()
    assert not any("LI4" in s for s in uk_page.locator("ol.steps > li").all_inner_texts())


def test_cautioned_points_and_ball_presses_are_marked_with_the_mode_off(uk_page, live_server):
    open_app(uk_page, live_server)
    goto_view(uk_page, live_server, "#/points")
    marked = uk_page.locator(".list-link:has([data-mark='pregnancy']) .code").all_inner_texts()
    cautioned = {
        "LI4",
        "SP6",
        "BL60",
        "GB21",
        "BL23",
        "BL25",
        "BL52",
        "GV3",
        "GV4",
        "EX-B2",
        "BL54",
    }
    assert set(marked) == cautioned
    goto_view(uk_page, live_server, "#/point/GB30")
    technique = uk_page.locator("[data-mark='technique']")
    assert "osteoporosis" in technique.inner_text() and "blood thinners" in technique.inner_text()
    goto_view(uk_page, live_server, "#/routine/sciatica")
    assert uk_page.locator("ol.steps > li:has-text('GB30') [data-mark='technique']").count() == 1
    assert uk_page.locator("ol.steps > li:has-text('BL60') [data-mark='pregnancy']").count() == 1


SCREENS = [
    ("check", "#/check?regions=low-back", None),
    ("gate", "#/play/upper-back-neck", None),
    ("evidence", "#/evidence", None),
    ("safety", "#/safety", None),
]


@pytest.mark.parametrize("width, height", [(390, 844), (320, 568)])
def test_safety_screens_fit_a_small_phone_in_dark_mode_at_double_text(
    browser, live_server, width, height
):
    context = browser.new_context(
        viewport={"width": width, "height": height}, locale="en-GB", color_scheme="dark"
    )
    page = context.new_page()
    open_app(page, live_server, safety_clear=False)

    def shoot(name, at=None):
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        if at:  # what the person sees first: the top of this element
            page.locator(at).evaluate("(el) => el.scrollIntoView({block: 'start'})")
        else:
            page.evaluate("window.scrollTo(0, 0)")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        page.screenshot(path=save_artifact(f"safety-{name}-{width}.png"))
        assert overflow <= 0, name

    for name, view, _ in SCREENS:
        goto_view(page, live_server, view)
        shoot(name)
    for level, region, yes in [
        ("emergency", "low-back", {"saddle-numbness"}),
        ("same-day", "low-back", {"fever"}),
        ("soon", "low-back", {"inflammatory"}),
        ("self-care", "low-back", set()),
    ]:
        answer_check(page, live_server, [region], yes=yes)
        shoot(f"result-{level}", at="#check-outcome")
    answer_check(page, live_server, ["low-back"], yes={"bladder-bowel"})
    goto_view(page, live_server, "#/")
    shoot("home-emergency")
    goto_view(page, live_server, "#/play/daily-lower-back")
    shoot("gate-emergency")
    context.close()
