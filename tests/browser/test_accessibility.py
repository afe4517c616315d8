"""axe-core finds no WCAG 2.2 A/AA violations on any view, light or dark, empty or full."""

from pathlib import Path

import axe_playwright_python
import pytest

from tests.browser.conftest import VIEWS, goto_view, open_app
from tests.browser.test_safety_progress import SEEDED, seed_sessions

pytestmark = pytest.mark.browser

AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def violations(page) -> list[str]:
    # evaluate() runs through the DevTools protocol, so the app's CSP does not block axe.
    page.evaluate(AXE)
    result = page.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violations_on_any_view(page, live_server, scheme):
    page.emulate_media(color_scheme=scheme)
    open_app(page, live_server)
    seed_sessions(page, SEEDED)
    found = {}
    for view in VIEWS:
        goto_view(page, live_server, view)
        page.wait_for_load_state("networkidle")
        problems = violations(page)
        if problems:
            found[view] = problems
    assert found == {}


def test_no_axe_violations_in_empty_states(page, live_server):
    open_app(page, live_server, safety_clear=False)
    for view in ["#/", "#/journal", "#/progress", "#/report", "#/routines"]:
        goto_view(page, live_server, view)
        assert violations(page) == [], view


TARGETS = (
    "button, .button, .chip, .list-link, .tabbar a, select, textarea, label.check, "
    "input[type=text], input[type=search], input[type=number], input[type=time], "
    "input[type=datetime-local], .scale-number, .marker"
)


# Every target is at least 44 px square, except the pain scale's numbers: 11 in one row from a
# 360 px screen makes them 44 px tall but narrower, never under WCAG 2.5.8's 24 px.
SMALL_TARGETS = """(selector) => [...document.querySelectorAll(selector)]
  .filter((el) => el.getClientRects().length && !el.closest('[hidden], details:not([open])'))
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => !el.classList.contains('marker'))
  .filter(([el, r]) => r.height < 44 || r.width < (el.classList.contains('scale-number') ? 24 : 44))
  .map(([el, r]) => `${el.tagName} "${el.textContent.trim().slice(0, 20)}" ${r.height}px`)"""

OVERFLOWING = """() => [...document.querySelectorAll('main *')]
  .filter((el) => el.getClientRects().length && !el.closest('table, pre, code'))
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className}`).slice(0, 5)"""


def test_targets_are_at_least_44px(page, live_server):
    open_app(page, live_server)
    seed_sessions(page, SEEDED)
    small = {}
    for view in VIEWS:
        goto_view(page, live_server, view)
        page.wait_for_load_state("networkidle")
        found = page.evaluate(SMALL_TARGETS, TARGETS)
        if found:
            small[view] = found
    assert small == {}


def test_text_at_200_percent_on_a_narrow_screen_loses_nothing(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    open_app(page, live_server)
    seed_sessions(page, SEEDED)
    overflowing = {}
    for view in VIEWS:
        goto_view(page, live_server, view)
        page.wait_for_load_state("networkidle")
        page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")
        wide = page.evaluate(OVERFLOWING)
        if wide or page.evaluate("() => document.documentElement.scrollWidth > innerWidth + 1"):
            overflowing[view] = wide
    context.close()
    assert overflowing == {}
