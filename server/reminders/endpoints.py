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


# IPv6 ranges whose addresses carry an IPv4 address in their last 32 bits, which a translator
# delivers to: NAT64 (RFC 6052, and the local-use prefix of RFC 8215), IPv4-compatible (::/96,
# which also holds :: and ::1) and IPv4-translated (RFC 2765).
LAST_32_BITS = tuple(
    ipaddress.ip_network(n) for n in ("64:ff9b::/96", "64:ff9b:1::/48", "::/96", "::ffff:0:0:0/96")
)
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address may lead to (mapped, NAT64, 6to4, Teredo...)."""
    found = [ip.ipv4_mapped, ip.sixtofour, ip.teredo[1] if ip.teredo else None]
    if any(ip in network for network in LAST_32_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    if ip in LOCAL_NAT64:  # a /48 NAT64 prefix puts the address in bits 48-63 and 72-87
        bits = int(ip) >> 40
        found.append(ipaddress.IPv4Address(((bits >> 24) & 0xFFFF) << 16 | bits & 0xFFFF))
    return [address for address in found if address is not None]


def is_public(address: str) -> bool:
    """A global unicast address; an IPv6 one that embeds IPv4 is judged by what it embeds."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    embedded = embedded_ipv4(ip) if isinstance(ip, ipaddress.IPv6Address) else []
    if embedded:
        return all(is_public(str(inner)) for inner in embedded)
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
