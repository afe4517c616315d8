"""Serving the PWA files: types, caching, the stamped service worker, traversal."""

import json
import re

import pytest

from server.reminders import notification


def test_index_is_the_app_shell(client):
    response = client.get("/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    assert response.headers["Cache-Control"] == "no-cache"
    assert b"<title>Acupress</title>" in response.data


def test_manifest_mime_type(client):
    response = client.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"


def test_service_worker_is_stamped_and_never_cached(client):
    response = client.get("/sw.js")
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "no-cache"
    body = response.data.decode()
    version = re.search(r'const BUILD = \{"version": "([0-9a-f]{16})"', body)
    assert version, "the server replaces the BUILD line with the content version"
    assert "/api/points" in body and "/index.html" in body


def test_service_worker_version_follows_file_contents(app, client, tmp_path):
    import shutil

    pwa = tmp_path / "pwa"
    shutil.copytree(app.config["PWA_DIR"], pwa)
    app.config["PWA_DIR"] = pwa
    before = client.get("/sw.js").data
    assert client.get("/sw.js").data == before  # stable while nothing changes
    css = next(pwa.rglob("*.css"))
    css.write_text(css.read_text() + "\n/* changed */\n")
    after = client.get("/sw.js").data
    assert after != before


def test_hashed_urls_are_immutable(client):
    first = client.get("/illustrations/back.svg")
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"].strip('"')
    hashed = client.get(f"/illustrations/back.svg?v={etag}")
    assert hashed.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert hashed.mimetype == "image/svg+xml"


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/%2e%2e/pyproject.toml",
        "/js/../../server/cli.py",
        "/illustrations/..%2fschema.json",
    ],
)
def test_no_files_outside_the_app(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize(
    "path", ["/", "/css/app.css", "/js/app.js", "/sw.js", "/manifest.webmanifest"]
)
def test_text_assets_are_compressed(client, path):
    response = client.get(path, headers={"Accept-Encoding": "gzip, br"})
    assert response.headers["Content-Encoding"] == "br"
    gzipped = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"


def test_the_service_worker_is_stamped_with_the_notification_defaults(client):
    """sw.js renders a push payload merged over these: one definition, on the server."""
    body = client.get("/sw.js").data.decode()
    build = json.loads(re.search(r"^const BUILD = (.*);$", body, re.MULTILINE).group(1))
    assert build["notification"] == notification.DEFAULTS
    assert set(notification.DEFAULTS) == {"title", "body", "icon", "badge", "url", "actions"}
    for payload in (
        notification.payload("s1", "2026-11-24T07:30", None, "token"),
        notification.test_payload(),
    ):
        message = json.loads(payload)
        assert set(notification.DEFAULTS) | {"tag"} <= set(message)
        assert message["icon"] == notification.ICON and message["actions"] == notification.ACTIONS
