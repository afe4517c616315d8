"""The push payload the service worker shows as a notification, and the Topic it travels under."""

import base64
import hashlib
import json
import math

TITLE = "Time for your acupressure"
GENERIC_BODY = "A few minutes of self-care for your back."
ICON = "/icons/icon-192.png"
BADGE = "/icons/badge-96.png"
ACTIONS = [{"action": "start", "title": "Start"}, {"action": "snooze", "title": "Snooze 1 h"}]


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


def payload(schedule_id: str, slot: str, routine: dict | None, snooze_token: str) -> bytes:
    """The JSON the service worker receives (documented for the front end in the report)."""
    page = f"/#/routine/{routine['id']}" if routine else "/#/routines"
    message = {
        "type": "reminder",
        "title": TITLE,
        "body": body_text(routine),
        "icon": ICON,
        "badge": BADGE,
        "tag": f"acupress-reminder-{schedule_id}",
        "url": page,
        "start_url": f"/#/play/{routine['id']}" if routine else page,
        "routine_id": routine["id"] if routine else None,
        "schedule_id": schedule_id,
        "slot": slot,
        "snooze_url": f"/api/reminders/snooze/{snooze_token}",
        "actions": ACTIONS,
    }
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode()
