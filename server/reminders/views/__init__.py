"""The reminders API, one module per resource: the push subscription (push), schedules,
snooze links (snoozing) and the calendar feed (calendar_feed), all on one blueprint `bp`."""

from server.reminders.views import calendar_feed, push, schedules, snoozing  # noqa: F401 - routes
from server.reminders.views.blueprint import bp

__all__ = ["bp"]
