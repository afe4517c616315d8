"""Request parsing: JSON bodies through pydantic models, strictly (unknown fields rejected), and
the value types every capability's models share (single-line text, RFC 3339 date-times)."""

import re
from datetime import UTC, datetime
from typing import Annotated, TypeVar

from flask import Flask, request
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from werkzeug.exceptions import RequestEntityTooLarge

from server.errors import CONTROL_FREE, ApiError

M = TypeVar("M", bound=BaseModel)

# Text kept in a database column: no control characters (PostgreSQL refuses NUL in text).
SingleLine = Annotated[str, Field(pattern=CONTROL_FREE)]

# Years 0002-9998: with any offset up to ±23:59 the instant stays within what a datetime (and
# so a UTC column) can hold; years 1 and 9999 with an offset would fall outside it.
YEAR = (
    r"(?:000[2-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-8][0-9]{3}|9[0-8][0-9]{2}|99[0-8][0-9]|999[0-8])"
)
DATE = r"(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
TIME = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]{1,9})?"
OFFSET = r"(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"
RFC3339 = f"^{YEAR}-{DATE}T{TIME}{OFFSET}$"


def parse_timestamp(value: str) -> datetime:
    """An RFC 3339 date-time with offset (as stored in records) as an aware datetime."""
    return datetime.fromisoformat(value)


def _timestamp(value: str) -> str:
    try:
        if re.fullmatch(RFC3339, value):
            # The pattern admits 2026-02-30; this does not. Stored instants are UTC.
            parse_timestamp(value).astimezone(UTC)
            return value
    except (ValueError, OverflowError):
        pass
    raise ValueError(
        "expected a date-time with offset in the years 0002-9998, e.g. 2026-11-24T07:31:00+01:00"
    )


# Kept as the client wrote it (its offset says what the person's clock showed).
Timestamp = Annotated[
    str,
    AfterValidator(_timestamp),
    Field(
        json_schema_extra={"format": "date-time", "pattern": RFC3339},
        examples=["2026-11-24T07:31:00+01:00"],
    ),
]


def _whole(value):
    # JSON Schema's "integer" is a value, not a spelling: 5.0 is the integer 5.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def whole_number(**constraints):
    """An integer field of a request: strict (never "5" for 5), but 5.0 is 5, as OpenAPI says.
    The constraints go inside, so the schema keeps them as minimum and maximum."""
    return Annotated[int, Field(**constraints), BeforeValidator(_whole)]


class Strict(BaseModel):
    """Base for request models: no unknown fields, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


def parse_body(model: type[M]) -> M:
    """The request body validated against model; 415 if not JSON, 400 if it does not fit."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    return model.model_validate_json(body_bytes() or b"null")


def has_body() -> bool:
    chunked = "chunked" in request.headers.get("Transfer-Encoding", "").lower()
    return bool(request.content_length) or chunked


def body_bytes() -> bytes:
    """The whole body, or 413 if it is over MAX_CONTENT_LENGTH: never a body cut at the limit.

    Werkzeug refuses a Content-Length over the limit, but it reads a chunked body only up to
    the limit and stops there, as if that were all of it."""
    limit = request.max_content_length
    terminated = "wsgi.input_terminated" in request.environ
    if request.content_length is not None or limit is None or not terminated:
        return request.get_data(cache=False)
    stream, data = request.environ["wsgi.input"], b""
    while len(data) <= limit:
        chunk = stream.read(limit + 1 - len(data))
        if not chunk:
            return data
        data += chunk
    raise RequestEntityTooLarge()


def init_app(app: Flask) -> None:
    @app.url_value_preprocessor
    def refuse_unstorable_path_values(_endpoint, values) -> None:
        """A path parameter (device id, schedule id, token...) with a control character names
        nothing that can exist, and PostgreSQL cannot even compare text holding NUL: 404."""
        for value in (values or {}).values():
            if isinstance(value, str) and re.search(r"[\x00-\x1f\x7f]", value):
                raise ApiError(404, "not_found", "Nothing exists at this address.")
