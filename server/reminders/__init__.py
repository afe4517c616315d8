"""Reminders: push subscriptions, weekly schedules, the dispatcher that sends what is due, snooze
links and the calendar feed. `init_app` attaches what every app needs to send one: its VAPID keys
and the notification's look, stamped into the service worker for pushes it cannot read and
for a snooze that cannot reach the server."""

from flask import Flask


def init_app(app: Flask) -> None:
    from server import web
    from server.reminders import notification, vapid

    vapid.init_app(app)
    web.add_to_build(app, "notification", notification.DEFAULTS)
    web.add_to_build(app, "snooze_failed", notification.SNOOZE_FAILED)
