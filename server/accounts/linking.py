"""Link codes: a short one-time code, e.g. K7QM-4XRT, that adds a device to an account.

The first half is a public lookup, the second a secret: a wrong secret counts against the
code it aims at, and MAX_FAILED_ATTEMPTS of them burn it.
"""

import hashlib
import hmac
import io
import re
import secrets
from datetime import datetime, timedelta

import segno
from flask import current_app
from sqlalchemy import delete, select

from server.accounts.devices import add_device
from server.accounts.models import Device, LinkCode
from server.db import db, utcnow
from server.errors import ApiError

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O or U
PART = 4
TTL = timedelta(minutes=10)
KEEP_EXPIRED = timedelta(days=1)  # long enough to say "expired" rather than "unknown"
MAX_FAILED_ATTEMPTS = 5
READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1", " ": None, "-": None})
CODE_SHAPE = re.compile(f"[{ALPHABET}]{{{2 * PART}}}")
INVALID = "This code is not valid. Check it, or make a new one on your other device."


def random_part() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PART))


def code_hash(code: str) -> str:
    # Keyed: the secret half has only 20 bits, too few to survive a leaked plain hash.
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def unused_lookup() -> str:
    while True:
        lookup = random_part()
        if db.session.scalar(select(LinkCode.id).where(LinkCode.lookup == lookup)) is None:
            return lookup


def create_code(device: Device) -> tuple[str, datetime]:
    """A new code for device's account, formatted for reading aloud, and when it expires."""
    now = utcnow()
    db.session.execute(delete(LinkCode).where(LinkCode.expires_at < now - KEEP_EXPIRED))
    lookup, secret = unused_lookup(), random_part()
    code = LinkCode(
        lookup=lookup,
        code_hash=code_hash(lookup + secret),
        device_id=device.id,
        expires_at=now + TTL,
    )
    db.session.add(code)
    return f"{lookup}-{secret}", code.expires_at


def qr_svg(url: str) -> str:
    """A QR code for url as a standalone SVG (black on white, scales to any size)."""
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(
        buffer, kind="svg", border=2, xmldecl=False, omitsize=True, light="#fff", title="Link code"
    )
    return buffer.getvalue().decode()


def normalize(text: str) -> str:
    """What the person typed, as a code: case, spaces, hyphens and O/I/L look-alikes forgiven."""
    return text.upper().translate(READ_AS)


def redeem(text: str, device_name: str) -> tuple[Device, str]:
    """Spend a code: a new device on the code's account and its token. Commits a failed try."""
    code_text = normalize(text)
    if not CODE_SHAPE.fullmatch(code_text):
        raise ApiError(404, "link_code_invalid", INVALID)
    query = (
        select(LinkCode)
        .where(LinkCode.lookup == code_text[:PART])
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    code = db.session.scalar(query)
    if code is None:
        raise ApiError(404, "link_code_invalid", INVALID)
    if not hmac.compare_digest(code.code_hash, code_hash(code_text)):
        code.failed_attempts += 1
        db.session.commit()  # the request fails, the attempt still counts
        raise ApiError(404, "link_code_invalid", INVALID)
    check_usable(code)
    code.used_at = utcnow()
    owner = db.session.get(Device, code.device_id)
    return add_device(owner.account, device_name)


def check_usable(code: LinkCode) -> None:
    if code.failed_attempts >= MAX_FAILED_ATTEMPTS:
        raise ApiError(
            410,
            "link_code_burned",
            "Too many wrong tries for this code; make a new one on your other device.",
        )
    if code.used_at is not None:
        raise ApiError(
            410, "link_code_used", "This code has been used; make a new one on your other device."
        )
    if code.expires_at <= utcnow():
        raise ApiError(
            410, "link_code_expired", "This code has expired; make a new one on your other device."
        )
