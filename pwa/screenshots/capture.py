"""Capture the manifest's screenshots from the running app in Chromium.

Run from the repository root: python pwa/screenshots/capture.py
"""

import logging
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from server import create_app  # noqa: E402
from server.db import upgrade_schema  # noqa: E402

SHOTS = [
    # (file, hash route, viewport, device scale): sizes must match manifest.webmanifest
    ("narrow.png", "#/point/BL23", {"width": 390, "height": 844}, 2),
    ("wide.png", "#/points", {"width": 1280, "height": 800}, 1),
]


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INSTANCE_PATH": instance, "REMINDERS_IN_PROCESS": False})
        upgrade_schema(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for name, route, viewport, scale in SHOTS:
                page = browser.new_page(viewport=viewport, device_scale_factor=scale)
                page.goto(url + route)
                page.wait_for_selector("main h1")
                page.wait_for_load_state("networkidle")
                page.screenshot(path=Path(__file__).parent / name)
                print(f"wrote {name}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
