"""Device tokens: 256 random bits, shown once, kept only as a SHA-256 hash."""

import hashlib
import hmac
import secrets
from datetime import timedelta
from functools import wraps

from flask import g, request
from flask_limiter.util import get_remote_address

from server.accounts.models import Device
from server.db import READ_ONLY_METHODS, db, utcnow
from server.errors import ApiError

LAST_SEEN_GRANULARITY = timedelta(minutes=10)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    # A 256-bit random token needs no slow hash: nobody can guess it, a fast hash is enough.
    return hashlib.sha256(token.encode()).hexdigest()


def bearer_token() -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def device_rate_key() -> str:
    """Rate limits per device token (by its hash, so limiter storage never holds a token)."""
    token = bearer_token()
    return "device:" + token_hash(token) if token else "client:" + get_remote_address()


def device_for(token: str) -> Device | None:
    digest = token_hash(token)
    device = db.session.scalar(db.select(Device).where(Device.token_hash == digest))
    if device is None or not hmac.compare_digest(device.token_hash, digest):
        return None
    return device


def require_device(view):
    """The view runs only for a known device token; g.device is that device."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        token = bearer_token()
        device = device_for(token) if token else None
        if device is None:
            raise ApiError(
                401,
                "unauthorized",
                "A valid device token is required.",
                {"WWW-Authenticate": 'Bearer realm="acupress"'},
            )
        now = utcnow()
        stale = now - device.last_seen_at > LAST_SEEN_GRANULARITY
        if stale and request.method not in READ_ONLY_METHODS:
            device.last_seen_at = now  # committed with the write the request makes
        g.device = device
        return view(*args, **kwargs)

    return wrapper
