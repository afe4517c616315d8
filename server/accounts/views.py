"""Accounts and devices: anonymous identity, one bearer token per device, linking by code."""

from flask import Blueprint, g, jsonify, request
from sqlalchemy import delete

from server.accounts import linking
from server.accounts.devices import account_devices, add_device, find_device
from server.accounts.models import Account, Device
from server.accounts.schemas import (
    DeviceList,
    DeviceOut,
    DeviceRename,
    LinkCodeOut,
    NewAccount,
    Redemption,
    TokenOut,
)
from server.accounts.tokens import device_rate_key, require_device
from server.db import db
from server.errors import ApiError
from server.openapi import doc
from server.ratelimit import limiter
from server.validation import has_body, parse_body

bp = Blueprint("accounts", __name__, url_prefix="/api")


def device_out(device: Device, current: Device) -> dict:
    return DeviceOut(
        id=device.public_id,
        name=device.name,
        created_at=device.created_at,
        last_seen_at=device.last_seen_at,
        current=device.id == current.id,
    ).model_dump(mode="json")


@bp.post("/accounts")
@limiter.limit("20 per hour")
@doc(
    "Create an anonymous account and its first device",
    body=NewAccount,
    body_required=False,
    response=TokenOut,
    status=201,
)
def create_account():
    body = parse_body(NewAccount) if has_body() else NewAccount()
    account = Account()
    db.session.add(account)
    device, token = add_device(account, body.device_name)
    db.session.commit()
    return jsonify(token=token, device=device_out(device, device)), 201


@bp.delete("/account")
@doc("Delete the account and everything it holds on the server", status=204, auth=True)
@require_device
def delete_account():
    db.session.execute(delete(Account).where(Account.id == g.device.account_id))
    db.session.commit()
    return "", 204


@bp.get("/devices")
@doc("The account's devices", response=DeviceList, auth=True)
@require_device
def list_devices():
    return jsonify(devices=[device_out(d, g.device) for d in account_devices(g.device.account_id)])


@bp.patch("/devices/<device_id>")
@doc("Rename this device", body=DeviceRename, response=DeviceOut, auth=True, errors=(403, 404))
@require_device
def rename_device(device_id: str):
    device = find_device(g.device.account_id, device_id)
    if device.id != g.device.id:
        raise ApiError(403, "not_this_device", "A device can rename only itself.")
    device.name = parse_body(DeviceRename).name
    db.session.commit()
    return jsonify(device_out(device, g.device))


@bp.delete("/devices/<device_id>")
@doc(
    "Revoke a device (its token stops working at once); revoking this device signs out, and "
    "revoking the last one deletes the account and everything it holds",
    status=204,
    auth=True,
    errors=(404,),
)
@require_device
def revoke_device(device_id: str):
    account_id = g.device.account_id
    db.session.delete(find_device(account_id, device_id))
    db.session.flush()
    if not account_devices(account_id):
        # No device can ever reach this account again: keep nothing of it.
        db.session.execute(delete(Account).where(Account.id == account_id))
    db.session.commit()
    return "", 204


@bp.post("/link-codes")
@require_device  # before the limit: without a valid token the answer is 401, never 429
@limiter.limit("10 per hour", key_func=device_rate_key)
@doc(
    "A one-time code (and QR code) for linking another device; valid for 10 minutes",
    response=LinkCodeOut,
    status=201,
    auth=True,
)
def create_link_code():
    code, expires_at = linking.create_code(g.device)
    db.session.commit()
    url = f"{request.host_url}#/link/{code}"
    return jsonify(
        LinkCodeOut(
            code=code, url=url, qr_svg=linking.qr_svg(url), expires_at=expires_at
        ).model_dump(mode="json")
    ), 201


@bp.post("/link-codes/redeem")
@limiter.limit("10 per minute")
@doc(
    "Join the account of the device that made a link code: a new device and its token",
    body=Redemption,
    response=TokenOut,
    status=201,
    errors=(404, 410),
)
def redeem_link_code():
    body = parse_body(Redemption)
    device, token = linking.redeem(body.code, body.device_name)
    db.session.commit()
    return jsonify(token=token, device=device_out(device, device)), 201
