"""One JSON error shape for the API: {"error": {"code", "message"}}; never a traceback."""

import logging

from flask import Flask, jsonify, request
from pydantic import ValidationError
from sqlalchemy.exc import DataError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

CONTROL_FREE = r"^[^\x00-\x1f\x7f]*$"  # the pattern of validation.SingleLine, described below

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "too_large",
    415: "unsupported_media_type",
    422: "unprocessable",
    429: "rate_limited",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(HTTPException):
    """An HTTP error with its own machine-readable code, e.g. ApiError(409, "code_used", "...")."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(description=message)
        self.code = status
        self.error_code = code
        self.extra_headers = headers or {}


def error_response(status: int, code: str, message: str, details=None):
    body = {"error": {"code": code, "message": message}}
    if details:
        body["error"]["details"] = details
    response = jsonify(body)
    response.status_code = status
    return response


def problem(err: dict) -> str:
    """Pydantic's message, in words where it would only quote a pattern."""
    if err["type"] == "string_pattern_mismatch" and err["ctx"]["pattern"] == CONTROL_FREE:
        return "must be text without control characters (such as line breaks or NUL)"
    return err["msg"]


def describe_validation_error(exc: ValidationError) -> tuple[str, list[dict]]:
    details = [
        {"field": ".".join(str(part) for part in err["loc"]) or "(body)", "problem": problem(err)}
        for err in exc.errors(include_url=False, include_input=False)
    ]
    summary = "; ".join(f"{d['field']}: {d['problem']}" for d in details[:5])
    return f"Invalid request: {summary}", details


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        if not request.path.startswith("/api/") and exc.code == 404:
            return exc  # the plain 404 page outside the API
        code = getattr(exc, "error_code", None) or CODES.get(exc.code, "error")
        response = error_response(exc.code, code, exc.description or exc.name)
        for name in ("Allow", "Retry-After", "WWW-Authenticate"):
            value = exc.get_response().headers.get(name)
            if value:
                response.headers[name] = value
        response.headers.update(getattr(exc, "extra_headers", {}))
        return response

    @app.errorhandler(ValidationError)
    def validation_error(exc: ValidationError):
        message, details = describe_validation_error(exc)
        return error_response(400, "invalid", message, details)

    @app.errorhandler(DataError)
    def unstorable_value(exc: DataError):
        # A value the database cannot hold that validation let through: still the client's.
        log.warning("database refused a value: %s", type(exc.orig).__name__ if exc.orig else exc)
        return error_response(400, "invalid", "A value in the request cannot be stored.")

    @app.errorhandler(OperationalError)
    @app.errorhandler(InterfaceError)
    def database_unavailable(exc):
        log.error("database error: %s", type(exc.orig).__name__ if exc.orig else exc)
        message = "The database is not available; try again shortly."
        response = error_response(503, "database_unavailable", message)
        response.headers["Retry-After"] = "5"
        return response

    @app.errorhandler(Exception)
    def unexpected_error(exc: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on our side.")
