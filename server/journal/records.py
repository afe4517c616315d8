"""What each kind of journal record holds: the schemas every synced record's `data` must fit.

Other capabilities ask about stored records through `server.journal.queries`.
"""

from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import Field, model_validator

from server.validation import Strict, Timestamp, parse_timestamp, whole_number

SETTINGS_ID = "00000000-0000-4000-8000-000000000001"
POINT_CODE = r"^(?:[A-Z]{2}[0-9]{1,2}|EX-(?:HN|CA|B|UE|LE)[0-9]{1,2})$"

PointCode = Annotated[str, Field(pattern=POINT_CODE, examples=["BL23"])]
Note = Annotated[str, Field(max_length=2000)]
PainLevel = whole_number(ge=0, le=10)


class RecordData(Strict):
    modified_at: Timestamp = Field(
        description="When the person last changed this record; the later one wins a conflict."
    )


class Session(RecordData):
    """A guided practice."""

    routine_id: str = Field(max_length=80)
    routine_title: str = Field(max_length=120)
    steps_total: whole_number(ge=0, le=100)
    steps_completed: whole_number(ge=0, le=100)
    seconds_pressed: whole_number(ge=0, le=36000)
    points: list[PointCode] = Field(max_length=100)
    pain_before: PainLevel | None
    pain_after: PainLevel | None
    note: Note
    flagged: bool = Field(description="Marked for the person's clinician.")
    started_at: Timestamp
    ended_at: Timestamp
    completed: bool

    @model_validator(mode="after")
    def consistent(self):
        if self.steps_completed > self.steps_total:
            raise ValueError("steps_completed cannot exceed steps_total")
        if parse_timestamp(self.ended_at) < parse_timestamp(self.started_at):
            raise ValueError("ended_at cannot be before started_at")
        return self


class Pain(RecordData):
    """A standalone pain log."""

    at: Timestamp
    level: PainLevel
    area: Literal["lower-back", "upper-back", "neck", "hip", "leg", "other"]
    note: Note
    flagged: bool = Field(description="Marked for the person's clinician.")


class RoutineStep(Strict):
    point: PointCode
    side: Literal["left", "right", "both", "each", "center"]
    seconds: whole_number(ge=10, le=600)


class CustomRoutine(RecordData):
    """A custom routine (named apart from the preset routines of the content API)."""

    title: str = Field(min_length=1, max_length=60)
    steps: list[RoutineStep] = Field(min_length=1, max_length=30)
    rest_seconds: whole_number(ge=0, le=120)


class Settings(RecordData):
    """Roaming settings: one record per account, id SETTINGS_ID."""

    pregnancy: bool
    weekly_goal: whole_number(ge=1, le=14)
    sound: bool
    speech: bool
    vibration: bool
    breathing: bool


KINDS: dict[str, type[RecordData]] = {
    "session": Session,
    "pain": Pain,
    "routine": CustomRoutine,
    "settings": Settings,
}
OCCURRED_AT_FIELD = {"session": "started_at", "pain": "at"}


def occurred_at(kind: str, data: dict | None) -> datetime | None:
    """When a session or pain log happened, in UTC; None for other kinds and tombstones."""
    field = OCCURRED_AT_FIELD.get(kind)
    if data is None or field is None:
        return None
    return parse_timestamp(data[field]).astimezone(UTC)
