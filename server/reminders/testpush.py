""" "Send a test reminder": one push to one subscription now, through the same sender the
dispatcher uses, answered within PUSH_TIMEOUT_SECONDS whatever the push service does."""

import asyncio
import logging
import threading
from dataclasses import dataclass

from flask import Flask

from server.reminders import notification
from server.reminders.endpoints import UnsafeEndpoint, allow_list
from server.reminders.sender import GONE, RETRY, SENT, PushRejected, Sender, Target
from server.reminders.vapid import keys_for

log = logging.getLogger("acupress.reminders")

TTL_SECONDS = 60  # a test that arrives later than this would only confuse
FAILED = "failed"
MESSAGES = {
    SENT: "A test reminder is on its way. If none appears within a minute, check that "
    "notifications are allowed for this app on this device.",
    GONE: "The push service no longer knows this device, so reminders cannot reach it. "
    "Turn reminders off and on again to renew it.",
    RETRY: "The push service did not take the test reminder just now. Try again in a minute.",
    FAILED: "The test reminder could not be sent. Turn reminders off and on again, or use the "
    "calendar instead.",
}


@dataclass(frozen=True)
class TestResult:
    status: str  # sent | gone | retry | failed
    http_status: int | None = None

    @property
    def message(self) -> str:
        return MESSAGES[self.status]


async def _send(sender: Sender, target: Target, timeout: float) -> TestResult:
    try:
        outcome = await asyncio.wait_for(
            sender.send(
                target,
                notification.test_payload(),
                ttl=TTL_SECONDS,
                topic=notification.TEST_TOPIC,
                urgency="high",
            ),
            timeout,
        )
    except TimeoutError:
        return TestResult(RETRY)
    except (UnsafeEndpoint, PushRejected) as exc:
        log.warning("test reminder refused: %s", exc)
        return TestResult(FAILED, getattr(exc, "status", None))
    except Exception:  # noqa: BLE001 - whatever went wrong, the person gets an answer
        log.exception("test reminder failed")
        return TestResult(FAILED)
    finally:
        await sender.close()
    return TestResult(outcome.kind, outcome.status)


def send_test(app: Flask, target: Target) -> TestResult:
    """Post the test reminder and wait for the answer (at most PUSH_TIMEOUT_SECONDS).

    The event loop runs in a thread of its own: the calling thread may have one running."""
    timeout = float(app.config["PUSH_TIMEOUT_SECONDS"])
    sender = Sender(keys_for(app), allow_list(app.config["PUSH_ALLOW_HOSTS"]), timeout, 1)
    results: list[TestResult] = []
    thread = threading.Thread(
        target=lambda: results.append(asyncio.run(_send(sender, target, timeout))),
        name="test-push",
    )
    thread.start()
    thread.join()
    return results[0] if results else TestResult(FAILED)
