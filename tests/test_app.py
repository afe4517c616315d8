"""The app factory, configuration precedence, the SQLite set-up and the content API."""

import json
import sqlite3
import threading

import pytest
from sqlalchemy import text

from server import create_app
from server.db import db


def make_app(tmp_path, **config):
    return create_app({"INSTANCE_PATH": str(tmp_path / "instance"), "TESTING": True, **config})


def test_config_precedence(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "acupress.toml").write_text('PORT = 8100\nHOST = "0.0.0.0"\nWORKERS = 3\n')
    monkeypatch.setenv("ACUPRESS_PORT", "8200")
    monkeypatch.setenv("ACUPRESS_WORKERS", "4")
    app = make_app(tmp_path, WORKERS=5)
    assert app.config["HOST"] == "0.0.0.0"  # file beats default
    assert app.config["PORT"] == 8200  # environment beats file
    assert app.config["WORKERS"] == 5  # test config beats environment


def test_defaults_without_any_configuration(tmp_path):
    app = make_app(tmp_path)
    assert app.config["PORT"] == 8000 and app.config["HOST"] == "127.0.0.1"
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == f"sqlite:///{tmp_path / 'instance' / 'acupress.db'}"
    )
    secret = (tmp_path / "instance" / "secret_key").read_text()
    assert len(secret) >= 40 and app.config["SECRET_KEY"] == secret
    assert make_app(tmp_path).config["SECRET_KEY"] == secret  # kept, not regenerated


@pytest.mark.parametrize(
    "given, expected",
    [
        ("postgresql://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_url_from_environment(tmp_path, monkeypatch, given, expected):
    monkeypatch.setenv("ACUPRESS_DATABASE_URL", given)
    assert make_app(tmp_path).config["SQLALCHEMY_DATABASE_URI"] == expected


def test_sqlite_connection_settings(tmp_path):
    app = make_app(tmp_path)
    with app.app_context():
        db.create_all()
        pragmas = {
            name: db.session.execute(text(f"PRAGMA {name}")).scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 10000,
    }


def test_concurrent_sqlite_writers_wait_instead_of_failing(tmp_path):
    """Two write transactions at once: with BEGIN IMMEDIATE the second waits, then succeeds."""
    app = make_app(tmp_path)
    with app.app_context():
        db.session.execute(text("CREATE TABLE counter (n INTEGER)"))
        db.session.execute(text("INSERT INTO counter VALUES (0)"))
        db.session.commit()
    errors = []

    def add_many():
        try:
            with app.app_context():
                for _ in range(50):
                    n = db.session.execute(text("SELECT n FROM counter")).scalar()
                    db.session.execute(text("UPDATE counter SET n = :n"), {"n": n + 1})
                    db.session.commit()
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [threading.Thread(target=add_many) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    path = tmp_path / "instance" / "acupress.db"
    assert sqlite3.connect(path).execute("SELECT n FROM counter").fetchone()[0] == 200


def test_points_list_and_filters(client):
    everything = client.get("/api/points").json["points"]
    assert len(everything) >= 24
    lower = client.get("/api/points?region=lower-back").json["points"]
    assert lower and all(p["region"] == "lower-back" for p in lower)
    found = client.get("/api/points?q=shenshu").json["points"]
    assert [p["code"] for p in found] == ["BL23"]
    assert client.get("/api/points?q=zzzz-nothing").json == {"points": []}


def test_point_lookup_is_case_insensitive(client):
    assert client.get("/api/points/bl23").json["code"] == "BL23"


@pytest.mark.parametrize(
    "path",
    [
        "/api/points",
        "/api/points/BL23",
        "/api/routines",
        "/api/routines/daily-lower-back",
        "/api/evidence",
    ],
)
def test_content_routes_use_strong_etags(client, path):
    first = client.get(path)
    assert first.status_code == 200
    assert first.headers["Content-Type"] == "application/json"
    assert first.headers["Cache-Control"] == "no-cache"
    etag = first.headers["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    json.loads(first.data)


@pytest.mark.parametrize(
    "accept, encoding", [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, gzip", "gzip")]
)
def test_content_is_compressed_for_clients_that_accept_it(client, accept, encoding):
    plain = client.get("/api/points", headers={"Accept-Encoding": "identity"})
    squeezed = client.get("/api/points", headers={"Accept-Encoding": accept})
    assert squeezed.headers["Content-Encoding"] == encoding
    assert len(squeezed.data) < len(plain.data) / 2
    assert "Accept-Encoding" in squeezed.headers["Vary"]
    assert "Content-Encoding" not in plain.headers


@pytest.mark.parametrize(
    "method, path, status, code",
    [
        ("get", "/api/points/XX99", 404, "unknown_point"),
        ("get", "/api/routines/no-such-routine", 404, "unknown_routine"),
        ("get", "/api/points?region=elbow", 400, "bad_region"),
        ("get", "/api/nothing-here", 404, "not_found"),
        ("post", "/api/points", 405, "method_not_allowed"),
        ("delete", "/api/routines", 405, "method_not_allowed"),
        ("put", "/api/evidence", 405, "method_not_allowed"),
    ],
)
def test_api_errors_are_json(client, method, path, status, code):
    response = getattr(client, method)(path)
    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json["error"]["code"] == code
    assert response.json["error"]["message"]
    if status == 405:
        assert "GET" in response.headers["Allow"]


def test_unexpected_errors_never_show_a_traceback(app, client):
    @app.get("/api/test-explodes")
    def explode():
        raise RuntimeError("secret internals")

    response = client.get("/api/test-explodes")
    assert response.status_code == 500
    assert response.json == {
        "error": {"code": "internal_error", "message": "Something went wrong on our side."}
    }


def test_request_log_names_the_route_not_the_path(client, caplog):
    caplog.set_level("INFO", logger="acupress.request")
    client.get("/api/points/BL23?q=private")
    assert any("GET /api/points/<code> 200" in r.getMessage() for r in caplog.records)
    assert not any("private" in r.getMessage() for r in caplog.records)


def test_security_headers_on_every_response(client):
    for path in ["/", "/api/points", "/api/nothing", "/manifest.webmanifest"]:
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "no-referrer"
        assert "camera=()" in headers["Permissions-Policy"]
        assert "Strict-Transport-Security" not in headers  # only behind HTTPS


def test_hsts_behind_a_tls_proxy(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    response = app.test_client().get("/", headers={"X-Forwarded-Proto": "https"})
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
