"""How a reminder looks on the phone, defined once: every push payload carries its title, body,
icon, badge, tag, url and actions, and the service worker gets DEFAULTS (stamped into sw.js as
BUILD.notification) for a push whose payload is missing or garbled, and SNOOZE_FAILED (as
BUILD.snooze_failed) for when a snooze cannot reach the server. Also the Topic a reminder
travels under."""

import base64
import hashlib
import json
import math

TITLE = "Time for your acupressure"
GENERIC_BODY = "A few minutes of self-care for your back."
TEST_BODY = "This is how your reminders will look. Tap Start to practise now."
ICON = "/icons/icon-192.png"
BADGE = "/icons/badge-96.png"
ROUTINES_PAGE = "/#/routines"
ACTIONS = [{"action": "start", "title": "Start"}, {"action": "snooze", "title": "Snooze 1 h"}]
TEST_TAG = "acupress-test"
TEST_TOPIC = "acupress-test"

# What the service worker shows when a push brings nothing it can read.
DEFAULTS = {
    "title": TITLE,
    "body": GENERIC_BODY,
    "icon": ICON,
    "badge": BADGE,
    "url": ROUTINES_PAGE,
    "actions": ACTIONS,
}

# What the service worker shows when "Snooze 1 h" cannot reach the server.
SNOOZE_FAILED = {
    "title": "Snooze did not reach the server",
    "body": "Open Acupress when you have a connection, or practise now.",
    "tag": "acupress-snooze",
    "url": ROUTINES_PAGE,
}


def topic(schedule_id: str, local_date: str) -> str:
    """Per schedule and local day (32 base64url characters), so a newer push of the same day
    replaces an undelivered older one at the push service instead of both being shown."""
    digest = hashlib.sha256(f"{schedule_id}/{local_date}".encode()).digest()
    return base64.urlsafe_b64encode(digest).decode()[:32]


def minutes(routine: dict) -> int:
    """The routine's length as the player runs it: "each" side in turn, rests between presses."""
    presses = [
        step["seconds"]
        for step in routine["steps"]
        for _side in range(2 if step["side"] == "each" else 1)
    ]
    seconds = sum(presses) + max(0, len(presses) - 1) * routine["rest_seconds"]
    return max(1, math.ceil(seconds / 60))


def body_text(routine: dict | None) -> str:
    if routine is None:
        return GENERIC_BODY
    return f"Today: {routine['title']} (about {minutes(routine)} min)"


def encode(message: dict) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()


def payload(schedule_id: str, slot: str, routine: dict | None, snooze_token: str) -> bytes:
    """A reminder: DEFAULTS with the routine's words and pages, and the signed snooze link."""
    page = f"/#/routine/{routine['id']}" if routine else ROUTINES_PAGE
    message = {
        **DEFAULTS,
        "type": "reminder",
        "body": body_text(routine),
        "tag": f"acupress-reminder-{schedule_id}",
        "url": page,
        "start_url": f"/#/play/{routine['id']}" if routine else page,
        "routine_id": routine["id"] if routine else None,
        "schedule_id": schedule_id,
        "slot": slot,
        "snooze_url": f"/api/reminders/snooze/{snooze_token}",
    }
    return encode(message)


def test_payload() -> bytes:
    """A test reminder ("send a test reminder"): it looks like a reminder, snoozes nothing."""
    message = {
        **DEFAULTS,
        "type": "test",
        "body": TEST_BODY,
        "tag": TEST_TAG,
        "start_url": ROUTINES_PAGE,
        "routine_id": None,
    }
    return encode(message)
