"""Standard logging: one line per request at INFO, naming the route, never bodies or tokens."""

import logging
import time

from flask import Flask, g, request

log = logging.getLogger("acupress.request")


def configure(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s %(message)s")


def init_app(app: Flask) -> None:
    @app.before_request
    def start_timer():
        g.request_started = time.perf_counter()

    @app.after_request
    def log_request(response):
        elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
        # The rule, not the path: paths can carry secrets (calendar feed tokens) and ids.
        route = request.url_rule.rule if request.url_rule else "(unmatched)"
        log.info("%s %s %s %.1fms", request.method, route, response.status_code, elapsed_ms)
        return response
