"""Local wall-clock time and UTC instants in an IANA timezone, across DST changes: a local time
that does not exist that day (clocks spring forward over it) is the first valid moment after it;
one that happens twice (clocks fall back) is its first occurrence."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def wall_clock(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)


def instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of a local wall time: its first occurrence, or the end of the gap over it."""
    naive = datetime.combine(day, at)
    first = naive.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if wall_clock(first, tz) == naive:
        return first
    return end_of_gap(naive, tz)


def end_of_gap(naive: datetime, tz: ZoneInfo) -> datetime:
    """The transition that skips over a nonexistent local time: the first valid moment after it."""
    # With fold=1 a gap time maps before the transition, with fold=0 after it; bisect between.
    before = int(naive.replace(tzinfo=tz, fold=1).timestamp())
    after = int(naive.replace(tzinfo=tz, fold=0).timestamp())
    while after - before > 1:
        middle = (before + after) // 2
        if wall_clock(datetime.fromtimestamp(middle, UTC), tz) >= naive:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, UTC)


def local_day(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC bounds [start, end) of a local calendar day."""
    return instant(day, time(0), tz), instant(day + timedelta(days=1), time(0), tz)
