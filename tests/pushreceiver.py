"""A Web Push service on loopback, for tests: it checks each request's VAPID Authorization
(ES256 signature with the key it names, aud, exp, sub), decrypts the body with the
subscription's private key (RFC 8291 aes128gcm) and records what arrived, so tests can assert
on the decrypted payload, TTL, Urgency and Topic. Each endpoint can be told how to answer:
201, 404, 410, 429 with Retry-After, 500, or hang (until the sender gives up).

    receiver = PushReceiver().start()
    subscription = receiver.subscription()          # {"endpoint", "keys": {"p256dh", "auth"}}
    receiver.answer(subscription, Answer(429, retry_after="120"), Answer(201))
    ... receiver.wait_for(1) -> [Message(...)]

Run alone it is the benchmark's receiver: `python tests/pushreceiver.py --fast` accepts every
POST without checking or decrypting, prints its port, and answers GET /count.
"""

import argparse
import base64
import json
import os
import select
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

MAX_JWT_LIFETIME_S = 24 * 3600


def b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass(frozen=True)
class Answer:
    status: int = 201
    retry_after: str | None = None
    hang: bool = False
    location: str | None = None  # where a redirect points


@dataclass
class Message:
    endpoint_id: str
    ttl: int
    urgency: str | None
    topic: str | None
    claims: dict
    vapid_key: str
    payload: dict
    hangs_ended: int  # hanging requests that had already ended when this one arrived


@dataclass
class Endpoint:
    id: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    answers: deque = field(default_factory=deque)


class VapidError(ValueError):
    pass


def verify_vapid(header: str, origin: str) -> tuple[dict, str]:
    """(claims, public key) of a valid `vapid t=<JWT>,k=<key>` header; raises VapidError."""
    scheme, _, params = header.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidError(f"scheme {scheme!r}")
    fields = dict(part.strip().split("=", 1) for part in params.split(","))
    token, key = fields["t"], fields["k"]
    signing_input, _, signature = token.rpartition(".")
    jwt_header, jwt_claims = (json.loads(b64decode(part)) for part in signing_input.split("."))
    if jwt_header.get("alg") != "ES256":
        raise VapidError(f"alg {jwt_header.get('alg')!r}")
    public_key = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64decode(key))
    raw = b64decode(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public_key.verify(der, signing_input.encode(), ec.ECDSA(hashes.SHA256()))  # raises if forged
    now = time.time()
    if jwt_claims.get("aud") != origin:
        raise VapidError(f"aud {jwt_claims.get('aud')!r} is not {origin!r}")
    if not now < jwt_claims.get("exp", 0) <= now + MAX_JWT_LIFETIME_S:
        raise VapidError("exp is past or more than 24 hours ahead")
    if not jwt_claims.get("sub"):
        raise VapidError("no sub")
    return jwt_claims, key


class PushReceiver:
    def __init__(self, delay: float = 0.0, fast: bool = False, port: int = 0):
        self.delay = delay  # seconds before answering each push (after it is recorded)
        self.fast = fast  # accept without checking or decrypting (benchmark)
        self.messages: list[Message] = []
        self.errors: list[str] = []
        self.count = 0
        self.hangs_ended = 0
        self.endpoints: dict[str, Endpoint] = {}
        self._changed = threading.Condition()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> "PushReceiver":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def subscription(self, host: str | None = None) -> dict:
        """A new endpoint with its own keys, as PushSubscription.toJSON() gives it."""
        endpoint = Endpoint(
            os.urandom(8).hex(), ec.generate_private_key(ec.SECP256R1()), os.urandom(16)
        )
        self.endpoints[endpoint.id] = endpoint
        point = endpoint.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        base = self.url if host is None else self.url.replace("127.0.0.1", host)
        return {
            "endpoint": f"{base}/push/{endpoint.id}",
            "keys": {"p256dh": b64encode(point), "auth": b64encode(endpoint.auth)},
        }

    def answer(self, subscription: dict, *answers: Answer) -> None:
        """Queue how the endpoint answers its next pushes (then 201 again)."""
        self.endpoints[subscription["endpoint"].rsplit("/", 1)[1]].answers.extend(answers)

    def wait_for(self, count: int, timeout: float = 20) -> list[Message]:
        """The messages once at least `count` have arrived; AssertionError if they do not."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self.messages) >= count, timeout):
                raise AssertionError(f"{len(self.messages)} pushes arrived, expected {count}")
            return list(self.messages)

    def wait_for_hangs_ended(self, count: int, timeout: float = 20) -> None:
        """Return once `count` hanging requests have seen the sender close the connection."""
        with self._changed:
            if not self._changed.wait_for(lambda: self.hangs_ended >= count, timeout):
                raise AssertionError(f"{self.hangs_ended} hanging pushes ended, expected {count}")

    def for_endpoint(self, subscription: dict) -> list[Message]:
        endpoint_id = subscription["endpoint"].rsplit("/", 1)[1]
        return [m for m in self.messages if m.endpoint_id == endpoint_id]

    # --- the server side -------------------------------------------------------------------

    def _handler_class(self):
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as real push services

            def log_message(self, *args):
                pass

            def do_GET(self):
                body = json.dumps({"count": receiver.count}).encode()
                self._respond(200, {"Content-Type": "application/json"}, body)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                if len(body) < length:
                    # The sender went away mid-request (a killed worker): like a real push
                    # service, drop the incomplete request instead of reading it as a push.
                    self.close_connection = True
                    return
                if receiver.fast:
                    with receiver._changed:
                        receiver.count += 1
                    return self._respond(201)
                receiver._receive(self, body)

            def _respond(self, status: int, headers: dict | None = None, body: bytes = b""):
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler

    def _receive(self, handler, body: bytes) -> None:
        endpoint = self.endpoints.get(handler.path.rsplit("/", 1)[-1])
        if endpoint is None:
            return handler._respond(404)
        try:
            message = self._read(handler, endpoint, body)
        except Exception as exc:  # noqa: BLE001 - anything wrong is a test failure to report
            self.errors.append(f"{type(exc).__name__}: {exc}")
            return handler._respond(400)
        answer = endpoint.answers.popleft() if endpoint.answers else Answer()
        with self._changed:
            self.messages.append(message)
            self.count += 1
            self._changed.notify_all()
        if answer.hang:
            return self._hang(handler)
        time.sleep(self.delay)
        headers = {"Retry-After": answer.retry_after} if answer.retry_after else {}
        if answer.status == 201:
            headers["Location"] = f"{self.url}/message/{os.urandom(4).hex()}"
        if answer.location:
            headers["Location"] = answer.location
        handler._respond(answer.status, headers)

    def _read(self, handler, endpoint: Endpoint, body: bytes) -> Message:
        claims, key = verify_vapid(handler.headers.get("Authorization", ""), self.url)
        if handler.headers.get("Content-Encoding") != "aes128gcm":
            raise ValueError(f"Content-Encoding {handler.headers.get('Content-Encoding')!r}")
        plain = http_ece.decrypt(
            body, private_key=endpoint.private_key, auth_secret=endpoint.auth, version="aes128gcm"
        )
        return Message(
            endpoint_id=endpoint.id,
            ttl=int(handler.headers["TTL"]),
            urgency=handler.headers.get("Urgency"),
            topic=handler.headers.get("Topic"),
            claims=claims,
            vapid_key=key,
            payload=json.loads(plain),
            hangs_ended=self.hangs_ended,
        )

    def _hang(self, handler) -> None:
        """Answer nothing until the sender closes the connection (or the receiver stops)."""
        try:
            connection = handler.connection
            while not self._stopping.is_set():
                readable, _, _ = select.select([connection], [], [], 0.05)
                if readable and connection.recv(1, socket.MSG_PEEK) == b"":
                    break
        finally:
            with self._changed:
                self.hangs_ended += 1
                self._changed.notify_all()
            handler.close_connection = True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fast", action="store_true", help="accept without checking (benchmark)")
    args = parser.parse_args()
    receiver = PushReceiver(fast=args.fast, port=args.port).start()
    print(receiver.url, flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
