"""Request and response models of the points API (they also feed the OpenAPI description)."""

from typing import Annotated

from pydantic import BaseModel, Field

from server.openapi import refine
from server.points import content
from server.validation import Strict


class Feedback(Strict):
    hard_to_find: list[Annotated[str, Field(max_length=16)]] = Field(
        min_length=1,
        max_length=50,
        description="WHO codes (as in /api/points) a person found hard to find",
    )


@refine("Feedback")
def known_point_codes(app, schema: dict) -> None:
    codes = sorted(content.of(app).points)
    schema["properties"]["hard_to_find"]["items"]["enum"] = codes


class FeedbackAccepted(BaseModel):
    accepted: int
