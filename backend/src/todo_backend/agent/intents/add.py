"""New tasks: "add …", "remind me to …", "buy milk", several at once ("add bread; milk"),
and how a title and its details are cut from the words around them."""

from __future__ import annotations

import re
from datetime import datetime

from todo_backend.agent.intents.details import take_priority, take_tags
from todo_backend.agent.intents.due import take_due
from todo_backend.agent.intents.lexicon import ADD_START, TASK_VERBS, word_set
from todo_backend.agent.intents.references import ID, words_of
from todo_backend.agent.intents.request import Message, Request

# A description is announced ("with a note …", "notes: …", "note that …"): a title may
# itself say "note" ("write a thank-you note to the neighbours").
_DESCRIPTION = re.compile(
    r"\s*(?:[,;-]\s*)?\b"
    r"(?:with\s+(?:a\s+)?(?:note|notes|description|details)\s*[:-]?|"
    r"(?:note|notes|description|details)\s*:|(?:note|notes|details)\s+that)"
    r"\s+(.+)$",
    re.I,
)

_ADD_TAIL = re.compile(
    r"\s+(?:to|on|onto|in|into)\s+(?:my|the)\s+(?:list|tasks|todo list|to-do list|todos)\s*$"
)

# "I keep forgetting to back up my laptop, put it on the list for sunday".
_PUT_IT_ON = re.compile(
    r"^(.+?)[,;.]\s*(?:(?:can|could) you\s+|please\s+)?(?:put|add|stick|pop|jot)\s+"
    r"(?:it|that|this)\s+(?:down\s+)?(?:on|to|in|onto)\s+(?:my|the)\s+(?:todo |to-do |task )?"
    r"(?:list|tasks|todos)\b(.*)$"
)

_ON_THE_LIST = re.compile(
    r"\s(?:on|onto|to|in|into)\s+(?:my|the)\s+(?:todo |to-do |task )?(?:list|tasks|todos)\b"
)


def _looks_like_add(low: str) -> bool:
    """'make X high priority' changes a task; 'make a task …' / 'put X on my list' adds one."""
    return bool(
        re.match(
            r"^(?:make|put|schedule|pop|stick) (?:a |an |another |new )+(?:task|todo|reminder)", low
        )
        or _ON_THE_LIST.search(low)
        or (low.startswith("schedule") and not ID.search(low))
        or re.match(
            r"^(?:put|pop|stick)\s+(?:down\b|[\"'])", low
        )  # "put 'call plumber' under home"
    ) and not re.search(r"\bback on\b", low)  # "put the passport task back on my list"


# Words before a colon that only point at the list, not at the task.
_LIST_LABEL = word_set("something quick new reminder note to onto")

_FILED_UNDER = re.compile(
    r"(?:under|in|into)\s+(?:my\s+|the\s+)?#?([\w-]+)(?:\s+(?:list|tasks|todos))?", re.I
)

_QUOTED = re.compile(r"""(?:^|(?<=\s))["'](.+?)["'](?=$|[\s,.;:!?])""")

# "add these: milk, eggs, flour", "add 2 tasks: book the vet and order dog food".
_SEVERAL_LABEL = re.compile(
    r"^(?:these|(?:the\s+)?following|(?:\d+|two|three|four|five|a few|some|several)\s+"
    r"(?:tasks|things|items|todos|to-dos|reminders)|tasks|things)\s*:\s*",
    re.I,
)


def _adds(rest: str, now: datetime) -> Request:
    """One task, or several when the message lists them (after "these:", or split by ';')."""
    quoted = re.findall(r"""(?:^|(?<=\s))["']([^"']+)["'](?=$|[\s,.;:!?])""", rest)
    also = re.split(
        r"\s+and\s+(?:also\s+)?(?:one|another)(?:\s+(?:task|reminder))?\s+(?:to|for)\s+", rest
    )
    by_comma = re.split(r"\s*(?:,|;|,?\s+and\s+(?=[^,]*$))\s*", rest)
    if label := _SEVERAL_LABEL.match(rest):
        parts = re.split(r"\s*(?:,|;|\band\b|\n)\s*", rest[label.end() :])
    elif len(quoted) >= 2 and not re.sub(r"""["'][^"']+["']|\band\b|[,;&\s]""", "", rest):
        parts = [f'"{title}"' for title in quoted]  # add "call Anna" and "email Ben"
    elif len(also) >= 2:
        parts = also  # "add a task to review the contract and also one to sign the NDA"
    elif "," in rest and _todo_list(by_comma):
        parts = by_comma  # "add call anna, email ben and text carl"
    else:
        parts = re.split(r"\s*[;\n]\s*", rest)
    parts = [part for part in parts if part.strip(" ,.")]
    if len(parts) < 2:
        return task_to_add(rest[label.end() :] if label else rest, now)
    first, *more = [task_to_add(part, now) for part in parts]
    if not all(request.title for request in (first, *more)):
        return task_to_add(rest, now)  # "buy a present for tom, due friday": one task and its date
    first.more = more
    return first


# Words that start a phrase continuing the last one, never a to-do of its own.
_NOT_A_START = word_set(
    """the a an my your our his her their some any this that these those and or but with for
    to in on at of from by she he they it it's she's he's they're we i which who so then ours
    mine yours theirs there here"""
)


def _todo_list(parts: list[str]) -> bool:
    """ "call anna, email ben and text carl", "wash the car, hoover the stairs and mow the
    lawn": every part a to-do of two words or more, led by a to-do verb (the first) or at
    least by no article, pronoun or preposition ("buy eggs, milk and flour" is one task)."""
    if len(parts) < 2 or not TASK_VERBS.match(parts[0].lower()):
        return False
    return all(
        len(part.split()) >= 2
        and part.split()[0].lower() not in _NOT_A_START
        and "#" not in part
        and take_priority(part)[1] is None  # "…, high priority" is a detail
        and not re.search(r"\b(?:is|are|was|were)\b|'s\b|'re\b", part.lower())  # a remark
        for part in parts
    )


def task_to_add(rest: str, now: datetime) -> Request:
    request = Request("add")
    if quoted := _QUOTED.search(rest):
        # A quoted title is taken as written; the details are read from the rest.
        outside = rest[: quoted.start()] + " " + rest[quoted.end() :]
        details = task_to_add(outside, now) if outside.strip() else Request("add")
        # What is left outside the quotes is details only: "under home" files it under a tag.
        if details.title and (place := _FILED_UNDER.fullmatch(details.title)):
            details.tags.append(place.group(1).lower())
        details.title = quoted.group(1).strip()
        details.title = details.title[:1].upper() + details.title[1:]
        return details
    if match := _DESCRIPTION.search(rest):
        request.description = match.group(1).strip()
        rest = rest[: match.start()]
    label = re.match(r"([^:]*):\s*(?=\S)", rest)
    if label and set(words_of(label.group(1))) <= _LIST_LABEL:
        rest = rest[label.end() :]  # "something to my list: call bob" → "call bob"
    rest, request.tags = take_tags(rest)
    rest, request.priority = take_priority(rest)
    rest, request.due_at = take_due(rest, now)
    title = _ADD_TAIL.sub("", rest)
    # "…, they're overdue": a remark about the task, not part of its title.
    title = re.sub(
        r",\s*(?:it|they|that|which|she|he|ours|mine|theirs|the old one)"
        r"(?:'s|'re|\s+(?:is|are|was|were))\b.*$",
        "",
        title,
    )
    # Strip what is left of the request around the title, until nothing changes.
    while True:
        before = title
        title = title.strip(" ,.;:-!?\"'")
        title = re.sub(_TITLE_LEAD, "", title, flags=re.I)
        title = re.sub(_TITLE_SELF, "", title, flags=re.I)
        title = re.sub(_TITLE_TAIL, "", title, flags=re.I)
        if title == before:
            break
    request.title = title[:1].upper() + title[1:] if title else None
    return request


_TITLE_TAIL = (
    r"\s+(?:and|with|for|on|by|at|due|before|until|to|in|(?:(?:it|they)\s+)?(?:was|is|were|are)|"
    r"it's|they're|"
    r"please|pls|thanks|thank you)$"
)

# "jot down that I need to renew my library card": the task is what follows.
_TITLE_SELF = (
    r"^(?:(?:i|we)\s+(?:really\s+)?(?:keep\s+forgetting|need|have|must|should|want|ought|"
    r"gotta)\s+to\s+|(?:i|we)\s+(?:should|must)\s+|remember\s+to\s+|(?:i'?ll|i will|we'?ll|we will|"
    r"(?:i'?m\s+|we'?re\s+)?(?:gonna|going to))\s+)"
)

_TITLE_LEAD = (
    r"^(?:(?:to|that|about|for|a|an|another|new)\s+)*"
    r"(?:(?:task|todo|to-do|reminder|item)\b\s*(?:to|called|named|titled|saying|:|-)?\s*)?"
)


def put_it_on(message: Message) -> Request | None:
    """ "I keep forgetting to back up my laptop, put it on the list for sunday"."""
    if put := _PUT_IT_ON.match(message.low):
        text = message.text
        return task_to_add(text[: put.end(1)] + " " + text[put.start(2) :], message.now)
    return None


def add_request(message: Message) -> Request | None:
    """ "add …", "remind me to …", "I need to …": one task, or several."""
    low = message.low
    add = ADD_START.match(low)
    if (
        add
        and not re.match(r"^add\s+(?:a\s+|the\s+)?(?:tags?|labels?|notes?|description)\b", low)
        and (
            not re.match(r"^(?:make|put|schedule|pop|stick|throw|chuck|bung)\b", low)
            or _looks_like_add(low)
        )
    ):
        return _adds(message.text[add.end() :], message.now)
    return None


def to_do(message: Message) -> Request | None:
    """ "buy milk", "call the bank friday": a to-do verb first is a task to add."""
    if TASK_VERBS.match(message.low):
        return task_to_add(message.text, message.now)
    return None
