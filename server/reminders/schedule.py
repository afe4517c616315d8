"""Reminder times: weekly local wall-clock times in an IANA timezone, turned into UTC instants.

A 07:30 reminder stays at 07:30 local across DST changes. A local time that does not exist
that day (clocks spring forward over it) fires at the first valid moment after it; one that
happens twice (clocks fall back) fires once, at its first occurrence.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from server.localtime import instant, wall_clock

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SLOT_FORMAT = "%Y-%m-%dT%H:%M"


@dataclass(frozen=True)
class Slot:
    """A reminder's moment in UTC and its key: the nominal local date and time."""

    due_at: datetime
    key: str

    @property
    def local_date(self) -> date:
        return date.fromisoformat(self.key[:10])


NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})  # files in the tz database folder


@lru_cache(maxsize=1)
def known_timezones() -> frozenset[str]:
    return frozenset(available_timezones()) - NOT_ZONES


def slot_key(day: date, at: time) -> str:
    return datetime.combine(day, at).strftime(SLOT_FORMAT)


def slot_due_at(key: str, tz: ZoneInfo) -> datetime:
    """The UTC instant of a slot, from its key."""
    local = datetime.strptime(key, SLOT_FORMAT)
    return instant(local.date(), local.time(), tz)


def next_slot(times: list[str], weekdays: list[str], tz: ZoneInfo, after: datetime) -> Slot | None:
    """The first weekly slot strictly after `after` (UTC)."""
    today = wall_clock(after, tz).date()
    moments = sorted(time.fromisoformat(text) for text in times)
    # Local times in order map to instants in order (a skipped time to the end of its gap, a
    # repeated one to its first occurrence), so the first slot after `after` is the earliest.
    for day in (today + timedelta(days=offset) for offset in range(-1, 9)):
        if WEEKDAYS[day.weekday()] in weekdays:
            for at in moments:
                due_at = instant(day, at, tz)
                if due_at > after:
                    return Slot(due_at, slot_key(day, at))
    return None


def replan(schedule, after: datetime) -> None:
    """Set the schedule's next slot: its next weekly time after `after`, or a pending snooze."""
    tz = ZoneInfo(schedule.timezone)
    regular = next_slot(schedule.times, schedule.weekdays, tz, after) if schedule.enabled else None
    snooze = None
    if schedule.snoozed_until is not None:
        snooze = Slot(
            schedule.snoozed_until, wall_clock(schedule.snoozed_until, tz).strftime(SLOT_FORMAT)
        )
    upcoming = min(filter(None, (regular, snooze)), key=lambda s: s.due_at, default=None)
    schedule.next_due_at = upcoming.due_at if upcoming else None
    schedule.next_slot = upcoming.key if upcoming else None
