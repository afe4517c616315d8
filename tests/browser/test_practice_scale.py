"""The one 0–10 pain scale (views/parts/pain-scale.js), wherever it is asked: 11 equal targets in
one row from 360 px, a tidy 6 + 5 grid below or at 200 % text, the words under their numbers, the
choice visible without colour, and a radio group for keyboards and screen readers."""

import re

import pytest

from tests.browser.practice import (
    big_text,
    engine_name,  # noqa: F401 (a fixture)
    open_clear,
    overflowing,
    phone_context,
    shot,
)

pytestmark = pytest.mark.browser

GEOMETRY = """(name) => {
  const box = (el) => {
    const r = el.getBoundingClientRect();
    return {l: r.left, r: r.right, t: r.top, w: r.width, c: (r.left + r.right) / 2};
  };
  const inputs = document.querySelectorAll(`input[name="${name}"] + .scale-number`);
  const fieldset = document.querySelector(`input[name="${name}"]`).closest('fieldset');
  const word = (n) => box(fieldset.querySelector(`.scale-word.w${n}`));
  return {numbers: [...inputs].map(box), words: {0: word(0), 5: word(5), 10: word(10)}};
}"""


def geometry(page, name):
    return page.evaluate(GEOMETRY, name)


def assert_one_row(found):
    numbers, words = found["numbers"], found["words"]
    assert len({round(n["t"]) for n in numbers}) == 1
    assert max(n["w"] for n in numbers) - min(n["w"] for n in numbers) < 1
    assert abs(words["0"]["l"] - numbers[0]["l"]) < 2
    assert abs(words["5"]["c"] - numbers[5]["c"]) < 2
    assert abs(words["10"]["r"] - numbers[10]["r"]) < 2


def assert_two_rows(found):
    numbers, words = found["numbers"], found["words"]
    first, second = {round(n["t"]) for n in numbers[:6]}, {round(n["t"]) for n in numbers[6:]}
    assert len(first) == 1 and len(second) == 1 and min(second) > max(first)
    assert [round(n["l"]) for n in numbers[6:]] == [round(n["l"]) for n in numbers[:5]]
    assert abs(words["0"]["l"] - numbers[0]["l"]) < 2
    assert abs(words["5"]["r"] - numbers[5]["r"]) < 2
    assert abs(words["10"]["r"] - numbers[10]["r"]) < 2
    assert words["0"]["t"] < numbers[6]["t"] < words["10"]["t"]


@pytest.mark.parametrize(
    ("size", "view", "name"),
    [
        ("390x844", "#/log", "level"),
        ("360x640", "#/log", "level"),
        ("360x640", "#/play/daily-lower-back", "pain-before"),
        ("320x568", "#/log", "level"),
        ("320x568", "#/play/daily-lower-back", "pain-before"),
    ],
)
def test_one_row_from_360_px_and_a_tidy_grid_below(browser, live_server, size, view, name):
    context = phone_context(browser, size, "dark" if size == "320x568" else "light")
    page = context.new_page()
    open_clear(page, live_server, view)
    found = geometry(page, name)
    if size == "320x568":
        assert_two_rows(found)
    else:
        assert_one_row(found)
    assert overflowing(page) == []
    page.locator(f'input[name="{name}"][value="6"]').check(force=True)
    shot(page, f"scale-{view.strip('#/').replace('/', '-')}-{size}")
    context.close()


def test_at_200_percent_text_the_scale_takes_two_rows(browser, live_server):
    context = phone_context(browser, "360x640")
    page = context.new_page()
    open_clear(page, live_server, "#/log")
    big_text(page)
    assert_two_rows(geometry(page, "level"))
    assert overflowing(page) == []
    shot(page, "scale-log-360x640-200pc")
    context.close()


def test_the_choice_shows_without_colour(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/log")
    page.locator('input[name="level"][value="4"]').check(force=True)
    look = """(n) => {
      const number = document.querySelector(`input[name="level"][value="${n}"] + .scale-number`);
      const s = getComputedStyle(number);
      return [s.textDecorationLine, s.boxShadow !== 'none']; }"""
    assert page.evaluate(look, 4) == ["underline", True]
    assert page.evaluate(look, 3) == ["none", False]


def test_a_radio_group_for_keyboards_and_screen_readers(phone, live_server):
    page = phone.new_page()
    open_clear(page, live_server, "#/log")
    group = page.get_by_role("radiogroup", name="How bad is the pain right now?")
    assert group.get_by_role("radio").count() == 11
    assert group.get_by_role("radio", name=re.compile(r"^0\W+no pain$")).count() == 1
    assert group.get_by_role("radio", name=re.compile(r"^5\W+moderate$")).count() == 1
    assert group.get_by_role("radio", name=re.compile(r"^10\W+worst imaginable$")).count() == 1
    group.get_by_role("radio", name="2", exact=True).focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.querySelector('input[name=level]:checked').value") == "3"
