"""First open in WebKit: the app greets a new person with the safety check, the check gates
practice, and passing it opens the routine it was asked for."""

from tests.webkit import pages
from tests.webkit.pages import App


def answer_all(app: App, yes=()) -> None:
    app.choose("pregnant", "no")
    for question in pages.SAFETY_QUESTIONS:
        app.choose(question, "yes" if question in yes else "no")
    app.submit(pages.CHECK_FORM)


def test_first_open_asks_for_the_safety_check_then_lets_practice_start(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/", safety_clear=False)
    assert app.exists("main a[href='#/check']")  # Home offers the check before anything else
    app.goto("#/play/daily-lower-back")
    assert not app.exists(pages.START_FORM)  # the player is gated until the check is done
    app.click("main a[href^='#/check']")
    app.wait_rendered("#/check?regions=low-back&next=%2Fplay%2Fdaily-lower-back")
    answer_all(app)
    # A clear check says so, then leads on to the routine that asked for it.
    app.wait_for(f"{pages.CHECK_RESULT}[data-level='self-care']")
    app.click("#check-outcome a.primary")
    app.wait_rendered("#/play/daily-lower-back")
    app.wait_for(pages.START_FORM)
    saved = app.meta("setting:safety-check")["regions"]["low-back"]
    assert saved["level"] == "self-care"
    assert set(saved["answers"]) == set(pages.SAFETY_QUESTIONS)
    assert not any(saved["answers"].values())
    app.reload().goto("#/")
    assert not app.exists("main a[href='#/check']")  # done: Home no longer asks


def test_an_urgent_answer_gives_advice_and_keeps_the_routine_closed(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/check?regions=low-back", safety_clear=False)
    answer_all(app, yes={"saddle-numbness"})
    advice = app.wait_for(f"{pages.CHECK_RESULT}[role='alert']")
    assert advice.is_displayed()
    assert app.meta("setting:safety-check")["regions"]["low-back"]["level"] == "emergency"
    assert app.exists(f"{pages.CHECK_RESULT} a[href^='tel:']")
    app.goto("#/play/daily-lower-back")
    assert app.exists("main a[href^='#/check']")
    assert not app.exists(pages.START_FORM)
