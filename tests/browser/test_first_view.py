"""The first view loads without a module waterfall (issue #16): every module a view needs was
declared up front with modulepreload, the stylesheet is inline and allowed by the page's CSP."""

import re

import pytest

from server import shell_page
from tests.browser.conftest import SAFETY_CLEAR, VIEWS, goto_view, open_app, set_meta

# Which modules load depends on the page, not on the database: SQLite is enough here.
pytestmark = pytest.mark.parametrize("engine_name", ["sqlite"])


LOADED_MODULES = """() => performance.getEntriesByType('resource')
  .map((e) => new URL(e.name).pathname).filter((path) => path.endsWith('.js'))"""
DECLARED = """() => [...document.querySelectorAll('link[rel=modulepreload]')]
  .map((link) => new URL(link.href).pathname)"""
PAGE_SCRIPTS = {"/js/errors.js", "/js/app.js"}  # the page's own <script> tags


@pytest.mark.parametrize("view", VIEWS)
def test_every_module_a_view_imports_was_preloaded(live_server, page, view):
    """A module fetched but never declared was found only when its importer arrived: one more
    round trip. Declared means a modulepreload from the server's page or from the router."""
    goto_view(page, live_server, "#/about")
    set_meta(page, "setting:safety-check", SAFETY_CLEAR)
    page.goto("about:blank")  # a fresh document opened straight on the view, as a link would
    goto_view(page, live_server, view)
    loaded = set(page.evaluate(LOADED_MODULES))
    declared = set(page.evaluate(DECLARED))
    assert "/js/router.js" in loaded and "/js/router.js" in declared
    assert loaded - declared - PAGE_SCRIPTS == set()


def test_start_page_declares_its_graph_and_inlines_its_css(live_server, page):
    goto_view(page, live_server, "#/")
    preloaded = set(page.evaluate(DECLARED))
    assert {"/js/app.js", "/js/router.js", "/js/views/home.js", "/js/lib/dom.js"} <= preloaded
    assert page.evaluate("document.querySelectorAll('link[rel=stylesheet]').length") == 0
    # The inline stylesheet applies: the page's CSP names its hash (a mismatch would be a CSP
    # violation, which fails the `page` fixture, and leave the tab bar unstyled).
    assert page.evaluate("getComputedStyle(document.querySelector('.tabbar')).position") == "fixed"
    assert page.evaluate("window.acupressErrors") == []


def test_start_page_link_header_names_the_same_modules(live_server):
    import requests

    response = requests.get(live_server.url + "/", timeout=10)
    header = response.headers["Link"]
    assert "</js/app.js>; rel=modulepreload" in header
    assert "</js/router.js>; rel=modulepreload" in header
    assert "home.js" not in header  # which view is the browser's to say (the #/… part)
    assert "sha256-" in response.headers["Content-Security-Policy"]
    again = requests.get(
        live_server.url + "/", headers={"If-None-Match": response.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304  # ETags still work on the built page


WELCOME = "#prerendered .welcome"


def test_a_first_open_shows_the_welcome_before_any_module_arrives(live_server, page):
    """The page itself carries the start view for a new visitor: with every module held back, the
    welcome is on screen; once the app runs, Home draws the same welcome in its place."""
    page.route("**/js/**", lambda route: route.abort())
    page.goto(live_server.url + "/")
    page.wait_for_selector(WELCOME, state="visible")
    assert page.is_hidden("#loading")
    assert page.get_by_role("link", name="Start with the safety check").is_visible()
    page.unroute("**/js/**")
    page.reload()
    page.wait_for_function("() => document.querySelector('main').dataset.rendered === '#/'")
    assert page.locator("#prerendered").count() == 0  # the router replaced it with Home itself
    drawn = page.locator("main .view").evaluate("(view) => view.innerHTML.replace(/\\s+/g, ' ')")
    written = page.evaluate(
        "() => document.getElementById('first-open').innerHTML.replace(/\\s+/g, ' ')"
    )
    assert drawn.strip().startswith(written.strip()), (
        "Home's first open is the welcome the page carries"
    )


@pytest.mark.parametrize("hash_path", ["#/", "#/points"])
def test_the_welcome_stays_hidden_for_a_returning_person_and_on_other_views(
    live_server, page, hash_path
):
    """Someone who has used the app (its database exists) never sees the first-open welcome, even
    for a moment; nor does a link straight to another view."""
    if hash_path == "#/":
        open_app(page, live_server)  # the safety check is done: Home shows today's routine
    goto_view(page, live_server, hash_path)
    # Only the page's own script reveals the welcome, by this class, before the app has run.
    assert not page.evaluate("() => document.documentElement.classList.contains('first-open')")
    assert page.locator("main .welcome").count() == 0


def test_the_views_the_browser_tests_walk_cover_every_route(app):
    graph = shell_page.module_graph(app.config["PWA_DIR"])
    patterns = [pattern for pattern, _ in shell_page.view_trees(app.config["PWA_DIR"], graph)]
    paths = [view.removeprefix("#").split("?")[0] for view in VIEWS]
    uncovered = [p for p in patterns if not any(re.search(p, path) for path in paths)]
    assert len(patterns) == 18 and uncovered == []
