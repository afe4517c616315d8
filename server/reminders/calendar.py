"""The calendar feed (RFC 5545): each enabled schedule time as a weekly event with an alarm,
in the schedule's own timezone (TZID), with VTIMEZONE definitions built from zoneinfo so
calendar apps that do not know IANA names still place the events right."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.reminders.notification import body_text, minutes
from server.reminders.schedule import WEEKDAYS, wall_clock

PRODID = "-//Acupress//Reminders//EN"
BYDAY = dict(zip(WEEKDAYS, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))
TIMEZONE_YEARS = 10  # transitions listed ahead; the last one holds after that


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF and a space (never splitting a character)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > (75 if not out else 74):
            out.append(current)
            current = ""
        current += char
    out.append(current)
    return "\r\n ".join(out)


def offset(delta: timedelta) -> str:
    sign = "-" if delta < timedelta(0) else "+"
    total = abs(int(delta.total_seconds()))
    hours, rest = divmod(total, 3600)
    text = f"{sign}{hours:02d}{rest // 60:02d}"
    return text + (f"{rest % 60:02d}" if rest % 60 else "")


def transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """The UTC instants in [start, end) where the zone's offset or abbreviation changes."""
    found, step = [], timedelta(days=1)
    moment = start
    while moment < end:
        following = moment + step
        if describe(moment, tz) != describe(following, tz):
            low, high = moment, following
            while high - low > timedelta(seconds=1):
                middle = low + (high - low) / 2
                low, high = (
                    (middle, high) if describe(middle, tz) == describe(low, tz) else (low, middle)
                )
            found.append(high.replace(microsecond=0))
        moment = following
    return found


def describe(moment: datetime, tz: ZoneInfo) -> tuple:
    local = moment.astimezone(tz)
    return local.utcoffset(), local.dst(), local.tzname()


def observance(tz: ZoneInfo, when: datetime, before: datetime) -> list[str]:
    """One STANDARD or DAYLIGHT part: the rules from `when` on, given the ones just `before`."""
    now_offset, dst, name = describe(when, tz)
    old_offset = describe(before, tz)[0]
    kind = "DAYLIGHT" if dst and dst > timedelta(0) else "STANDARD"
    return [
        f"BEGIN:{kind}",
        f"DTSTART:{(when.replace(tzinfo=None) + old_offset):%Y%m%dT%H%M%S}",
        f"TZOFFSETFROM:{offset(old_offset)}",
        f"TZOFFSETTO:{offset(now_offset)}",
        f"TZNAME:{escape(name or offset(now_offset))}",
        f"END:{kind}",
    ]


def vtimezone(name: str, since: datetime) -> list[str]:
    tz = ZoneInfo(name)
    start = datetime(since.year, 1, 1, tzinfo=UTC)
    end = datetime(since.year + TIMEZONE_YEARS + 1, 1, 1, tzinfo=UTC)
    lines = ["BEGIN:VTIMEZONE", f"TZID:{name}"]
    lines += observance(tz, start, start)
    for change in transitions(tz, start, end):
        lines += observance(tz, change, change - timedelta(seconds=1))
    return lines + ["END:VTIMEZONE"]


def first_day(schedule, tz: ZoneInfo) -> date:
    """The first local day on or after the schedule was made that is one of its weekdays."""
    day = wall_clock(schedule.created_at, tz).date()
    while WEEKDAYS[day.weekday()] not in schedule.weekdays:
        day += timedelta(days=1)
    return day


def vevent(schedule, at: str, routine: dict | None, stamp: datetime) -> list[str]:
    tz = ZoneInfo(schedule.timezone)
    start = datetime.combine(first_day(schedule, tz), time.fromisoformat(at))
    title = f"Acupressure: {routine['title']}" if routine else "Acupressure"
    return [
        "BEGIN:VEVENT",
        f"UID:{schedule.public_id}-{at.replace(':', '')}@acupress",
        f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
        f"DTSTART;TZID={schedule.timezone}:{start:%Y%m%dT%H%M%S}",
        f"DURATION:PT{minutes(routine) if routine else 5}M",
        "RRULE:FREQ=WEEKLY;BYDAY=" + ",".join(BYDAY[day] for day in schedule.weekdays),
        f"SUMMARY:{escape(title)}",
        f"DESCRIPTION:{escape(body_text(routine))}",
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        f"DESCRIPTION:{escape(title)}",
        "TRIGGER:PT0M",
        "END:VALARM",
        "END:VEVENT",
    ]


def feed(schedules, routines: dict[int, dict | None], now: datetime) -> str:
    """The whole feed as iCalendar text (CRLF line ends, folded lines); routines by schedule id."""
    enabled = [schedule for schedule in schedules if schedule.enabled]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:Acupress reminders",
        "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
        "X-PUBLISHED-TTL:PT12H",
    ]
    for name in sorted({schedule.timezone for schedule in enabled}):
        since = min(s.created_at for s in enabled if s.timezone == name)
        lines += vtimezone(name, since)
    stamp = now.astimezone(UTC)
    for schedule in enabled:
        for at in schedule.times:
            lines += vevent(schedule, at, routines[schedule.id], stamp)
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
