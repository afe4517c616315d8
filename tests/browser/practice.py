"""Shared checks for the practice screens (tests/browser/test_practice_*.py): phone sizes, 200 %
text, words broken inside, horizontal overflow, what is inside the viewport, and screenshots kept as
test artefacts (test-artifacts/practice/, not in git) for a person to look at."""

import json
from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import SAFETY_CLEAR, goto_view, set_meta
from tests.conftest import ROOT, save_artifact


@pytest.fixture
def engine_name():
    """These screens keep everything on the device: one database engine is enough."""
    return "sqlite"


PHONES = {"390x844": (390, 844), "360x640": (360, 640), "320x568": (320, 568)}
PRESETS = [r["id"] for r in json.loads((ROOT / "data" / "routines.json").read_text())["routines"]]
POINTS = {p["code"]: p for p in json.loads((ROOT / "data" / "points.json").read_text())["points"]}
T0 = datetime(2026, 3, 2, 9, 0, 0)

# Words of visible labels that the browser broke across lines: a word whose Range has client
# rects on more than one line (a hyphenated compound may break at its hyphen). Controls and
# labels are checked, not running text.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length) continue;
    if (el.closest('[hidden], details:not([open]), .visually-hidden')) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.visually-hidden')) continue;
      const re = /[^\\s-]+/g; // a compound may break after its hyphen
      for (let m = re.exec(node.data); m; m = re.exec(node.data)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        const tops = new Set(rects.map((r) => Math.round(r.top)));
        if (tops.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}"""
LABELS = "button, .button, .chip, .tabbar a, label, summary, .phase, .side-note, #step-count"

OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getClientRects().length)
  .filter((el) => !el.closest('table, pre, .visually-hidden, [hidden]'))
  .filter((el) => !el.ownerSVGElement) // a figure's drawing runs on past its cropped frame
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .map((el) => `${el.tagName.toLowerCase()}.${el.className.baseVal ?? el.className}`).slice(0, 5)"""

INSIDE = """(selector) => {
  const el = document.querySelector(selector);
  if (!el) return null;
  const r = el.getBoundingClientRect();
  const within = r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5;
  return r.width > 0 && r.top >= 0 && r.left >= 0 && within;
}"""


def phone_context(browser, size: str, scheme: str = "light", reduced_motion: str = "no-preference"):
    width, height = PHONES[size]
    return browser.new_context(
        viewport={"width": width, "height": height},
        device_scale_factor=2,
        has_touch=True,
        is_mobile=True,
        color_scheme=scheme,
        reduced_motion=reduced_motion,
    )


def big_text(page) -> None:
    """Text at 200 %, as the accessibility test sets it (the root font size)."""
    page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")


def shot(page, name: str) -> None:
    page.screenshot(path=str(save_artifact(f"practice-{name}.png")))


def broken_words(page, selector: str = LABELS) -> list[str]:
    return page.evaluate(BROKEN_WORDS, selector)


def overflowing(page) -> list[str]:
    wide = page.evaluate(OVERFLOWING)
    if page.evaluate("() => document.documentElement.scrollWidth > innerWidth + 1"):
        wide.append("the page scrolls sideways")
    return wide


def inside(page, selector: str) -> bool:
    return page.evaluate(INSIDE, selector) is True


def open_clear(page, server, hash_path: str) -> None:
    """The app with the safety check passed, showing hash_path, on a paused clock."""
    page.clock.install(time=T0)
    goto_view(page, server, "#/about")
    set_meta(page, "setting:safety-check", SAFETY_CLEAR)
    page.evaluate("async () => (await import('/js/lib/session.js')).clearRunning()")
    page.reload()
    goto_view(page, server, hash_path)
    page.clock.pause_at(T0 + timedelta(minutes=5))


def start_routine(page, server, routine_id: str, pain: int | None = None) -> None:
    open_clear(page, server, f"#/play/{routine_id}")
    if pain is not None:
        page.locator(f'input[name="pain-before"][value="{pain}"]').check(force=True)
    page.get_by_role("button", name="Start", exact=True).click()
    page.wait_for_selector("#countdown")


def wait_for_figure(page, code: str, side: str) -> None:
    page.wait_for_selector(
        f'#figure figure[data-side="{side}"] .marker.current[data-code="{code}"]'
    )
