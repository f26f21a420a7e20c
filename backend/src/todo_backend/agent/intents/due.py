"""Due dates in words ("tomorrow at 5pm", "next friday", "in 3 days"): found only where
every word is date talk, so a title keeps its own words."""

from __future__ import annotations

import re
from datetime import datetime

from todo_backend.agent.dates import ORDINAL_WORDS, clock_of_day, resolve_due, spoken_minutes
from todo_backend.agent.intents.lexicon import word_set

_UNITS = (
    r"(?:am|pm|a\.m|p\.m|days?|weeks?|hours?|hrs?|minutes?|mins?|months?|years?|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)

DATE_WORDS = word_set(
    """today tomorrow yesterday last ago after tonight tmrw tmr tmw tomorow tommorow tonite
    morning afternoon evening
    night noon midnight next this coming in on at by due before until till for the a an of
    end eod eow eom eoy week weeks weekend month months year years day days hour hours hr hrs
    minute minutes min mins from now and am pm t z st nd rd th h utc fortnight one two three
    four five six seven eight nine ten eleven twelve twenty thirty half past quarter arvo midday
    mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat
    saturday sun sunday wk wks jan january feb february mar march apr april may jun june jul july
    aug august sep sept september oct october nov november dec december morra"""
) | frozenset(ORDINAL_WORDS)


def take_due(text: str, now: datetime) -> tuple[str, datetime | None]:
    """The longest trailing (or leading) phrase that reads as a date."""
    words = text.split()
    for size in range(min(len(words), 8), 0, -1):
        tail = " ".join(words[-size:])
        if due := parse_due(tail, now):
            if size < len(words) and words[-size - 1].lower() in ("last", "previous", "past"):
                break  # "after the party last weekend": when it happened, not a due date
            if size < len(words) and words[-size - 1].lower() in ("re", "regarding", "about"):
                break  # "text Sam re Saturday": what it is about, not when it is due
            if (
                size < len(words)
                and words[-size - 1].lower() in _PERSON_BEFORE
                and re.match(rf"(?:{_MONTH_NAMES})\b(?!\s*\d)", tail, re.I)
            ):
                continue  # "code review with jan at 4": Jan is a person, the time is "at 4"
            if _MONTH_OF_TITLE.match(tail) or (
                size < len(words)
                and words[-size - 1].lower() in ("of", "for")
                and _MONTH_OF_TITLE.match("of " + tail)
            ):
                continue  # "pay the rent of march on friday": March is the rent's, friday due
            if re.match(
                r"(?:for|from|since|of|in|during)\s+(?:the\s+)?last\b|last\s+(?:year|month)\b",
                tail,
                re.I,
            ):
                break  # "my tax declaration for last year": when it was, not a due date
            if (
                re.match(rf"(?:for\s+)?{_DURATION}\b(?!\s+from\b)", tail, re.I)
                and size < len(words)
                and (tail.lower().startswith("for ") or words[-size - 1].lower() == "for")
            ):
                continue  # "gym for 2 hours tomorrow": how long is the title's, the day is due
            if (
                size > 1
                and size < len(words)
                and re.fullmatch(_PART_OF_DAY, words[-size], re.I)
                and words[-size - 1].lower() not in DATE_WORDS
                and not words[-size - 1][-1:].isdigit()
            ):
                continue  # "parents evening on tuesday": the evening is what is due
            return " ".join(words[:-size]), due
    for size in range(min(len(words) - 1, 6), 0, -1):
        head = " ".join(words[:size])
        if due := parse_due(head, now):
            return " ".join(words[size:]), due
    return text, None


def parse_due(phrase: str, now: datetime) -> datetime | None:
    """A date only if every word of `phrase` is date talk: dateparser alone reads dates
    into ordinary words ("the vet tomorrow morning")."""
    # "next week: renew the car registration": a leading date may end in a colon.
    # "today evening itself": the emphasis is no date word.
    phrase = re.sub(
        r"(?:\s+(?:instead|please|pls|then|thanks|now|itself|latest|at the latest|later))+$",
        "",
        phrase.strip(" ,.;:!?-"),
    )
    # "later at 7pm", "at 5:30 pm later": "later" only says it is still to come today.
    phrase = re.sub(r"^later\s+(?=\S)", "", phrase, flags=re.I)
    phrase = re.sub(r"\b([ap])\.\s?m\b\.?", r"\1m", phrase, flags=re.I)  # "10 a.m."
    # "10 o'clock in the morning", "3 in the afternoon": a clock time.
    phrase = clock_of_day(phrase.lower())
    if (
        "#" in phrase
        or re.fullmatch(r"(?:right\s+)?now", phrase, re.I)
        or re.search(r"[£$€]\s*\d", phrase)  # "pay the window cleaner £20 friday"
        # "practise piano 30 minutes": a duration, not a due date ("in 30 minutes" is one).
        # "not working since two weeks", "for 3 days": how long, not when it is due.
        or re.fullmatch(rf"(?:for\s+|since\s+)?{_DURATION}", phrase, re.I)
        # "send the summary to HR at 4pm": a unit with no number before it is a word.
        or re.match(r"(?:hours?|hrs?|h|mins?|minutes?|wks?|weeks|months|years)\b", phrase, re.I)
        # "a lens hood for the 24-70", "invoice 2026-041": a model or a number, not a day.
        or re.search(r"(?<![\d-])\d+-\d+(?![\d-])", phrase)
    ):
        # "#7" is a task, never the 7th; "cleaning the garage now" gives no due date.
        return None
    # "end of april", "mid june", "by the start of may": a month's span (its last day).
    if _MONTH_SPAN.fullmatch(phrase):
        try:
            return resolve_due(phrase, now)
        except ValueError:
            return None
    # "to" is date talk only in "quarter to five"; elsewhere it leads into a title's words.
    said = spoken_minutes(re.sub(r"\bquarter to\b", "quarter", phrase.lower()))
    tokens = re.findall(r"[a-z]+|\d", said)
    if not tokens or any(t not in DATE_WORDS and not t.isdigit() for t in tokens):
        return None
    # "thursday the fifth" and "on the twentieth" are days; "Beethoven's fifth" is not.
    if (
        set(tokens) & _ORDINALS
        and not set(tokens) & _DAYS
        and not re.match(r"(?:on|by|due|before|until|till)\s+the\b", phrase, re.I)
    ):
        return None
    # A lone number is a title word ("read chapter 3", "buy a new one"), not a day.
    if re.fullmatch(
        rf"(?:the|a|an|in|on|by|this|next|new)?\s*(?:\d{{1,2}}|{_NUMBER_WORDS})|a|an|the|may",
        phrase,
        re.I,
    ):
        return None
    # "a table for six on saturday": a number word before the day counts people, not hours.
    if re.match(
        rf"(?:for\s+)?(?:\d+|{_NUMBER_WORDS})\s+(?:on|at|by|this|next|from)\b", phrase, re.I
    ):
        return None
    if re.match(rf"\d+\s+(?!{_UNITS})", phrase, re.I) or re.search(
        r"\d\s*(?:and|&|,)\s*(?:the\s+)?\d", phrase, re.I
    ):  # "the 7 and the 13" are two tasks, not a day
        return None
    try:
        return resolve_due(_clock(phrase), now)
    except ValueError:
        return None


# "with jan", "call may", "email jun": a month's short name after these is a person.
_PERSON_BEFORE = word_set(
    "with and for to from call email text meet ring phone message ask tell see"
)
_MONTH_NAMES = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"

_MONTH_WORDS = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|march|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# "of march on friday": a month that a title word owns, with the due date after it.
_MONTH_OF_TITLE = re.compile(
    rf"(?:of|for)\s+(?:the\s+month\s+of\s+)?{_MONTH_WORDS}\s+"
    r"(?!\d|the\s+\d|(?:" + "|".join(ORDINAL_WORDS) + r")\b)\S",
    re.I,
)
_MONTH_SPAN = re.compile(
    r"(?:(?:by|before|until|till|due|for|in|at|on|around)\s+)*(?:the\s+)?"
    r"(?:(?:very\s+)?(?:end|beginning|start|middle)(?:\s+of)?|mid-?|early|late)\s*"
    rf"(?:the\s+month\s+of\s+)?{_MONTH_WORDS}(?:\s+\d{{4}})?",
    re.I,
)
_ORDINALS = frozenset(ORDINAL_WORDS) | {"thirtieth"}
_DAYS = word_set(
    """mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat
    saturday sun sunday"""
)

_NUMBER_WORDS = "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"

_PART_OF_DAY = r"morning|afternoon|evening|night|arvo"

# "two weeks", "20 minutes": how long, said without "in".
_DURATION = (
    rf"(?:\d+|an?|{_NUMBER_WORDS}|a few|a couple of)\s*"
    r"(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
)


def is_time_only(phrase: str) -> bool:
    """ "3pm", "at 11:30", "to noon", "half two", "five thirty pm": a time of day, no day."""
    return bool(
        re.fullmatch(
            r"\s*(?:(?:at|by|to|tae|for|till|until|due)\s+)*(?:\d{1,2}(?:[:.]\d{2})?\s*"
            r"(?:am|pm|a\.m\.?|p\.m\.?|h)?|noon|midday|midnight|"
            rf"(?:(?:half|quarter)\s+(?:past|to)\s+\w+|half\s+(?:{_NUMBER_WORDS}|\d{{1,2}})|"
            rf"(?:{_NUMBER_WORDS})(?:\s+o'?clock)?)(?:\s*(?:am|pm))?)"
            # "half past ten in the morning": the part of the day only says am or pm.
            r"(?:\s+(?:(?:in|of)\s+the\s+(?:morning|afternoon|evening|night)|at\s+night))?"
            r"(?:[\s,]+(?:instead|now|then|please|pls|thanks))*[\s.!?]*",
            clock_of_day(phrase.lower()),
            re.I,
        )
    )


def _clock(phrase: str) -> str:
    """ "9.30" is 9:30; "at 3:30" with no am/pm is the afternoon, as "at 3" is; "7:30
    tonight" is the evening."""
    phrase = re.sub(r"\b(\d{1,2})\.(\d{2})\b", r"\1:\2", spoken_minutes(phrase.lower()))
    # "at 11h", "9h30": a clock time the French way ("in 2h" stays a duration).
    phrase = re.sub(
        r"(?<!\bin )\b(\d{1,2})h(\d{2})?\b",
        lambda said: f"{said.group(1)}:{said.group(2) or '00'}",
        phrase,
        flags=re.I,
    )
    if re.search(r"\b(?:tonight|evening|night)\b", phrase, re.I):
        phrase = re.sub(
            r"(?<![\d:])([1-9]|1[01])(:\d{2})?\b(?!\s*(?:am|pm|a\.m|p\.m|:))",
            r"\1\2pm",
            phrase,
            flags=re.I,
        )
    return re.sub(
        r"(?<![\d:])([1-6]):(\d{2})\b(?!\s*(?:am|pm|a\.m|p\.m|in the morning))",
        r"\1:\2pm",
        phrase,
        flags=re.I,
    )
