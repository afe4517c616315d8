"""The PWA shell's compressed size as served, and the time to first render when opened offline
from the service worker in Chromium (390×844)."""

import logging
import tempfile
import threading

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from benchmarks.results import median, write_section
from server import create_app
from server.db import upgrade_schema
from server.web import shell_files

BUDGET = 60 * 1024
SHELL_SUFFIXES = (".html", ".css", ".js", ".webmanifest")
RELOADS = 15


def shell_sizes(client, pwa_dir) -> tuple[int, int, int]:
    """(raw bytes, brotli bytes, gzip bytes) of every shell file, as the server sends them."""
    raw = br = gz = 0
    names = [n for n in shell_files(pwa_dir) if n.endswith(SHELL_SUFFIXES)] + ["sw.js"]
    for name in names:
        raw += len(client.get("/" + name, headers={"Accept-Encoding": "identity"}).data)
        br += len(client.get("/" + name, headers={"Accept-Encoding": "br"}).data)
        gz += len(client.get("/" + name, headers={"Accept-Encoding": "gzip"}).data)
    return raw, br, gz


def offline_render_times(url: str) -> list[float]:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(url)
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        page.wait_for_function(
            "() => performance.getEntriesByName('acupress:first-view').length > 0"
        )
        context.set_offline(True)
        times = []
        for _ in range(RELOADS):
            page.reload()
            page.wait_for_function(
                "() => performance.getEntriesByName('acupress:first-view').length > 0"
            )
            times.append(
                page.evaluate(
                    "() => performance.getEntriesByName('acupress:first-view')[0].startTime"
                )
            )
        browser.close()
    return times


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    with tempfile.TemporaryDirectory() as instance:
        app = create_app({"INSTANCE_PATH": instance, "REMINDERS_IN_PROCESS": False})
        upgrade_schema(app)
        raw, br, gz = shell_sizes(app.test_client(), app.config["PWA_DIR"])
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            times = offline_render_times(f"http://127.0.0.1:{server.server_port}/")
        finally:
            server.shutdown()
    verdict = "within" if br <= BUDGET else "OVER"
    write_section(
        "PWA shell",
        f"""
`python benchmarks/run.py pwa` — every shell file (HTML, CSS, JS, the manifest and the service
worker; not icons or illustrations) fetched from the server with `Accept-Encoding: br`, and again
with gzip; then Chromium opens the app once online, goes offline and reloads {RELOADS} times:
time from navigation start to the first view rendered (`performance.mark('acupress:first-view')`).

| measure | value |
|---|---:|
| shell, uncompressed | {raw / 1024:.1f} KB |
| shell, brotli (what browsers get) | {br / 1024:.1f} KB ({verdict} the 60 KB budget) |
| shell, gzip | {gz / 1024:.1f} KB |
| first render offline, median | {median(times):.0f} ms |
| first render offline, slowest of {RELOADS} | {max(times):.0f} ms |
""",
    )
    print(f"raw {raw} br {br} gz {gz}; offline first render median {median(times):.0f} ms")


if __name__ == "__main__":
    main()
