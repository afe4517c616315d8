"""Shared fixtures: an app per test on a real database (SQLite, and PostgreSQL when configured),
a test client, the CLI runner, a live HTTP server, a real Chromium and a real WebKit."""

import os
import shutil
import socket
import threading
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool
from werkzeug.serving import make_server

from server import create_app
from server.cli import main as cli_main
from server.db import db, upgrade_schema

ROOT = Path(__file__).resolve().parent.parent
# CI sets this: a missing browser, PostgreSQL or Redis fails instead of skipping.
REQUIRE_ALL = os.environ.get("ACUPRESS_TEST_REQUIRE") == "1"
POSTGRES_URL = os.environ.get("ACUPRESS_TEST_DATABASE_URL")
ENGINES = ["sqlite"] + (["postgresql"] if POSTGRES_URL else [])
REDIS_URL = os.environ.get("ACUPRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
CHROMIUM = os.environ.get("ACUPRESS_TEST_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"


# Each engine's tests are marked by the fixture that starts it: `-m chromium`, `-m webkit`,
# `-m "not browser"`.
ENGINE_FIXTURES = {"chromium": "playwright_instance", "webkit": "webkit_driver"}


def pytest_collection_modifyitems(items):
    for item in items:
        for marker, fixture in ENGINE_FIXTURES.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(marker)
                item.add_marker("browser")


def skip_or_fail(reason: str):
    if REQUIRE_ALL:
        pytest.fail(reason + " (ACUPRESS_TEST_REQUIRE=1 makes this a failure)")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_schema_url():
    """A fresh schema in the test database for this session, dropped at the end."""
    if not POSTGRES_URL:
        yield None
        return
    base = POSTGRES_URL.replace("postgresql://", "postgresql+psycopg://", 1)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    try:
        engine = create_engine(base, poolclass=NullPool)  # no connection outlives its use
        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - any failure to reach it is the same failure
        pytest.fail(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}")
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture
def redis_url():
    """REDIS_URL, checked reachable; keys a test writes there go under a prefix of its own
    (ratelimit_prefix), so parallel runs never see each other's counts."""
    import redis

    store = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        store.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"no Redis at {REDIS_URL} ({exc})")
    finally:
        store.close()
    return REDIS_URL


@pytest.fixture
def ratelimit_prefix(redis_url):
    """A rate-limit key prefix for one test; its keys are deleted afterwards."""
    import redis

    from server.ratelimit import limiter

    prefix = f"acupress-test-{uuid.uuid4().hex[:12]}"
    yield prefix
    store = redis.Redis.from_url(redis_url)
    # The limiter keeps the prefix it was first given in this process: delete under that too.
    for used in {prefix, limiter._key_prefix} - {""}:
        for key in store.scan_iter(match=f"*{used}*"):
            store.delete(key)
    store.close()


@pytest.fixture(params=ENGINES)
def engine_name(request) -> str:
    return request.param


@pytest.fixture
def app_config(engine_name, postgres_schema_url, tmp_path) -> dict:
    """Test configuration; tests may change it before asking for `app`."""
    config = {
        "TESTING": True,
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "RATELIMIT_ENABLED": False,
        "REMINDERS_IN_PROCESS": False,
    }
    if engine_name == "postgresql":
        config["DATABASE_URL"] = postgres_schema_url
    return config


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite database made by the migrations once per session; each test gets a copy."""
    instance = tmp_path_factory.mktemp("template")
    upgrade_schema(create_app({"INSTANCE_PATH": str(instance), "REMINDERS_IN_PROCESS": False}))
    return instance / "acupress.db"


@pytest.fixture(scope="session")
def migrated_postgres(postgres_schema_url) -> str | None:
    """The session's PostgreSQL schema, made by the migrations once; tests truncate it."""
    if postgres_schema_url:
        upgrade_schema(
            create_app({"DATABASE_URL": postgres_schema_url, "REMINDERS_IN_PROCESS": False})
        )
    return postgres_schema_url


@pytest.fixture
def app(app_config, engine_name, migrated_sqlite, migrated_postgres):
    if engine_name == "sqlite" and "DATABASE_URL" not in app_config:
        instance = Path(app_config["INSTANCE_PATH"])
        instance.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_sqlite, instance / "acupress.db")
    app = create_app(app_config)
    if engine_name == "postgresql":
        with app.app_context():
            tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
            db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def cli(runner):
    """Run `acupress ...` in-process: cli("check-data") -> click Result."""

    def invoke(*args, env=None):
        return runner.invoke(cli_main, list(args), env=env, catch_exceptions=False)

    return invoke


class LiveServer:
    def __init__(self, app):
        self.app = app
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server = make_server("127.0.0.1", self.port, app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._thread.join(5)


@pytest.fixture
def live_server(app):
    """The app on a real threaded HTTP server on a free loopback port."""
    server = LiveServer(app).start()
    yield server
    server.stop()


@pytest.fixture
def push_receiver():
    """A Web Push service on loopback that checks VAPID and decrypts (tests/pushreceiver.py)."""
    from tests.pushreceiver import PushReceiver

    receiver = PushReceiver().start()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as pw:
        yield pw


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def phone(browser, live_server):
    """A phone-sized browser context (390x844, touch). It asks for live_server first so the
    browser closes before the server stops (no request is cut off mid-way)."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        has_touch=True,
        is_mobile=True,
    )
    yield context
    context.close()


@pytest.fixture
def persistent_phone(playwright_instance, tmp_path, live_server):
    """A phone-sized context with a real (not off-the-record) profile, for installability."""
    context = playwright_instance.chromium.launch_persistent_context(
        str(tmp_path / "profile"),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        viewport={"width": 390, "height": 844},
    )
    yield context
    context.close()


@pytest.fixture(scope="session")
def webkit_driver(tmp_path_factory):
    """WebKit for this test process: a virtual display and WebKitWebDriver (tests/webkitdriver.py).
    Each xdist worker gets its own display number and driver port."""
    from tests import webkitdriver

    reason = webkitdriver.missing()
    if reason:
        skip_or_fail(f"WebKit cannot run: {reason}")
    lane = webkitdriver.WebKitLane(tmp_path_factory.mktemp("webkit"))
    yield lane
    lane.stop()


@pytest.fixture
def webkit_phone(webkit_driver):
    """A fresh phone-sized WebKit (390x844 viewport, ephemeral profile) for one test. Fails the
    test on any uncaught error, unhandled rejection, CSP violation or console.error in the page."""
    from tests.webkitdriver import WebKitPage

    page = WebKitPage(webkit_driver.session())
    yield page
    try:
        page.collect_errors()
    finally:
        page.driver.quit()
    assert page.errors == [], f"errors in the page: {page.errors}"


def save_artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/, for tests that break content on purpose."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target
