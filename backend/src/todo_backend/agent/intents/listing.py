"""Questions about the list ("what's overdue?", "my errands pls"), counts ("how many did I
finish this week?") and changes to many tasks at once ("delete everything done")."""

from __future__ import annotations

import difflib
import re
from datetime import datetime

from todo_backend.agent.intents.details import TAG
from todo_backend.agent.intents.done import is_complete
from todo_backend.agent.intents.due import is_time_only, parse_due
from todo_backend.agent.intents.lexicon import ADD_START, FILLER, LIST_START, word_set
from todo_backend.agent.intents.request import Message, Priority, Request, TagNames

# Done, said as the list's own gesture: "ticked off", "knocked off", "crossed out", "got
# through", "checked off".
_STRUCK_OFF = (
    r"(?:ticked|checked|knocked|crossed|struck|marked|scratched)\s+(?:off|out)|"
    r"(?:got|gotten|get|gotta)\s+(?:through|done)|wrapped up|dealt with"
)

# Nouns that make a question about tasks ("anything due?", "what's on my plate?").
TASK_WORDS = re.compile(
    r"\b(?:tasks?|todos?|to-?dos?|list|plate|agenda|due|overdue|pending|open|outstanding|"
    r"remaining|left|completed|finished|done|priority|prio|urgent|important|tagged|schedule|"
    rf"{_STRUCK_OFF}|"
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
    low = _PURPOSE.sub("", low)
    filters: dict[str, str] = {"status": "pending"}
    if re.search(
        r"\b(?:including|incl\.?|include|with|and|plus)\s+(?:the\s+)?(?:completed|done|finished)|"
        # "show all tasks, done ones too"
        r"\b(?:completed|done|finished)(?:\s+ones|\s+tasks)?\s+(?:too|as well|also)\b|"
        # "show me all tasks, also the finished ones", "my list and even the done stuff"
        r"(?:,|\band|\bbut)\s*(?:also|even|plus)\s+(?:the\s+|my\s+|those\s+)?"
        r"(?:completed|done|finished|closed|ticked|old)\b|"
        r"\b(?:as well as|along with|together with|alongside|not only)\s+(?:the\s+|my\s+)?"
        r"(?:completed|done|finished|closed|ticked(?:\s+off)?)\b",
        low,
    ) or _EITHER_STATE.search(low):
        filters["status"] = "all"
    elif re.search(
        rf"\b(?:completed|finished|done|closed|accomplished|{_STRUCK_OFF})\b", low
    ) and not re.search(
        r"(?:\bnot|n't|\bun|\byet to be|\bstill)\s*(?:completed|finished|done)\b", low
    ):
        filters["status"] = "completed"
    if re.search(r"\b(?:overdue|late|past due|missed|behind)\b", low):
        filters["due"] = "overdue"
    elif re.search(r"\b(?:today|tonight|this evening)\b", low):
        # "what's on my plate" with no day named is all that is open.
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
            r"\b(?:with|have|has|having|contain|contains|containing|include|includes)\s+"
            r"(?:the\s+word\s+)?(.+?)\s+in\s+(?:it|them|the(?:ir)?\s+(?:title|name)s?)\b",
            low,
        )
        or re.search(
            # "show me the dentist task", "where's the bank one"
            r"^(?:show|find|get|where'?s|where is|pull up)(?:\s+me)?\s+(?:the|my)\s+(.+?)\s+"
            r"(?:task|todo|to-do|item|one)\b",
            low,
        )
        or _WITH_WORD.search(low)
        or re.search(
            r".*\b(?:search(?:\s+for)?|find|look(?:ing)?\s+(?:for|up)|about|containing|contains?|"
            r"mentioning|mentions?|with the word|called|named|matching|regarding|related to|"
            r"that says?|includes?(?!\s+(?:the\s+)?(?:completed|done|finished|closed)\b)|"
            r"(?:whose|with a|with the|where the)\s+(?:title|name)\s+"
            r"(?:is|has|says|reads|starts with|contains|includes|mentions))"
            r"\s+(.+?)\s*\??$",
            low,
        )
    ):
        # "with 'call' in them": the quotes only mark the word; "milk in open tasks" where.
        searched = _WHERE_SEARCHED.sub("", _SEARCHED_IN.sub("", query.group(1)))
        found = (w.strip("'") for w in re.findall(r"[\w'-]+", searched))
        words = [w for w in found if w and w not in FILLER and w not in _NOT_QUERY]
        if words and words != [filters.get("tag")]:
            filters["query"] = " ".join(words)
    if (
        filters == {"status": "pending"}
        and re.search(
            r"\b(?:all(?: (?:my |of my |the )?(?:tasks|todos|items))?|everything|every task|"
            r"including (?:completed|done|finished)(?: ones)?)\b",
            low,
        )
        # "everything I still have left to do", "… I haven't finished yet" is what is open.
        and not re.search(
            r"\b(?:left|remaining|still|outstanding|unfinished|to do|yet|open|pending|undone)\b|"
            r"n't\s+(?:done|finished)",
            low,
        )
    ):
        filters["status"] = "all"
    return filters


# Both states asked for: "done and not done", "pending or completed", "finished or
# otherwise", "whether finished or not", a state and its opposite in any words ("shipped
# and unshipped", "ticked or not ticked").
_EITHER_STATE = re.compile(
    r"\b(?:done|completed?|finished|closed|pending|open|unfinished|incomplete)\s+(?:and|or|&|/)\s+"
    r"(?:not|undone|unfinished|otherwise|pending|open|completed?|finished|done|closed|incomplete)\b"
    r"|\b([a-z]{3,})\s+(?:and|or|&|/|\+)\s+(?:un-?|not\s+|non-?)\1\b"
    r"|\bun-?([a-z]{3,})\s+(?:and|or|&|/|\+)\s+\2\b"
)

# Why the list is wanted, said after it ("… so I can feel briefly okay about myself",
# "… because I'm planning tomorrow"): it names no filter.
_PURPOSE = re.compile(
    r"\s*,?\s+(?:so\s+(?:that\s+)?(?:i|we|you)\b|because\b|cause\b|cos\b|coz\b|in order to\b)"
    r".*$"
)

# Where a search looks, not what it looks for ("grep milk in open tasks").
_WHERE_SEARCHED = re.compile(
    r"\s+(?:in|among|from|on|across|within)\s+(?:my\s+|the\s+|all\s+)*"
    r"(?:(?:open|pending|done|completed|finished|current)\s+)?(?:tasks|todos|to-?dos|list|items)\b.*$"
)

# "search my open todos for milk": where, then what.
_SEARCHED_IN = re.compile(
    r"^(?:in\s+|through\s+)?(?:my\s+|the\s+|all\s+)*"
    r"(?:(?:open|pending|done|completed|finished|current)\s+)?(?:tasks|todos|to-?dos|list|items)"
    r"\s+for\s+"
)

# "is there anything with milk on my list", "any tasks with lisbon in them?": the words a
# title has, not a filter ("anything with high priority", "tasks with the tag work", "stuff
# with a deadline").
_WITH_WORD = re.compile(
    r"^(?:(?:is|are)\s+there\s+|(?:do|have)\s+(?:i|we)\s+(?:got\s+|have\s+)?)?"
    r"(?:anything|something|any\s+(?:tasks?|todos?|items?|things?))\s+"
    r"with\s+(?!(?:a|an|the|any|no|some|high|low|medium|normal|urgent|tags?|labels?|priority|prio|"
    r"due|deadlines?|dates?|times?)\b|#)"
    r"([\w'-]+(?:\s+[\w'-]+)?)"
    r"(?:\s+(?:on|in)\s+(?:my|the)\s+(?:list|tasks|todos|to-?dos|todo list|to-do list))?\s*\??$"
)

_NOT_QUERY = frozenset({"task", "tasks", "anything", "any", "stuff", "something", "word"})

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def list_request(low: str, known_tags: TagNames, now: datetime | None = None) -> Request:
    filters = list_filters(low, known_tags)
    tomorrow = filters.get("due") == "week" and re.search(r"\btomorrow\b", low)
    if tomorrow:
        return Request("list", filters=filters, on_day=1)
    day = re.search(
        r"\b(?:on|for|this|next|coming)\s+(mon|tue|wed|thu|fri|sat|sun)[a-z]*\b|"
        r"\b(mon|tues|wednes|thurs|fri|satur|sun)day\b",  # "what do I have thursday"
        low,
    )
    if day and now is not None and "due" not in filters:
        # "what do I have on friday": that day, picked out of the coming week.
        start = day.group(1) or day.group(2)
        index = next(i for i, name in enumerate(_WEEKDAY_NAMES) if name.startswith(start))
        ahead = (index - now.weekday()) % 7
        filters["due"] = "today" if ahead == 0 else "week"
        return Request("list", filters=filters, on_day=ahead or None)
    return Request("list", filters=filters)


LIST_TALK = word_set(
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
    words: list[str] = [
        w for w in re.findall(r"[\w-]+", low) if w not in FILLER and w not in LIST_TALK
    ]
    if not words:
        return None
    # "around the house" is #home, "for my job" #work, when those tags are in use.
    for said, tag in _TAG_SAID_AS.items():
        if re.search(rf"\b{said}\b", low) and tag in known_tags():
            return tag
    if named := next(
        (word for word in words if word in known_tags() and not _as_place(word, low)), None
    ):
        return named
    # A tag mistyped ("shwo my wrok tasks"): its letters swapped or one slipped, the first
    # kept. Only a tag, so no list is narrowed by a word that merely looks like one.
    return next(
        (tag for word in words for tag in sorted(known_tags()) if _slip_of(word, tag)), None
    )


_TAG_SAID_AS = {
    r"(?:around|about|in)\s+the\s+(?:house|flat|home)|household|housework|chores": "home",
    r"for\s+(?:my\s+)?(?:job|the office)|at\s+the\s+office|work\s*-?related": "work",
}


def _as_place(word: str, low: str) -> bool:
    """ "just got home", "after work": a tag's word said as a place or a time of day."""
    return bool(
        re.search(
            r"\b(?:got|get|getting|from|back|after|before|leaving|leave|left|arrived|go|going|"
            rf"went|heading|head|off to)\s+{re.escape(word)}\b",
            low,
        )
    )


def _slip_of(word: str, tag: str) -> bool:
    if len(word) < 4 or word[0] != tag[0] or word == tag:
        return False
    if len(word) == len(tag) and sorted(word) == sorted(tag):
        return True
    return difflib.SequenceMatcher(None, word, tag).ratio() >= 0.85


def _stats(low: str, known_tags: TagNames) -> Request:
    request = Request("stats", filters=list_filters(low, known_tags))
    if re.search(
        r"\b(?:finish|finished|complete|completed|done|accomplish|accomplished|tick|"
        r"ticked|check|checked|get done|got done|close|closed|knock off|cross off|get through|"
        rf"wrap up|{_STRUCK_OFF})\b",
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


def _bulk(low: str, known_tags: TagNames, now: datetime) -> Request | None:
    everything = re.search(
        r"\b(?:all|every|everything|each|entire|whole)\b|\bclear (?:out )?(?:my |the )?(?:list|tasks|todos|completed|done|finished)\b",  # noqa: E501
        low,
    )
    if not everything:
        return None
    clear_due = False
    moved_to = re.match(
        r"^(?:please\s+)?(?:push|move|postpone|reschedule|shift|bump|delay)\b.*?\s(?:to|till|until)\s+(.+)$",
        low,
    )
    if moved_to and (due := parse_due(moved_to.group(1), now)):
        # "push everything overdue to friday": each gets the new date (a time alone keeps
        # each one's day).
        filters = list_filters(low[: moved_to.start(1)], known_tags)
        return Request(
            "bulk",
            filters=filters,
            bulk_tool="update_task",
            due_at=due,
            time_only=is_time_only(moved_to.group(1)),
        )
    if re.search(
        r"^(?:please\s+)?(?:delete|remove|clear|wipe|purge|erase|get rid of|trash|drop|nuke|"
        r"empty|clean up|clean out|scrap)\b",
        low,
    ):
        tool = "delete_task"
        if re.search(r"\b(?:due\s+dates?|deadlines?|dates?)\b", low):
            # "clear the due dates on all the work tasks": the dates go, the tasks stay.
            tool, clear_due = "update_task", True
        elif re.search(
            r"\b(?:the|their|its)\s+(?:priorit(?:y|ies)|tags?|labels?|notes?|descriptions?)\b", low
        ):
            return None  # "remove the tags from all …": a detail of each, no delete
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
    return Request("bulk", filters=filters, bulk_tool=tool, clear_due=clear_due)


# The number of one task, not a count: "what's the number of the garage task?", "the id of
# the dentist one".
_ONE_NUMBER = re.compile(
    r"\b(?:number|id|no\.?)\s+(?:of|for)\s+(?:the|my|our|that|this)\s+"
    r"(?!(?:tasks|todos|to-?dos|items|things|ones)\b)[\w' -]*?"
    r"\b(?:task|todo|to-do|item|one|entry|thing|reminder)(?:\s+(?:again|please|pls|plz))*\s*\??$"
)


def stats(message: Message) -> Request | None:
    """ "how many tasks are left?", "what did I finish this week?"."""
    low = message.low
    # "count my open tasks", not "put count the wine inventory on the list" (a to-do).
    counted = re.search(
        r"(?:^|\b(?:please|pls|can you|could you|just)\s+)count\s+(?:up\s+)?(?:my|the|all)\b", low
    )
    if ADD_START.match(low) or _ONE_NUMBER.search(low):
        return None  # "add ask … how much it costs", "what's the number of the garage task?"
    if (
        re.search(r"\bhow (?:many|much)\b|\bnumber of\b", low)
        or counted
        or re.search(
            r"^(?:what(?:'ve|'d|\s+did|\s+have)\s+i|(?:did|have) i (?=\w+ anything))\s*"
            r"(?:finish|finished|complete|completed|do|done|get done|accomplish|tick off|check off|"
            rf"knock off|cross off|get through|wrap up|{_STRUCK_OFF})",
            low,
        )
    ):
        return _stats(low, message.known_tags)
    return None


def bulk(message: Message) -> Request | None:
    """ "delete all completed tasks", "mark everything in #work done"."""
    return _bulk(message.low, message.known_tags, message.now)


# The list asked for inside a longer sentence ("I would be very grateful if you could
# remind me of everything I still have left to do", "it'd help if you showed me what's
# due this week"): read from there on, the chatter before it names no filter.
_ASKED_WITHIN = re.compile(
    r"\b(?:remind(?:ed|ing)? me (?:of|about|what)|tell(?:ing)? me|show(?:ed|ing)? me|let me see|"
    r"g[ai]v(?:e|ing) me|go(?:ing)? through|r[au]n(?:ning)? through|"
    r"read(?:ing)?(?: me)?(?: out)?(?: to me)?|list(?:ing)?)\s+(?:(?:again|all of|once more)\s+)?"
    r"(?:everything|what|all|whatever|the (?:tasks|things|list)|my (?:tasks|list|to-?dos?|"
    r"todo list|agenda|schedule))\b"
)


def as_typed(request: Request | None, text: str) -> Request | None:
    """The words searched for as the user typed them ("anything about Lisbon?" searches
    "Lisbon"); the rules read them lower-cased."""
    query = request.filters.get("query") if request is not None else None
    if request is not None and query:
        words = r"\W+".join(re.escape(word) for word in query.split())
        if typed := re.search(rf"(?<![\w-]){words}(?![\w-])", text, re.I):
            request.filters["query"] = " ".join(re.findall(r"[\w'-]+", typed.group()))
    return request


def search_or_list(message: Message) -> Request | None:
    """ "search milk", "show high priority", "any tasks tagged work", "… if you could
    remind me of everything I still have to do"."""
    return as_typed(_search_or_list(message), message.text)


def _search_or_list(message: Message) -> Request | None:
    low, known_tags = message.low, message.known_tags
    searching = re.search(r"\b(?:search|find|look for|look up)\b", low)
    asks = LIST_START.match(low) and (TASK_WORDS.search(low) or tag_filter(low, known_tags))
    if searching or asks:
        return list_request(low, known_tags, message.now)
    within = _ASKED_WITHIN.search(low)
    if within and TASK_WORDS.search(low, within.start()):
        return list_request(low[within.start() :], known_tags, message.now)
    if (lead := _LEAD.match(low)) and not (
        _CHANGE_VERB.search(lead.group()) or is_complete(lead.group())
    ):
        # "on break, whats due today": a few words of where the user is, then the list.
        rest = low[lead.end() :]
        if _LIST_ASKED.match(rest) and TASK_WORDS.search(rest):
            return list_request(rest, known_tags, message.now)
    return None


# A short lead before the list is asked for ("quick break -", "on the bus,").
_LEAD = re.compile(r"^[a-z][\w' ]{0,30}?(?:[,:;]|\s-+)\s*(?=\S)")
_LIST_ASKED = re.compile(
    r"(?:what(?:'s|s|\s+is|\s+are)|show(?:\s+me)?|list|anything|any|what do i have|"
    r"what have i got)\b"
)


def list_named(message: Message) -> Request | None:
    """ "tasks", "my agenda", "the whole list", "thursday's tasks": the list named on its own."""
    if re.match(
        r"(?:my |all |the |whole |full |entire )*"
        r"(?:(?:today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day)'?s )?"
        r"(?:tasks|todos|to-?dos|(?:todo |to-do |task )?list|agenda|overdue|inbox)\b",
        message.bare,
    ):
        return list_request(message.low, message.known_tags, message.now)
    return None


def tag_named(message: Message) -> Request | None:
    """ "my errands pls", "work stuff": one of the user's tags, named on its own."""
    named = re.fullmatch(
        r"(?:(?:show|list|see)\s+)?(?:me\s+)?(?:all\s+)?(?:(?:my|the)\s+)?#?([\w-]+)"
        r"(?:\s+(?:tasks|todos|stuff|list|items|things|ones))?(?:\s+(?:please|pls|plz|thanks))?",
        message.bare,
    )
    if named and named.group(1) in message.known_tags():
        return list_request(message.low, message.known_tags, message.now)
    return None


def show_everything(message: Message) -> Request | None:
    """ "show me", "list everything"."""
    if re.fullmatch(
        r"(?:show|list|display|view|see)(?: me)?(?: (?:all|everything|them|it all))?"
        r"(?: (?:please|pls|thanks|now))?",
        message.bare,
    ):
        return list_request(message.low, message.known_tags, message.now)
    return None


# A list asked for in so many words ("kindly produce a complete list of every task",
# "might I see everything I have already completed", "show me please the tasks with the
# tag home"): read before the change rules, which would take its "completed" or "tag"
# for a change.
_LIST_VERB = re.compile(
    r"^(?:(?:kindly|please|pls|just|now)\s+)*(?:(?:may|might|can|could)\s+i\s+(?:please\s+)?"
    r"(?:see|have|get|view)|(?:show|list|display|produce|share|provide|print|bring up|"
    r"pull up|read out)(?:\s+(?:me|us|please|pls|out|with me))*|(?:send|give)\s+(?:me|us)|"
    # "I only wish to see my list", "I'd just like to look at my tasks".
    r"(?:i(?:'d|\s+would)?\s+)?(?:(?:only|just|simply|merely)\s+)?(?:wish|want|wanted|like|wanna)\s+"
    r"(?:(?:only|just|simply|merely)\s+)?to\s+(?:see|view|look at|have a look at|check))\b"
)
# The list itself, not a list that is the task ("share the shopping list with Sam").
_LIST_NOUN = re.compile(
    r"\b(?:tasks|todos|to-?dos|items|everything|every task|all (?:my|the|of)|list of|"
    r"(?:the|my|complete|full|whole|entire|task|todo|to-do)\s+list\b(?!\s+(?:with|to)\b)|"
    # "can I see the done ones", "may I see the urgent stuff".
    r"(?:done|completed|finished|open|pending|overdue|late|urgent|important|unfinished|"
    r"remaining|high[- ]priority|low[- ]priority)\s+(?:ones|stuff|things)\b)"
)
_CHANGE_VERB = re.compile(
    r"\b(?:delete|remove|mark|tick|check off|move|push|rename|change|set|reopen|add|put|"
    r"clear|update|cancel|drop|make)\b"
)

# A list named by its filters alone ("open items / prio high / tag work", "overdue work
# stuff"): nothing but these words, one of the user's tags, and a noun for tasks.
_FILTER_WORDS = word_set(
    """open pending done completed finished overdue late high low medium normal urgent
    important priority prio tag tagged today tonight tomorrow week this next all my the of
    with and only items tasks todos to-dos stuff things list unfinished undone incomplete
    closed or not otherwise both either due for please pls plz thanks thx ta just"""
)


# A change ruled out ("I just want to see my tasks, don't change anything"): no change.
_NO_CHANGE = re.compile(
    r"\b(?:don'?t|do not|never|no need to|without)\s+(?:\w+ing|\w+)"
    r"(?:\s+(?:anything|a thing|them|it|any of (?:them|it)|my (?:tasks|list)))?"
)


_WHAT_FOLLOWS = re.compile(
    r"\s+(?:(?:what|which)(?:'s|s|\s+is|\s+are|\s+ones?|\s+tasks?|\s+i\b|\s+we\b|\s+do\b)|"
    r"whatever|anything)"
)


def asked_for_list(low: str, known_tags: TagNames) -> bool:
    """The message plainly asks to see tasks and asks for no change."""
    if _CHANGE_VERB.search(_NO_CHANGE.sub("", low)):
        return False
    if (verb := _LIST_VERB.match(low)) and (
        _LIST_NOUN.search(low, verb.end())
        # "can I see what's due today?", "show me which ones are overdue"
        or (_WHAT_FOLLOWS.match(low, verb.end()) and TASK_WORDS.search(low, verb.end()))
    ):
        return True
    words = re.findall(r"[\w'-]+", low)
    return (
        len(words) > 1
        and bool(re.search(r"\b(?:items|tasks|todos|to-?dos|stuff|things)\b", low))
        and all(word in _FILTER_WORDS or word in known_tags() for word in words)
    )


# A list asked for, then put right ("can I see what's due today? sorry, I mean everything
# this week", "show the work ones - no wait, home", "overdue stuff, or rather this week's"):
# what the correction says replaces what it corrects; what it leaves alone stays.
_CORRECTED = re.compile(
    r"(?:[.?!,;:]|\s-+)\s*(?:(?:sorry|no|nope|oops|wait|actually|hang on|my bad)\b[,!.\s-]*)*"
    r"(?:i\s+mean(?:t)?(?:\s+to\s+say)?|make\s+(?:that|it)|or\s+rather|rather|correction|"
    r"scratch\s+that|no\s+wait)\b[,:!.\s-]*(?=\S)"
)
_ASKS_TO_SEE = re.compile(
    r"^(?:(?:sorry|please|pls|so|ok|okay|hey|hi)\W+)*(?:(?:can|could|may|might)\s+(?:i|we|you)\s+"
    r"(?:please\s+)?(?:see|get|have|view|show me|list|check)\b|"
    rf"{LIST_START.pattern[1:]}|{_LIST_VERB.pattern[1:]})"
)


def corrected_list(low: str, known_tags: TagNames, now: datetime) -> Request | None:
    """A list request put right within the same message; None when there is none."""
    found = _CORRECTED.search(low)
    if found is None or _CHANGE_VERB.search(low):
        return None
    before, after = low[: found.start()], low[found.end() :]
    if not (
        _ASKS_TO_SEE.match(before) and (TASK_WORDS.search(before) or tag_filter(before, known_tags))
    ):
        return None
    asked, fixed = list_request(before, known_tags, now), list_request(after, known_tags, now)
    if fixed.filters == {"status": "pending"} and not TASK_WORDS.search(after):
        return None  # "show my tasks, sorry I mean buy milk" is something else
    filters = {**asked.filters, **fixed.filters}
    if fixed.filters.get("status") == "pending":
        filters["status"] = asked.filters["status"]  # pending is only the default
    on_day = fixed.on_day if "due" in fixed.filters else asked.on_day
    return Request("list", filters=filters, on_day=on_day)


# A change asked for by its verb first ("push the report to friday so i can breathe?"): a
# request, whatever mark ends it.
_ORDERED = re.compile(
    r"^(?:move|push|bump|postpone|prepone|reschedule|shift|rename|delete|remove|tick|mark|"
    r"untag|reopen|get rid of)\s+(?!me\b|us\b)"
)


def question_about_tasks(message: Message) -> Request | None:
    """ "anything due this weekend?", "#errands?": a question mark and list talk."""
    low = message.low
    if _ORDERED.match(low):
        return None
    if low.endswith("?") and (TASK_WORDS.search(low) or tag_filter(low, message.known_tags)):
        return as_typed(list_request(low, message.known_tags, message.now), message.text)
    return None
