"""Push message encryption (RFC 8291): byte for byte the RFC's own example, and every payload
size up to the limit opens with http_ece, an independent implementation."""

import base64
import os

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from server.reminders.sender import MAX_PAYLOAD_BYTES, Target, encrypt, seal

PUSH_SERVICE_LIMIT = 4096  # bytes of encrypted body every push service accepts


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def private_key(text: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(b64decode(text), "big"), ec.SECP256R1())


def test_the_example_of_rfc_8291_appendix_a_is_reproduced_exactly():
    sealed = seal(
        b"When I grow up, I want to be a watermelon",
        b64decode(
            "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4"
        ),
        b64decode("BTBZMqHH6r4Tts7J_aSIgg"),
        private_key("yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw"),
        b64decode("DGv6ra1nlYgDCS1FRnbzlw"),
    )
    assert b64encode(sealed) == (
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInm"
        "YWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQe"
        "xSgSxsj_Qulcy4a-fN"
    )


@pytest.mark.parametrize("size", [1, 100, 1000, MAX_PAYLOAD_BYTES])
def test_any_payload_up_to_the_limit_opens_with_an_independent_implementation(size):
    receiver = ec.generate_private_key(ec.SECP256R1())
    point = receiver.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    auth = os.urandom(16)
    target = Target("https://push.example/1", b64encode(point), b64encode(auth))
    payload = os.urandom(size)
    sealed = encrypt(target, payload)
    assert len(sealed) <= PUSH_SERVICE_LIMIT
    opened = http_ece.decrypt(sealed, private_key=receiver, auth_secret=auth, version="aes128gcm")
    assert opened == payload
    # A fresh salt and key pair (both in the header) for every message.
    assert encrypt(target, payload)[:86] != sealed[:86]
