"""Serves the PWA: the shell, a service worker stamped with the content version, illustrations."""

import hashlib
import json
import os
import re
from pathlib import Path

from flask import Blueprint, abort, current_app, request
from werkzeug.routing import PathConverter

from server import shell_page
from server.http import Blob, serve


class ShellPath(PathConverter):
    """Any path outside /api/, so unknown API routes stay JSON 404s and 405s stay truthful."""

    regex = "(?!api/)[^/].*?"


bp = Blueprint("web", __name__)
bp.record_once(lambda state: state.app.url_map.converters.setdefault("shell", ShellPath))

MIMETYPES = {
    ".html": "text/html",
    ".js": "text/javascript",
    ".css": "text/css",
    ".webmanifest": "application/manifest+json",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain",
}
REVALIDATE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
NOT_PRECACHED = ("sw.js", "screenshots/", shell_page.STYLESHEET)  # app.css: inline in the page
CONTENT_API = ("/api/points", "/api/routines", "/api/evidence", "/api/safety")
# sw.js's one line `const BUILD = …;` is replaced by the real values when it is served.
BUILD_LINE = re.compile(r"^const BUILD = .*;$", re.MULTILINE)
BUILD_VALUES = "acupress.web.build"
VERSION_PARTS = "acupress.web.version"

_blobs: dict[Path, tuple[tuple[int, int], Blob]] = {}
_stamped: dict = {}  # the last service worker served, by (sw.js etag, BUILD line)
_page: dict = {}  # the last start page built, by the stat of every file it is made of


def load_blob(path: Path) -> Blob:
    """The file as a Blob, re-read only when its size or modification time changes."""
    stat = path.stat()
    key = (stat.st_mtime_ns, stat.st_size)
    cached = _blobs.get(path)
    if cached and cached[0] == key:
        return cached[1]
    blob = Blob(path.read_bytes(), MIMETYPES[path.suffix])
    _blobs[path] = (key, blob)
    return blob


def safe_file(root: Path, name: str) -> Path:
    """The file `name` under root, or 404 for anything outside it or of an unknown type."""
    path = (root / name).resolve()
    if root.resolve() not in path.parents or path.suffix not in MIMETYPES or not path.is_file():
        abort(404)
    return path


def shell_files(root: Path) -> list[str]:
    names = []
    for dirpath, _dirs, files in os.walk(root):
        for filename in files:
            name = Path(dirpath, filename).relative_to(root).as_posix()
            if Path(filename).suffix in MIMETYPES and not name.startswith(NOT_PRECACHED):
                names.append(name)
    return sorted(names)


def precache_manifest() -> tuple[str, list[str]]:
    """(version, urls): the version is a hash of every precached byte, shell and content."""
    pwa_dir, figures_dir = current_app.config["PWA_DIR"], figure_dir()
    digest = hashlib.sha256()
    urls = ["/"]
    for name in shell_files(pwa_dir):
        blob = load_blob(pwa_dir / name)
        digest.update(name.encode() + blob.etag.encode())
        urls.append("/" + name if name != "index.html" else "/index.html")
    for svg in sorted(figures_dir.glob("*.svg")):
        blob = load_blob(svg)
        digest.update(svg.name.encode() + blob.etag.encode())
        urls.append(f"/illustrations/{svg.name}?v={blob.etag}")
    digest.update(start_page().blob.etag.encode())  # the page as served: CSS and graph inline
    for part in current_app.extensions.get(VERSION_PARTS, ()):  # e.g. the content's version
        digest.update(part.encode())
    urls.extend(CONTENT_API)
    return digest.hexdigest()[:16], urls


def add_to_build(app, name: str, value) -> None:
    """Stamp `value` (JSON) into the service worker as BUILD[name], beside version and precache."""
    app.extensions.setdefault(BUILD_VALUES, {})[name] = value


def add_to_version(app, part: str) -> None:
    """Make `part` (e.g. a capability's data version) a part of the service worker's version."""
    app.extensions.setdefault(VERSION_PARTS, []).append(part)


def build_line(version: str, urls: list[str]) -> str:
    values = {"version": version, "precache": urls, **current_app.extensions.get(BUILD_VALUES, {})}
    return f"const BUILD = {json.dumps(values)};"


def figure_dir() -> Path:
    return current_app.config["DATA_DIR"] / "illustrations"


def cache_control_for(blob: Blob) -> str:
    return IMMUTABLE if request.args.get("v") == blob.etag else REVALIDATE


def start_page() -> shell_page.ShellPage:
    """index.html as shell_page builds it, rebuilt when the page, its CSS or any module changes."""
    pwa_dir = current_app.config["PWA_DIR"]
    files = [
        pwa_dir / "index.html",
        pwa_dir / shell_page.STYLESHEET,
        *(pwa_dir / "js").rglob("*.js"),
    ]
    key = (pwa_dir, tuple((f, f.stat().st_mtime_ns, f.stat().st_size) for f in files))
    if _page.get("key") != key:
        _page.update(key=key, page=shell_page.build(pwa_dir))
    return _page["page"]


@bp.get("/")
@bp.get("/index.html")
def index():
    page = start_page()
    response = serve(page.blob, REVALIDATE)
    response.headers["Content-Security-Policy"] = page.csp
    response.headers["Link"] = page.link
    return response


@bp.get("/sw.js")
def service_worker():
    source = load_blob(safe_file(current_app.config["PWA_DIR"], "sw.js"))
    version, urls = precache_manifest()
    build = build_line(version, urls)
    if _stamped.get("key") != (source.etag, build):
        stamped = BUILD_LINE.sub(lambda _: build, source.body.decode(), count=1).encode()
        _stamped.update(key=(source.etag, build), blob=Blob(stamped, MIMETYPES[".js"]))
    response = serve(_stamped["blob"], REVALIDATE)
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.get("/illustrations/<name>")
def illustration(name: str):
    blob = load_blob(safe_file(figure_dir(), name))
    return serve(blob, cache_control_for(blob))


@bp.get("/<shell:name>")
def shell_file(name: str):
    blob = load_blob(safe_file(current_app.config["PWA_DIR"], name))
    return serve(blob, cache_control_for(blob))
