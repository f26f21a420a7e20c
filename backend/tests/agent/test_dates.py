"""resolve_due: relative phrases in the user's zone, across DST changes and zones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from todo_backend.agent.dates import resolve_due
from todo_backend.agent.intents.due import is_time_only, parse_due

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
# Wednesday 4 March 2026, 15:30 in Berlin.
NOW = datetime(2026, 3, 4, 15, 30, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("tomorrow at 5pm", datetime(2026, 3, 5, 17, 0)),
        ("Tomorrow 5 PM", datetime(2026, 3, 5, 17, 0)),
        ("tmrw 10am", datetime(2026, 3, 5, 10, 0)),
        ("next friday", datetime(2026, 3, 6, 23, 59)),
        ("by friday", datetime(2026, 3, 6, 23, 59)),
        ("friday at noon", datetime(2026, 3, 6, 12, 0)),
        ("next monday at 9", datetime(2026, 3, 9, 9, 0)),
        ("monday 9am", datetime(2026, 3, 9, 9, 0)),
        ("thursday next week", datetime(2026, 3, 12, 23, 59)),
        ("next week thursday at 5pm", datetime(2026, 3, 12, 17, 0)),
        ("in 3 days", datetime(2026, 3, 7, 23, 59)),
        ("a week from today", datetime(2026, 3, 11, 23, 59)),
        ("end of month", datetime(2026, 3, 31, 23, 59)),
        ("by the end of the week", datetime(2026, 3, 8, 23, 59)),
        ("eod", datetime(2026, 3, 4, 23, 59)),
        ("end of year", datetime(2026, 12, 31, 23, 59)),
        ("tonight", datetime(2026, 3, 4, 20, 0)),
        ("today", datetime(2026, 3, 4, 23, 59)),
        ("this weekend", datetime(2026, 3, 7, 23, 59)),
        ("next weekend", datetime(2026, 3, 14, 23, 59)),
        ("for the weekend", datetime(2026, 3, 7, 23, 59)),
        ("this week", datetime(2026, 3, 8, 23, 59)),
        ("this month", datetime(2026, 3, 31, 23, 59)),
        ("5pm", datetime(2026, 3, 4, 17, 0)),
        ("10am", datetime(2026, 3, 5, 10, 0)),  # already past today: tomorrow
        ("at 3", datetime(2026, 3, 4, 15, 0) + timedelta(days=1)),  # 15:00 is past
        ("the 15th", datetime(2026, 3, 15, 23, 59)),
        ("the 3rd", datetime(2026, 4, 3, 23, 59)),
        ("next month", datetime(2026, 4, 4, 23, 59)),
        ("2026-03-10", datetime(2026, 3, 10, 23, 59)),
        ("2026-03-10T09:00", datetime(2026, 3, 10, 9, 0)),
        ("march 10 at 3pm", datetime(2026, 3, 10, 15, 0)),
        ("the 12th at 11:15", datetime(2026, 3, 12, 11, 15)),
        ("the 3rd at 9pm", datetime(2026, 4, 3, 21, 0)),
        ("end of next week", datetime(2026, 3, 15, 23, 59)),
        ("end of next month", datetime(2026, 4, 30, 23, 59)),
        # A past day is a real deadline: the task is simply overdue.
        ("yesterday", datetime(2026, 3, 3, 23, 59)),
        ("last friday", datetime(2026, 2, 27, 23, 59)),
        ("2 days ago", datetime(2026, 3, 2, 23, 59)),
    ],
)
def test_phrases_resolve_in_the_users_zone(phrase: str, expected: datetime) -> None:
    resolved = resolve_due(phrase, NOW)
    assert resolved.tzinfo is not None
    assert resolved.astimezone(BERLIN).replace(tzinfo=None) == expected


def test_explicit_offsets_are_kept_as_instants() -> None:
    resolved = resolve_due("2026-03-10T09:00+00:00", NOW)
    assert resolved == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert resolved.utcoffset() == timedelta(hours=1)  # shown in the user's zone
    assert resolve_due("2026-03-10T09:00Z", NOW) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def test_a_phrase_with_a_zone_name_is_converted() -> None:
    assert resolve_due("friday 5pm utc", NOW) == datetime(2026, 3, 6, 17, 0, tzinfo=UTC)


def test_same_phrase_means_the_local_wall_time_in_each_zone() -> None:
    instant = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)
    tokyo = resolve_due("tomorrow at 9am", instant.astimezone(ZoneInfo("Asia/Tokyo")))
    la = resolve_due("tomorrow at 9am", instant.astimezone(ZoneInfo("America/Los_Angeles")))
    assert tokyo == datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    assert la == datetime(2026, 3, 5, 9, 0, tzinfo=ZoneInfo("America/Los_Angeles"))
    assert la - tokyo == timedelta(hours=17)


def test_fixed_offset_zone_works() -> None:
    now = datetime(2026, 3, 4, 10, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert resolve_due("tomorrow 8am", now) == datetime(2026, 3, 5, 8, 0, tzinfo=now.tzinfo)


class TestDaylightSaving:
    """US clocks spring forward on Sunday 8 March 2026, 02:00 → 03:00."""

    NOW = datetime(2026, 3, 7, 12, 0, tzinfo=NEW_YORK)  # Saturday, EST (-05:00)

    def test_wall_clock_time_survives_the_change(self) -> None:
        resolved = resolve_due("monday 9am", self.NOW)
        assert resolved.replace(tzinfo=None) == datetime(2026, 3, 9, 9, 0)
        assert resolved.utcoffset() == timedelta(hours=-4)

    def test_days_count_in_calendar_days(self) -> None:
        resolved = resolve_due("in 2 days", self.NOW)
        assert resolved.replace(tzinfo=None) == datetime(2026, 3, 9, 23, 59)

    def test_hours_count_in_real_time(self) -> None:
        late = datetime(2026, 3, 8, 1, 30, tzinfo=NEW_YORK)
        resolved = resolve_due("in 2 hours", late)
        assert resolved.astimezone(UTC) - late.astimezone(UTC) == timedelta(hours=2)
        assert resolved.replace(tzinfo=None) == datetime(2026, 3, 8, 4, 30)

    def test_a_skipped_wall_time_moves_past_the_gap(self) -> None:
        resolved = resolve_due("sunday 2:30am", self.NOW)
        assert resolved.replace(tzinfo=None) == datetime(2026, 3, 8, 3, 30)
        assert resolved.utcoffset() == timedelta(hours=-4)

    def test_autumn_change_in_europe(self) -> None:
        now = datetime(2026, 10, 24, 18, 0, tzinfo=BERLIN)  # clocks go back on the 25th
        resolved = resolve_due("tomorrow at 5pm", now)
        assert resolved.replace(tzinfo=None) == datetime(2026, 10, 25, 17, 0)
        assert resolved.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize("phrase", ["", "   ", "asdf qwerty", "whenever"])
def test_nonsense_raises_a_helpful_error(phrase: str) -> None:
    with pytest.raises(ValueError, match=r"tomorrow at 5pm"):
        resolve_due(phrase, NOW)


def test_naive_now_is_rejected() -> None:
    with pytest.raises(ValueError, match="aware"):
        resolve_due("tomorrow", datetime(2026, 3, 4, 12, 0))


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("10 o'clock in the morning", datetime(2026, 3, 5, 10, 0)),
        ("tomorrow at 5 in the morning", datetime(2026, 3, 5, 5, 0)),
        ("friday 3 in the afternoon", datetime(2026, 3, 6, 15, 0)),
        ("the 10 of the morning", datetime(2026, 3, 5, 10, 0)),
        ("at 10 at night", datetime(2026, 3, 4, 22, 0)),
        ("the day 20", datetime(2026, 3, 20, 23, 59)),
        ("for the day 27", datetime(2026, 3, 27, 23, 59)),
        # The day of the month and its part of the day: not 5 in the morning.
        ("on the 5th in the morning", datetime(2026, 3, 5, 9, 0)),
        ("the 12th evening", datetime(2026, 3, 12, 18, 0)),
    ],
)
def test_hours_with_their_part_of_the_day(phrase: str, expected: datetime) -> None:
    assert resolve_due(phrase, NOW).replace(tzinfo=None) == expected


@pytest.mark.parametrize(
    ("phrase", "hour"),
    [
        ("at 10 o'clock", 10),
        ("10 o'clock in the morning", 10),
        ("3 in the afternoon", 15),
        ("to the 10 of the morning", 10),
        ("9 in the evening", 21),
        ("half past ten in the morning", 10),
    ],
)
def test_a_time_with_its_part_of_the_day_is_a_time_only(phrase: str, hour: int) -> None:
    assert is_time_only(phrase)
    due = parse_due(phrase.removeprefix("to "), datetime(2026, 3, 4, 8, 0, tzinfo=BERLIN))
    assert due is not None and due.hour == hour


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("end of april", datetime(2026, 4, 30, 23, 59)),
        ("by the end of april", datetime(2026, 4, 30, 23, 59)),
        ("start of may", datetime(2026, 5, 31, 23, 59)),
        ("beginning of june", datetime(2026, 6, 30, 23, 59)),
        ("mid-july", datetime(2026, 7, 31, 23, 59)),
        ("end of march", datetime(2026, 3, 31, 23, 59)),  # this month, not next year's
        ("end of february", datetime(2027, 2, 28, 23, 59)),  # past: the next one
    ],
)
def test_a_part_of_a_month_is_due_by_its_last_day(phrase: str, expected: datetime) -> None:
    due = parse_due(phrase, NOW)
    assert due is not None
    assert due.replace(tzinfo=None) == expected
