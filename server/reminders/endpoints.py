"""Push endpoint safety: the sender posts only over https to public addresses, so a subscription
cannot turn it against the server's own network. Hosts in PUSH_ALLOW_HOSTS (tests, development)
are exempt and may also use plain http.

Checked at subscribe time (the URL and every address its host resolves to) and again when
sending: the URL, and the addresses the sender resolves and then connects to, so a DNS answer
that changed since the check (rebinding) is caught too.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

MAX_ENDPOINT_LENGTH = 2048


class UnsafeEndpoint(ValueError):
    """A push endpoint the server refuses to post to; the message says why (never the URL)."""


def allow_list(setting) -> frozenset[str]:
    """PUSH_ALLOW_HOSTS as lower-case host names, from a list or a comma-separated string."""
    items = setting.split(",") if isinstance(setting, str) else setting
    return frozenset(item.strip().strip("[]").lower() for item in items if item.strip())


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_url(url: str, allow_hosts) -> str:
    """The endpoint's host, if the URL itself is acceptable; raises UnsafeEndpoint."""
    if len(url) > MAX_ENDPOINT_LENGTH:
        raise UnsafeEndpoint(f"The endpoint is longer than {MAX_ENDPOINT_LENGTH} characters.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise UnsafeEndpoint("The endpoint is not a valid URL.") from None
    host = parts.hostname
    if not host or parts.username is not None or parts.password is not None:
        raise UnsafeEndpoint("The endpoint must be an https URL with a host and no user name.")
    if parts.scheme != "https" and not (parts.scheme == "http" and host in allow_hosts):
        raise UnsafeEndpoint("The endpoint must be an https URL.")
    return host


def check_endpoint(url: str, allow_hosts) -> None:
    """Refuse an endpoint that is not https or whose host resolves to a non-public address."""
    host = check_url(url, allow_hosts)
    if host in allow_hosts:
        return
    port = urlsplit(url).port or 443
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)}
    except (OSError, ValueError):  # ValueError: names the resolver cannot even encode
        raise UnsafeEndpoint("The endpoint's host does not resolve.") from None
    if not all(is_public(address) for address in addresses):
        raise UnsafeEndpoint("The endpoint's host is a private, loopback or link-local address.")


def check_address(host: str, allow_hosts) -> None:
    """Refuse a host written as an address that is not public: it is connected to as it is,
    without resolving (a host name is checked by GuardedResolver instead)."""
    if host in allow_hosts or not (":" in host or host[-1:].isdigit()):
        return  # a name (an address has a colon or ends in a digit): GuardedResolver's job
    try:
        public = is_public(host)
    except ValueError:
        return
    if not public:
        raise UnsafeEndpoint("The endpoint's host is a private, loopback or link-local address.")


class GuardedResolver(AbstractResolver):
    """aiohttp resolves push service hosts here, so it only ever connects to public addresses
    (those of allowed hosts excepted): the check holds for the address actually connected to,
    even if DNS answers differently than it did when the subscription was checked."""

    def __init__(self, allow_hosts: frozenset[str]):
        self.allow_hosts = allow_hosts
        self.resolver = DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family=socket.AF_INET) -> list[ResolveResult]:
        found = await self.resolver.resolve(host, port, family)
        if host.lower() not in self.allow_hosts and not all(
            is_public(address["host"]) for address in found
        ):
            raise UnsafeEndpoint("The endpoint's host resolves to a non-public address.")
        return found

    async def close(self) -> None:
        await self.resolver.close()
