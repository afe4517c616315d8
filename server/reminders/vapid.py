"""VAPID (RFC 8292): the server's P-256 key pair, kept as an app extension (`init_app`,
`keys()`), and the signed Authorization headers it sends.

The private key comes from VAPID_PRIVATE_KEY (raw base64url or PEM) or is made on first run
and kept in the instance folder; VAPID_SUBJECT is the contact push services see.
"""

import logging
import re
import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from flask import Flask, current_app
from py_vapid import Vapid02
from py_vapid.utils import b64urlencode

from server.config import instance_secret

KEY_FILE = "vapid_private_key"
JWT_LIFETIME_S = 12 * 3600  # push services accept at most 24 hours
REFRESH_WITHIN_S = 3600
BAD_KEY = "ACUPRESS_VAPID_PRIVATE_KEY is not a P-256 private key (raw base64url or PEM)"
SUBJECT = re.compile(r"mailto:[^@\s/]+@[\w-]+(\.[\w-]+)+|https://[\w-]+(\.[\w-]+)+", re.ASCII)
# Used when VAPID_SUBJECT is unset. Apple's push service (Safari, iPhone and iPad home-screen
# apps) refuses a JWT whose subject's domain cannot resolve (403 BadJwtToken): this one works
# for the other push services only, so starting without a real subject says so.
PLACEHOLDER_SUBJECT = "mailto:reminders@acupress.invalid"
RESERVED_DOMAIN = re.compile(r"(?:^|\.)(?:localhost|invalid|local|test|example)$", re.IGNORECASE)
EXTENSION = "acupress.vapid"  # the key in app.extensions
log = logging.getLogger("acupress.reminders")


class VapidConfigError(ValueError):
    """A VAPID setting that cannot work; the message names the setting."""


@dataclass(frozen=True)
class VapidKeys:
    signer: Vapid02
    subject: str

    @property
    def public_key(self) -> str:
        """The uncompressed public point, base64url: the browser's applicationServerKey."""
        raw = self.signer.public_key.public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64urlencode(raw)


def load(app: Flask) -> VapidKeys:
    """The app's VAPID keys, validated; made and stored on first run when none are configured."""
    subject = checked_subject(app.config["VAPID_SUBJECT"])
    # A raw P-256 private key is 32 random bytes (below the group order, all but surely),
    # which is exactly what the instance secret file holds in base64url.
    text = app.config["VAPID_PRIVATE_KEY"] or instance_secret(app.instance_path, KEY_FILE)
    try:
        signer = (
            Vapid02.from_pem(text.encode()) if "-----BEGIN" in text else Vapid02.from_string(text)
        )
    except (ValueError, TypeError) as exc:
        raise VapidConfigError(BAD_KEY) from exc
    if not isinstance(getattr(signer.private_key, "curve", None), ec.SECP256R1):
        raise VapidConfigError(BAD_KEY)
    return VapidKeys(signer, subject)


def subject_domain(subject: str) -> str:
    return subject.rsplit("@", 1)[1] if subject.startswith("mailto:") else subject[8:]


def checked_subject(subject) -> str:
    """The configured VAPID subject, or the placeholder (with a warning) when none is set."""
    if subject is None:
        log.warning(
            "ACUPRESS_VAPID_SUBJECT is not set: Apple's push service (Safari, iPhone and iPad) "
            "refuses reminders until it is a real mailto: address or https:// URL"
        )
        return PLACEHOLDER_SUBJECT
    if not isinstance(subject, str) or not SUBJECT.fullmatch(subject):
        raise VapidConfigError(
            "ACUPRESS_VAPID_SUBJECT must be a mailto: address or an https:// origin, "
            "e.g. mailto:admin@example.org"
        )
    if RESERVED_DOMAIN.search(subject_domain(subject)):
        raise VapidConfigError(
            "ACUPRESS_VAPID_SUBJECT must name a real domain: Apple's push service refuses "
            f"reserved ones such as {subject_domain(subject)}"
        )
    return subject


def init_app(app: Flask) -> None:
    """Load (or make) the app's keys once, so a bad setting stops the app from starting."""
    app.extensions[EXTENSION] = load(app)


def keys_for(app: Flask) -> VapidKeys:
    """The keys an app was made with."""
    return app.extensions[EXTENSION]


def keys() -> VapidKeys:
    """The current app's keys."""
    return keys_for(current_app)


class Authorizations:
    """`vapid t=<JWT>,k=<key>` headers per push-service origin, signed once and reused until
    an hour before they expire (signing every message costs more than sending it)."""

    def __init__(self, keys: VapidKeys):
        self.keys = keys
        self._signed: dict[str, tuple[str, int]] = {}
        self._lock = threading.Lock()

    def header(self, origin: str) -> str:
        now = int(time.time())
        with self._lock:
            header, expires = self._signed.get(origin, ("", 0))
            if expires - now < REFRESH_WITHIN_S:
                expires = now + JWT_LIFETIME_S
                claims = {"aud": origin, "sub": self.keys.subject, "exp": expires}
                header = self.keys.signer.sign(claims)["Authorization"]
                self._signed[origin] = (header, expires)
            return header
