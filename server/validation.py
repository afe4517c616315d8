"""Request parsing: JSON bodies through pydantic models, strictly (unknown fields rejected)."""

from typing import Annotated, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field

from server.errors import CONTROL_FREE, ApiError

M = TypeVar("M", bound=BaseModel)

# Text kept in a database column: no control characters (PostgreSQL refuses NUL in text).
SingleLine = Annotated[str, Field(pattern=CONTROL_FREE)]


class Strict(BaseModel):
    """Base for request models: no unknown fields, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


def parse_body(model: type[M]) -> M:
    """The request body validated against model; 415 if not JSON, 400 if it does not fit."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    return model.model_validate_json(request.get_data(cache=False) or b"null")
