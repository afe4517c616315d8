"""`acupress serve`: gunicorn with threads, each worker building its own app, and a refused
body (413) answered on a connection that then closes, as its `Connection: close` says."""

import threading
import time
from collections.abc import Callable

from gunicorn.app.base import BaseApplication

THREADS_PER_WORKER = 8
DRAIN_BYTES = 16 * 1024 * 1024  # read and dropped after a 413, so the client sees the answer
DRAIN_SECONDS = 5
_handling = threading.local()  # the gunicorn request this thread is serving


def remember_request(_worker, req) -> None:
    _handling.request = req


class CloseAfterRefusedBody:
    """WSGI middleware: after a 413 the unread rest of the body makes the connection unusable,
    so gunicorn is told to close it (it ignores an application's Connection header and would
    announce keep-alive). Some of the rest is read first: a client still sending it gets the
    413 instead of a reset connection."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        refused = []

        def start(status, headers, exc_info=None):
            if status.startswith("413"):
                refused.append(True)
                request = getattr(_handling, "request", None)
                if request is not None:
                    request.must_close = True
            return start_response(status, headers, exc_info)

        body = self.app(environ, start)
        if refused:
            drain(environ["wsgi.input"])
        return body


def drain(stream) -> None:
    deadline, read = time.monotonic() + DRAIN_SECONDS, 0
    try:
        while read < DRAIN_BYTES and time.monotonic() < deadline:
            chunk = stream.read(64 * 1024)
            if not chunk:
                return
            read += len(chunk)
    except Exception:  # noqa: BLE001 - a broken body only means there is nothing left to read
        return


class Server(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from server import create_app, logs

        logs.configure()
        return CloseAfterRefusedBody(create_app())


def announce(server) -> None:
    for listener in server.LISTENERS:
        host, port = listener.sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host
        print(f"Acupress is running at http://{shown}:{port}/ (Ctrl+C to stop)", flush=True)


def in_each_worker(start: Callable | None) -> Callable:
    """gunicorn's post_worker_init: start(app) begins the worker's background work (e.g. the
    reminders dispatcher) and answers an Event that stops it, or None when there is none."""

    def started(worker) -> None:
        if start is not None:
            worker.background_stop = start(worker.wsgi.app)  # the app in CloseAfterRefusedBody

    return started


def stop_background(_server, worker) -> None:
    stop = getattr(worker, "background_stop", None)
    if stop is not None:
        stop.set()


def run(host: str, port: int, workers: int, background: Callable | None = None) -> None:
    """Serve on host:port; `background(app)` runs in every server process (see in_each_worker)."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    Server(
        {
            "bind": bind,
            "workers": workers,
            "worker_class": "gthread",
            "threads": THREADS_PER_WORKER,
            "accesslog": None,
            "loglevel": "info",
            "timeout": 60,
            "graceful_timeout": 10,
            "when_ready": announce,
            "post_worker_init": in_each_worker(background),
            "pre_request": remember_request,
            "worker_exit": stop_background,
        }
    ).run()
