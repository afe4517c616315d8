"""Plain words first (issue 12): a point is named for people, the code, pinyin and hanzi on a
second line; "Where it is" leads with a one-sentence tip, the WHO text below; the list shows a
small picture of where each point is. And a left-side caption matches its figure everywhere."""

import pytest

from tests.browser.practice import (
    POINTS,
    big_text,
    broken_words,
    engine_name,  # noqa: F401 (a fixture)
    open_clear,
    overflowing,
    phone_context,
    shot,
)

pytestmark = pytest.mark.browser


def test_every_point_has_one_plain_sentence_to_find_it():
    for code, point in POINTS.items():
        tip = point["tip"]
        assert tip.endswith(".") and tip.count(". ") == 0, code
        assert tip != point["summary"] and tip != point["location"], code


@pytest.mark.parametrize("code", ["BL23", "EX-UE7", "GB20"])
def test_the_point_page_leads_with_the_name_and_the_tip(phone, live_server, code):
    page = phone.new_page()
    open_clear(page, live_server, f"#/point/{code}")
    point = POINTS[code]
    heading = page.locator("main h1")
    assert heading.inner_text().split("\n")[0] == point["english"]
    aka = heading.locator(".point-aka").inner_text()
    assert code in aka and point["pinyin"] in aka and point["hanzi"] in aka
    where = page.locator("h2:text-is('Where it is') + p")
    assert where.inner_text() == point["tip"]
    assert point["location"] in page.locator(".who-location").inner_text()
    page.wait_for_selector("figure svg.body .marker.current")
    shot(page, f"point-{code}-390")


def test_the_point_page_captions_name_the_limb(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/point/LI4")
    caption = page.locator("figure figcaption").inner_text()
    assert caption.startswith("Your right hand, back view (your left hand is its mirror image).")
    assert "left hand" not in page.locator("figure svg.body title").text_content().split(",")[0]


def test_the_list_shows_names_first_and_a_picture_of_each_point(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/points")
    items = page.locator("#point-results .point-link")
    assert items.count() == len(POINTS)
    assert page.locator("#point-results .point-link .thumb .marker").count() == len(POINTS)
    first = items.first.locator(".title").inner_text()
    assert first == POINTS["BL23"]["english"]
    page.locator("#point-search").fill("wind pool")
    assert page.locator("#point-results .point-link .code").all_inner_texts() == ["GB20"]
    shot(page, "points-390")


@pytest.mark.parametrize("view", ["#/points", "#/point/BL23", "#/point/EX-UE7"])
def test_points_at_200_percent_on_320_px(browser, live_server, view):
    context = phone_context(browser, "320x568", "dark")
    page = context.new_page()
    open_clear(page, live_server, view)
    big_text(page)
    assert overflowing(page) == []
    assert broken_words(page) == []
    shot(page, f"{view.strip('#/').replace('/', '-')}-320-200pc-dark")
    context.close()
