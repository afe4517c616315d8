"""What an iPhone needs to run Acupress from its Home Screen, read in WebKit: the touch icon and
the apple-mobile-web-app meta, one standalone test (display-mode or navigator.standalone) that the
app's decisions use, and safe-area insets so nothing sits under the notch or the home indicator.

WebKitGTK has no notch: env(safe-area-inset-*) is 0 there. So the rules are checked as written,
and then laid out with an iPhone's insets put in their place."""

import re

from tests.conftest import ROOT
from tests.webkit import pages
from tests.webkit.pages import App
from tests.webkit.test_journeys import ROUTINE_ID, SHORT_ROUTINE
from tests.webkitdriver import set_viewport

# An iPhone 15 in portrait: the status bar and Dynamic Island above, the home indicator below;
# the sides are given an inset too, as a phone turned on its side has.
INSETS = {"top": 59, "bottom": 34, "left": 12, "right": 12}

# For each fixed or sticky element touching an edge of the viewport, the edges for which no rule
# that applies to it keeps clear of the safe area (a rule using env(safe-area-inset-<edge>)).
UNGUARDED_EDGES = """
const rules = [];
const collect = (list) => {
  for (const rule of list) {
    if (rule.selectorText) rules.push(rule);
    else if (rule.media && matchMedia(rule.media.mediaText).matches) collect(rule.cssRules);
  }
};
for (const sheet of document.styleSheets) collect(sheet.cssRules);
const found = [];
for (const el of document.querySelectorAll('body *')) {
  const style = getComputedStyle(el);
  if (!['fixed', 'sticky'].includes(style.position) || style.display === 'none') continue;
  const box = el.getBoundingClientRect();
  if (!box.width || !box.height) continue;
  const edges = [];
  if (box.top <= 0.5) edges.push('top');
  if (box.bottom >= innerHeight - 0.5) edges.push('bottom');
  if (box.left <= 0.5) edges.push('left');
  if (box.right >= innerWidth - 0.5) edges.push('right');
  const applying = rules.filter((r) => el.matches(r.selectorText)).map((r) => r.style.cssText);
  const guarded = (edge) => applying.some((t) => t.includes(`env(safe-area-inset-${edge})`));
  const bare = edges.filter((edge) => !guarded(edge));
  if (bare.length) found.push(`${el.tagName.toLowerCase()}.${el.className}: ${bare.join(', ')}`);
}
return found;
"""

# Put the insets into every rule that uses them, as an iPhone in standalone mode would.
APPLY_INSETS = """
const insets = arguments[0];
const change = (list) => {
  for (const rule of list) {
    if (rule.cssRules) change(rule.cssRules);
    if (!rule.style || !rule.style.cssText.includes('env(safe-area-inset-')) continue;
    rule.style.cssText = rule.style.cssText.replace(
      /env\\(safe-area-inset-(top|right|bottom|left)\\)/g, (_, edge) => `${insets[edge]}px`);
  }
};
for (const sheet of document.styleSheets) change(sheet.cssRules);
"""

BOX = "return document.querySelector(arguments[0]).getBoundingClientRect().toJSON()"


def test_the_touch_icon_and_home_screen_meta(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    meta = app.js(
        """const read = (name) => document.querySelector(`meta[name="${name}"]`)?.content ?? null;
        return {capable: read('apple-mobile-web-app-capable'),
          title: read('apple-mobile-web-app-title'),
          bar: read('apple-mobile-web-app-status-bar-style'), viewport: read('viewport')};"""
    )
    assert meta["capable"] == "yes"
    assert meta["bar"] in ("default", "black", "black-translucent")
    assert 0 < len(meta["title"]) <= 12  # longer names are cut short under the icon
    assert "viewport-fit=cover" in meta["viewport"]
    icon = app.js(
        """const href = document.querySelector('link[rel="apple-touch-icon"]').href;
        const image = new Image();
        image.src = href;
        return Promise.all([fetch(href), image.decode()]).then(([response]) => {
          const canvas = Object.assign(document.createElement('canvas'), {width: 180, height: 180});
          const context = canvas.getContext('2d');
          context.drawImage(image, 0, 0);
          const corner = context.getImageData(0, 0, 1, 1).data[3];
          return {type: response.headers.get('content-type'), width: image.naturalWidth,
            height: image.naturalHeight, cornerAlpha: corner};
        });"""
    )
    # iOS shows transparent pixels of a touch icon as black: the icon must be opaque.
    assert icon == {"type": "image/png", "width": 180, "height": 180, "cornerAlpha": 255}


def test_standalone_is_one_test_of_display_mode_or_navigator_standalone(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    checks = app.js(
        """return import('/js/lib/install.js').then((install) => {
        const seen = {tab: install.isStandalone()};
        Object.defineProperty(navigator, 'standalone', {configurable: true, get: () => true});
        seen.iosHomeScreen = install.isStandalone();  // iOS Safari's own flag
        delete navigator.standalone;
        const media = window.matchMedia;
        window.matchMedia = (query) => (query === '(display-mode: standalone)'
          ? {matches: true, media: query} : media.call(window, query));
        seen.displayMode = install.isStandalone();
        Object.defineProperty(navigator, 'userAgent', {configurable: true,
          get: () => 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1'});
        seen.offerWhenInstalled = String(install.installOffer());
        window.matchMedia = media;
        seen.offerInSafari = String(install.installOffer());
        seen.browserMode = matchMedia("(display-mode: browser)").matches;
        return seen;
      });"""
    )
    assert checks["tab"] is False
    assert checks["iosHomeScreen"] is True and checks["displayMode"] is True
    assert checks["offerWhenInstalled"] == ""  # installed: no "Add to Home Screen" steps
    assert "data-install-ios" in checks["offerInSafari"]


def test_only_the_one_function_asks_whether_the_app_is_standalone():
    asking = re.compile(r"display-mode:\s*standalone|navigator\.standalone")
    users = sorted(
        path.relative_to(ROOT / "pwa").as_posix()
        for path in (ROOT / "pwa" / "js").rglob("*.js")
        if asking.search(path.read_text())
    )
    assert users == ["js/lib/install.js"]


def test_no_fixed_or_sticky_element_ignores_the_safe_area(webkit_phone, live_server):
    app = App(webkit_phone, live_server.url).open("#/")
    unguarded = {}
    for route, marker in pages.VIEWS.items():
        app.goto(route)
        app.wait_for(marker)
        found = app.js(UNGUARDED_EDGES)
        if found:
            unguarded[route] = found
    assert unguarded == {}


def test_with_an_iphones_insets_nothing_sits_under_the_notch_or_home_indicator(
    webkit_phone, live_server
):
    app = App(webkit_phone, live_server.url).open("#/about")
    app.save_routine(ROUTINE_ID, SHORT_ROUTINE)
    app.js(APPLY_INSETS, INSETS)
    width, height = app.js("return [innerWidth, innerHeight]")
    brand = app.js(BOX, pages.BRAND)
    assert brand["top"] >= INSETS["top"] and brand["left"] >= INSETS["left"]
    tabs = app.js(
        "return [...document.querySelectorAll(arguments[0] + ' a')]"
        ".map((a) => a.getBoundingClientRect().toJSON())",
        pages.TAB_BAR,
    )
    assert tabs and all(t["bottom"] <= height - INSETS["bottom"] for t in tabs)
    assert tabs[0]["left"] >= INSETS["left"] and tabs[-1]["right"] <= width - INSETS["right"]

    app.js("scrollTo(0, document.documentElement.scrollHeight)")  # the end of the page
    last = app.js(
        "return document.querySelector('main').lastElementChild.getBoundingClientRect().toJSON()"
    )
    assert last["bottom"] <= app.js(BOX, pages.TAB_BAR)["top"]  # the page ends above the tab bar

    # An iPhone SE (375 x 667) with text at 200 %: the session hides the header and tab bar.
    set_viewport(app.driver, 375, 667)
    app.open("#/about")
    app.js(APPLY_INSETS, INSETS)
    app.js("document.documentElement.style.fontSize = '200%'")
    app.goto(f"#/play/{ROUTINE_ID}")
    app.submit(pages.START_FORM)
    app.wait_for(pages.PLAYER["countdown"])
    app.page.wait("return document.activeElement?.matches(arguments[0])", pages.PLAYER["toggle"])
    # At 200 % text on this small screen the player scrolls; scrolled to its end, Pause must clear
    # the home indicator (the player's bottom padding includes the inset).
    app.js("scrollTo(0, document.documentElement.scrollHeight)")
    controls = app.js(BOX, pages.PLAYER["toggle"])
    # In a session the header and tab bar give way (display: none); what is shown must be cleared.
    header, tabs = app.js(BOX, pages.HEADER), app.js(BOX, pages.TAB_BAR)
    assert controls["top"] >= max(header["bottom"], INSETS["top"])
    assert controls["bottom"] <= (tabs["top"] if tabs["height"] else 667 - INSETS["bottom"])
    assert controls["left"] >= INSETS["left"] and controls["right"] <= 375 - INSETS["right"]
