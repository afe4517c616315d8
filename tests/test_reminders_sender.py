"""The sender against a real (local) push receiver that verifies VAPID and decrypts: the largest
payload fits one record and arrives intact; a redirect is never followed."""

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from server.reminders.sender import MAX_PAYLOAD_BYTES, PushRejected, Sender, Target
from server.reminders.vapid import keys_for
from tests.pushreceiver import Answer


def send(app, subscription: dict, payload: bytes):
    with app.app_context():
        vapid_keys = keys_for(app)

    async def post():
        sender = Sender(vapid_keys, frozenset({"127.0.0.1"}), timeout=5, connections=2)
        try:
            keys = subscription["keys"]
            target = Target(subscription["endpoint"], keys["p256dh"], keys["auth"])
            return await sender.send(target, payload, ttl=600, topic="t1", urgency="normal")
        finally:
            await sender.close()

    # A thread of its own: Playwright's sync API keeps an event loop running in the main thread.
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, post()).result()


def json_payload(size: int) -> bytes:
    text = json.dumps({"body": ""})
    return json.dumps({"body": "x" * (size - len(text))}).encode()


@pytest.mark.parametrize("size", [20, MAX_PAYLOAD_BYTES])
def test_a_payload_up_to_the_limit_arrives_decrypted_and_intact(app, push_receiver, size):
    subscription = push_receiver.subscription()
    payload = json_payload(size)
    assert len(payload) == size
    outcome = send(app, subscription, payload)
    assert (outcome.kind, outcome.status) == ("sent", 201)
    [message] = push_receiver.wait_for(1)
    assert json.dumps(message.payload).encode() == payload
    assert (message.ttl, message.topic, message.urgency) == (600, "t1", "normal")
    assert push_receiver.errors == []


def test_a_payload_over_the_limit_is_refused_before_sending(app, push_receiver):
    with pytest.raises(ValueError):
        send(app, push_receiver.subscription(), json_payload(MAX_PAYLOAD_BYTES + 1))
    assert push_receiver.count == 0


def test_a_redirect_is_not_followed(app, push_receiver):
    """A redirect could lead to a private address given as a literal, past the endpoint checks."""
    subscription = push_receiver.subscription()
    elsewhere = push_receiver.subscription()
    push_receiver.answer(subscription, Answer(status=307, location=elsewhere["endpoint"]))
    with pytest.raises(PushRejected) as rejected:
        send(app, subscription, b'{"body": "hi"}')
    assert rejected.value.status == 307
    assert push_receiver.count == 1 and push_receiver.for_endpoint(elsewhere) == []
