"""The app as the WebKit journeys see it. Every selector the journeys use lives here, written
against stable hooks (routes, ids, data-action, form field names, roles and the
`main[data-rendered]` attribute the router sets), so a reshaped screen is adapted in one place."""

import time

from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.file_detector import UselessFileDetector
from selenium.webdriver.support.select import Select

from tests.browser.conftest import SAFETY, safety_check
from tests.webkit.appdata import AppData
from tests.webkitdriver import WebKitPage

# Routes (hash paths) of every view the router knows, and what each view shows once drawn:
# a selector inside main that only that view has.
VIEWS = {
    "#/": "a[href='#/log']",
    "#/points": "a[href^='#/point/']",
    "#/point/BL23": "figure svg.body",
    "#/routines": "a[href^='#/routine/']",
    "#/routine/daily-lower-back": "a[href='#/play/daily-lower-back']",
    "#/play/daily-lower-back": "#start-form",
    "#/journal": "#import-file",
    "#/log": "#pain-form",
    "#/progress": "h1",
    "#/report": "#report",
    "#/more": "a[href='#/settings']",
    "#/settings": "#reminders-section",
    "#/safety": "h1",
    "#/check": "#check-form",
    "#/evidence": "h1",
    "#/about": "h1",
    "#/link": "[data-action='make-code']",
}

CHECK_FORM = "#check-form"
CHECK_RESULT = "#check-outcome .triage"
PAIN_FORM = "#pain-form"
PAIN_NOTE = "#pain-note"
PAIN_AREA = "#pain-area"
START_FORM = "#start-form"
AFTER_FORM = "#after-form"
PLAYER = {
    "toggle": "[data-action='toggle']",
    "stop": "[data-action='stop']",
    "countdown": "#countdown",
    "phase": "#phase",
    "step": "#step-count",
    "point": "#point-name",
}
PAIN_BEFORE, PAIN_AFTER, PAIN_LEVEL = "pain-before", "pain-after", "level"  # radio field names
SESSION_NOTE = "#after-form textarea[name='note']"
FIGURE = "figure svg.body"
FIGURE_MARKER = ".marker.current[data-code='{code}']"
OTHER_MARKER = "figure .marker:not(.current)"
# The dot, not its link: WebKitWebDriver finds no click point on an SVG <a> itself.
MARKER_DOT = "figure .marker[data-code='{code}'] circle.dot"
JOURNAL_ENTRY = "#entries li[data-id]"
ENTRY = "#entries li[data-id='{id}']"
EDIT_NOTE = ENTRY + " [data-action='edit-note']"
NOTE_EDITOR = ENTRY + " form[data-action='save-note']"
IMPORT_FILE = "#import-file"
IMPORT_RESULT = "#import-result"
EXPORT_JSON = "[data-action='export-json']"
EXPORT_CSV = "[data-action='export-csv']"
DELETE_ENTRY = ENTRY + " [data-action='delete']"
SETTING = "input[data-setting='{key}']"
WEEKLY_GOAL = "#weekly-goal"
REPORT = "#report"
PRINT = "[data-action='print']"
CHART = ".chart svg"
STAT = "main .stat"
SYNC_STATUS = "#sync-status"
TAB_BAR = "nav.tabbar"
HEADER = "header.app-header"
BRAND = HEADER + " .brand"
MAKE_LINK_CODE = "[data-action='make-code']"
LINK_CODE = ".link-code"
LINK_FORM = "#redeem-form"
ERROR_HEADING = "Something went wrong"  # the router's page for a view that failed to draw

# The low-back questions of the safety check (data/safety.json), and a check that passed them all.
SAFETY_QUESTIONS = [
    q["id"] for q in SAFETY["questions"] if "low-back" in q["regions"] and not q.get("when")
]
SAFETY_CLEAR = safety_check()


class App(AppData):
    """Acupress in one WebKit session, at `base_url`."""

    def __init__(self, page: WebKitPage, base_url: str):
        self.page, self.base_url = page, base_url
        self.driver = page.driver

    # --- navigation -----------------------------------------------------------------------

    def open(self, hash_path: str = "#/", *, safety_clear: bool = True) -> "App":
        """Load the app (optionally with the safety check passed) and show hash_path."""
        self.page.load(f"{self.base_url}/#/")
        self.wait_rendered("#/")
        if safety_clear:
            self.set_meta("setting:safety-check", SAFETY_CLEAR)
        self.reload()
        return self.goto(hash_path)

    def goto(self, hash_path: str) -> "App":
        """Show the view at hash_path (a hash change, no reload) and wait until it is drawn."""
        if self.rendered() != hash_path:
            self.js("location.hash = arguments[0]", hash_path)
        return self.wait_rendered(hash_path)

    def reload(self) -> "App":
        """Reload the page (the app starts again) and wait for the view it shows."""
        shown = self.js("return location.hash || '#/'")
        self.page.reload()
        return self.wait_rendered(shown)

    def rendered(self) -> str | None:
        return self.js("return document.querySelector('main')?.dataset.rendered ?? null")

    def wait_rendered(self, hash_path: str, timeout: float = 20.0) -> "App":
        """Wait for the router to finish drawing hash_path; a view that failed is an error."""
        try:
            self.page.wait(
                "return document.querySelector('main')?.dataset.rendered === arguments[0]",
                hash_path,
                timeout=timeout,
            )
        except AssertionError:
            shown = self.js(
                "return [location.hash, document.querySelector('main')?.dataset.rendered]"
            )
            raise AssertionError(f"{hash_path} was never drawn; hash, drawn: {shown}") from None
        heading = self.text("main h1")
        assert heading != ERROR_HEADING, f"{hash_path} failed to draw: {self.page.collect_errors()}"
        return self

    def visit_every_view(self) -> dict[str, str]:
        """Show each view in VIEWS; return {route: its h1}. Each must draw its own content."""
        headings = {}
        for route, marker in VIEWS.items():
            self.goto(route)
            self.wait_for(marker)
            headings[route] = self.text("main h1")
        return headings

    # --- reading and acting ---------------------------------------------------------------

    def js(self, script: str, *args):
        return self.page.js(script, *args)

    def find(self, css: str):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def exists(self, css: str) -> bool:
        return bool(self.js("return document.querySelector(arguments[0]) !== null", css))

    def wait_for(self, css: str, timeout: float = 15.0):
        self.page.wait("return document.querySelector(arguments[0]) !== null", css, timeout=timeout)
        return self.find(css)

    def text(self, css: str) -> str | None:
        return self.js(
            "return document.querySelector(arguments[0])?.textContent.trim() ?? null", css
        )

    def click(self, css: str) -> None:
        """A real click (WebDriver's pointer), with the element scrolled clear of the tab bar.
        Found afresh if the view redrew it meanwhile (the journal redraws when a sync lands)."""
        for attempt in range(3):
            element = self.wait_for(css)
            try:
                self.js("arguments[0].scrollIntoView({block: 'center'})", element)
                element.click()
                return
            except StaleElementReferenceException:
                if attempt == 2:
                    raise

    def choose(self, name: str, value) -> None:
        """Pick a radio button by its field name and value (the label is what a finger taps)."""
        self.click(f"label:has(> input[name='{name}'][value='{value}'])")

    def submit(self, form_css: str) -> None:
        self.click(f"{form_css} [type='submit']")

    def type_into(self, css: str, text: str) -> None:
        element = self.wait_for(css)
        self.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.clear()
        element.send_keys(text)

    def choose_file(self, css: str, path) -> None:
        """Pick a file in a file input. The path is given as it is: WebKitWebDriver runs here and
        has no upload command for Selenium's remote file detector."""
        with self.driver.file_detector_context(UselessFileDetector):
            self.wait_for(css).send_keys(str(path))

    def pause(self, seconds: float) -> None:
        """Let real time pass (the player runs on the wall clock; WebKit has no fake clock)."""
        time.sleep(seconds)

    # --- journeys -------------------------------------------------------------------------

    def log_pain(self, level: int, note: str, area: str = "neck") -> str:
        """Log pain through the form, as a person does; return the saved record's id."""
        self.goto("#/log")
        self.choose(PAIN_LEVEL, level)
        Select(self.wait_for(PAIN_AREA)).select_by_value(area)
        self.type_into(PAIN_NOTE, note)
        self.submit(PAIN_FORM)
        self.wait_rendered("#/journal")
        [saved] = [r["id"] for r in self.records("pain") if r["data"]["note"] == note]
        self.wait_for(ENTRY.format(id=saved))
        return saved

    def entries(self) -> int:
        return self.js("return document.querySelectorAll(arguments[0]).length", JOURNAL_ENTRY)

    def countdown(self) -> int:
        """The player's countdown in seconds ("0:07" is 7)."""
        minutes, seconds = self.text(PLAYER["countdown"]).split(":")
        return int(minutes) * 60 + int(seconds)

    def accept_confirm(self) -> None:
        """Say OK to the confirm() dialog the app has just opened."""
        deadline = time.monotonic() + 5
        while True:
            try:
                self.driver.switch_to.alert.accept()
                return
            except NoAlertPresentException:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def capture_downloads(self) -> None:
        """Keep each Blob the app turns into a download link, so a test can read the file."""
        self.js(
            """window.__downloads = [];
            const create = URL.createObjectURL.bind(URL);
            URL.createObjectURL = (blob) => {
              window.__downloads.push(blob);
              return create(blob);
            };"""
        )

    def downloads(self) -> list[str]:
        return self.js("return Promise.all(window.__downloads.map((blob) => blob.text()))")
