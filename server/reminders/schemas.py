"""Request and response models of the reminders API (they also feed the OpenAPI description)."""

import base64
import binascii
import re
from datetime import datetime
from typing import Annotated, Literal

from cryptography.hazmat.primitives.asymmetric import ec
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from server.reminders.schedule import WEEKDAYS, known_timezones
from server.validation import SingleLine, Strict, Timestamp

HHMM = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
# A client-made lowercase UUID; schedules made before client-made ids have 32 hex digits.
# base64url without padding, as browsers give it (the decoder would otherwise skip stray bytes).
P256_POINT = r"^B[A-P][A-Za-z0-9_-]{84}[AEIMQUYcgkosw048]$"  # 65 bytes, starting 0x04
AUTH_SECRET = r"^[A-Za-z0-9_-]{21}[AQgw]$"  # 16 bytes
SCHEDULE_ID = r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$"


def iso(moment: datetime | None) -> str | None:
    """A stored instant as the API answers it: ISO 8601 in UTC, or None."""
    return moment.isoformat() if moment else None


def b64url_bytes(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise ValueError("not base64url") from None


def p256_point(text: str) -> str:
    if not re.fullmatch(P256_POINT, text):
        raise ValueError("must be a 65-byte uncompressed P-256 point, base64url")
    raw = b64url_bytes(text)
    if len(raw) != 65 or raw[0] != 4:
        raise ValueError("must be a 65-byte uncompressed P-256 point, base64url")
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise ValueError("is not a point on the P-256 curve") from None
    return text


def auth_secret(text: str) -> str:
    if len(b64url_bytes(text)) != 16:
        raise ValueError("must be 16 bytes, base64url")
    return text


def iana_timezone(name: str) -> str:
    if name not in known_timezones():
        raise ValueError(f"unknown IANA timezone {name!r}")
    return name


def in_week_order(days: list[str]) -> list[str]:
    return [day for day in WEEKDAYS if day in days]


def distinct(values: list) -> list:
    if len(set(values)) != len(values):
        raise ValueError("must not repeat a value")
    return values


class SubscriptionKeys(Strict):
    p256dh: Annotated[
        str,
        Field(
            description="The subscription's P-256 public key: an uncompressed point on the "
            "curve, base64url",
            json_schema_extra={"format": "p256-point"},
        ),
        AfterValidator(p256_point),
    ]
    auth: Annotated[
        str,
        Field(pattern=AUTH_SECRET, description="16-byte auth secret, base64url"),
        AfterValidator(auth_secret),
    ]


class SubscriptionIn(Strict):
    """PushSubscription.toJSON() as the browser gives it."""

    endpoint: SingleLine = Field(
        min_length=1,
        max_length=2048,
        pattern=r"^https?://[^\s/?#@]+(?:[/?#]\S*)?$",
        description="The push service URL: https, on a host that resolves only to public "
        "addresses (403 unsafe_endpoint otherwise; plain http only for PUSH_ALLOW_HOSTS)",
    )
    expirationTime: float | None = Field(default=None, description="Accepted and ignored.")  # noqa: N815
    keys: SubscriptionKeys


class ScheduleSettings(Strict):
    """What a person sets on a schedule: the one place its fields are listed outside the model
    and its migration. Requests and responses add to it; views and the dispatcher derive from
    it. Times come out sorted and weekdays in week order, as they are stored."""

    times: Annotated[
        list[Annotated[str, Field(pattern=HHMM)]],
        Field(
            min_length=1,
            max_length=12,
            description='Local times "HH:MM", 24-hour',
            json_schema_extra={"uniqueItems": True},
        ),
        AfterValidator(distinct),
        AfterValidator(sorted),
    ]
    weekdays: Annotated[
        list[Annotated[str, Field(pattern="^(" + "|".join(WEEKDAYS) + ")$")]],
        Field(
            min_length=1,
            max_length=7,
            description='e.g. ["mon", "wed", "fri"]',
            json_schema_extra={"uniqueItems": True},
        ),
        AfterValidator(distinct),
        AfterValidator(in_week_order),
    ]
    timezone: Annotated[
        str,
        Field(
            max_length=64,
            description="IANA name, e.g. Europe/London",
            json_schema_extra=lambda schema: schema.update(enum=sorted(known_timezones())),
        ),
        AfterValidator(iana_timezone),
    ]
    enabled: bool = True
    skip_if_practised: bool = Field(
        default=False,
        description="No reminder on a local day with a practice session already synced",
    )
    routine_id: SingleLine | None = Field(
        default=None,
        max_length=64,
        description="A preset routine's id or one of the account's custom routines' ids "
        "(409 unknown_routine for any other); null suggests the first preset",
    )


class ScheduleIn(ScheduleSettings):
    modified_at: Timestamp = Field(
        description="When the person last changed the schedule (RFC 3339 with offset); "
        "the later one wins when two devices change it"
    )


class ScheduleOut(ScheduleSettings):
    # A stored schedule has every setting: none of them is optional in the answer.
    model_config = ConfigDict(
        json_schema_serialization_defaults_required=True, json_schema_mode_override="serialization"
    )

    id: str
    modified_at: str = Field(description="The stored version's modified_at, in UTC")
    next_due_at: str | None = Field(description="UTC, ISO 8601; null when nothing is planned")
    snoozed_until: str | None


class ScheduleList(BaseModel):
    schedules: list[ScheduleOut]


class PushStatus(BaseModel):
    subscribed: bool = Field(description="This device has a push subscription on the server")
    reminders_on: bool = Field(description="Subscribed, and at least one schedule is enabled")
    next_due_at: str | None = Field(description="The account's next reminder (UTC), if any")
    last_delivered_at: str | None = Field(description="When a reminder last reached this device")


class TestPushOut(BaseModel):
    status: Literal["sent", "gone", "failed", "retry"] = Field(
        description="sent: the push service took it; gone: the push service no longer knows "
        "this subscription (it is removed); retry: no answer in time, try again later; "
        "failed: refused"
    )
    message: str = Field(description="What happened, in plain words for the person")


class VapidKey(BaseModel):
    public_key: str = Field(description="applicationServerKey: base64url uncompressed P-256 point")


class SnoozeOut(BaseModel):
    snoozed_until: str


class CalendarFeedOut(BaseModel):
    url: str = Field(description="Secret feed URL; shown once. Anyone with it can read the times.")
    webcal_url: str


class CalendarFeedState(BaseModel):
    active: bool
    created_at: str | None
