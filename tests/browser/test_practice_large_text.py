"""Large text and small screens (issue 12): at 200 % text on a 320 px phone every view keeps its
words whole (no control label broken inside a word), nothing runs off the side, and the header
and tab bar together take at most a fifth of the height. Light and dark, with screenshots."""

import pytest

from tests.browser.conftest import VIEWS, goto_view
from tests.browser.practice import (
    big_text,
    broken_words,
    engine_name,  # noqa: F401 (a fixture)
    open_clear,
    overflowing,
    phone_context,
    shot,
)
from tests.browser.test_safety_progress import SEEDED, seed_sessions

pytestmark = pytest.mark.browser

CHROME = """() => ['header.app-header', 'nav.tabbar']
  .map((s) => document.querySelector(s).getBoundingClientRect().height)
  .reduce((a, b) => a + b, 0) / innerHeight"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_view_at_200_percent_on_320_px(browser, live_server, scheme):
    context = phone_context(browser, "320x568", scheme)
    page = context.new_page()
    open_clear(page, live_server, "#/")
    seed_sessions(page, SEEDED)
    problems = {}
    for view in VIEWS:
        goto_view(page, live_server, view)
        page.clock.run_for(500)
        big_text(page)
        found = overflowing(page) + [f"broken {w}" for w in broken_words(page)]
        chrome = page.evaluate(CHROME)
        if chrome > 0.2:
            found.append(f"header and tab bar take {chrome:.0%}")
        if found:
            problems[view] = found
        name = view.strip("#/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
        shot(page, f"large-{name}-{scheme}")
    context.close()
    assert problems == {}


def test_the_tab_bar_keeps_its_names_when_only_icons_fit(browser, live_server):
    context = phone_context(browser, "320x568")
    page = context.new_page()
    open_clear(page, live_server, "#/points")
    big_text(page)
    tabs = page.get_by_role("navigation", name="Main")
    for name in ["Home", "Points", "Routines", "Journal", "More"]:
        assert tabs.get_by_role("link", name=name, exact=True).count() == 1
    assert tabs.locator("a span").first.evaluate("(el) => el.getBoundingClientRect().width") <= 1
    current = page.locator(".tabbar a[aria-current=page]")
    assert current.evaluate("(el) => getComputedStyle(el).boxShadow") != "none"
    context.close()
