"""The shapes of POST /api/sync: a batch of changes in, applied/conflicts/pulled changes out."""

import json
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from server.journal.records import SETTINGS_ID, CustomRoutine, Pain, Session, Settings
from server.validation import Strict, whole_number

MAX_BATCH = 500
MAX_RECORD_BYTES = 16 * 1024
MAX_PAGE = 500
DEFAULT_PAGE = 100
UUID_PATTERN = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"


def _uuid(value: str) -> str:
    if not re.fullmatch(UUID_PATTERN, value):
        raise ValueError("expected a lowercase UUID, e.g. 0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b31")
    return value


RecordId = Annotated[
    str,
    AfterValidator(_uuid),
    Field(
        description="Client-made UUID, lowercase with hyphens.",
        json_schema_extra={"pattern": UUID_PATTERN},
        examples=["0b6a3c1e-8f2d-4c4e-9a55-2f7d1e0c9b31"],
    ),
]
Kind = Literal["session", "pain", "routine", "settings"]


def _within_record_limit(data: Any) -> Any:
    size = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    if size > MAX_RECORD_BYTES:
        raise ValueError(f"record data is {size} bytes; the limit is {MAX_RECORD_BYTES}")
    return data


def sized(model: type) -> Any:
    """Optional data of `model`, refused before field checks when its JSON is too big."""
    return Annotated[model | None, BeforeValidator(_within_record_limit)]


def described_rules(schema: dict, model) -> None:
    """The checks of data_or_deleted as JSON Schema, so generated changes follow them: an edit
    (data, no delete) or a delete (no data); settings are only edited, and only settings use
    SETTINGS_ID. The schema becomes one complete object schema per case."""
    props = schema["properties"]
    settings = model.model_fields["kind"].annotation == Literal["settings"]
    record_id = (
        {**props["id"], "const": SETTINGS_ID, "examples": [SETTINGS_ID]}
        if settings
        else {**props["id"], "not": {"const": SETTINGS_ID}}
    )
    deleted = {k: v for k, v in props["deleted"].items() if k != "default"}
    base = {"type": "object", "additionalProperties": False}
    edit = {
        **base,
        "required": ["id", "base_rev", "kind", "data"],
        "properties": {
            **props,
            "id": record_id,
            "data": props["data"]["anyOf"][0],
            "deleted": {**deleted, "const": False},
        },
    }
    delete = {
        **base,
        "required": ["id", "base_rev", "kind", "deleted"],
        "properties": {
            **props,
            "id": record_id,
            "data": {"type": "null"},
            "deleted": {**deleted, "const": True},
        },
    }
    title = schema["title"]
    schema.clear()
    schema.update(title=title, anyOf=[edit] if settings else [edit, delete])


class ChangeBase(Strict):
    model_config = ConfigDict(json_schema_extra=described_rules)

    id: RecordId
    base_rev: whole_number(ge=0) = Field(
        description="The record's rev this change was made on; 0 for a new record."
    )
    deleted: bool = Field(default=False, description="true to delete the record (send no data).")

    @model_validator(mode="after")
    def data_or_deleted(self):
        if (self.data is None) != self.deleted:
            raise ValueError("send either data or deleted: true")
        if (self.id == SETTINGS_ID) != (self.kind == "settings"):
            raise ValueError(f"settings, and only settings, use the id {SETTINGS_ID}")
        if self.kind == "settings" and self.deleted:
            raise ValueError("settings cannot be deleted")
        return self


class SessionChange(ChangeBase):
    kind: Literal["session"]
    data: sized(Session) = None


class PainChange(ChangeBase):
    kind: Literal["pain"]
    data: sized(Pain) = None


class RoutineChange(ChangeBase):
    kind: Literal["routine"]
    data: sized(CustomRoutine) = None


class SettingsChange(ChangeBase):
    kind: Literal["settings"]
    data: sized(Settings) = None


Change = Annotated[
    SessionChange | PainChange | RoutineChange | SettingsChange, Field(discriminator="kind")
]


class SyncRequest(Strict):
    cursor: whole_number(ge=0) = Field(
        description="The cursor from the last response; 0 the first time."
    )
    changes: list[Change] = Field(default_factory=list, max_length=MAX_BATCH)
    limit: whole_number(ge=1, le=MAX_PAGE) = Field(
        default=DEFAULT_PAGE, description="Most records to pull in this page."
    )

    @model_validator(mode="after")
    def one_change_per_record(self):
        ids = [change.id for change in self.changes]
        if len(ids) != len(set(ids)):
            raise ValueError("a batch holds at most one change per record id")
        return self


class Applied(BaseModel):
    id: str
    rev: int


class RecordState(BaseModel):
    id: str
    kind: Kind
    rev: int
    deleted: bool
    data: dict[str, Any] | None


class LostVersion(BaseModel):
    deleted: bool
    data: dict[str, Any] | None


class Conflict(RecordState):
    """The record's state after resolution (the winner), and the version that lost."""

    winner: Literal["client", "server"]
    lost: LostVersion


class SyncResponse(BaseModel):
    applied: list[Applied] = []
    conflicts: list[Conflict] = []
    changes: list[RecordState] = []
    cursor: int
    more: bool = False
