"""Natural-language due dates ("tomorrow at 5pm", "next friday", "end of month").

Parsing is dateparser's; this module only fixes what it gets wrong for due dates:
wall-clock arithmetic in the user's zone (so DST never shifts "9am"), a sensible time for
date-only phrases, and a few phrases it does not know ("end of month", "this weekend").
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from dateparser.date import DateDataParser

# A deadline given as a day ("by friday") lasts until that day ends.
END_OF_DAY = time(23, 59)

_HINT = "try e.g. 'tomorrow at 5pm', 'next friday', 'in 3 days', 'end of month' or 2026-03-10T17:00"

_DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_WORDS = (
    r"today|tomorrow|tmrw|monday|mon|tuesday|tues|tue|wednesday|weds|wed|thursday|thurs|thur|"
    r"thu|friday|fri|saturday|sat|sunday|sun"
)
_TYPOS = {
    r"\b(?:tmrw|tmw|tmr|tomorow|tommorow|tommorrow|tomorrrow|2moro|2morrow)\b": "tomorrow",
    r"\b(?:tonite|2nite)\b": "tonight",
    r"\beod\b": "end of day",
    r"\beow\b": "end of week",
    r"\beom\b": "end of month",
    r"\beoy\b": "end of year",
    r"\barvo\b": "afternoon",  # Australian
    r"\bmidday\b": "noon",
    r"\b([ap])\.\s?m\b\.?": r"\1m",  # "10 a.m."
    r"@": "at",
    r"\b(?:the\s+)?morra\b": "tomorrow",  # Scots: "the morra"
    r"\bwk(s?)\b": r"week\1",  # "next wk"
    # "thurs am", "tomorrow pm": a part of the day, not a clock time.
    rf"\b({_DAY_WORDS})\s+am\b": r"\1 morning",
    rf"\b({_DAY_WORDS})\s+pm\b": r"\1 afternoon",
}
_FILLER = re.compile(r"^(?:(?:due|by|on|before|until|till|for)\s+)+")
_ISO = re.compile(
    r"^\d{4}-\d{2}-\d{2}(?:[t ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:z|[+-]\d{2}:?\d{2})?$"
)
# "by this week" means before it ends, as "end of the week" does.
_END_OF = re.compile(
    r"^(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?|this\s+|later\s+this\s+)"
    r"(day|week|month|year)$"
)
_END_OF_NEXT = re.compile(r"^(?:the\s+)?end\s+of\s+next\s+(week|month|year)$")
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# "end of april", "start of may", "mid june", "early july": a deadline somewhere in that
# month is met by its last day (dateparser reads "end of april" as the 4th).
_MONTH_SPAN = re.compile(
    r"^(?:(?:around|in|at)\s+)?(?:the\s+)?(?:(?:very\s+)?(?:end|beginning|start|middle)(?:\s+of)?|mid-?|early|late)"
    r"\s*(?:the\s+month\s+of\s+)?"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*(?:\s+(\d{4}))?$"
)
_WEEKEND = re.compile(r"^(?:the\s+)?(this|next)?\s*weekend$")
_ORDINAL_DAY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$")
# "the 12th at 11:15": dateparser reads the time but not the day ("12th" becomes a month).
_ORDINAL_DAY_AT = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+(?:at\s+)?(?=\d)")
_ORDINAL_DAY_PART = re.compile(
    r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\s+(?:in\s+the\s+)?(morning|afternoon|evening|night)$"
)
_ELAPSED = re.compile(r"^in\s+(an?|\d+|half an?)\s+(minute|min|hour|hr)s?$")
_FROM_NOW = re.compile(r"^(an?|\d+)\s+(day|week)s?\s+from\s+(?:now|today)$")
# "at 9" or "today by 5" with no am/pm or minutes: dateparser misreads a bare hour as a
# day of month.
_BARE_HOUR = re.compile(r"\b(at|by)\s+(\d{1,2})\b(?!\s*(?::|\.|am|pm|a\.m|p\.m|h\b))")
_HOUR_WORDS: tuple[str, ...] = (
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
_HOUR = rf"(\d{{1,2}}|{'|'.join(_HOUR_WORDS)})"
# The clock said aloud: "half past three", "quarter to five", "at five", "by half six".
_SPOKEN_CLOCK = re.compile(
    rf"\b(?:(half|quarter)\s+(past|to)\s+|(?:^|(?<=\bat\s)|(?<=\bby\s)|(?<=\bto\s)|(?<=\btill\s)|(?<=\buntil\s)|(?<=\bfor\s))(half)\s+)?"
    rf"{_HOUR}\b(?!\s*(?::|\.\d))"
)
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50}
_TEENS: tuple[str, ...] = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen"),
)
_UNITS_SAID = "one|two|three|four|five|six|seven|eight|nine"
# "five thirty pm", "seven forty five tonight", "ten oh five", "six o'clock": the hour and
# its minutes in words, as a voice types them.
_SPOKEN_MINUTES = re.compile(
    rf"\b{_HOUR}\s+(?:(o'?clock)|oh\s+({_UNITS_SAID})|({'|'.join(_TEENS)})|"
    rf"({'|'.join(_TENS)})(?:[\s-]+({_UNITS_SAID}))?)\b"
)
_WEEKDAYS = (
    r"(monday|mon|tuesday|tues|tue|wednesday|wed|thursday|thurs|thur|thu|friday|fri"
    r"|saturday|sat|sunday|sun)"
)
# dateparser already reads "next friday" as the coming one; with a time it gives up.
_WEEKDAY_QUALIFIER = re.compile(rf"\b(?:next|this|coming)\s+(?={_WEEKDAYS}\b)")
# "thursday the 5th", "friday 6th", "thursday the fifth at 11": the day of the month, the
# weekday only confirming it.
ORDINAL_WORDS: tuple[str, ...] = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth"),
)
_ORDINAL_SAID = rf"((?:twenty[\s-]+|thirty[\s-]+)?(?:{'|'.join(ORDINAL_WORDS)})|thirtieth)"
_ORDINAL = rf"(\d{{1,2}})(?:st|nd|rd|th)|{_ORDINAL_SAID}"
_WEEKDAY_ORDINAL = re.compile(
    rf"^(?:on\s+)?{_WEEKDAYS},?\s+(?:the\s+)?(?:{_ORDINAL})\b(?:\s+of\s+(?:this|the)\s+month)?\s*"
)
_WEEKDAY_NEXT_WEEK = re.compile(
    rf"\b(?:{_WEEKDAYS}\s+(?:of\s+)?next\s+week|next\s+week\s+(?:on\s+)?{_WEEKDAYS})\b"
)


def resolve_due(text: str, now: datetime) -> datetime:
    """The moment `text` names, aware in `now`'s time zone; ValueError if it names none.

    Relative phrases count from `now` and prefer the future ("5pm" after 17:00 is
    tomorrow); a phrase naming only a day ("friday", "in 3 days") means the end of it.
    """
    if now.tzinfo is None:
        raise ValueError("resolve_due needs an aware 'now'")
    phrase = _normalise(text)
    if not phrase:
        raise ValueError(f"No due date given; {_HINT}.")
    wall = now.replace(tzinfo=None)
    phrase = _weekday_next_week(phrase, wall.date())
    phrase = _weekday_ordinal(phrase, wall.date())
    phrase = _ordinal_day_at(phrase, wall.date())
    found = _iso(phrase, now) or _special(phrase, now, wall) or _dateparser(phrase, wall)
    if found is None:
        raise ValueError(f"Could not understand the due date {text.strip()!r}; {_HINT}.")
    if found.tzinfo is None:
        found = found.replace(tzinfo=now.tzinfo)
    # The round trip through UTC moves a wall time that a DST jump skipped past the gap.
    try:
        return found.astimezone(UTC).astimezone(now.tzinfo)
    except OverflowError:  # 0001-01-01 east of Greenwich, 9999-12-31 west of it
        raise ValueError("date is out of range once converted to UTC") from None


def _normalise(text: str) -> str:
    phrase = " ".join(text.lower().split()).strip(" .,!?")
    for pattern, replacement in _TYPOS.items():
        phrase = re.sub(pattern, replacement, phrase)
    phrase = _FILLER.sub("", phrase)
    phrase = _WEEKDAY_QUALIFIER.sub("", phrase)
    phrase = clock_of_day(phrase)
    phrase = _THE_DAY_NUMBER.sub(r"the \1th", phrase)
    phrase = _THE_ORDINAL.sub(_ordinal_digits, phrase)
    phrase = _SPOKEN_CLOCK.sub(_spoken_clock, phrase)
    return _BARE_HOUR.sub(_bare_hour, phrase)


# "10 o'clock in the morning", "3 in the afternoon", "the 10 of the morning" (as Spanish
# says it), "11 at night": an hour and the part of the day it falls in.
_HOUR_OF_DAY = re.compile(
    r"\b(?:the\s+)?(\d{1,2})(?::(\d{2}))?\s*(?:am|pm|o'?clock)?\s+"
    r"(?:(?:in|of)\s+the\s+(morning|afternoon|evening|night)|at\s+(night))\b"
)


def clock_of_day(phrase: str) -> str:
    """ "10 o'clock in the morning" → 10:00am, "3 in the afternoon" → 3:00pm, "the 10 of the
    morning" → 10:00am: the part of the day says am or pm."""

    def to_clock(match: re.Match[str]) -> str:
        hour, minutes = int(match.group(1)), match.group(2) or "00"
        if hour > 12 or int(minutes) > 59:
            return match.group(0)
        return f"{hour}:{minutes}{'am' if match.group(3) == 'morning' else 'pm'}"

    return _HOUR_OF_DAY.sub(to_clock, spoken_minutes(phrase))


def spoken_minutes(phrase: str) -> str:
    """ "five thirty" → 5:30pm, "ten oh five" → 10:05, "six o'clock" → 6:00pm: a clock time
    in words becomes digits, which the rest of the reading (am/pm, "tonight") understands."""

    def to_digits(match: re.Match[str]) -> str:
        hour, oclock, oh, teen, tens, unit = match.groups()
        number = int(hour) if hour.isdigit() else _HOUR_WORDS.index(hour) + 1
        if oclock:
            minutes = 0
        elif oh:
            minutes = _HOUR_WORDS.index(oh) + 1
        elif teen:
            minutes = 10 + _TEENS.index(teen)
        else:
            minutes = _TENS[tens] + (_HOUR_WORDS.index(unit) + 1 if unit else 0)
        if number > 23:
            return match.group(0)
        # As with "at 3": "five thirty" is in the afternoon unless the morning is said.
        after = match.string[match.end() :]
        afternoon = 1 <= number <= 6 and not re.match(r"\s*(?:am|pm|in the morning)\b", after)
        return f"{number}:{minutes:02d}{'pm' if afternoon else ''}"

    return _SPOKEN_MINUTES.sub(to_digits, phrase)


def _spoken_clock(match: re.Match[str]) -> str:
    """ "half past three" → 3:30, "quarter to five" → 4:45; an hour in words after "at" or
    "by" ("at five") is its number. Other number words ("in two hours") are left alone."""
    part, direction, british_half, hour = match.groups()
    if british_half:
        part, direction = "half", "past"  # "at half six" is half past six
    number = int(hour) if hour.isdigit() else _HOUR_WORDS.index(hour) + 1
    if part is None:
        before = match.string[: match.start()].rstrip()
        return str(number) if not hour.isdigit() and re.search(r"\b(?:at|by)$", before) else hour
    minutes = 30 if part == "half" else 15
    if direction == "to":
        number, minutes = (number - 2) % 12 + 1, 60 - minutes
    # As with "at 3": "half past three" is in the afternoon unless the morning is said.
    after = match.string[match.end() :]
    afternoon = 1 <= number <= 6 and not re.match(r"\s*(?:am|pm|in the morning)\b", after)
    return f"{number}:{minutes:02d}{'pm' if afternoon else ''}"


# "the day 20" (as Spanish says "el día 20"): the 20th.
_THE_DAY_NUMBER = re.compile(r"\bthe\s+day\s+([1-9]|[12]\d|3[01])\b(?!\s*(?:[:.]\d|am|pm|h\b))")

# "the twentieth", "the twenty-first of march": the day of the month in words.
_THE_ORDINAL = re.compile(rf"\bthe\s+{_ORDINAL_SAID}\b")


def _ordinal_digits(match: re.Match[str]) -> str:
    return f"the {_ordinal_number(match.group(1))}th"


def _ordinal_number(words: str) -> int:
    tens = 20 if words.startswith("twenty") else 30 if words.startswith("thirty") else 0
    last = words.split()[-1].split("-")[-1]
    return tens + (ORDINAL_WORDS.index(last) + 1 if last != "thirtieth" else 0)


def _weekday_next_week(phrase: str, today: date) -> str:
    """'thursday next week' → that day's date, which dateparser can combine with a time."""

    def to_date(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        index = next(i for i, day in enumerate(_DAY_NAMES) if name.startswith(day))
        monday = today + timedelta(days=7 - today.weekday())
        return (monday + timedelta(days=index)).isoformat()

    return _WEEKDAY_NEXT_WEEK.sub(to_date, phrase)


def _weekday_ordinal(phrase: str, today: date) -> str:
    """ "thursday the 5th at 7am" → the next 5th that is a Thursday (this month's, as a
    rule), then the time; the next 5th at all when no 5th falls on that weekday soon."""
    match = _WEEKDAY_ORDINAL.match(phrase)
    if match is None:
        return phrase
    name, digits, words = match.groups()
    number = int(digits) if digits else _ordinal_number(words)
    weekday = next(i for i, day in enumerate(_DAY_NAMES) if name.startswith(day))
    first = _next_day_of_month(number, today)
    day = first
    while day is not None and day.weekday() != weekday and (day.date() - today).days < 400:
        day = _next_day_of_month(number, day.date() + timedelta(days=1))
    if day is None or day.weekday() != weekday:
        day = first
    if day is None:
        return phrase
    rest = re.sub(r"^at\s+", "", phrase[match.end() :])
    return f"{day.date().isoformat()} at {rest}" if rest else day.date().isoformat()


def _ordinal_day_at(phrase: str, today: date) -> str:
    """'the 12th at 11:15' → that day's date followed by the time; 'the 5th in the
    morning' → that day's date and the part of the day (not 5 in the morning)."""
    if part := _ORDINAL_DAY_PART.match(phrase):
        day = _next_day_of_month(int(part.group(1)), today)
        return f"{day.date().isoformat()} {part.group(2)}" if day else phrase
    match = _ORDINAL_DAY_AT.match(phrase)
    day = _next_day_of_month(int(match.group(1)), today) if match else None
    if match is None or day is None:
        return phrase
    return f"{day.date().isoformat()} at {phrase[match.end() :]}"


def _bare_hour(match: re.Match[str]) -> str:
    hour = int(match.group(2))
    # Nobody schedules a task for 3 at night: "at 3" means the afternoon.
    suffix = "pm" if 1 <= hour <= 6 else ""
    return f"{match.group(1)} {hour}:00{suffix}" if hour <= 23 else match.group(0)


def _iso(phrase: str, now: datetime) -> datetime | None:
    if not _ISO.match(phrase):
        return None
    try:
        parsed = datetime.fromisoformat(phrase.upper())
    except ValueError:
        return None
    if len(phrase) == len("2026-03-10"):
        return datetime.combine(parsed.date(), END_OF_DAY)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=now.tzinfo)


def _special(phrase: str, now: datetime, wall: datetime) -> datetime | None:
    today = wall.date()
    if m := _END_OF.match(phrase):
        return datetime.combine(_end_of(m.group(1), today), END_OF_DAY)
    if m := _END_OF_NEXT.match(phrase):
        # The end of the period after this one: a day past this one's end is inside it.
        this_end = _end_of(m.group(1), today)
        return datetime.combine(_end_of(m.group(1), this_end + timedelta(days=1)), END_OF_DAY)
    if (m := _MONTH_SPAN.match(phrase)) and _month_number(m.group(1)):
        return _month_end(_month_number(m.group(1)), m.group(2), today)
    if m := _WEEKEND.match(phrase):
        # Saturday of the weekend we are in or before; "next" skips to the one after.
        saturday = today + timedelta(days=(5 - today.weekday()) % 7)
        if today.weekday() == 6:
            saturday = today
        if m.group(1) == "next":
            saturday += timedelta(days=7)
        return datetime.combine(saturday, END_OF_DAY)
    if m := _ORDINAL_DAY.match(phrase):
        return _next_day_of_month(int(m.group(1)), today)
    if m := _ELAPSED.match(phrase):
        # Elapsed time, not wall-clock time: "in 2 hours" across a DST change is 2 real hours.
        amount = {"a": 1.0, "an": 1.0}.get(m.group(1)) or (
            0.5 if m.group(1).startswith("half") else float(m.group(1))
        )
        unit = "minutes" if m.group(2).startswith("m") else "hours"
        return now.astimezone(UTC) + timedelta(**{unit: amount})
    if m := _FROM_NOW.match(phrase):
        amount = 1 if m.group(1) in ("a", "an") else int(m.group(1))
        days = amount * (7 if m.group(2) == "week" else 1)
        return datetime.combine(today + timedelta(days=days), END_OF_DAY)
    return None


def _month_number(prefix: str) -> int:
    return next((i for i, name in enumerate(_MONTHS, 1) if name.startswith(prefix)), 0)


def _month_end(month: int, year_said: str | None, today: date) -> datetime:
    """The last day of `month` (in `year_said`, else this year's unless it is over)."""
    year = int(year_said) if year_said else today.year
    if not year_said and month < today.month:
        year += 1
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return datetime.combine(first_of_next - timedelta(days=1), END_OF_DAY)


def _end_of(unit: str, today: date) -> date:
    if unit == "day":
        return today
    if unit == "week":
        return today + timedelta(days=6 - today.weekday())
    if unit == "year":
        return date(today.year, 12, 31)
    first_of_next = date(today.year + today.month // 12, today.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _next_day_of_month(day: int, today: date) -> datetime | None:
    year, month = today.year, today.month
    for _ in range(13):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            return datetime.combine(candidate, END_OF_DAY)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


_CLOCK_TIME = re.compile(r"\b\d{1,2}(?::\d{2}|\s*[ap]m\b)|\b(?:noon|midnight)\b")


def _dateparser(phrase: str, wall: datetime) -> datetime | None:
    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": wall,
        "RETURN_TIME_AS_PERIOD": True,
    }
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(phrase)
    found: datetime | None = data.date_obj
    if found is None:
        return None
    # A time said outright counts even when it is the time now ("tomorrow 10:00" at 10:00,
    # which dateparser then reports as a whole day).
    if data.period in ("time", "part_of_day") or _CLOCK_TIME.search(phrase):
        return found
    return datetime.combine(found.date(), END_OF_DAY)
