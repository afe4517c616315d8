"""Web Push delivery: `await send(target, payload, ttl=, topic=, urgency=)` answers sent | gone |
retry, or raises PushRejected (our request was wrong) or UnsafeEndpoint.

One Sender per dispatcher, used from its event loop: each message is encrypted (RFC 8291), the
VAPID header is signed once per push service and reused, and the POSTs share keep-alive
connections (aiohttp), with explicit connect and read timeouts and no redirects. Many pushes in
flight on one thread cost a third of what a thread per push costs, whose every blocking call
hands the GIL to another thread.
"""

import asyncio
import base64
import os
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
import certifi
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from server.reminders.endpoints import GuardedResolver, check_address, check_url
from server.reminders.vapid import Authorizations, VapidKeys

SENT, GONE, RETRY = "sent", "gone", "retry"
RECORD_SIZE = 4096
MAX_PAYLOAD_BYTES = 3993  # what fits in a 4096-byte body: header 86, delimiter 1, tag 16
LAST_RECORD = b"\x02"  # the delimiter that ends the last (here: only) record, RFC 8188
URGENCIES = ("very-low", "low", "normal", "high")
NO_ANSWER = (aiohttp.ClientConnectionError, asyncio.TimeoutError)  # try again later


@dataclass(frozen=True, slots=True)
class Target:
    """Where a push goes: a subscription's endpoint and its public keys."""

    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True, slots=True)
class Outcome:
    kind: str  # SENT, GONE or RETRY
    status: int | None = None  # the push service's HTTP status; None when there was no answer
    retry_after: float | None = None  # seconds the push service asked us to wait


class PushRejected(Exception):
    """The push service refused the request itself (400, 401, 403, 413...): a bug on our side."""

    def __init__(self, status: int):
        super().__init__(f"push service answered {status}")
        self.status = status


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After in seconds from now (delta-seconds or an HTTP date); None if absent or bad."""
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def outcome_of(status: int, retry_after: str | None) -> Outcome:
    if status in (200, 201, 202):
        return Outcome(SENT, status)
    if status in (404, 410):
        return Outcome(GONE, status)
    if status == 429 or status >= 500:
        return Outcome(RETRY, status, retry_after_seconds(retry_after))
    raise PushRejected(status)


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encrypt(target: Target, payload: bytes) -> bytes:
    """The payload encrypted for the subscription, with a key pair and salt for it alone."""
    return seal(
        payload,
        b64decode(target.p256dh),
        b64decode(target.auth),
        ec.generate_private_key(ec.SECP256R1()),
        os.urandom(16),
    )


def seal(
    payload: bytes,
    receiver_key: bytes,
    auth_secret: bytes,
    private_key: ec.EllipticCurvePrivateKey,
    salt: bytes,
) -> bytes:
    """RFC 8291 (aes128gcm, one record): ECDH with the subscription's key, content key and
    nonce from HKDF-SHA256, AES-128-GCM. What http_ece does (pywebpush's encryption), without
    its general-purpose overhead, which cost as much as the cryptography itself."""
    public = private_key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    receiver = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), receiver_key)
    shared = private_key.exchange(ec.ECDH(), receiver)
    secret = hkdf(shared, auth_secret, b"WebPush: info\0" + receiver_key + public, 32)
    key = hkdf(secret, salt, b"Content-Encoding: aes128gcm\0", 16)
    nonce = hkdf(secret, salt, b"Content-Encoding: nonce\0", 12)
    header = salt + RECORD_SIZE.to_bytes(4, "big") + bytes([len(public)]) + public
    return header + AESGCM(key).encrypt(nonce, payload + LAST_RECORD, None)


def hkdf(secret: bytes, salt: bytes, info: bytes, length: int) -> bytes:
    return HKDF(hashes.SHA256(), length, salt=salt, info=info).derive(secret)


class Sender:
    def __init__(
        self, keys: VapidKeys, allow_hosts: frozenset[str], timeout: float, connections: int
    ):
        self.authorizations = Authorizations(keys)
        self.allow_hosts = allow_hosts
        self.timeout = aiohttp.ClientTimeout(sock_connect=timeout, sock_read=timeout)
        self.connections = connections
        self._session: aiohttp.ClientSession | None = None

    def session(self) -> aiohttp.ClientSession:
        """The keep-alive session, made on first use inside the event loop that uses it."""
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self.connections,
                resolver=GuardedResolver(self.allow_hosts),
                ssl=ssl.create_default_context(cafile=certifi.where()),
            )
            # No Content-Type, as pywebpush sends none: Content-Encoding describes the body.
            self._session = aiohttp.ClientSession(
                connector=connector, skip_auto_headers=("Content-Type",)
            )
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()

    async def send(
        self, target: Target, payload: bytes, *, ttl: int, topic: str, urgency: str
    ) -> Outcome:
        """Encrypt and post one push message."""
        check_address(check_url(target.endpoint, self.allow_hosts), self.allow_hosts)
        if len(payload) > MAX_PAYLOAD_BYTES or urgency not in URGENCIES or ttl < 0:
            raise ValueError("payload too large, unknown urgency or negative TTL")
        parts = urlsplit(target.endpoint)
        headers = {
            "Authorization": self.authorizations.header(f"{parts.scheme}://{parts.netloc}"),
            "Content-Encoding": "aes128gcm",
            "TTL": str(ttl),
            "Topic": topic,
            "Urgency": urgency,
        }
        body = encrypt(target, payload)
        try:
            async with self.session().post(
                target.endpoint,
                data=body,
                headers=headers,
                timeout=self.timeout,
                allow_redirects=False,
            ) as response:
                await response.read()
        except NO_ANSWER:
            return Outcome(RETRY)
        return outcome_of(response.status, response.headers.get("Retry-After"))
