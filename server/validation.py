"""Request parsing: JSON bodies through pydantic models, strictly (unknown fields rejected)."""

from typing import TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict

from server.errors import ApiError

M = TypeVar("M", bound=BaseModel)


class Strict(BaseModel):
    """Base for request models: no unknown fields, no silent type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


def parse_body(model: type[M]) -> M:
    """The request body validated against model; 415 if not JSON, 400 if it does not fit."""
    if request.mimetype != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send the body as application/json.")
    return model.model_validate_json(request.get_data(cache=False) or b"null")
