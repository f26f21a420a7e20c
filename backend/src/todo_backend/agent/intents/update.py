"""Changes to one task: a new date, priority, title, tags or description ("move #5 to
friday", "rename #2 to Call the bank", "make it 3pm", "I meant call dad")."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from todo_backend.agent.intents.add import task_to_add
from todo_backend.agent.intents.details import only_priority, take_priority, take_tags
from todo_backend.agent.intents.done import DONE_WORDS
from todo_backend.agent.intents.due import DATE_WORDS, is_time_only, parse_due, take_due
from todo_backend.agent.intents.lexicon import LIST_START, TASK_VERBS, word_set
from todo_backend.agent.intents.references import ID, clause_ref_of, ref_of, refs_of
from todo_backend.agent.intents.request import Message, Ref, Request

# "I meant thursday next week", "make that saturday": a new date for the task just named.
# Words that take back what was said ("no sorry, …", "oops, …").
_TAKEN_BACK = r"(?:(?:pardon|nah|nope|no|ah|oh|wait|sorry|oops|actually|typo|correction)\W+)*"
_CORRECTED_DUE = re.compile(
    rf"^{_TAKEN_BACK}(?:(?:i|we) meant|(?:i|we) mean|i said|i wanted to say|i intended|"
    r"i wanted to write|i wanted to type|i meant to (?:say|write)|"
    r"make (?:it|that|this)|change (?:it|that) to|(?:call|name) (?:it|that)(?! a day\b)|"
    r"no,?)\s+(.+)$"
)

_UPDATE_VERB = re.compile(
    r"\b(?:rename|retitle|reschedule|postpone|prepone|bring forward|push(?: back)?|move|delay|bump|"
    r"shift|defer|can wait|amend|put(?=\s.+?\s(?:at|for|on|to|back to|under)\s)|"
    # "the garage task, put high priority please"
    r"put(?=\s+(?:it\s+|that\s+)?(?:on\s+|as\s+|to\s+|at\s+)?(?:high|low|medium|top)\b)|"
    r"put(?=\s.+?\s(?:with|in|on|at)\s+(?:a\s+)?(?:priority|prio)\b)|"
    r"give(?=\s.+?\s(?:a\s+|the\s+)?(?:due date|deadline|priority|tag|label)\b)|"
    r"wait (?=until|till|til)|"
    r"(?:moved|rescheduled|shifted|pushed|changed)(?=(?:\s+(?:me|us|it|him|her|them))?\s+to\b)|"
    r"change|set|make|update|edit|modify|prioriti[sz]e|deprioriti[sz]e|raise|lower|reduce|"
    r"retag|"
    r"mark(?=.*\b(?:urgent|important|high|low|medium|normal|priority|prio)\b)|"
    r"upgrade|downgrade|tag|label|untag|clear|unset|"
    r"(?:add|put|stick|pop|attach) (?:in )?(?:a |the )?(?:tag|note|label|desc|description)|"
    # "replace the tags on 7 with holiday"
    r"replace(?=\s+(?:the\s+)?(?:tags?|labels?|due date|deadline|priority|title|name)\b)|"
    r"call it|should (?:say|read|be called)|add(?=\s+#[\w-]+\s+to\b))\b"
)

_FIELD = re.compile(
    r"\b(?:due(?: date)?|deadline|priority|prio|title|name|tags?|labels?|description|desc|"
    r"notes?|date)\b"
)

_CLEAR_DUE = re.compile(
    r"\b(?:clear|remove|drop|delete|unset|take off|take|get rid of|no longer has|doesn'?t have|"
    r"without|no)\b(?:\s+(?:the|a|any|its|their))?\s+(?:due\s+dates?|deadlines?|due|dates?)\b"
    r"(?:\s+(?:off|of|from|for|on))?",
    re.I,
)

_TAG_TASK = re.compile(
    # "tag #6 with home", "label it as bills"; after "… task" the tag may follow directly
    # ("label the bank task finance").
    r"\b(?:tag|label)\s+(#\d+|.+?)\s+(?:with|as|(?<=\btask\s)|(?<=\bone\s))\s*"
    r"(?:the\s+)?(?:tags?\s+)?"
    r"((?:#?[a-z][\w-]*)(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)*)\s*$",
    re.I,
)

_TO_DO_VERB = TASK_VERBS.pattern.removeprefix("^")

_RENAME = re.compile(
    # "call" renames only a task already pointed at: in "call mom to …" it is the task.
    r"\b(?:rename|retitle|(?:change|amend|edit|update)\s+(?:the\s+)?(?:title|name)\s+of|"
    r"call(?=\s+(?:it|that|this|#\d)))"
    r"\s+(.+?)\s+(?:to|as|into):?\s+(.+)$"
    r"|\b(?:change|set|update)\s+(.+?)'?s?\s+(?:title|name)\s+to\s+(.+)$"
    r"""|\b(?:call|name)\s+(it|that|this)\s+(["'].+["'])\W*$"""
    r"""|\b(?:change|update|replace)\s+(["'].+?["'])\s+(?:to|with)\s+(["'].+["'])\W*$"""
    # "change oat milk to 'buy oat milk and bananas'"
    r"""|\bchange\s+(.+?)\s+(?:to|into)\s+(["'].+["'])\W*$"""
    # "#1 should say buy 2 litres of milk"
    r"|^(.+?)\s+should\s+(?:say|read|be called)\s+(.+)$"
    # "call it redesign the invoice template instead"
    r"|\b(?:call|name)\s+(it|that|this)\s+(.+?)\s+instead\W*$"
    # "change call mom to call mom and dad": a new title that is a to-do of its own.
    rf"|^(?:change|amend|edit)\s+(.+?)\s+(?:to|into)\s+({_TO_DO_VERB}.+)$",
    re.I,
)


def _renamed(rename: re.Match[str]) -> str:
    """The task being renamed: the first group of whichever phrasing matched."""
    return next(text for text in rename.groups()[0::2] if text)


def _new_title(rename: re.Match[str]) -> str:
    """The new title; a quoted one ends at its closing quote ("to 'Read Dune Messiah'? I
    finished …")."""
    title = next(text for text in rename.groups()[1::2] if text).strip()
    if quoted := re.match(r"""(["'])(.+?)\1(?=\W*(?:\s|$))""", title):
        return quoted.group(2).strip()
    # "rename 2 to buy soy milk pls": the courtesy is no part of the title.
    title = re.sub(r"[\s,]+(?:pls|plz|please|thanks|thank you|thx|ta)\W*$", "", title, flags=re.I)
    return title.strip(" .\"'")


# Words of another action: with them "#4 … low priority" is not a change of priority.
_OTHER_ACTION = (
    r"\b(?:delete|remove|drop|trash|erase|cancel|complete|done|finish(?:ed)?|mark|close)\b"
)


def _new_description(request: Request, rest: str, text: str, now: datetime) -> str:
    """ "add a note to #3: …", "set the description of the bill to …"."""
    if desc := re.search(
        r"\b(?:(?:add|put|attach|stick|pop)\s+(?:to\s+((?:task\s+)?#?\w+)\s+)?(?:in\s+)?"
        r"(?:a\s+|the\s+)?(?:note|description|desc)"
        r"\s*(?:(?:to|on|for)\s+(.+?))?\s*"
        r"(?::|,|saying|that says|(?=[\"']))\s*(.+)$"
        r"|(?:set|change|update)\s+the\s+(?:description|notes?)\s+(?:of\s+(.+?)\s+)?to\s+(.+)$)",
        rest,
        re.I,
    ):
        request.description = (desc.group(3) or desc.group(5)).strip(" .\"'")
        rest = rest[: desc.start()] + " " + (desc.group(1) or desc.group(2) or desc.group(4) or "")
    return rest


# "chuck a weekend tag on the garage", "put the passport one under work too", "give the
# task Dune the tag books": a task and a tag for it.
_TAGGED_OTHERWISE = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:put|chuck|stick|slap|pop|add|throw)\s+(?:a|an|the)\s+#?(?P<tag>[\w-]+)\s+"
        r"(?:tag|label)\s+(?:on|to)\s+(?P<task>.+)$",
        r"\bput\s+(?P<task>.+?)\s+under\s+(?P<tag>#?[a-z][\w-]*)(?:\s+(?:too|as well|also))?\s*$",
        r"\b(?:put|add|stick)\s+(?:the|a)\s+(?:tag|label)\s+(?P<tag>#?[\w-]+)\s+(?:on|to)\s+(?P<task>.+)$",
        r"\bgive\s+(?P<task>.+?)\s+(?:the|a)\s+(?:tag|label)\s+(?P<tag>#?[a-z][\w-]*)\s*$",
    )
)


# "tag the oat milk as groceries instead of errands", "change the slides' tag from work to
# meetings": the task, the tag it loses and the one it gets.
_TAG_SWAPS = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:tag|label)\s+(?P<task>.+?)\s+(?:as|with)\s+#?(?P<new>[\w-]+)\s+"
        r"(?:instead of|rather than|not)\s+#?(?P<old>[\w-]+)\W*$",
        r"\b(?:change|switch|move)\s+(?P<task>.+?)'?s?\s+(?:tag|label)\s+from\s+#?(?P<old>[\w-]+)\s+"
        r"to\s+#?(?P<new>[\w-]+)",
    )
)


def _new_tags(request: Request, rest: str, text: str, now: datetime) -> str:
    """ "untag #3 home" (-home), "tag #6 with home" (+home), "tag it #home instead" (=home),
    "replace the tags on #13 with books and leisure" (=books, =leisure)."""
    rest = re.sub(r"\s+(?:as well|too|also|please|pls)\s*[.!]*$", "", rest, flags=re.I)
    # "tag the Dune task with 'leisure'?": quotes and the question mark are not the tag.
    rest = re.sub(r"""["'](#?[\w-]+)["']""", r"\1", rest).rstrip(" ?.!")
    # Other ways to say "tag X with Y" ("chuck a weekend tag on the garage").
    for said in _TAGGED_OTHERWISE:
        rest = said.sub(r"tag \g<task> with \g<tag>", rest)
    # One tag for another.
    for swapped in _TAG_SWAPS:
        if found := swapped.search(rest):
            request.tags = ["-" + found.group("old").lower(), "+" + found.group("new").lower()]
            return found.group("task")
    # "add #school to read dune": a tag for a task.
    rest = re.sub(r"\badd\s+(#[\w-]+)\s+to\s+", r"tag with \1 ", rest, flags=re.I)
    # "flights: add tag wedding": the task named before, the tag after.
    rest = re.sub(
        r"\badd\s+(?:the\s+|a\s+)?(?:tag|label)\s+(#?[\w-]+)\s*$", r"tag with \1", rest, flags=re.I
    )
    # "for task 7 put tags travel and lisbon": tags named after the word "tags".
    rest = re.sub(
        r"\b(?:put|add|give(?:\s+it)?)\s+(?:the\s+)?(?:tags|labels)\s+(#?[a-z][\w-]*"
        r"(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)+)\s*$",
        r"tag it with \1",
        rest,
        flags=re.I,
    )
    if swap := re.search(
        r"\b(?:replace|change|set)\s+(?:the\s+)?(?:tags?|labels?)\s+(?:on|of|for)\s+(.+?)\s+"
        r"(?:with|to)\s+(.+)$"
        r"|\b(?:the\s+)?(?:tags?|labels?)\s+(?:should|must)\s+be\s+#?([\w-]+)\b",
        rest,
        re.I,
    ):
        names = swap.group(2) or swap.group(3)
        request.tags = [
            "=" + name.strip(" \"'#.").lower()
            for name in re.split(r"\s*(?:,|\band\b|&)\s*", names)
            if name.strip(" \"'#.")
        ]
        return rest[: swap.start()] + " " + (swap.group(1) or "")
    if untag := re.search(
        r"\b(?:untag|remove\s+(?:the\s+)?tag)\s+#?([\w-]+)\s+(?:from\s+)?"
        r"|\b(?:remove|drop|take)\s+(?:the\s+)?#?([\w-]+)\s+(?:tag|label)"
        # "Oat milk task: drop the errands tag and tag it office instead"
        r"(?:\s+(?:from|off)\s+|(?=\s+and\b|\s*$))",
        rest,
        re.I,
    ):
        request.tags = ["-" + (untag.group(1) or untag.group(2)).lower()]
        rest = rest[: untag.start()] + " " + rest[untag.end() :]
        # "take the home tag off the garage and tag it weekend instead": and a new one.
        if also := re.search(
            r"\s+and\s+tag\s+(?:it|them)\s+(?:as\s+|with\s+)?#?([\w-]+)(?:\s+instead)?\W*$",
            rest,
            re.I,
        ):
            request.tags.append("+" + also.group(1).lower())
            rest = rest[: also.start()]
    elif retag := re.search(r"\bretag\s+(.+?)\s*(?::|\bwith\b|\bas\b|\bto\b)\s*(.+)$", rest, re.I):
        # "Retag #4: health, dental": the tags replaced.
        request.tags = [
            "=" + name.strip(" \"'#.").lower()
            for name in re.split(r"\s*(?:,|\band\b|&)\s*", retag.group(2))
            if name.strip(" \"'#.")
        ]
        rest = retag.group(1)
    elif bare := re.fullmatch(
        r"\s*tag\s+((?:the\s+)?(?:(?!\b(?:with|as)\b)[\w' -])+?)\s+#?([\w-]+)\s*", rest, re.I
    ):
        # "tag the garage weekend": the task, then the tag.
        request.tags = ["+" + bare.group(2).lower()]
        rest = bare.group(1)
    elif tag_task := _TAG_TASK.search(rest):
        names = re.split(r"\s*(?:,|\band\b|&)\s*", tag_task.group(2))
        request.tags = ["+" + name.lstrip("#").lower() for name in names if name]
        rest = rest[: tag_task.start()] + " " + tag_task.group(1)
    else:
        rest = re.sub(
            r"\badd\s+(?:the\s+)?(?:tag|label)\s+(#?[\w-]+)\s+to\b",
            r"tag with \1",
            rest,
            flags=re.I,
        )
        rest, tags = take_tags(rest)
        # "tag it #home instead" replaces the tags; otherwise they are added.
        sign = "=" if re.search(r"\binstead\b", text, re.I) else "+"
        request.tags = [sign + t for t in tags]
    return rest


_COUNTS = {"two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "ten": "10"}
# "back 2 hours", "by an hour", "forward a day", "30 mins later".
_SHIFTED = re.compile(
    r"\s+(?:(?:back|forward|on)\s+)?(?:by\s+)?"
    r"(?P<count>an?|one|half an?|\d+|two|three|four|five|six|ten)\s+"
    r"(?P<unit>minutes?|mins?|hours?|hrs?|days?|weeks?)"
    r"(?:\s+(?:later|earlier|sooner|back|forward))?\W*$",
    re.I,
)


def _new_due(request: Request, rest: str, text: str, now: datetime) -> str:
    """ "move #5 to friday", "make it 3pm" (a time only: the task keeps its day)."""
    if later := re.search(
        r"\s+(?:to\s+|till\s+|until\s+)?the\s+day\s+after(?!\s+tomorrow)\W*$", rest
    ):
        # "push call mom to the day after": a day on from when it is due.
        request.later = timedelta(days=1)
        return rest[: later.start()]
    if shift := _SHIFTED.search(rest):
        # "push the sarah email back 2 hours", "bring the dentist forward a day".
        count = shift.group("count").lower()
        amount = (
            0.5
            if count.startswith("half")
            else 1
            if count in ("a", "an", "one")
            else float(_COUNTS.get(count, count))
        )
        unit = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}[
            shift.group("unit")[0].lower()
        ]
        sign = -1 if re.search(r"forward|earlier|sooner", shift.group(0), re.I) else 1
        request.later = sign * timedelta(**{unit: amount})
        return rest[: shift.start()]
    if not request.clear_due:
        rest, request.due_at, phrase = _take_new_due(rest, now)
        request.time_only = is_time_only(phrase)
    return rest


def _new_priority(request: Request, rest: str, text: str, now: datetime) -> str:
    """ "deprioritise #4" (low), "raise the priority of the bill" (high), "make it urgent"."""
    if re.search(
        r"\bdeprioriti[sz]e|\blower\b|\bdowngrade\b|\breduce\b", rest, re.I
    ) and not re.search(r"\bto\s+(?:low|medium|normal)\b", rest, re.I):
        request.priority = "low"
        rest = re.sub(
            r"\b(?:deprioriti[sz]e|lower|downgrade|reduce)\b(?:\s+the\s+priority\s+of)?",
            " ",
            rest,
            flags=re.I,
        )
    elif re.search(r"\bprioriti[sz]e\b|\braise\b|\bupgrade\b", rest, re.I):
        request.priority = "high"
        rest = re.sub(
            r"\b(?:prioriti[sz]e|raise|upgrade)\b(?:\s+the\s+priority\s+of)?", " ", rest, flags=re.I
        )
    else:
        rest, level = take_priority(rest)
        request.priority = level or request.priority
    return rest


# The details a change may carry, each taken out of what the one before left, in order.
_DETAILS: tuple[Callable[[Request, str, str, datetime], str], ...] = (
    _new_description,
    _new_tags,
    _new_due,
    _new_priority,
)


def _update(text: str, low: str, now: datetime) -> Request | None:
    """A change to one task, when the message says one: a cleared date or a new title, else
    the details in `_DETAILS`; None when nothing would change."""
    # A verb with something after it: "long shift." is a noun.
    has_verb = next(
        (
            verb
            for verb in _UPDATE_VERB.finditer(low)
            if not re.match(r"\s*(?:[.,!?;]|$)", low[verb.end() :])
        ),
        None,
    )
    field_talk = _FIELD.search(low) or re.search(
        r"\b(?:urgent|important|high|low|medium|normal)\b", low
    )
    # "buy milk, what's due today": a question asked beside it sets nothing.
    statement = re.sub(
        r"(?:^|[,;.!?]\s*)(?:what|what's|whats|when|when's|which|who|how|anything)\b[^,;.!?]*",
        "",
        low,
    )
    sentence = re.search(
        r"\b(?:has|have|needs?|ought) to "
        r"(?:go out|be sent|be done|be in|happen|be ready|be finished)\b|"
        # "the garage, I want it for saturday please"
        r"\b(?:want|need)\s+(?:it|that|this|them)\s+(?:for|by|on)\b|"
        # "flights need to be booked by the 15th"
        r"\b(?:has|have|needs?) to be \w+(?:ed|en|t)\s+(?:by|before|on)\b|"
        r"\b(?:is|are)\s+now\s+(?=\S)|"
        r"(?:\b(?:is|are|should be|needs to be|has to be|must be|can be|could be)|'s)\s+"
        r"(?:(?:now|actually|really|instead|still)\s+)*(?:due|urgent|today|tomorrow|tonight|"
        r"important|high|low|medium|normal|top|not urgent|on|at|by|"
        r"(?:done|finished|completed)\s+(?:by|before|on))\b"
        r"|\b(?:isn'?t|aren'?t|it'?s not|its not|is not)\s+(?:urgent|important)\b",
        statement,
    )
    clear = _CLEAR_DUE.search(text)
    # "#13 high priority": a task named by its number with a new value needs no verb, as
    # "it's #work, due monday" about the task just added.
    by_id = ID.search(low) and field_talk and not re.search(_OTHER_ACTION, low)
    # "oat milk due tmrw noon pls": a name and its new due date, no verb.
    named_due = re.match(
        r"(?![\w\s]*\b(?:add|remind)\b)[a-z][\w' -]*?\s+due\s+\S"
        # "garage high prio": a name and its new priority.
        r"|[a-z][\w' -]*?\s+(?:high|low|medium|top)\s+(?:prio|priority)\W*$"
        # "bank call at 2:30 instead": a name and its new time.
        r"|(?![\w\s]*\b(?:add|remind)\b)[a-z][\w' -]*?\s+\S.*\binstead\b.*$",
        low,
    ) and (not TASK_VERBS.match(low) or re.search(r"\binstead\b", low))
    about_it = (
        re.match(r"(?:it'?s|it is|its)\s+#", low)
        or re.match(r"(?:the\s+)?(?:deadline|due date)\s+(?:is|should be|'s)\b", low)
    ) and field_talk
    if not (has_verb or sentence or clear or by_id or about_it or named_due) or (
        not has_verb and LIST_START.match(low)
    ):
        return None
    request = Request("update")
    # "bump the sarah email to 3pm, she's out till then": a remark after the change.
    rest = re.sub(
        r",\s*(?:she|he|they|it|i|we|this one|that one|this|that)(?:'s|'re|'m|'ll|"
        r"\s+(?:is|are|was|were|will|has|have))\b.*$"
        # "change the dentist to friday 11am because I have a meeting at 9": the why.
        r"|\s+(?:because|since|cos|coz|cuz|as i|as we)\b.*$"
        # "make dune high priority its for my lit exam"
        r"|\s+(?:it'?s|its|it is)\s+for\s+(?:my|the|a|an|our)\b.*$",
        "",
        text,
        flags=re.I,
    )
    # "call mom should be tomorrow evening, not midnight": what it is not is no new date.
    rest = re.sub(
        r",?\s+(?:not|rather than|instead of)\s+([^,]+)$",
        lambda said: (
            ""
            if parse_due(said.group(1), now) or parse_due(f"at {said.group(1)}", now)
            else said.group(0)
        ),
        rest,
        flags=re.I,
    )
    # Clearing a due date comes first: it uses delete words ("remove the due date").
    if clear:
        request.clear_due = True
        rest = rest[: clear.start()] + " " + rest[clear.end() :]
    elif (rename := _RENAME.search(rest)) and not parse_due(_new_title(rename), now):
        # "reschedule call mom to saturday" names a day, not a new title.
        ref_text = _renamed(rename)
        title = _new_title(rename)
        request.title = title[:1].upper() + title[1:]
        request.ref = _update_ref(ref_text)
        return request
    elif not (has_verb or field_talk or sentence or named_due):
        return None
    # "tag it work and make it low", "… and make it due friday": two changes, each read
    # on its own (a level said alone after "make it" is the priority).
    more = Request("update")
    if also := re.search(r"\s+and\s+(?:make|set)\s+(?:it|that|this)\s+(.+)$", rest, re.I):
        tail = re.sub(r"^(low|medium|high)\W*$", r"\1 priority", also.group(1), flags=re.I)
        rest = rest[: also.start()]
        for take in _DETAILS:
            tail = take(more, tail, tail, now)
    for take in _DETAILS:
        rest = take(request, rest, text, now)
    request.priority = request.priority or more.priority
    request.due_at = request.due_at or more.due_at
    request.tags = request.tags or more.tags
    changed = (
        request.clear_due
        or request.later
        or request.due_at
        or request.priority
        or request.tags
        or request.description is not None
    )
    if not changed:
        return None
    request.ref = _update_ref(rest)
    request.refs = refs_of(rest.lower(), _UPDATE_WORDS)
    request.clause_ref = clause_ref_of(rest.lower(), _UPDATE_WORDS, DATE_WORDS)
    return request


def _take_new_due(text: str, now: datetime) -> tuple[str, datetime | None, str]:
    """ "move #5 to friday": the first 'to/till/…' whose remainder is all a date; the rest of
    the text, the date and the words that said it."""
    separators = re.finditer(
        r"\b(?:to|till|until|for|by|on|due|at|back to|into|should be|needs to be|"
        r"(?<=due date )of|(?<=deadline )of|(?<=is )now|(?<=are )now)\b",
        text,
        re.I,
    )
    for sep in separators:
        said = text[sep.end() :]
        if due := parse_due(said, now):
            return text[: sep.start()], due, said
        # "move Sarah's email to 3": a bare hour is the time, as "at 3" is.
        bare_hour = re.fullmatch(r"\s*(?:[1-9]|1[0-2])\W*", said)
        if (
            bare_hour
            and sep.group(0).lower() in ("to", "at", "till", "until", "by")
            and (due := parse_due(f"at {said.strip(' .!?')}", now))
        ):
            return text[: sep.start()], due, f"at {said.strip()}"
        # "push #9 to tue 09:00, monday mtg moved": the date, then a remark.
        said = re.split(r"[,;]", said)[0]
        if due := parse_due(said, now):
            return text[: sep.start()], due, said
        if sep.group(0).lower() == "at" and (due := parse_due(text[sep.start() :], now)):
            # "the dentist is at 11 now": "at 11" is a time
            return text[: sep.start()], due, text[sep.start() :]
    # "make the bank call 9:30 instead": a clock time at the end, no word before it.
    clock = re.search(
        r"\s+(\d{1,2}(?::\d{2})?\s*(?:am|pm)|\d{1,2}:\d{2})(?:\s+instead)?\W*$", text, re.I
    )
    if clock and (due := parse_due(f"at {clock.group(1)}", now)):
        return text[: clock.start()], due, f"at {clock.group(1)}"
    # "push #5 a week", "postpone the report tomorrow": a trailing date without a separator.
    rest, due = take_due(text, now)
    moved = re.search(
        r"\b(?:move|reschedule|postpone|prepone|push|delay|bump|shift|defer|wait|deadline|"
        r"due date)\b",
        rest,
        re.I,
    )
    if due and (moved or re.search(r"\binstead\W*$", text, re.I)):
        return rest, due, text[len(rest) :]
    return text, None, ""


_UPDATE_WORDS = word_set(
    """rename retitle reschedule postpone push back move delay bump shift defer change set
    make update edit modify prioritize prioritise deprioritize deprioritise raise lower
    upgrade downgrade tag tagged label untag clear unset due date deadline priority prio
    title name description note notes to is should be needs has add new and the its it's
    than be high low medium normal urgent important level forgot forget put give ought done
    finished ready"""
)


def _update_ref(text: str) -> Ref:
    """The task being changed; news about it in the past is not its name ("the dentist
    called, they moved me to monday")."""
    return ref_of(text.lower(), _UPDATE_WORDS | DONE_WORDS)


# What a correction says around the new value ("actually its friday oops", "naw, sorry,
# half three", "ah and is for the 10th").
_CORRECTION_LEAD = re.compile(
    r"^(?:(?:actually|no|naw|nah|nope|sorry|oops|wait|ah|oh|and|so|ok|okay|hmm|i mean|it'?s|its|"
    r"it is|is|it should be|should be|make it|make that|for|on|btw|by the way|my mistake|my bad)"
    r"\b\W*\s*)+"
)
_CORRECTION_TAIL = re.compile(
    r"(?:\W*\s*\b(?:oops|sorry|then|instead|please|pls|btw|my bad|is fine|will do|works|is ok|"
    r"is enough|is plenty|will be fine|is good|"
    r"is okay))+\W*$"
)


_DAY_AFTER = re.compile(
    r"(?:(?:make (?:it|that)|to|for)\s+)?the\s+(?:day|one)\s+after(?:\s+that)?\W*"
)
_PART_OF_DAY = re.compile(r"(?:in\s+the\s+)?(morning|afternoon|evening|noon|midday)\W*")


def _new_clock(said: str, now: datetime) -> Request | None:
    """ "7", "at 8:30" said to correct the turn before: a time on the task's own day, in the
    half of the day it was due in ("make that 8" after "7pm" is 20:00)."""
    clock = re.fullmatch(r"(?:(?:at|to)\s+)?(?:the\s+)?(\d{1,2}(?::\d{2})?)\W*", said)
    if clock and (due := parse_due(f"at {clock.group(1)}", now)):
        return Request(
            "update",
            ref=Ref(pronoun=True),
            due_at=due,
            time_only=True,
            keep_half_day=True,
            correction=True,
        )
    return None


def new_date_alone(message: Message) -> Request | None:
    """ "sorry, saturday" right after adding a task: its new date; "sorry, 7" after "at
    6pm": 19:00; "actually no, medium": its new priority."""
    low = _CORRECTION_TAIL.sub("", _CORRECTION_LEAD.sub("", message.low)).strip(" .!")
    low = re.sub(r",?\s+not\s+[^,]+$", "", low)  # "tuesday, not monday"
    if _DAY_AFTER.fullmatch(low):
        # "actually the day after": a day later than the task is due, at its time.
        return Request("update", ref=Ref(pronoun=True), later=timedelta(days=1), correction=True)
    if (part := _PART_OF_DAY.fullmatch(re.sub(r"^(?:(?:make (?:it|that)|the)\s+)+", "", low))) and (
        due := parse_due(f"today {part.group(1)}", message.now)
    ):
        # "actually afternoon", "make that the afternoon": that time, on the task's day.
        return Request("update", ref=Ref(pronoun=True), due_at=due, time_only=True, correction=True)
    # "oh and its not urgent at all, whenever really", "not urgent btw": only a priority.
    if (priority := only_priority(low) or only_priority(message.low)) and not re.match(
        r"(?:make|set|change|mark)\b", message.low
    ):
        return Request("update", ref=Ref(pronoun=True), priority=priority, correction=True)
    level = re.fullmatch(
        r"(?:prio(?:rity)?\s*:?\s*)?(low|medium|normal|high|urgent)(?:\s+prio(?:rity)?)?", low
    )
    if (
        level
        and not re.match(r"(?:make|set|change|mark)\b(?!\s+(?:it|that)\b)", message.low)
        and (priority := take_priority(level.group(1))[1])
    ):
        return Request("update", ref=Ref(pronoun=True), priority=priority, correction=True)
    if clock := _new_clock(low, message.now):
        return clock
    if (due := parse_due(low, message.now)) is not None and len(low.split()) <= 5:
        return Request(
            "update",
            ref=Ref(pronoun=True),
            due_at=due,
            correction=True,
            time_only=is_time_only(low),
        )
    return None


def correction(message: Message) -> Request | None:
    """ "I meant thursday next week", "make that saturday", "oops I meant call dad", "make
    that 8", "typo, tomatoes"."""
    low = message.low
    if typo := re.fullmatch(r"(?:typo|spelling|sp|\*)\W*\s*([a-z][\w'-]*)\W*", low):
        return Request(
            "update", ref=Ref(pronoun=True), title=typo.group(1), correction=True, respell=True
        )
    # "wait its 9 not 8"
    said = re.fullmatch(r"(?:it'?s|its|it is|make it|that'?s)\s+(.+?)\s*,?\s*not\s+\S+\W*", low)
    if said and (clock := _new_clock(said.group(1), message.now)):
        return clock
    # "Sorry, it's not urgent actually.": a priority, not words of the title.
    if (level := only_priority(low)) and re.match(r"(?:it'?s|its|it is)\b", low):
        return Request("update", ref=Ref(pronoun=True), priority=level, correction=True)
    # "sorry, Tim not Tom", "no wait make it …": after taking back, a few words are enough.
    taken_back = bool(
        re.match(r"\W*(?:(?:no|nah|wait|sorry|oops|actually|ah|oh)\b\W*)+", message.original)
    )
    # … but not a change taken back ("undo that, not finished yet").
    taken_back = taken_back and not re.search(
        r"\b(?:undo|done|finished|complete|completed|yet|urgent|important|priority|due|"
        r"delete|remove|mark|tick|untick|reopen)\b",
        low,
    )
    if swap := re.match(
        r"^(?:(?:(?:no|nah|sorry|oops|actually)\W+)?(?:i (?:meant|mean)|it'?s(?:\s+for)?)\s+|"
        + (r"(?=(?:\S+\s+){0,2}\S+,?\s+not\s+\S+(?:\s+\S+){0,2}\W*$)" if taken_back else "(?!)")
        + r")(.+?),?\s+not\s+(.+?)\W*$",
        low,
    ):
        # "I meant the letting agent not the landlord", "actually it's for Tim, not Tom":
        # one part of the title replaced.
        start, stop = swap.span(1)
        return Request(
            "update",
            ref=Ref(pronoun=True),
            title=message.text[start:stop],
            replacing=swap.group(2),
            correction=True,
        )
    if corrected := _CORRECTED_DUE.match(low):
        # "I meant friday" puts right what the last turn said ("make it friday" may not).
        meant = bool(re.match(rf"{_TAKEN_BACK}(?:i|we) (?:meant|mean)\b", low))
        if clock := _new_clock(corrected.group(1), message.now):
            return clock
        if due := parse_due(corrected.group(1), message.now):
            return Request(
                "update",
                ref=Ref(pronoun=True),
                due_at=due,
                time_only=is_time_only(corrected.group(1)),
                correction=meant,
            )
        level_said = re.sub(r"^(low|medium|normal|high)\W*$", r"\1 priority", corrected.group(1))
        if meant and _DAY_AFTER.fullmatch(corrected.group(1)):
            return Request(
                "update", ref=Ref(pronoun=True), later=timedelta(days=1), correction=True
            )
        part = _PART_OF_DAY.fullmatch(re.sub(r"^the\s+", "", corrected.group(1)))
        if meant and part and (due := parse_due(f"today {part.group(1)}", message.now)):
            # "i mean afternoon" after "friday morning": the time of day on that day.
            return Request(
                "update", ref=Ref(pronoun=True), due_at=due, time_only=True, correction=True
            )
        if meant and (level := only_priority(level_said)):
            # "sorry, I meant medium" after "make it high priority"
            return Request("update", ref=Ref(pronoun=True), priority=level, correction=True)
        if (
            re.match(rf"{_TAKEN_BACK}i (?:meant|mean|wanted to (?:say|write|type))\b", low)
            # "call it soccer practice" right after adding one
            or re.match(
                r"(?:call|name)\s+(?:it|that)\s+(?!a day\b|quits\b|even\b|done\b|off\b)", low
            )
            or (
                taken_back
                and (low.startswith(("call", "name")) or TASK_VERBS.match(corrected.group(1)))
                and re.match(r"(?:make|call|name)\b", low)
            )
        ) and (not ID.search(low) or low.startswith(("call", "name"))):
            # "oops I meant call dad": the task just added or changed gets that title.
            title = message.text[corrected.start(1) :].strip(" .!\"'")
            # "I mean Ana, with one n": how it is spelt is no part of the title.
            title = re.sub(
                r",\s*(?:with|without|spelt|spelled|as in|like)\b.*$", "", title, flags=re.I
            )
            title = re.sub(
                r"(?:\s+instead|[,\s]+(?:sorry|oops|my bad|thanks|thx|pls|please))+\W*$",
                "",
                title,
                flags=re.I,
            )
            return Request(
                "update",
                ref=Ref(pronoun=True),
                title=title[:1].upper() + title[1:],
                correction=True,
                whole_title=low.startswith(("call", "name")),
            )
    return None


def change_of_details(message: Message) -> Request | None:
    """ "move #5 to friday", "make the report high priority", "tag #6 with home", "it's for
    work, due monday" (work being a tag already in use)."""
    text = re.sub(
        r"\b(it'?s|it is|that'?s|that is)\s+for\s+([a-z][\w-]*)\b",
        lambda said: (
            f"{said.group(1)} #{said.group(2)}"
            if said.group(2).lower() in message.known_tags()
            else said.group(0)
        ),
        message.text,
        flags=re.I,
    )
    request = _update(text, text.lower(), message.now)
    if request and request.ref.words and (put := re.match(r"(?:put|pop|stick)\s+", text, re.I)):
        # "can you put German course homework for tomorrow evening": no task of that name
        # is a new one.
        request.otherwise = task_to_add(text[put.end() :], message.now)
    return request
