"""Due times: local wall-clock reminders turned into UTC across DST changes and odd offsets."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from server.localtime import local_day
from server.reminders.schedule import Slot, next_slot, wall_clock

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def slots(zone: str, times: list[str], start: str, count: int, days=EVERY_DAY) -> list[Slot]:
    """`count` consecutive slots after `start` (UTC)."""
    found, after = [], utc(start)
    for _ in range(count):
        slot = next_slot(times, days, ZoneInfo(zone), after)
        found.append(slot)
        after = slot.due_at
    return found


@pytest.mark.parametrize(
    "zone, after, expected_utc, key",
    [
        # Europe/London: spring forward 2024-03-31 01:00 GMT, fall back 2024-10-27 02:00 BST.
        ("Europe/London", "2024-03-30T08:00", "2024-03-31T06:30", "2024-03-31T07:30"),
        ("Europe/London", "2024-03-29T08:00", "2024-03-30T07:30", "2024-03-30T07:30"),
        ("Europe/London", "2024-10-26T08:00", "2024-10-27T07:30", "2024-10-27T07:30"),
        ("Europe/London", "2024-10-25T08:00", "2024-10-26T06:30", "2024-10-26T07:30"),
        # America/New_York: spring forward 2024-03-10 02:00 EST, fall back 2024-11-03 02:00 EDT.
        ("America/New_York", "2024-03-09T13:00", "2024-03-10T11:30", "2024-03-10T07:30"),
        ("America/New_York", "2024-03-08T13:00", "2024-03-09T12:30", "2024-03-09T07:30"),
        ("America/New_York", "2024-11-02T13:00", "2024-11-03T12:30", "2024-11-03T07:30"),
        # Australia/Lord_Howe shifts by 30 minutes: +11:00 until 2024-04-07, then +10:30.
        ("Australia/Lord_Howe", "2024-04-05T00:00", "2024-04-05T20:30", "2024-04-06T07:30"),
        ("Australia/Lord_Howe", "2024-04-05T21:00", "2024-04-06T21:00", "2024-04-07T07:30"),
        ("Australia/Lord_Howe", "2024-10-05T00:00", "2024-10-05T20:30", "2024-10-06T07:30"),
        # Asia/Kathmandu is UTC+05:45 all year.
        ("Asia/Kathmandu", "2024-06-01T00:00", "2024-06-01T01:45", "2024-06-01T07:30"),
        ("Asia/Kathmandu", "2024-06-01T01:45", "2024-06-02T01:45", "2024-06-02T07:30"),
    ],
)
def test_a_morning_reminder_is_at_0730_local_in_utc(zone, after, expected_utc, key):
    slot = next_slot(["07:30"], EVERY_DAY, ZoneInfo(zone), utc(after))
    assert slot == Slot(utc(expected_utc), key)


@pytest.mark.parametrize(
    "zone, start",
    [
        ("Europe/London", "2024-03-27T00:00"),
        ("Europe/London", "2024-10-23T00:00"),
        ("America/New_York", "2024-03-07T00:00"),
        ("America/New_York", "2024-10-31T00:00"),
        ("Australia/Lord_Howe", "2024-04-03T00:00"),
        ("Australia/Lord_Howe", "2024-10-02T00:00"),
        ("Asia/Kathmandu", "2024-03-27T00:00"),
    ],
)
def test_the_local_time_stays_put_across_a_week_with_a_clock_change(zone, start):
    week = slots(zone, ["07:30"], start, 8)
    assert [wall_clock(s.due_at, ZoneInfo(zone)).strftime("%H:%M") for s in week] == ["07:30"] * 8
    days = [datetime.fromisoformat(s.key).date() for s in week]
    assert [b - a for a, b in zip(days, days[1:], strict=False)] == [timedelta(days=1)] * 7


@pytest.mark.parametrize(
    "zone, time, day, first_valid_utc",
    [
        ("Europe/London", "01:30", "2024-03-31", "2024-03-31T01:00"),  # 02:00 BST
        ("America/New_York", "02:30", "2024-03-10", "2024-03-10T07:00"),  # 03:00 EDT
        ("Australia/Lord_Howe", "02:15", "2024-10-06", "2024-10-05T15:30"),  # 02:30 +11
    ],
)
def test_a_time_skipped_by_spring_forward_fires_at_the_first_valid_moment(
    zone, time, day, first_valid_utc
):
    slot = next_slot([time], EVERY_DAY, ZoneInfo(zone), utc(day + "T00:00") - timedelta(days=1))
    while not slot.key.startswith(day):
        slot = next_slot([time], EVERY_DAY, ZoneInfo(zone), slot.due_at)
    assert slot == Slot(utc(first_valid_utc), f"{day}T{time}")


@pytest.mark.parametrize(
    "zone, time, day, first_utc, next_day_utc",
    [
        ("Europe/London", "01:30", "2024-10-27", "2024-10-27T00:30", "2024-10-28T01:30"),
        ("America/New_York", "01:30", "2024-11-03", "2024-11-03T05:30", "2024-11-04T06:30"),
        ("Australia/Lord_Howe", "01:45", "2024-04-07", "2024-04-06T14:45", "2024-04-07T15:15"),
    ],
)
def test_a_time_repeated_by_fall_back_fires_once(zone, time, day, first_utc, next_day_utc):
    found = slots(zone, [time], (utc(first_utc) - timedelta(hours=12)).isoformat()[:16], 2)
    next_day = datetime.fromisoformat(day) + timedelta(days=1)
    assert found == [
        Slot(utc(first_utc), f"{day}T{time}"),
        Slot(utc(next_day_utc), f"{next_day:%Y-%m-%d}T{time}"),
    ]


def test_a_weekday_only_schedule_skips_the_weekend():
    after_friday = utc("2024-06-07T07:00")  # Friday 08:00 BST, just sent
    found = slots(
        "Europe/London",
        ["08:00"],
        after_friday.isoformat()[:16],
        2,
        days=["mon", "tue", "wed", "thu", "fri"],
    )
    assert [s.key for s in found] == ["2024-06-10T08:00", "2024-06-11T08:00"]
    assert found[0].due_at == utc("2024-06-10T07:00")


def test_several_times_a_day_come_in_order():
    found = slots("Asia/Kathmandu", ["19:00", "07:30"], "2024-06-01T00:00", 3)
    assert [s.key for s in found] == ["2024-06-01T07:30", "2024-06-01T19:00", "2024-06-02T07:30"]


def test_a_local_day_is_23_or_25_hours_long_on_change_days():
    london = ZoneInfo("Europe/London")
    spring = local_day(datetime(2024, 3, 31).date(), london)
    autumn = local_day(datetime(2024, 10, 27).date(), london)
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)
