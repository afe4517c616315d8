"""WebKit, the engine of every iPhone, for the tests: WebKitGTK's MiniBrowser driven by Selenium
through WebKitWebDriver, on a virtual X display of its own.

One `WebKitLane` per test process (pytest-xdist worker): its own Xvfb (the display number chosen
by Xvfb itself, `-displayfd`) and its own WebKitWebDriver on a free port. Each test gets a new
WebDriver session, which is a new MiniBrowser process in automation mode: an ephemeral profile
(no IndexedDB, caches, service workers or cookies carried over from any other test).
"""

import glob
import os
import shutil
import subprocess
import time
from pathlib import Path

WEBKIT_DRIVER = os.environ.get("ACUPRESS_TEST_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
XVFB = shutil.which("Xvfb") or "/usr/bin/Xvfb"
# The browser WebKitWebDriver launches: Debian ships WebKitGTK's MiniBrowser beside the library.
MINIBROWSERS = "/usr/lib/*/webkit2gtk-4.*/MiniBrowser"
SCREEN = "1280x1024x24"  # room for any phone-sized window
PHONE = (390, 844)


def minibrowser() -> str | None:
    found = sorted(glob.glob(MINIBROWSERS))
    return found[-1] if found else None


def missing() -> str | None:
    """Why WebKit cannot run here, or None when it can."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed"
    for path, package in ((WEBKIT_DRIVER, "webkit2gtk-driver"), (XVFB, "xvfb")):
        if not os.access(path, os.X_OK):
            return f"no {Path(path).name} at {path} (apt-get install {package})"
    if not minibrowser():
        return f"no MiniBrowser at {MINIBROWSERS} (apt-get install webkit2gtk-driver)"
    return None


class VirtualDisplay:
    """An Xvfb server on the first free display number, which Xvfb picks and reports."""

    def __init__(self, logs: Path):
        read, write = os.pipe()
        self.log = open(logs / "xvfb.log", "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [XVFB, "-displayfd", str(write), "-screen", "0", SCREEN, "-nolisten", "tcp"],
            pass_fds=(write,),
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )
        os.close(write)
        with os.fdopen(read) as reported:
            number = reported.readline().strip()
        if not number:
            self.stop()
            raise RuntimeError("Xvfb did not start: " + (logs / "xvfb.log").read_text())
        self.name = f":{number}"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


class WebKitLane:
    """Xvfb and WebKitWebDriver for one test process; `session()` opens a fresh browser."""

    def __init__(self, workdir: Path):
        self.workdir = workdir
        self.display = VirtualDisplay(workdir)
        home = workdir / "home"  # nothing from the machine's own profile or caches
        env = {
            **os.environ,
            "DISPLAY": self.display.name,
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / "config"),
            "XDG_CACHE_HOME": str(home / "cache"),
            "XDG_DATA_HOME": str(home / "data"),
            "NO_AT_BRIDGE": "1",  # no accessibility bus on a virtual display
        }
        self.env, self.starts = env, 0
        self.service = self._start_driver()

    def _start_driver(self):
        from selenium.webdriver import WebKitGTKService

        self.starts += 1
        log = self.workdir / f"webkitwebdriver-{self.starts}.log"
        service = WebKitGTKService(WEBKIT_DRIVER, port=0, log_output=str(log), env=self.env)
        service.start()
        return service

    def session(self, size=PHONE, dark: bool = False):
        """A new MiniBrowser (ephemeral profile) whose page viewport is exactly `size`."""
        import urllib3
        from selenium.common.exceptions import WebDriverException

        try:
            return self._open(size, dark)
        except (urllib3.exceptions.HTTPError, WebDriverException):
            # A MiniBrowser that did not come up within the time limit (seen on a loaded
            # machine) can leave the driver stuck: start the driver afresh and try once more.
            self.service.stop()
            self.service = self._start_driver()
            return self._open(size, dark)

    def _open(self, size, dark: bool):
        from selenium import webdriver
        from selenium.webdriver.remote.client_config import ClientConfig
        from selenium.webdriver.remote.remote_connection import RemoteConnection

        options = webdriver.WebKitGTKOptions()
        options.binary_location = minibrowser()
        # --full-screen drops MiniBrowser's toolbar, so the window is all page.
        options.add_argument("--automation")
        options.add_argument("--full-screen")
        if dark:
            options.add_argument("--dark-mode")
        # Remote, not webdriver.WebKitGTK: quitting the session leaves the lane's driver running.
        # (A connection object, not a URL string: Selenium warns about its own use of the latter.)
        # A time limit on every command: a MiniBrowser that cannot start (its display gone) would
        # otherwise leave new-session waiting forever and the whole run with it.
        connection = RemoteConnection(
            client_config=ClientConfig(remote_server_addr=self.service.service_url, timeout=120)
        )
        driver = webdriver.Remote(command_executor=connection, options=options)
        try:
            set_viewport(driver, *size)
        except Exception:
            driver.quit()
            raise
        return driver

    def stop(self) -> None:
        self.service.stop()
        self.display.stop()


def set_viewport(driver, width: int, height: int) -> None:
    """Size the window so the page's viewport is width x height CSS pixels."""
    driver.get("about:blank")
    driver.set_window_size(width, height)
    deadline = time.monotonic() + 5
    while True:
        inner = driver.execute_script("return [innerWidth, innerHeight]")
        if inner == [width, height]:
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"WebKit's viewport is {inner}, not [{width}, {height}]")
        time.sleep(0.05)


class WebKitPage:
    """One WebKit session as a test drives it: scripts, waits, and the errors the page recorded
    (pwa/js/errors.js keeps them in window.acupressErrors, across reloads)."""

    def __init__(self, driver):
        self.driver = driver
        self.errors: list[dict] = []

    def js(self, script: str, *args):
        """Run `script` as a function body; a returned promise is awaited (WebDriver does)."""
        return self.driver.execute_script(script, *args)

    def wait(self, script: str, *args, timeout: float = 15.0):
        """Run `script` until it returns something truthy, and return that."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.js(script, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still falsy after {timeout} s: {script}")
            time.sleep(0.05)

    def load(self, url: str) -> None:
        self.collect_errors()
        self.driver.get(url)

    def reload(self) -> None:
        self.collect_errors()
        self.driver.refresh()

    def collect_errors(self) -> list[dict]:
        """Move what the page recorded so far into self.errors (and clear it in the page)."""
        found = self.js(
            """const errors = window.acupressErrors;
            if (!errors) return [];
            const copy = errors.slice();
            errors.length = 0;
            sessionStorage.removeItem('acupress-errors');
            return copy;"""
        )
        self.errors.extend(found or [])
        return found or []

    def screenshot(self, path: Path) -> Path:
        self.driver.save_screenshot(str(path))
        return path
