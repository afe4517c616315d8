"""Devices of an account: add one (with its token), find one, list them."""

import secrets

from sqlalchemy import select

from server.accounts.models import Account, Device
from server.accounts.tokens import new_token, token_hash
from server.db import db
from server.errors import ApiError


def add_device(account: Account, name: str) -> tuple[Device, str]:
    """A new device on account and its token (the only time the token exists in clear)."""
    token = new_token()
    device = Device(public_id=secrets.token_hex(16), name=name, token_hash=token_hash(token))
    account.devices.append(device)
    return device, token


def account_devices(account_id: int) -> list[Device]:
    query = (
        select(Device).where(Device.account_id == account_id).order_by(Device.created_at, Device.id)
    )
    return list(db.session.scalars(query))


def find_device(account_id: int, public_id: str) -> Device:
    """The account's device with this id; 404 for any other, so other accounts stay invisible."""
    query = select(Device).where(Device.account_id == account_id, Device.public_id == public_id)
    device = db.session.scalar(query)
    if device is None:
        raise ApiError(404, "device_not_found", "This account has no such device.")
    return device
