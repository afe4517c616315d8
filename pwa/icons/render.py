"""Render the app icons to PNG with Chromium: python pwa/icons/render.py [--chromium PATH].

icon.svg (rounded, for "any") and icon-maskable.svg (full bleed, mark in the central 80%) are the
sources; the notification badge is the same mark in white on transparent.
"""

import argparse
import base64
import xml.etree.ElementTree as ET
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
SVG_NS = "http://www.w3.org/2000/svg"
# output name -> (source, size, keep transparency)
OUTPUTS = {
    "icon-192.png": ("icon.svg", 192, True),
    "icon-512.png": ("icon.svg", 512, True),
    "icon-maskable-512.png": ("icon-maskable.svg", 512, False),
    "apple-touch-icon-180.png": ("icon-maskable.svg", 180, False),  # iOS wants it opaque
    "favicon-32.png": ("icon.svg", 32, True),
    "badge-96.png": ("badge", 96, True),
}
PAGE = (
    '<html><body style="margin:0;background:transparent">'
    '<img src="{src}" width="{size}" height="{size}"></body></html>'
)
ARGS = ["--no-sandbox", "--disable-gpu"]


def badge_svg() -> str:
    """The icon's mark alone, all white: Android draws notification badges from the alpha only."""
    ET.register_namespace("", SVG_NS)
    root = ET.fromstring((HERE / "icon.svg").read_text(encoding="utf-8"))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.get("id") in {"background", "halo"}:
                parent.remove(child)
    for element in root.iter():
        if element.get("fill") not in (None, "none"):
            element.set("fill", "#ffffff")
    return ET.tostring(root, encoding="unicode")


def data_url(source: str) -> str:
    text = badge_svg() if source == "badge" else (HERE / source).read_text(encoding="utf-8")
    return "data:image/svg+xml;base64," + base64.b64encode(text.encode()).decode()


def render(chromium: str) -> None:
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=ARGS)
        try:
            for name, (source, size, transparent) in OUTPUTS.items():
                viewport = {"width": size, "height": size}
                page = browser.new_page(viewport=viewport, device_scale_factor=1)
                page.set_content(PAGE.format(src=data_url(source), size=size))
                page.wait_for_function("document.images[0].complete")
                page.screenshot(path=str(HERE / name), omit_background=transparent)
                page.close()
                print(f"wrote {name} ({size}x{size})")
        finally:
            browser.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    render(parser.parse_args().chromium)
