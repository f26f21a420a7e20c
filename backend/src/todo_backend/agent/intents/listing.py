"""Questions about the list ("what's overdue?", "my errands pls"), counts ("how many did I
finish this week?") and changes to many tasks at once ("delete everything done")."""

from __future__ import annotations

import re
from datetime import datetime

from todo_backend.agent.intents.details import TAG
from todo_backend.agent.intents.lexicon import FILLER, LIST_START, word_set
from todo_backend.agent.intents.request import Message, Priority, Request, TagNames

# Nouns that make a question about tasks ("anything due?", "what's on my plate?").
TASK_WORDS = re.compile(
    r"\b(?:tasks?|todos?|to-?dos?|list|plate|agenda|due|overdue|pending|open|outstanding|"
    r"remaining|left|completed|finished|done|priority|prio|urgent|important|tagged|schedule|"
    r"stuff|things|behind|"
    r"anything|late|deadlines?|backlog|do i have|need to do|to do|next|today|this week|"
    r"tomorrow|tonight|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|#[a-z]"
)

_LIST_PRIORITY: list[tuple[str, Priority]] = [
    (r"\blow\b|\bnot (?:urgent|important)\b|\bno rush\b", "low"),
    (r"\b(?:medium|normal)\b", "medium"),
    (r"\b(?:high|urgent|important|critical|top)\b", "high"),
]


def list_filters(low: str, known_tags: TagNames) -> dict[str, str]:
    """list_tasks arguments for a question about tasks."""
    filters: dict[str, str] = {"status": "pending"}
    if re.search(
        r"\b(?:including|incl\.?|with|and|plus)\s+(?:the\s+)?(?:completed|done|finished)", low
    ):
        filters["status"] = "all"
    elif re.search(
        r"\b(?:completed|finished|done|closed|ticked off|checked off|accomplished)\b", low
    ) and not re.search(r"\b(?:not|un|yet to be|still)\s*(?:completed|finished|done)\b", low):
        filters["status"] = "completed"
    if re.search(r"\b(?:overdue|late|past due|missed|behind)\b", low):
        filters["due"] = "overdue"
    elif re.search(r"\b(?:today|tonight|this evening|on my plate)\b", low):
        filters["due"] = "today"
    elif re.search(r"\b(?:this week|week|next 7 days|next seven days|coming days|tomorrow)\b", low):
        filters["due"] = "week"
    for pattern, level in _LIST_PRIORITY:
        if re.search(pattern, low):
            filters["priority"] = level
            break
    if tag := tag_filter(low, known_tags):
        filters["tag"] = tag
    if (
        query := re.search(
            r"\bwith\s+(?:the\s+word\s+)?(.+?)\s+in\s+(?:it|them|the\s+(?:title|name))\b", low
        )
        or re.search(
            # "show me the dentist task", "where's the bank one"
            r"^(?:show|find|get|where'?s|where is|pull up)(?:\s+me)?\s+(?:the|my)\s+(.+?)\s+"
            r"(?:task|todo|to-do|item|one)\b",
            low,
        )
        or re.search(
            r".*\b(?:search(?:\s+for)?|find|look(?:ing)?\s+(?:for|up)|about|containing|contain|"
            r"mentioning|mention|with the word|called|named|matching|regarding|related to|that say)"
            r"\s+(.+?)\s*\??$",
            low,
        )
    ):
        words = [
            w
            for w in re.findall(r"[\w'-]+", query.group(1))
            if w not in FILLER and w not in _NOT_QUERY
        ]
        if words:
            filters["query"] = " ".join(words)
    if filters == {"status": "pending"} and re.search(
        r"\b(?:all(?: (?:my |of my |the )?(?:tasks|todos|items))?|everything|every task|"
        r"including (?:completed|done|finished)(?: ones)?)\b",
        low,
    ):
        filters["status"] = "all"
    return filters


_NOT_QUERY = frozenset({"task", "tasks", "anything", "any", "stuff", "something", "word"})

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def list_request(low: str, known_tags: TagNames, now: datetime | None = None) -> Request:
    filters = list_filters(low, known_tags)
    tomorrow = filters.get("due") == "week" and re.search(r"\btomorrow\b", low)
    if tomorrow:
        return Request("list", filters=filters, on_day=1)
    day = re.search(r"\b(?:on|for|this|next|coming)\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b", low)
    if day and now is not None and "due" not in filters:
        # "what do I have on friday": that day, picked out of the coming week.
        index = next(i for i, name in enumerate(_WEEKDAY_NAMES) if name.startswith(day.group(1)))
        ahead = (index - now.weekday()) % 7
        filters["due"] = "today" if ahead == 0 else "week"
        return Request("list", filters=filters, on_day=ahead or None)
    return Request("list", filters=filters)


_LIST_TALK = word_set(
    """show list display view see get give tell what what's whats which any anything do does
    did have is are there check pull let lemme me search find look where due overdue late
    today tonight tomorrow week next pending open completed finished done high low medium
    normal priority urgent important tagged tag how many much count left remaining number
    stuff everything including need plate agenda"""
)


def tag_filter(low: str, known_tags: TagNames) -> str | None:
    if match := re.search(
        r"\b(?:tagged|tag|labell?ed|label|with tag|under)\s+(?:as\s+|with\s+)?#?([\w-]+)", low
    ):
        return match.group(1)
    if match := TAG.search(low):
        return match.group(1).lower()
    # Only words that are not list talk can be tag names; most questions then need no lookup.
    words = [w for w in re.findall(r"[\w-]+", low) if w not in FILLER and w not in _LIST_TALK]
    return next((word for word in words if word in known_tags()), None) if words else None


def _stats(low: str, known_tags: TagNames) -> Request:
    request = Request("stats", filters=list_filters(low, known_tags))
    if re.search(
        r"\b(?:finish|finished|complete|completed|done|accomplish|accomplished|tick|"
        r"ticked|check|checked|get done|got done|close|closed)\b",
        low,
    ) and not re.search(r"\b(?:left|remaining|still|to do|open|pending|not)\b", low):
        request.filters["status"] = "completed"
        request.filters.pop("due", None)
        period = "all"
        for pattern, name in (
            (r"\btoday\b", "today"),
            (r"\byesterday\b", "yesterday"),
            (r"\blast week\b", "last_week"),
            (r"\b(?:this|the) week\b|\bweek\b", "week"),
            (r"\bthis month\b|\bmonth\b", "month"),
        ):
            if re.search(pattern, low):
                period = name
                break
        request.completed_since = period
    return request


def _bulk(low: str, known_tags: TagNames) -> Request | None:
    everything = re.search(
        r"\b(?:all|every|everything|each|entire|whole)\b|\bclear (?:out )?(?:my |the )?(?:list|tasks|todos|completed|done|finished)\b",  # noqa: E501
        low,
    )
    if not everything:
        return None
    if re.search(
        r"^(?:please\s+)?(?:delete|remove|clear|wipe|purge|erase|get rid of|trash|drop|nuke|"
        r"empty|clean up|clean out|scrap)\b",
        low,
    ):
        tool = "delete_task"
    elif re.search(r"^(?:please\s+)?(?:mark|complete|finish|check off|tick off|close)\b", low):
        if not re.search(r"\b(?:done|complete|completed|finished|off)\b", low) and not re.match(
            r"^(?:complete|finish|close)", low
        ):
            return None
        tool = "complete_task"
    else:
        return None
    # A tag named as a plain word ("all my work tasks") narrows what would be changed.
    filters = list_filters(low, known_tags)
    if tool == "complete_task":
        filters["status"] = "pending"
    elif set(filters) == {"status"} and not re.search(
        r"\b(?:pending|open|remaining|left|unfinished)\b", low
    ):
        # "delete everything", "clear my list": the whole list, finished tasks too.
        filters["status"] = filters["status"] if filters["status"] == "completed" else "all"
    return Request("bulk", filters=filters, bulk_tool=tool)


def stats(message: Message) -> Request | None:
    """ "how many tasks are left?", "what did I finish this week?"."""
    low = message.low
    if re.search(r"\bhow (?:many|much)\b|\bcount (?:my|the)\b|\bnumber of\b", low) or re.search(
        r"^(?:what (?:did|have) i|(?:did|have) i (?=\w+ anything))\s*"
        r"(?:finish|finished|complete|completed|do|done|get done|accomplish|tick off|check off)",
        low,
    ):
        return _stats(low, message.known_tags)
    return None


def bulk(message: Message) -> Request | None:
    """ "delete all completed tasks", "mark everything in #work done"."""
    return _bulk(message.low, message.known_tags)


def search_or_list(message: Message) -> Request | None:
    """ "search milk", "show high priority", "any tasks tagged work"."""
    low, known_tags = message.low, message.known_tags
    searching = re.search(r"\b(?:search|find|look for|look up)\b", low)
    asks = LIST_START.match(low) and (TASK_WORDS.search(low) or tag_filter(low, known_tags))
    if searching or asks:
        return list_request(low, known_tags, message.now)
    return None


def list_named(message: Message) -> Request | None:
    """ "tasks", "my agenda", "overdue": the list named on its own."""
    if re.match(
        r"(?:my |all |the )?(?:tasks|todos|to-?dos|(?:todo |to-do |task )?list|agenda|overdue|"
        r"inbox)\b",
        message.bare,
    ):
        return list_request(message.low, message.known_tags, message.now)
    return None


def tag_named(message: Message) -> Request | None:
    """ "my errands pls": one of the user's tags, named on its own."""
    named = re.fullmatch(
        r"(?:(?:show|list|see)\s+)?(?:me\s+)?(?:all\s+)?(?:my|the)\s+#?([\w-]+)"
        r"(?:\s+(?:tasks|todos|stuff|list|items))?(?:\s+(?:please|pls|plz|thanks))?",
        message.bare,
    )
    if named and named.group(1) in message.known_tags():
        return list_request(message.low, message.known_tags, message.now)
    return None


def show_everything(message: Message) -> Request | None:
    """ "show me", "list everything"."""
    if re.fullmatch(
        r"(?:show|list|display|view|see)(?: me)?(?: (?:all|everything|them|it all))?",
        message.bare,
    ):
        return list_request(message.low, message.known_tags, message.now)
    return None


def question_about_tasks(message: Message) -> Request | None:
    """ "anything due this weekend?", "#errands?": a question mark and list talk."""
    low = message.low
    if low.endswith("?") and (TASK_WORDS.search(low) or tag_filter(low, message.known_tags)):
        return list_request(low, message.known_tags, message.now)
    return None
