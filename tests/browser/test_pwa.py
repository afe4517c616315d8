"""The PWA in a real Chromium: installable, offline after one visit, updates on the person's tap."""

import json
import shutil
import struct

import pytest

from tests.browser.conftest import VIEWS, goto_view, open_app, wait_until_offline_ready
from tests.conftest import save_artifact

pytestmark = pytest.mark.browser


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


def wait_for_control(page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller !== null"
    )


def test_installable_with_a_complete_manifest(persistent_phone, live_server):
    page = persistent_phone.new_page()
    page.goto(live_server.url + "/")
    wait_for_control(page)
    cdp = persistent_phone.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert errors == []
    manifest = json.loads(page.request.get(live_server.url + "/manifest.webmanifest").text())
    for field in (
        "id",
        "name",
        "short_name",
        "description",
        "start_url",
        "scope",
        "theme_color",
        "background_color",
    ):
        assert manifest[field], field
    assert manifest["display"] == "standalone"
    icons = {(i["sizes"], i.get("purpose", "any")): i["src"] for i in manifest["icons"]}
    wanted = [("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")]
    for sizes, purpose in wanted:
        src = icons[(sizes, purpose)]
        width, height = png_size(page.request.get(live_server.url + src).body())
        assert f"{width}x{height}" == sizes, src
    touch = page.locator("link[rel=apple-touch-icon]").get_attribute("href")
    assert png_size(page.request.get(live_server.url + touch).body()) == (180, 180)
    factors = {s["form_factor"] for s in manifest["screenshots"]}
    assert factors == {"narrow", "wide"}
    for shot in manifest["screenshots"]:
        width, height = png_size(page.request.get(live_server.url + shot["src"]).body())
        assert f"{width}x{height}" == shot["sizes"]
    names = [s["name"] for s in manifest["shortcuts"]]
    assert names == ["Start today's routine", "Log pain"]


def test_every_view_works_offline_after_one_visit(phone, live_server):
    page = phone.new_page()
    failed = []
    # A request the page itself cancelled (the reload below, while the services still load) is
    # not a failure to serve it offline.
    page.on(
        "requestfailed",
        lambda request: (
            None if request.failure == "net::ERR_ABORTED" else failed.append(request.url)
        ),
    )
    open_app(page, live_server)
    wait_until_offline_ready(page)
    phone.set_offline(True)
    page.reload()
    for view in VIEWS:
        goto_view(page, live_server, view)
        text = page.inner_text("main")
        assert "Something went wrong" not in text, view
        assert "not found" not in page.inner_text("main h1").lower(), view
    page.goto(live_server.url + "/#/point/GB20")
    page.wait_for_selector("figure svg.body .marker.current")
    assert "GB20" in page.inner_text("main h1")
    assert "occipital" in page.inner_text("main")  # the location text, from the cached content
    broken = page.evaluate(
        "[...document.images].filter(i => !i.complete || !i.naturalWidth).length"
    )
    assert broken == 0
    content_failures = [u for u in failed if "/api/sync" not in u and "/api/feedback" not in u]
    assert content_failures == []
    # The services (sync and its status) started offline too, after the first view.
    assert page.get_attribute("#sync-status", "data-status") == "offline"


def test_the_browser_opens_the_app_from_the_precache_without_waking_the_worker(phone, live_server):
    """The start page and every module come from the service worker's static routes (Chromium
    answers them from the precache itself), not through its fetch handler: that is what makes an
    offline start quick. A module that is not precached still reaches the network."""
    page = phone.new_page()
    open_app(page, live_server)
    wait_until_offline_ready(page)
    phone.set_offline(True)
    page.reload()
    page.wait_for_selector("main[data-rendered]")
    sources = page.evaluate(
        """() => performance.getEntries()
          .filter((r) => r.entryType === 'navigation' || r.name.includes('/js/'))
          .map((r) => [new URL(r.name).pathname, r.workerMatchedSourceType])"""
    )
    assert sources[0] == ["/", "cache"]
    assert len(sources) > 10
    assert [path for path, source in sources if source != "cache"] == []
    phone.set_offline(False)
    status = page.evaluate("() => fetch('/js/not-precached.js').then((r) => r.status)")
    assert status == 404


def test_shell_change_offers_update_and_applies_it_on_tap(phone, live_server, tmp_path):
    pwa = tmp_path / "pwa"
    shutil.copytree(live_server.app.config["PWA_DIR"], pwa)
    live_server.app.config["PWA_DIR"] = pwa
    page = phone.new_page()
    open_app(page, live_server)
    wait_for_control(page)
    index = pwa / "index.html"
    index.write_text(
        index.read_text().replace("<title>", '<meta name="acupress-test" content="v2">\n<title>')
    )
    page.reload()
    banner = page.get_by_role("button", name="Update now")
    banner.wait_for(timeout=20_000)
    assert page.locator('meta[name="acupress-test"]').count() == 0  # still the old version
    banner.click()
    page.wait_for_function(
        "() => document.querySelector('meta[name=\"acupress-test\"]') !== null", timeout=20_000
    )
    assert page.get_by_role("button", name="Update now").count() == 0


def test_every_point_has_exactly_one_marker_inside_its_figure(page, live_server):
    open_app(page, live_server)
    codes = [p["code"] for p in page.request.get(live_server.url + "/api/points").json()["points"]]
    for code in codes:
        page.goto(f"{live_server.url}/#/point/{code}")
        page.wait_for_selector(f'.marker.current[data-code="{code}"]')
        found = page.evaluate(
            """(code) => {
              const svg = document.querySelector('figure svg.body');
              const [x0, y0, w, h] = svg.getAttribute('viewBox').split(/[ ,]+/).map(Number);
              const markers = [...svg.querySelectorAll(`.marker[data-code="${code}"]`)];
              const dots = markers.flatMap(m => [...m.querySelectorAll('circle.dot')]);
              const inside = dots.every(d => {
                const x = +d.getAttribute('cx'), y = +d.getAttribute('cy');
                return x >= x0 && x <= x0 + w && y >= y0 && y <= y0 + h;
              });
              return {markers: markers.length, dots: dots.length, inside,
                      name: markers[0]?.getAttribute('aria-label')};
            }""",
            code,
        )
        assert found["markers"] == 1, code
        assert found["dots"] >= 1 and found["inside"], code
        assert found["name"].startswith(code), code


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_every_view(page, live_server, scheme):
    """Every view at 390×844, with a journal to show, for a person to look at."""
    from tests.browser.test_safety_progress import SEEDED, seed_sessions

    page.emulate_media(color_scheme=scheme)
    open_app(page, live_server)
    seed_sessions(page, SEEDED)
    for view in VIEWS:
        goto_view(page, live_server, view)
        page.wait_for_load_state("networkidle")
        name = view.strip("#/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
        page.screenshot(path=save_artifact(f"{scheme}-{name}.png"), full_page=True)
        assert save_artifact(f"{scheme}-{name}.png").stat().st_size > 5_000


IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)


def test_ios_safari_gets_add_to_home_screen_steps(browser, live_server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, user_agent=IPHONE_SAFARI)
    page = context.new_page()
    open_app(page, live_server)
    offer = page.locator("[data-install-ios]")
    assert "Add to Home Screen" in offer.inner_text()
    assert page.get_by_role("button", name="Install").count() == 0
    goto_view(page, live_server, "#/settings")
    page.wait_for_selector("text=reminders work once Acupress is added to your Home Screen")
    assert page.get_by_role("button", name="Turn on reminders").count() == 0
    context.close()


def test_chromium_install_button_appears_with_the_browser_prompt(page, live_server):
    open_app(page, live_server)
    assert page.locator("[data-install]").is_hidden()
    page.evaluate("() => window.dispatchEvent(new Event('beforeinstallprompt'))")
    install = page.get_by_role("button", name="Install")
    install.wait_for()
    assert install.is_visible()


def test_content_comes_from_the_phone_when_the_network_hangs(phone, live_server):
    """One bar of signal on a bus: requests that never answer. The content is precached and
    versioned with the app, so the points still show at once instead of waiting on the network."""
    page = phone.new_page()
    open_app(page, live_server)
    wait_until_offline_ready(page)
    hanging = []
    phone.route("**/api/points*", lambda route: hanging.append(route))  # never answered
    page.reload()
    goto_view(page, live_server, "#/points")
    assert page.locator("main a[href='#/point/BL23']").count() == 1
    goto_view(page, live_server, "#/point/BL23")
    assert "BL23" in page.inner_text("main h1")
    assert hanging == []  # the service worker never asked the network for them
