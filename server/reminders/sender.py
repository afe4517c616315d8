"""Web Push delivery: `await send(target, payload, ttl=, topic=, urgency=)` answers sent | gone |
retry, or raises PushRejected (our request was wrong) or UnsafeEndpoint.

One Sender per dispatcher, used from its event loop: pywebpush encrypts each message (RFC 8291)
and posts it through one aiohttp session, whose keep-alive connections are shared, with explicit
connect and read timeouts and no redirects; the VAPID header is signed once per push service and
reused. Many pushes in flight on one thread cost a third of what a thread per push costs, whose
every blocking call hands the GIL to another thread.
"""

import asyncio
import ssl
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import aiohttp
import certifi
from pywebpush import WebPusher

from server.reminders.endpoints import GuardedResolver, check_address, check_url
from server.reminders.vapid import Authorizations, VapidKeys

SENT, GONE, RETRY = "sent", "gone", "retry"
MAX_PAYLOAD_BYTES = 3993  # what fits in one 4096-byte record: header 86, delimiter 1, tag 16
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


class NoRedirects:
    """The session as pywebpush sees it: every POST refuses redirects, which could lead past the
    endpoint checks to an address given as a literal (the guarded resolver never sees those)."""

    def __init__(self, session: aiohttp.ClientSession):
        self.session = session

    def post(self, url: str, **options):
        return self.session.post(url, allow_redirects=False, **options)


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
            "Topic": topic,
            "Urgency": urgency,
        }
        pusher = WebPusher(
            {"endpoint": target.endpoint, "keys": {"p256dh": target.p256dh, "auth": target.auth}},
            aiohttp_session=NoRedirects(self.session()),
        )
        try:
            response = await pusher.send_async(
                payload, headers=headers, ttl=ttl, timeout=self.timeout
            )
        except NO_ANSWER:
            return Outcome(RETRY)
        return outcome_of(response.status, response.headers.get("Retry-After"))
