"""Push endpoint safety for IPv6 that hides an IPv4 address (NAT64, 6to4, IPv4-compatible,
IPv4-translated, Teredo), at registration and at connect time; and Apple's push service: its
hosts are accepted and the VAPID subject is one Apple takes."""

import asyncio
import base64
import json
import os
import socket
from concurrent.futures import ThreadPoolExecutor

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server import create_app
from server.reminders import endpoints
from server.reminders.endpoints import GuardedResolver, UnsafeEndpoint, check_address, is_public
from server.reminders.vapid import Authorizations, VapidConfigError, keys_for

PRIVATE_IPV4 = ["127.0.0.1", "10.0.0.1", "192.168.1.20", "169.254.169.254", "100.64.0.1", "0.0.0.0"]


def hiding(ipv4: str) -> list[str]:
    """The IPv6 spellings of ipv4 that a translator or tunnel delivers to it."""
    a, b, c, d = (int(part) for part in ipv4.split("."))
    high, low = f"{a:02x}{b:02x}", f"{c:02x}{d:02x}"
    return [
        f"64:ff9b::{ipv4}",  # NAT64, well-known prefix
        f"64:ff9b:1::{ipv4}",  # NAT64, local-use prefix, /96 spelling
        f"64:ff9b:1:{high}:{c:02x}:{d:02x}00::",  # local-use prefix, /48 layout (RFC 6052)
        f"2002:{high}:{low}::1",  # 6to4
        f"::{ipv4}",  # IPv4-compatible
        f"::ffff:0:{ipv4}",  # IPv4-translated
        f"::ffff:{ipv4}",  # IPv4-mapped
    ]


CASES = [(ipv4, ipv6) for ipv4 in PRIVATE_IPV4 for ipv6 in hiding(ipv4)]


@pytest.mark.parametrize("ipv4, ipv6", CASES)
def test_ipv6_hiding_a_private_ipv4_is_not_public(ipv4, ipv6):
    assert not is_public(ipv4)
    assert not is_public(ipv6)


@pytest.mark.parametrize("ipv6", [a for a in hiding("8.8.8.8") if not a.startswith("64:ff9b:1")])
def test_ipv6_carrying_a_public_ipv4_is_judged_as_that_ipv4(ipv6):
    assert is_public(ipv6)


def test_teredo_with_a_private_client_is_not_public():
    # Teredo server 65.54.227.120, client 192.168.0.1 (stored inverted: 3f57:fffe).
    assert not is_public("2001:0:4136:e378:8000:63bf:3f57:fffe")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def subscription(endpoint: str) -> dict:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    point = key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return {"endpoint": endpoint, "keys": {"p256dh": b64(point), "auth": b64(os.urandom(16))}}


@pytest.fixture
def headers(client) -> dict:
    return {"Authorization": f"Bearer {client.post('/api/accounts').json['token']}"}


@pytest.mark.parametrize("ipv6", [hiding(ipv4)[0] for ipv4 in PRIVATE_IPV4] + hiding("10.0.0.1"))
def test_registration_refuses_an_endpoint_hiding_a_private_ipv4(client, headers, ipv6):
    body = subscription(f"https://[{ipv6}]/push/abc")
    answer = client.put("/api/push/subscription", json=body, headers=headers)
    assert answer.status_code == 403, answer.json
    assert answer.json["error"]["code"] == "unsafe_endpoint"


@pytest.mark.parametrize("ipv6", hiding("127.0.0.1") + hiding("10.0.0.1"))
def test_connecting_refuses_an_address_hiding_a_private_ipv4(ipv6):
    with pytest.raises(UnsafeEndpoint):
        check_address(ipv6, frozenset())  # an address literal in the stored URL

    async def resolve():  # a name that now resolves to it (DNS rebinding)
        resolver = GuardedResolver(frozenset())
        try:
            await resolver.resolve(ipv6, 443, socket.AF_INET6)
        finally:
            await resolver.close()

    # A thread of its own: Playwright's sync API keeps an event loop running in the main thread.
    with ThreadPoolExecutor(1) as thread, pytest.raises(UnsafeEndpoint):
        thread.submit(asyncio.run, resolve()).result()


# --- Apple's push service ----------------------------------------------------------------

APPLE_ENDPOINTS = [
    "https://web.push.apple.com/QGYbQ3JvdGhlcl9kZXZpY2VfdG9rZW4",
    "https://api.push.apple.com/3/device/abc",
]


@pytest.fixture
def apple_dns(monkeypatch):
    """Answer for Apple's push hosts as public DNS does (17.0.0.0/8 is Apple's), offline."""
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == "push.apple.com" or host.endswith(".push.apple.com"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("17.188.181.140", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(endpoints.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("endpoint", APPLE_ENDPOINTS)
def test_apple_push_endpoints_are_accepted(client, headers, apple_dns, endpoint):
    answer = client.put("/api/push/subscription", json=subscription(endpoint), headers=headers)
    assert answer.status_code == 200, answer.json
    assert answer.json["subscribed"] is True


def jwt_claims(header: str) -> dict:
    token = header.split("t=", 1)[1].split(",", 1)[0]
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


@pytest.mark.parametrize("subject", ["mailto:care@acupress.example.org", "https://acupress.app"])
def test_the_vapid_jwt_for_apple_has_its_origin_and_a_real_subject(tmp_path, subject):
    app = create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s", "VAPID_SUBJECT": subject})
    claims = jwt_claims(Authorizations(keys_for(app)).header("https://web.push.apple.com"))
    assert claims["aud"] == "https://web.push.apple.com"
    assert claims["sub"] == subject


@pytest.mark.parametrize(
    "subject",
    [
        "mailto:me@dev.localhost",
        "mailto:reminders@acupress.invalid",
        "https://box.local",
        "https://a.test",
    ],
)
def test_a_subject_apple_refuses_stops_the_app_with_a_clear_message(tmp_path, subject):
    with pytest.raises(VapidConfigError, match="Apple"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s", "VAPID_SUBJECT": subject})


def test_no_subject_starts_with_a_warning_about_apple(tmp_path, caplog):
    create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": "s"})
    assert "Apple" in caplog.text and "ACUPRESS_VAPID_SUBJECT" in caplog.text
