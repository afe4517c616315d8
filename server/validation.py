"""Request parsing: JSON bodies through pydantic models, strictly (unknown fields rejected), and
the value types every capability's models share (single-line text, RFC 3339 date-times)."""

import re
from datetime import datetime
from typing import Annotated, TypeVar

from flask import request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.errors import CONTROL_FREE, ApiError

M = TypeVar("M", bound=BaseModel)

# Text kept in a database column: no control characters (PostgreSQL refuses NUL in text).
SingleLine = Annotated[str, Field(pattern=CONTROL_FREE)]

RFC3339 = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$"


def parse_timestamp(value: str) -> datetime:
    """An RFC 3339 date-time with offset (as stored in records) as an aware datetime."""
    return datetime.fromisoformat(value)


def _timestamp(value: str) -> str:
    try:
        if re.fullmatch(RFC3339, value):
            parse_timestamp(value)  # the pattern admits 2026-13-45; this does not
            return value
    except ValueError:
        pass
    raise ValueError("expected a date-time with offset, e.g. 2026-11-24T07:31:00+01:00")


# Kept as the client wrote it (its offset says what the person's clock showed).
Timestamp = Annotated[
    str,
    AfterValidator(_timestamp),
    Field(
        json_schema_extra={"format": "date-time", "pattern": RFC3339},
        examples=["2026-11-24T07:31:00+01:00"],
    ),
]


class Strict(BaseModel):
    """Base for request models: no unknown fields, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


def parse_body(model: type[M]) -> M:
    """The request body validated against model; 415 if not JSON, 400 if it does not fit."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    return model.model_validate_json(request.get_data(cache=False) or b"null")
