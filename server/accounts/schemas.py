"""Request and response models of the accounts API (they also feed the OpenAPI description)."""

from datetime import datetime

from pydantic import BaseModel, Field

from server.validation import SingleLine, Strict

DeviceName = Field(default="This device", min_length=1, max_length=80)


class NewAccount(Strict):
    device_name: SingleLine = DeviceName


class DeviceOut(BaseModel):
    id: str
    name: str
    created_at: datetime
    last_seen_at: datetime
    current: bool = Field(description="Whether this is the device making the request.")


class TokenOut(BaseModel):
    token: str = Field(description="The device's bearer token. Shown once; keep it.")
    device: DeviceOut


class DeviceList(BaseModel):
    devices: list[DeviceOut]


class DeviceRename(Strict):
    name: SingleLine = Field(min_length=1, max_length=80)


class LinkCodeOut(BaseModel):
    code: str = Field(description="The one-time code, e.g. K7QM-4XRT, to read out or type.")
    url: str = Field(description="What the QR code encodes: this app at #/link/<code>.")
    qr_svg: str = Field(description="The QR code as standalone SVG markup (black on white).")
    expires_at: datetime


class Redemption(Strict):
    code: str = Field(
        min_length=1, max_length=32, description="As typed: case, spaces and hyphens do not matter."
    )
    device_name: SingleLine = DeviceName
