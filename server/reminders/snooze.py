"""Snooze links: signed (HMAC-SHA256 with a key derived from SECRET_KEY) and expiring, carried in
the push payload so the service worker can snooze a reminder without the device token."""

import base64
import hashlib
import hmac
import json
from datetime import UTC, datetime, timedelta
from functools import lru_cache

LIFETIME = timedelta(hours=12)
SNOOZE_FOR = timedelta(hours=1)
PURPOSE = b"acupress.reminders.snooze"


class BadSnoozeLink(ValueError):
    """A snooze token that was altered, is malformed, or has expired (see `expired`)."""

    def __init__(self, message: str, expired: bool = False):
        super().__init__(message)
        self.expired = expired


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    """The signing key, derived from the secret once (the dispatcher signs a link per reminder)."""
    return hmac.new(secret.encode(), PURPOSE, hashlib.sha256).digest()


def _signature(secret: str, body: str) -> str:
    return _b64(hmac.new(_key(secret), body.encode(), hashlib.sha256).digest())


def make_token(secret: str, schedule_id: str, slot: str, expires: datetime) -> str:
    """A token naming the schedule and slot, valid until `expires`."""
    claims = {"s": schedule_id, "k": slot, "e": int(expires.timestamp())}
    body = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{body}.{_signature(secret, body)}"


def read_token(secret: str, token: str, now: datetime) -> tuple[str, str]:
    """(schedule_id, slot) from a genuine, unexpired token; raises BadSnoozeLink."""
    body, _, signature = token.partition(".")
    if not hmac.compare_digest(signature.encode(), _signature(secret, body).encode()):
        raise BadSnoozeLink("This snooze link is not valid.")
    try:
        claims = json.loads(_unb64(body))
        schedule_id, slot, expires = str(claims["s"]), str(claims["k"]), int(claims["e"])
    except (ValueError, KeyError, TypeError):
        raise BadSnoozeLink("This snooze link is not valid.") from None
    if now >= datetime.fromtimestamp(expires, UTC):
        raise BadSnoozeLink("This snooze link has expired.", expired=True)
    return schedule_id, slot
