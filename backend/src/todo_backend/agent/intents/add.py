"""New tasks: "add …", "remind me to …", "buy milk", several at once ("add bread; milk"),
and how a title and its details are cut from the words around them."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime

from todo_backend.agent.intents.details import take_priority, take_tags
from todo_backend.agent.intents.due import parse_due, take_due
from todo_backend.agent.intents.lexicon import ADD_START, TASK_VERBS, word_set
from todo_backend.agent.intents.references import ID, words_of
from todo_backend.agent.intents.request import Message, Request

# A description is announced ("with a note …", "notes: …", "note that …"): a title may
# itself say "note" ("write a thank-you note to the neighbours").
_DESCRIPTION = re.compile(
    r"\s*(?:[,;.-]\s*)?\b"
    r"(?:(?:with|and)\s+(?:a\s+|the\s+)?(?:note|notes|description|desc|details)\s*[:-]?"
    r"(?:\s*(?:saying|that says|which says|reading|that reads)\s*:?)?|"
    r"(?:note|notes|description|desc|descr|details)\s*:|(?:note|notes|details)\s+that)"
    r"\s+(.+)$",
    re.I,
)

_ADD_TAIL = re.compile(
    r"\s+(?:to|on|onto|in|into)\s+(?:my|the)\s+(?:list|tasks|todo list|to-do list|todos|"
    r"shopping list|grocery list)\s*$"
)

# "I keep forgetting to back up my laptop, put it on the list for sunday".
_PUT_IT_ON = re.compile(
    r"^(.+?)[,;.]\s*(?:(?:can|could) you\s+|please\s+|abeg\s+)?(?:put|add|stick|pop|jot)\s+"
    # "…, abeg put am for my list": Pidgin for "put it on my list".
    r"(?:it|that|this|am)\s+(?:down\s+)?(?:on|to|in|onto|for)\s+(?:my|the)\s+"
    r"(?:todo |to-do |task )?"
    r"(?:list|tasks|todos)\b(.*)$"
)

_ON_THE_LIST = re.compile(
    r"\s(?:on|onto|to|in|into)\s+(?:my|the)\s+(?:todo |to-do |task )?(?:list|tasks|todos)\b"
)


def _looks_like_add(low: str) -> bool:
    """'make X high priority' changes a task; 'make a task …' / 'put X on my list' adds one."""
    return bool(
        re.match(
            r"^(?:make|put|schedule|pop|stick|throw|chuck|bung)(?: in| down)? "
            r"(?:a |an |another |new )*(?:task|todo|to-do|reminder)\b",
            low,
        )
        or _ON_THE_LIST.search(low)
        or (low.startswith("schedule") and not ID.search(low))
        # "put in collect the turf on saturday"
        or re.match(
            r"^(?:chuck|bung|pop|put|stick)\s+(?:in|down)\s+(?!(?:the|my|it|that|this|a|an)\b)",
            low,
        )
        or re.match(
            r"^(?:put|pop|stick)\s+(?:down\b|[\"'])", low
        )  # "put 'call plumber' under home"
    ) and not re.search(r"\bback on\b", low)  # "put the passport task back on my list"


# Words before a colon that only point at the list, not at the task.
_LIST_LABEL = word_set(
    """something quick new reminder note to onto job jobs chore errand item task todo one ticket
    would could can will ya you u please pls mate"""
)

_FILED_UNDER = re.compile(
    r"(?:under|in|into)\s+(?:my\s+|the\s+)?#?([\w-]+)(?:\s+(?:list|tasks|todos))?", re.I
)

_QUOTED = re.compile(r"""(?:^|(?<=\s))["'](.+?)["'](?=$|[\s,.;:!?])""")

# "add these: milk, eggs, flour", "add 2 tasks: book the vet and order dog food", "add two
# things to my list. Buy a card. Post the parcel.", "three things for me, namely …".
_SEVERAL_LABEL = re.compile(
    r"^(?:these(?:\s+(?:\d+|two|three|four|five|six|ones))?|both|(?:the\s+)?following(?:\s+(?:tasks|things|items|todos|to-dos|reminders))?|"
    r"(?:\d+|two|three|four|five|six|(?:a\s+)?few|some|several|(?:a\s+)?couple(?:\s+of)?)\s+"
    r"(?:(?:more|new|quick|little)\s+)?(?:tasks|things|items|todos|to-dos|reminders|jobs|errands|tickets)|"
    r"tasks|things)"
    r"(?:\s+(?:to|for|on|onto|in)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+)?list)?"
    r"(?:\s+(?:for me|please|too|as well))?(?:\s+(?:dear|love|luv|darling|hun|mate|pet))?"
    # "three things I will absolutely ignore: …": a remark before the colon.
    r"(?:\s+(?:that\s+|which\s+)?(?:i|we)\b[^:.,;]{0,40}(?=:))?"
    r"(?:\s*[:.]|\s*,?\s*(?:namely|that is|i\.e\.|viz\.?)(?=\s)|\s*,(?=\s*\(?(?:to|1|a)\b))\s*",
    re.I,
)

# "1. book tickets 2. get the form attested", "(a) review the clause; (b) send the letter".
_ENUMERATOR = re.compile(
    r"(?:^|(?<=\s))(?:\((\d{1,2}|[a-h])\)|(\d{1,2})[.)]|([a-h])\))(?=\s)", re.I
)

# An aside said in passing ("add, if you would, a reminder to …", "…, as it happens, …").
_ASIDE = re.compile(
    r",?\s*\b(?:if you (?:would|could|can|will|please|don'?t mind)(?: be so kind)?|if possible|"
    r"as it happens|understandably enough|understandably|of course|by the way|when you can|"
    r"when you get a (?:chance|moment)|"
    # "… please dear", "thanks love": a word of address after the courtesy.
    r"(?:please|pls|thanks|thank you)(?:\s+(?:dear|love|luv|darling|hun|hon|mate|pet))?|"
    # "…, eh", "… abeg", "… sha": a word of tone at the end.
    r"abeg|sha|eh|innit|lol|haha|lah|leh|lor|"
    # Singlish "…, can?", "… can or not?": asking whether it can be done.
    r"can(?:\s+(?:or\s+not|anot|not))?(?=\s*\?))\b\s*(?=[,.!?;]|$)",
    re.I,
)

# Where a sentence ends: not after an initial or a title ("Henderson v. Marlow", "Ms. Okafor").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:[a-z]|e\.g|i\.e|mr|mrs|ms|dr|st|mt|jr|sr|vs|no|nr|ch|vol|fig|approx|co|"
    r"inc|ltd|ave|dept|prof|rev)\.$",
    re.I,
)

# What may be left of a sentence that only gives details ("It is quite important.").
_DETAIL_TALK = word_set(
    """its it's be should needs need due by quite very really rather pretty kinda fairly bit
    make set mark tag tagged tags label labelled priority prio tbh deadline this is that's
    it they they're theyre are was were to has have got done finished ready sorted completed
    submitted sent delivered want e dey"""
)


def _sentences(text: str) -> list[str]:
    sentences: list[str] = []
    for piece in _SENTENCE_BREAK.split(text.strip()):
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] += " " + piece
        else:
            sentences.append(piece)
    return sentences


def _only_details(text: str, now: datetime) -> bool:
    """ "Due Monday at noon.", "High priority.", "Tag: litigation.", "it's kinda urgent":
    details of the task before, no task of their own."""
    rest, tags = take_tags(text)
    rest, priority = take_priority(rest)
    while priority and (again := take_priority(rest))[1]:
        rest = again[0]  # "This is mission critical, P0!!": the level said twice
    rest, due = take_due(rest.strip(" ,.;:!?-/>"), now)
    return bool(tags or priority or due) and set(words_of(rest)) <= _DETAIL_TALK


def _task_sentence(text: str, now: datetime) -> str:
    """The sentence that says the task, with the details said in the sentences after it
    ("File the motion. Due Monday at noon. High priority."); a sentence that is neither is
    chatter ("deep breath.", "That will be all for now.") and is dropped. When the first
    sentence only asks ("I would like to add a task please."), the next one is the task."""
    # "… #ops !": a mark set apart after a tag says it is urgent, as "!!" does.
    text = re.sub(r"(#[a-z][\w-]*)\s+!(?=\s*$)", r"\1 !!", text, flags=re.I)
    if re.search(r"""(?:^|(?<=\s))["'][^"']*[.!?]\s[^"']*["'](?=$|[\s,.;:!?])""", text):
        return text  # a quoted title may hold sentences of its own
    sentences = _sentences(text)
    if len(sentences) > 1 and not _bare_title(sentences[0], now):
        sentences = sentences[1:]
    head, *tail = sentences
    details = [
        sentence
        for sentence in tail
        if _only_details(sentence, now) or _DESCRIPTION.match(sentence)
    ]
    # "!!" at the end says how urgent it is; other end marks only end the sentence.
    parts = [part.strip() for part in [head, *details]]
    return ", ".join(part if part.endswith("!!") else part.rstrip(".!?") for part in parts)


def _bare_title(text: str, now: datetime) -> str | None:
    return task_to_add(text.rstrip(" .!?"), now).title


def _enumerated(text: str) -> list[str] | None:
    """The items of a numbered list, when it counts 1, 2, 3 or a, b, c from its start."""
    marks = list(_ENUMERATOR.finditer(text))
    labels = [next(g for g in mark.groups() if g).lower() for mark in marks]
    if len(marks) < 2 or labels[0] not in ("1", "a"):
        return None
    order = "123456789" if labels[0] == "1" else "abcdefgh"
    if labels != list(order[: len(labels)]) or text[: marks[0].start()].strip(" :,"):
        return None
    ends = [mark.start() for mark in marks[1:]] + [len(text)]
    return [text[mark.end() : end].strip(" ,;.") for mark, end in zip(marks, ends, strict=True)]


def _with_details(parts: list[str], now: datetime) -> list[str]:
    """A part that only gives details ("…, due Friday", "… / #work / tmrw 10:00") belongs
    to the part before it."""
    merged: list[str] = []
    for part in parts:
        if merged and _only_details(part, now):
            merged[-1] += ", " + part
        else:
            merged.append(part)
    return merged


def _adds(rest: str, now: datetime, *, listed: bool = False) -> Request:
    """One task, or several when the message lists them (after "these:", numbered, or split
    by ';'). After an explicit "add:" (`listed`) any run of to-dos is a list ("add: restock
    the cups, call the plumber"); otherwise the first must start with a to-do verb."""
    rest = _ASIDE.sub("", rest)
    # "add X by noon, high priority. also remind me next week to Y": a request per sentence.
    asked_again = _ASKED_AGAIN.search(rest)
    if asked_again and (again := ADD_START.match(rest[asked_again.end() :].lower())):
        first = _adds(rest[: asked_again.start()], now, listed=listed)
        second = _adds(rest[asked_again.end() + again.end() :], now)
        if first.title and second.title:
            first.more = [*first.more, second, *second.more]
            second.more = []
            return first
    shared: list[str] = []
    if both := _SHARED_TAGS.search(rest):
        rest, shared = rest[: both.start()], take_tags(f"tag {both.group(1)}")[1]
    # "…, no date for that one": said of the last task, which then has none of its own.
    rest = _NO_DUE_DATE.sub("", rest)
    # "…, both urgent", "…, both due friday": details for every task the message adds.
    said_of_all = Request("add")
    request = _split_adds(rest, now, listed=listed)
    if (each_said := _SHARED_DETAILS.search(rest)) and _only_details(each_said.group(1), now):
        several = _split_adds(rest[: each_said.start()], now, listed=listed)
        if several.more:
            request, said_of_all = several, task_to_add(f"do it, {each_said.group(1)}", now)
    for each in (request, *request.more):
        each.tags += [tag for tag in shared if tag not in each.tags]
        each.priority = each.priority or said_of_all.priority
        each.due_at = each.due_at or said_of_all.due_at
    return request


# A new sentence that asks for another task: ". also remind me …", "! and add …".
_ASKED_AGAIN = re.compile(
    r"(?<=[.!?;])\s+(?:(?:also|and|oh|plus|then)[,\s]+)*(?=(?:add|remind me|new task|put down)\b)",
    re.I,
)


_SHARED_DETAILS = re.compile(
    r"[,;.]?\s*\b(?:and\s+)?(?:both|all|each)(?:\s+of\s+them)?(?:\s+(?:are|is|should be))?\s+"
    r"((?:(?:due|by|on|for|before|urgent|important|high|low|not|no|top|this|next|tomorrow|"
    r"today|tonight|in|at|end|mon|tue|wed|thu|fri|sat|sun)\w*\b).*?)[\s.!]*$",
    re.I,
)


# "…, tag both hockey", "add both, tag 'em work": tags for every task the message adds.
_SHARED_TAGS = re.compile(
    r"[,;.]?\s*\b(?:and\s+)?(?:tag|label)\s+(?:both(?:\s+of\s+them)?|all(?:\s+of\s+them)?|each|"
    r"them(?:\s+all|\s+both)?|'em)\s+(?:with\s+|as\s+)?(#?[a-z][\w-]*(?:\s*(?:,|and|&|\+)\s*"
    r"#?[a-z][\w-]*)*)[\s.!]*$",
    re.I,
)


def _split_adds(rest: str, now: datetime, *, listed: bool) -> Request:
    if on_list := re.match(
        r"(?:(?:to|on|onto|in|into)\s+)?(?:my|the)\s+(?:todo\s+|to-do\s+)?list\s*:\s*", rest, re.I
    ):
        rest, listed = rest[on_list.end() :], True  # "add to my list: …"
    label = _SEVERAL_LABEL.match(rest)
    body = rest[label.end() :] if label else rest
    enumerated = _enumerated(body)
    if enumerated is None and not label:
        rest = body = _task_sentence(body, now)
    rest = re.sub(r",\s*(?:oh|ah|um)\s+(?=and\b)", ", ", rest, flags=re.I)  # ", oh and …"
    quoted = re.findall(r"""(?:^|(?<=\s))["']([^"']+)["'](?=$|[\s,.;:!?])""", rest)
    also = re.split(
        r"\s+and\s+(?:also\s+)?(?:one|another)(?:\s+(?:task|reminder))?\s+(?:to|for)\s+", rest
    )
    # "€1,250": a comma between digits is part of the number.
    by_comma = [
        # "…, and also email HR", "…, oh and print the passes": the link starts no to-do.
        re.sub(r"^(?:(?:oh|and|also|plus)\s+)+(?=\S)", "", part, flags=re.I)
        # "bread, eggs n bin bags": "n" and "&" are "and" typed short.
        for part in re.split(r"\s*(?:,?\s+(?:and|n|&)\s+(?=[^,]*$)|(?<!\d),|,(?!\d)|;)\s*", rest)
    ]
    # "pay rent n renew gym membership": "n" and "&" are "and" typed short.
    by_and = re.split(r"\s+(?:and|n|&)\s+(?:also\s+|then\s+)?", rest)
    by_slash = re.split(r"\s+(?:/|->|\||--+)\s+", rest)
    if enumerated:
        parts = _with_details(enumerated, now)
    elif label:
        sentences = [s.strip(" .!?") for s in _sentences(body)]
        pieces = sentences if len(sentences) > 1 else [body]
        parts = [part for piece in pieces for part in re.split(r"\s*(?:,|;|\band\b|\n)\s*", piece)]
        parts = _with_details(parts, now)
    elif len(quoted) >= 2 and not re.sub(r"""["'][^"']+["']|\band\b|[,;&\s]""", "", rest):
        parts = [f'"{title}"' for title in quoted]  # add "call Anna" and "email Ben"
    elif len(also) >= 2:
        parts = also  # "add a task to review the contract and also one to sign the NDA"
    elif listed and len(by_slash) >= 2:
        # "add: bump grafana / renew the pagerduty seat", "add: write notes -> eom / #oncall"
        parts = _with_details(by_slash, now)
        if len(parts) >= 2 and not _todo_list(parts, verb_first=False):
            parts = [rest]
    elif "," in rest and _todo_list(
        with_details := _with_details(by_comma, now), verb_first=not listed
    ):
        # "add call anna, email ben and text carl"; "…, need it by friday" is a detail.
        parts = with_details
    elif (
        len(by_comma) >= 3
        and _each_an_item(items := _listed_items(by_comma), now=now)
        # "add Anna, Bob and Carl's gift": names, not things to get.
        and not any(part[:1].isupper() for part in items[1:])
    ):
        parts = items  # "add eggs, bread and bananas to the list": one each
    elif len(by_comma) >= 3 and _things_and_to_dos(items := _listed_items(by_comma), now):
        parts = items  # "add new tyres, car wash, buy a phone mount": one each
    elif len(by_and) >= 3 and "," not in rest and (_todo_list(by_and) or _each_an_item(by_and)):
        parts = by_and  # "add eggs and bread and dish soap": each "and" adds one more
    elif len(by_and) == 2 and (
        _each_a_to_do(by_and)
        or _each_dated(by_and, now)
        or _each_a_to_do(by_and, loose=True)
        or _each_tagged(by_and)
        # "dry cleaning pickup + renew gym membership": a thing to get, then a to-do.
        or ("," not in rest and _things_and_to_dos(by_and, now))
    ):
        parts = (
            by_and  # "buy nappies and book swimming lessons", "haircut on sat and car wash on sun"
        )
    elif len(and_also := re.split(r"\s+and\s+also\s+", rest, flags=re.I)) == 2 and (
        "," not in rest and _todo_list(and_also, verb_first=False) and _on_its_own(and_also[1])
    ):
        parts = and_also  # "chit the seed potatoes and also oil the lawnmower"
    elif (
        len(two := re.split(r"\s+and\s+", rest, flags=re.I)) == 2
        and "," not in rest
        and _each_an_item(two, now=now)
        and not any(_LIST_VERBS.match(part.lower()) for part in two)
        and re.match(r"(?!(?:also|then|too|so)\b)", two[1].lower())
        and _on_its_own(two[1])
        and not two[1][:1].isupper()
        and (two[0].split()[-1].lower(), two[1].split()[0].lower()) not in _ONE_THING
    ):
        parts = two  # "add protein powder and athletic tape": two things to get
    else:
        parts = _with_details(re.split(r"\s*[;\n]\s*", rest), now)
    parts = [part for part in parts if part.strip(" ,.")]
    if len(parts) < 2:
        return task_to_add(parts[0] if parts else body, now)
    first, *more = [task_to_add(part, now) for part in parts]
    if not all(request.title for request in (first, *more)):
        return task_to_add(rest, now)  # "buy a present for tom, due friday": one task and its date
    first.more = more
    return first


# More verbs that lead a to-do in a list ("restock gloves, order flushes, update the
# handover sheet"); alone they are too common to make a message a new task.
_LIST_VERBS = re.compile(
    r"^(?:restock|reorder|re-order|update|chase|confirm|arrange|sort|check|edit|retouch|upload|"
    r"deliver|test|move|change|set up|put together|look into|find|rebook|reschedule|message|"
    r"ping|invoice|finali[sz]e|prep|proofread|export|clear|top up|contact|write up|type up|"
    r"sign up|apply|fetch|hand in|scan|shred|archive|chase up|see|try|fill|label|restring|"
    r"service|cull)\b"
)

# "tag release v2.3", "tag the build": tagging in version control is the to-do, no tag.
_TAG_A_RELEASE = re.compile(
    r"^tag\s+(?:the\s+|a\s+|(?:a\s+)?new\s+)?(?:release|version|build|commit|v?\d+(?:\.\d+)+)\b",
    re.I,
)

# Words that start a phrase continuing the last one, never a to-do of its own.
_NOT_A_START = word_set(
    """the a an my your our his her their some any this that these those and or but with for
    to in on at of from by she he they it it's she's he's they're we i which who so then ours
    mine yours theirs there here not"""
)


def _todo_list(parts: list[str], *, verb_first: bool = True) -> bool:
    """ "call anna, email ben and text carl", "wash the car, hoover the stairs and mow the
    lawn": every part a to-do of two words or more, led by a to-do verb (the first, or two
    of them, unless the message announced a list) or at least by no article, pronoun or
    preposition ("buy eggs, milk and flour" is one task)."""
    verbs = [
        bool(TASK_VERBS.match(part.lower()) or _LIST_VERBS.match(part.lower())) for part in parts
    ]
    if len(parts) < 2 or (verb_first and not verbs[0] and sum(verbs) < 2):
        return False
    return all(
        len(part.split()) >= 2
        and part.split()[0].lower().strip(",;:") not in _NOT_A_START
        and "#" not in part
        # "…, high priority" is a detail; "fix the bug asap" a to-do with its level.
        and (
            take_priority(part)[1] is None
            or (
                len((unlevelled := take_priority(part)[0].strip(" ,.!")).split()) >= 2
                and bool(TASK_VERBS.match(unlevelled.lower()))
            )
        )
        and (
            not re.match(r"(?:deadline|due|prio|priority|tags?|labels?)\b", part.lower())
            or _TAG_A_RELEASE.match(part)
            or _LABEL_A_THING.match(part)
        )
        # A remark ("it's overdue", "they're due"), not a possessive ("Jake's field trip").
        and not re.search(
            r"\b(?:is|are|was|were)\b|\b(?:it|that|there|he|she|what|who|this)'s\b|'re\b",
            part.lower(),
        )
        for part in parts
    )


def _listed_items(parts: list[str]) -> list[str]:
    """The items, without where they go after the last ("… and bananas to the list")."""
    return [*parts[:-1], re.sub(_ADD_TAIL.pattern, "", parts[-1], flags=re.I)]


def _each_an_item(parts: list[str], *, now: datetime | None = None) -> bool:
    """ "eggs and bread and dish soap": things to get, each a word or three, no to-do of
    its own, no date and no name ("dinner with Ann and Bob and Carl" is one task)."""
    return all(
        1 <= len(part.split()) <= 3
        and (now is None or take_due(part, now)[1] is None)
        and take_priority(part)[1] is None
        and part.split()[0].lower() not in _NOT_A_START
        and not TASK_VERBS.match(part.lower())
        and not re.search(r"[\d#]|\b(?:with|for|at|on|by|to|from|of)\b", part.lower())
        and not any(word[:1].isupper() for word in part.split()[1:])
        for part in parts
    )


def _each_a_to_do(parts: list[str], *, loose: bool = False) -> bool:
    """Each part a to-do verb with its own object ("buy nappies", "book swimming lessons"),
    not "pick up and drop off the kids", nor one errand in steps ("go to the post office and
    send the parcel", "write a cover letter and send it"). `loose`: the first verb may be
    one the lexicon lacks, told by the article after it ("photocopy the worksheets and buy
    a new metronome")."""
    if loose:
        first = _VERB_LIKE.match(parts[0].lower())
        if not first or first.group(1) in _NOT_A_START or not TASK_VERBS.match(parts[-1].lower()):
            return False
        parts = [f"do {parts[0][first.end() :]}", *parts[1:]]
    return (
        _todo_list(parts)
        and all(
            (verb := TASK_VERBS.match(part.lower()) or _LIST_VERBS.match(part.lower()))
            and part[verb.end() :].strip()
            for part in parts
        )
        and not re.match(
            r"(?:go|drive|walk|run|pop|head)\s+(?:to|into|over|round)\b", parts[0].lower()
        )
        and _on_its_own(parts[-1])
        # "call the linen service and ask why …": what to ask on that call.
        and not re.match(
            r"(?:ask|tell|check)\s+(?:why|whether|if|how|when|what|about|for|him|her|them)\b",
            parts[-1].lower(),
        )
    )


# A word that leads an article and its noun: an imperative verb ("photocopy the …").
_VERB_LIKE = re.compile(r"^([a-z]+)\s+(?=(?:the|a|an|my|our|his|her|their|your|some)\s+\S)")


def _things_and_to_dos(parts: list[str], now: datetime) -> bool:
    """ "new tyres, car wash, buy a phone mount": things to get and to-dos mixed, one each;
    the first a thing ("call mom, dad and grandma" is one call)."""
    kinds = [
        "thing"
        if _each_an_item([part], now=now)
        else "to-do"
        if TASK_VERBS.match(part.lower()) and _todo_list([part, part]) and _on_its_own(part)
        else None
        for part in parts
    ]
    return (
        kinds[0] == "thing"
        and None not in kinds
        and "to-do" in kinds
        and not any(part[:1].isupper() for part in parts[1:])
    )


# Two words that name one thing together ("fish and chips", "salt and pepper").
_ONE_THING = frozenset(
    tuple(pair.split("/"))
    for pair in word_set(
        """salt/pepper fish/chips mac/cheese macaroni/cheese bread/butter pen/paper
        rock/roll sweet/sour cheese/onion gin/tonic oil/vinegar milk/cookies strawberries/cream
        nuts/bolts bits/bobs odds/ends pros/cons research/development terms/conditions
        health/safety arts/crafts black/white trial/error salt/vinegar peaches/cream
        bed/breakfast rhubarb/custard bangers/mash surf/turf cookies/cream"""
    )
)


def _on_its_own(part: str) -> bool:
    """A to-do that does not point back at the one before ("… and send it")."""
    return not re.search(r"\b(?:it|them|that|there|this|those|these|ones?)\b", part.lower())


def _each_tagged(parts: list[str]) -> bool:
    """Each part with a tag of its own at its end: two tasks ("cones #training and new
    goalie gloves #kit"), not one with tags for both ("cones and gloves #kit")."""
    return all(
        re.search(r"\S\s+#[a-z][\w-]*\s*$", part, re.I) and take_tags(part)[0].strip()
        for part in parts
    )


def _each_dated(parts: list[str], now: datetime) -> bool:
    """Each part with a day of its own: two tasks ("haircut on saturday and car wash on
    sunday"), not one ("dinner with Ann and Bob on friday")."""
    return all((taken := take_due(part, now))[1] is not None and taken[0].strip() for part in parts)


# "the following task, worded exactly as I give it: draft …": what comes before the colon
# only announces the task.
_ANNOUNCED = re.compile(
    r"^(?:(?:the\s+)?following|these|this(?:\s+one)?|as follows|(?:a\s+|an\s+|the\s+|new\s+)?"
    r"(?:task|item|reminder|todo|to-do|thing|one))\b[^:\"']{0,60}:\s*(?=\S)",
    re.I,
)

# A reason or remark after the task ("…, since the students are anxious", "…, which the
# library expects back"): not part of its title.
_REMARK = re.compile(
    r",\s*(?:(?:it|they|that|she|he|ours|mine|theirs|the old one)"
    r"(?:'s|'re|\s+(?:is|are|was|were))\b|which\b|since\b|because\b|seeing as\b|"
    r"given that\b|so that\b|though\b|although\b|as (?:the|they|it|he|she|we|i)\b|"
    r"i\s+(?:always|keep|never|tend to|usually)\b).*$",
    re.I,
)


# An apology or a "forgot to say" said while adding ("renew the licence - sorry, forgot to
# say, that's high priority", "…, tomorrow, sorry"): no part of the task.
_APOLOGY = re.compile(
    # Set apart by a dash or a comma, or at an end: "write a sorry note" keeps its word.
    r"(?:(?:\s+-+|[,;]|^)\s*|\s+(?=\S+\s*(?:[,;.!-]|$)))(?:sorry|oops|whoops|my bad|apologies)\b"
    r"(?:[\s,-]*(?:i\s+)?(?:forgot|meant|meaning|wanted|neglected)\s+to\s+(?:say|mention|add)"
    r"(?:\s+that)?)?[\s,.!-]*(?=\S|$)",
    re.I,
)
_FORGOT_TO_SAY = re.compile(
    r"(?:\s+-+|[,;])\s*(?:oh\s+|and\s+)?(?:i\s+)?(?:forgot|meant|wanted)\s+to\s+(?:say|mention|add)"
    r"(?:\s+that)?[\s,:-]*",
    re.I,
)
# "…, no due date on this one", "- no deadline needed": said so that none is set.
_NO_DUE_DATE = re.compile(
    r"(?:\s+-+|[,;(])?\s*\b(?:there'?s\s+|there\s+is\s+)?(?:no|without\s+(?:a|any)|"
    # "… but don't put a due date on it"
    r"(?:but\s+|and\s+)?(?:don'?t|do\s+not)\s+(?:put|set|give|add)\s+(?:it\s+)?(?:a|any))\s+"
    r"(?:due\s+date|date|deadline)"
    r"(?:\s+(?:on|for)\s+(?:this|it|that)(?:\s+one)?)?(?:\s+(?:needed|required|necessary))?"
    r"\s*\)?(?=\s*(?:[,.;!]|$))",
    re.I,
)
# "…, tomorrow not today": the date said stands, the one after "not" is set aside.
_NOT_THAT_DAY = re.compile(r"[,\s]+(?:and\s+)?not\s+([^,.;!]+?)\s*(?=[,.;!]|$)", re.I)


def _said_again(text: str, now: datetime) -> str:
    """The task as meant: apologies, "no due date" and a date set aside ("tomorrow not
    today") are dropped."""
    text = _FORGOT_TO_SAY.sub(", ", _APOLOGY.sub(" ", text))
    text = _NO_DUE_DATE.sub("", text)
    for aside in reversed(list(_NOT_THAT_DAY.finditer(text))):
        # "at 3 not 4": a bare hour set aside is a time too.
        said = aside.group(1)
        set_aside = parse_due(said, now) or (said.isdigit() and parse_due(f"at {said}", now))
        # "tomorrow not today", or "not today, tomorrow"
        if set_aside and (
            take_due(text[: aside.start()], now)[1] or take_due(text[aside.end() :], now)[1]
        ):
            text = text[: aside.start()] + text[aside.end() :]
    return " ".join(text.split())


# "…, with the tag sport", "… and the label garden": tags said with "the".
_WITH_THE_TAG = re.compile(
    r"(?:[,;]?\s+|^)(?:with|and)\s+(?:the|a)\s+(tags?|labels?)\s+"
    r"(?=#?[a-z][\w-]*(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)*[\s.!]*$)",
    re.I,
)

# "label the kitchen boxes", "tag all the photos": the to-do is labelling things.
_LABEL_A_THING = re.compile(
    r"^(?:label|tag)\s+(?:the|all|each|every|my|our|your|these|those)\s+(?=\S)", re.I
)


def task_to_add(rest: str, now: datetime) -> Request:
    request = Request("add")
    rest = _said_again(_task_sentence(_ASIDE.sub("", rest), now), now)
    quoted = _QUOTED.search(rest)
    if (described := _DESCRIPTION.search(rest)) and (
        not quoted or described.start() >= quoted.end()
    ):
        # "'Issue the credit note' with the description 'Invoice 041, €560.00 over'".
        request.description = described.group(1).strip().strip("\"'").strip()
        rest = rest[: described.start()]
        quoted = _QUOTED.search(rest)
    if quoted:
        # A quoted title is taken as written; the details are read from the rest.
        outside = rest[: quoted.start()] + " " + rest[quoted.end() :]
        details = task_to_add(outside, now) if outside.strip() else Request("add")
        details.description = details.description or request.description
        # What is left outside the quotes is details only: "under home" files it under a tag.
        if details.title and (place := _FILED_UNDER.fullmatch(details.title)):
            details.tags.append(place.group(1).lower())
        details.title = quoted.group(1).strip()
        details.title = details.title[:1].upper() + details.title[1:]
        return details
    label = re.match(r"([^:]*):\s*(?=\S)", rest)
    # "today: call the landlord", "the list for saturday: buy bread": the day is the task's.
    # ("at 7:45am": a colon inside a clock time is no label.)
    dated_label = (
        label
        and not re.match(r":\d", rest[label.end(1) :])
        and re.sub(
            r"^(?:(?:on|onto|to|in|into)\s+)?(?:my|the)\s+(?:todo\s+|to-do\s+)?list\s+",
            "",
            label.group(1),
        )
    )
    if label and dated_label and parse_due(dated_label, now):
        rest = f"{rest[label.end() :]} {dated_label}"
    elif label and set(words_of(label.group(1))) <= _LIST_LABEL:
        rest = rest[label.end() :]  # "something to my list: call bob" → "call bob"
    elif announced := _ANNOUNCED.match(rest):
        rest = rest[announced.end() :]
    # "call the landlord tomorrow at noon!!": marks right after a date are excitement.
    if (marks := re.search(r"(?<=\w)!{2,}\s*$", rest)) and take_due(rest[: marks.start()], now)[1]:
        rest = rest[: marks.start()]
    # "…, with the tag garden": the tag named after "the".
    rest = _WITH_THE_TAG.sub(r", \1 ", rest)
    if verb := _LABEL_A_THING.match(rest):
        # "label the kitchen boxes": labelling is the to-do; tags may follow its object.
        after, request.tags = take_tags(rest[verb.end() :])
        rest = rest[: verb.end()] + after
    elif not _TAG_A_RELEASE.match(rest):
        rest, request.tags = take_tags(rest)
    # "…, important one", "…, an urgent one": the level, said of the task.
    rest = re.sub(
        r"\b((?:urgent|important|(?:high|low|top)[\s-]+prio(?:rity)?))\s+one(?=[\s.!]*$)",
        r"\1",
        rest,
        flags=re.I,
    )
    rest, request.priority = take_priority(rest)
    while request.priority and (again := take_priority(rest))[1]:
        rest = again[0]
    if request.priority:
        # "…, is important", "…, it's urgent one": what is left of the priority's sentence.
        rest = re.sub(
            # "…, e dey very important": Pidgin for "it is".
            r"[,;]\s*(?:(?:it|this|that|which|e)\s*)?(?:is|'s|are|was|dey)?(?:\s+(?:an?\s+)?one)?\s*$",
            "",
            rest,
            flags=re.I,
        )
    # "put pediatrician appt friday 11am on the list": the date is said before where it goes.
    rest = _ADD_TAIL.sub("", rest)
    dated, (rest, request.due_at) = rest, take_due(rest, now)
    if request.due_at is None and (remark := _REMARK.search(rest)):
        # "… by the end of the week, since the students are anxious": the date is before it.
        rest, request.due_at = take_due(rest[: remark.start()], now)
    if request.due_at is None:
        rest, request.due_at = _date_within(rest, now)
    title = _ADD_TAIL.sub("", rest)
    if request.due_at:
        # "…, deadline 8 march", "…, deadline is friday", "… with a deadline of friday".
        title = re.sub(
            r"(?:\s*[,;:-]\s*|\s+(?:with|and)\s+)(?:(?:a|an|the|its|it's|my)\s+)?"
            r"(?:deadline|due date|target date|cut-?off|(?:time\s+)?limit|last day)"
            r"(?:'s|\s+(?:is|of|being|on|by))?\s*:?\s*$",
            "",
            title,
            flags=re.I,
        )
        # "…, need it by saturday", "…, needs to be done by monday morning": a remark that
        # gives the date; what is left of it is no part of the title.
        title = re.sub(
            r"(?:\s*[,;]|\s+-+)\s*(?:and\s+)?(?:(?:it|this|that|which|they|i|we)\s+)?"
            r"(?:needs?|has|have|must|should|wants?|gotta|got)(?:\s+(?:it|this|that|them))?"
            r"(?:\s+to)?(?:\s+(?:be|get|have))?(?:\s+(?:done|doing|finished|ready|sorted|completed|"
            r"submitted|sent|delivered|handed in|in|back))?\s*$",
            "",
            title,
            flags=re.I,
        )
        # "…, to do on thursday", "…, to be done by friday": the lead-in of its date.
        title = re.sub(
            r"(?:\s*[,;]|\s+-+)\s*(?:to\s+(?:be\s+)?(?:do|done|finish|finished|complete|completed)"
            r"|for)\s*$",
            "",
            title,
            flags=re.I,
        )
    # "…, they're overdue": a remark about the task, not part of its title.
    title = _REMARK.sub("", title)
    # "…, and make it due on Friday": the date is taken, its lead-in goes with it.
    title = re.sub(
        r",?\s*(?:and\s+)?(?:make|set|have|mark)\s+(?:it|this|that)(?:\s+(?:be|as))?\s*$",
        "",
        title,
        flags=re.I,
    )
    # "… the vintage look they asked for": a word left at the end after a date or a tag
    # was taken is its lead-in ("… for friday"); when nothing was taken it is the user's.
    # ("remind me in 30 minutes to bring the laundry in": a date said first leaves none).
    taken_at_end = request.due_at and not dated.rstrip().endswith(rest.rstrip())
    tail = _TITLE_TAIL if taken_at_end or request.tags or request.priority else _TITLE_END
    # Strip what is left of the request around the title, until nothing changes.
    while True:
        before = title
        title = title.strip(" ,.;:-!?\"'/>@")
        title = re.sub(_TITLE_LEAD, "", title, flags=re.I)
        title = re.sub(_TITLE_SELF, "", title, flags=re.I)
        # "… and what their insurance requirements are": the verb ends the question.
        if not _ASKED.search(title):
            title = re.sub(tail, "", title, flags=re.I)
        if title == before:
            break
    request.title = title[:1].upper() + title[1:] if title else None
    return request


# Where what the task is about starts: "ring the vet friday morning about the heifer".
_ABOUT = re.compile(
    r"\s+(?=(?:about|regarding|re|concerning|to\s+(?:discuss|ask|talk|chat|sort|check|go over)|"
    r"with)\s+\S)",
    re.I,
)


def _date_within(text: str, now: datetime) -> tuple[str, datetime | None]:
    """A date said between the to-do and what it is about ("ring the vet friday morning
    about the lame heifer"): taken out, the title closed up around it."""
    for link in _ABOUT.finditer(text):
        words = text[: link.start()].split()
        for size in range(min(len(words) - 1, 5), 0, -1):
            phrase = " ".join(words[-size:])
            before = words[-size - 1].lower()
            if before in ("the", "a", "an", "this", "that", "last", "previous", "past", "re"):
                continue  # "the friday meeting", "last week": no due date
            if due := parse_due(phrase, now):
                return " ".join(words[:-size]) + text[link.start() :], due
    return text, None


# A question ended by its verb ("ask … what their requirements are").
_ASKED = re.compile(
    r"\b(?:what|where|when|how|who|whom|which|whether|why|if)\b(?:\s+\S+){1,6}\s+(?:is|are|was|were)$",
    re.I,
)

_TITLE_END = (
    r"\s+(?:and|(?:(?:it|they)\s+)?(?:was|is|were|are)|it's|they're|please|pls|thanks|thank you)$"
)
_TITLE_TAIL = _TITLE_END.replace("(?:and|", "(?:and|with|for|on|by|at|due|before|until|to|in|")

# "jot down that I need to renew my library card": the task is what follows.
_TITLE_SELF = (
    r"^(?:(?:i|we)\s+(?:really\s+)?(?:keep\s+forgetting|need|have|must|should|want|ought|"
    r"gotta)\s+to\s+|(?:i|we)\s+(?:should|must|wan)\s+|remember\s+to\s+|"
    r"(?:i'?ll|i will|we'?ll|we will|"
    r"(?:i'?m\s+|we'?re\s+)?(?:gonna|going to))\s+)"
)

_TITLE_LEAD = (
    r"^(?:(?:to|that|about|for|a|an|another|please|kindly)\s+|"
    # "add new task: …", but "add new tyres" keeps its word.
    r"new\s+(?=(?:task|todo|to-do|reminder|item|one|entry)\b|[\w\s]*:)|"
    # "add me a task to …", "chuck in a reminder to …", "one I have been meaning to record, to …"
    r"(?:me|us|in|down)\s+(?=(?:a|an|another|new)\s+(?:task|todo|to-do|reminder|item)\b)|"
    # "put on my list to phone the council": where it goes, then the task.
    r"(?:on|onto|to|in|into)\s+(?:my|the|our)\s+(?:todo\s+|to-do\s+|task\s+)?"
    r"(?:list|tasks|todos|to-dos)\b\s*[:,-]?\s*|"
    r"one (?:i|we)(?:'ve| have)? (?:been meaning|meant|wanted) to [^,]*,\s*)*"
    r"(?:(?:task|todo|to-do|reminder|item)\b\s*(?:to|called|named|titled|saying|:|-)?\s*)?"
)


# "… I never put down that I need to pick up Mia at 4:30. add that. please."
_ADD_THAT = re.compile(
    r"^(.+?)[,;.!]\s*(?:(?:can|could|would|will) you\s+)?(?:please\s+|pls\s+|kindly\s+|so\s+)?"
    r"(?:add|put|jot|note|write)\s+"
    r"(?:it|that|this)(?:\s+down)?(?:\s+(?:for me|please|pls|too|as well|now))?"
    # "… add that to my list and tag it work?": where it goes, and its details.
    r"(?:\s+(?:to|on|onto|in)\s+(?:my|the)\s+(?:todo\s+|to-do\s+|task\s+)?(?:list|tasks|todos))?"
    r"(?:,?\s+(?:before i forget(?: again| it)?|"
    r"so (?:that )?i don'?t forget(?: again| it)?))?"
    r"(,?\s+and\s+(?:tag|label|mark|make)\s+it\s+[^.!?]+?)?[\s.!?]*"
    r"(?:please|pls|thanks|thank you)?[\s.!?]*$"
)

# Where the to-do starts in a sentence that tells it ("… and I just realised I never put
# down that I need to pick up Mia …").
_NEED_TO = re.compile(
    r".*\b(?:i|we)(?:'ll|'d)?\s+(?:(?:will|shall|would|really|also)\s+)*"
    r"(?:(?:need|have|ought|keep forgetting|got|want)\s+to|"
    r"must|should|gotta)\s+|^(?:gotta|need to|have to|got to|must)\s+",
    re.I,
)


def put_it_on(message: Message) -> Request | None:
    """ "I keep forgetting to back up my laptop, put it on the list for sunday", "… I need
    to pick up Mia at 4:30. add that."."""
    text = message.text
    if put := _PUT_IT_ON.match(message.low):
        return task_to_add(text[: put.end(1)] + " " + text[put.start(2) :], message.now)
    # The message as said, when the reading kept only its "add that" ("tomorrow morning I
    # must call the landlord, add it please").
    for said in (text, message.original):
        if (put := _ADD_THAT.match(said.lower())) and (need := _NEED_TO.match(said[: put.end(1)])):
            # "thursday i have to drop the car at 8am": the day said before the need.
            when = _date_said_last(_NEED_PHRASE.sub("", said[: need.end()]), message.now)
            details = said[put.start(2) : put.end(2)] if put.group(2) else ""
            task = f"{said[need.end() : put.end(1)]} {when}".strip()
            return task_to_add(f"{task}, {details.strip(' ,')}" if details else task, message.now)
    return None


_NEED_PHRASE = re.compile(
    r"\b(?:(?:i|we)(?:'ll|'d)?\s+(?:(?:will|shall|would|really|also)\s+)*"
    r"(?:(?:need|have|ought|keep forgetting|got|want)\s+to|"
    r"must|should|gotta)|gotta|need to|have to|got to|must)\s*$",
    re.I,
)


def _date_said_last(text: str, now: datetime) -> str:
    """The date phrase that ends `text` ("… ok so thursday"), or nothing."""
    words = text.strip(" ,;:").split()
    for size in range(min(len(words), 6), 0, -1):
        if parse_due(phrase := " ".join(words[-size:]), now):
            return phrase
    return ""


# Words that make "I should …" a passing thought rather than a request.
_HEDGE = re.compile(
    r"\b(?:probably|maybe|perhaps|one of these days|someday|some day|eventually|at some point|"
    r"sometime|some time|one day)\b",
    re.I,
)


# "we ought to …", "we really should …": a to-do for the household, said as a thought.
_WE_OUGHT = re.compile(
    r"^we\s+(?:(?:really|probably|definitely|seriously)\s+)*(?:(?:need|have|ought|got)\s+to|"
    r"ought|oughta|gotta|should|must)\s+(?:(?:really|probably|maybe|perhaps)\s+)*(?!have\b|be\b)"
)

# "i need new task: …", "here's a new one: …": a label that announces the task.
_NEW_TASK_LABEL = re.compile(
    r"^(?:(?:i|we)\s+(?:need|want|have|got|'d like|would like)\s+(?:an?\s+)?|"
    r"(?:here'?s|here is)\s+(?:an?\s+)?)?(?:new|another)\s+"
    r"(?:task|todo|to-do|job|item|reminder|chore|one|ticket)\s*:\s*"
)

# A word or two of chatter before "add" ("ja add …", "eh add …", "can help me add …",
# "hmm what else, oh yeah add …"): a short aside set apart, then words of tone only.
_CHATTER_THEN_ADD = re.compile(
    r"^(?=.)(?:(?![^,;:!?]*\b(?:add|delete|remove|complete|done|mark|tick|move|change|rename|"
    r"cancel|don'?t|do not|not|never|did|didn'?t)\b)[^,;:!?]{1,30}[,;:!?]+\s+)?"
    r"(?:(?:ja|ya|yah|yeah|yes|yep|yup|eh|a+h+|o+h+|ok|okay|right|so|and|also|then|um|er|hmm+|"
    r"alright|sure|now|btw|oh yeah|oh and|and also|wait|lemme|let me)[,.]?\s+)*"
    r"(?:(?:can|could|would|will)\s+(?:you\s+|u\s+)?)?"
    r"(?:(?:help|pls|please|plz|just|quickly|go|kindly)\s+)*(?:me\s+)?(?<=\s)(?=add\s+\S)"
)


# "I should have mentioned …", "we should've told you …": looking back, not a to-do.
_REGRET = re.compile(
    r"^(?:(?:sorry|oops|apologies|ah|oh|hmm)\W+)*(?:i|we)\s+(?:really\s+)?"
    r"(?:should|must|could|ought to)(?:'ve|\s+have)\s+(?:(?:already|just|really)\s+)?"
    r"(?:said|told|mentioned|asked|added|written|known|thought|checked|warned|explained|"
    r"clarified|specified|included|noted|done|been)\b"
)


# "remine me", "remaind me", "remember me to …": "remind me" mistyped or translated.
_REMIND_SAID_ELSEWISE = re.compile(
    r"^(remember|rememeber|remine|remaind|remid|remnd|rmind|remin|reming|remimd|reminf|"
    r"remond|riminds?|reminde)\s+me\b(?=\s+(?:to|about|that)\b|(?:\s+\S+){1,3}\s+to\b)"
)


_LEVEL_FIRST = re.compile(
    r"^((?:urgent|important|asap|(?:high|top|low)[\s-]+prio(?:rity)?)!*)\s*[:,.!-]*\s+(?=add\b)"
)


def add_request(message: Message) -> Request | None:
    """ "add …", "remind me to …", "I need to …": one task, or several ("three things
    for the list: …")."""
    if (misspelt := _REMIND_SAID_ELSEWISE.match(message.low)) and (
        # "remember me to your mother": regards to give, no reminder.
        not misspelt.group(1).startswith("rememb")
        or re.match(
            r"\s+to\s+(?!(?:every\w*|all|your|my|his|her|them|him|the)\b)",
            message.low[misspelt.end() :],
        )
        or (re.match(r"\s+(.+?)\s+to\s", message.low[misspelt.end() :]))
    ):
        # "remine me tmrw to …", "remember me to call the plumber" (Spanish "recuérdame").
        text = "remind me" + message.text[misspelt.end() :]
        message = dataclasses.replace(message, text=text, low=text.lower())
    low = message.low
    if _REGRET.match(low):
        return None  # "I should have said earlier …": what was not done, no task to add
    if not ADD_START.match(low):
        # "i need new task: …" (the label may have been read away already).
        if told := _NEW_TASK_LABEL.match(low):
            return _adds(message.text[told.end() :], message.now)
        told = _NEW_TASK_LABEL.match(message.original)
        if told and message.original[told.end() :].strip() == low.strip():
            return _adds(message.text, message.now)
    if (we := _WE_OUGHT.match(low)) and _HEDGE.search(message.text):
        # "we really ought to upgrade postgres at some point": a thought, offered.
        said = _HEDGE.sub(" ", message.text[we.end() :])
        offer = task_to_add(said, message.now)
        if offer.title:
            offer.action = "offer"
            return offer
    if (label := _SEVERAL_LABEL.match(low)) and re.search(r"\blist\b", low[: label.end()]):
        return _adds(message.text, message.now, listed=True)  # a heading is request enough
    # "I'd like to add a task.": the wish to add is the request.
    wish = re.match(
        r"(?:i'?d|i would|i want to|i wanna|(?:i|we)\s+(?:need|have|got)\s+to)\s+"
        r"(?:(?:like|love)\s+)?(?:to\s+)?(?=add\b)",
        low,
    )
    # "URGENT add renew the policy": the level said first, for the task that follows.
    said_first = _LEVEL_FIRST.match(low)
    level = take_priority(said_first.group(1))[1] if said_first else None
    start = wish.end() if wish else said_first.end() if said_first and level else 0
    if not wish and not ADD_START.match(low) and (chatter := _CHATTER_THEN_ADD.match(low)):
        start = chatter.end()  # "ja add …", "hmm what else, oh yeah add …"
    add = ADD_START.match(low[start:])
    if (
        add
        and (
            # "add a note to #3: …", "#12: add desc '…'", "For the report, add in the
            # description: …", "stick a note on the bank call: …": a task's details.
            not re.search(
                r"(?:^|[:,]\s*)(?:add|put|stick|pop|attach)\s+(?:to\s+(?:task\s+)?#?\w+\s+)?"
                r"(?:in\s+)?(?:a\s+|the\s+)?(?:tags?|labels?|notes?|desc|description)\b",
                low,
            )
            # "add tag release v2.3": tagging a release is the to-do.
            or _TAG_A_RELEASE.match(low[start + add.end() :])
        )
        # "add a 'procrastination' tag to the report": a tag for tasks, no new task.
        and not re.search(r"\b(?:tag|label)\s+(?:to|on|onto)\b|^add\s+#[\w-]+\s+to\b", low)
        # "please record task 9 as completed": a task's state, not a new task.
        and not re.search(r"\bas\s+(?:completed|complete|done|finished)\b", low)
        and (
            not re.match(r"^(?:make|put|schedule|pop|stick|throw|chuck|bung)\b", low)
            or _looks_like_add(low)
        )
    ):
        end = start + add.end()
        while 0 < end < len(low) and low[end - 1].isalnum() and low[end].isalnum():
            end -= 1  # "add top up the card": "to" read into "top" is the title's
        rest = message.text[end:]
        # "need to add buy nappies": the wish and then the request itself.
        # "add - sorry - add pick up the dry cleaning": said again after an apology.
        rest = re.sub(
            r"^(?:(?:sorry|oops|whoops|i mean|i meant)\W+)*(?:please\s+)?(?:add|create)\s+(?=\S)",
            "",
            rest,
            flags=re.I,
        )
        listed = ":" in add.group(0)  # "add: restock the cups, call the plumber"
        if re.search(r"^\W*add\s+new\s*$", low[start:end]) and not re.match(
            r"(?:task|todo|to-do|reminder|item|one|entry)\b|[\w\s]*:", low[end:]
        ):
            rest = message.text[end - 4 : end] + rest  # "add new tyres": a thing to get
        if re.match(r"(?:chuck|bung|pop|throw|stick|put)\b", low):
            rest = re.sub(r"^(?:in|down)\s+", "", rest, flags=re.I)  # "chuck in pick up the dog"
        if re.match(r"i\b|we\b", low) and _HEDGE.search(rest):
            # "I should probably repaint the fence": a thought, offered rather than added.
            offer = task_to_add(_HEDGE.sub(" ", rest), message.now)
            offer.action = "offer"
            return offer
        request = _adds(rest, message.now, listed=listed)
        for each in (request, *request.more):
            each.priority = each.priority or level
        return request
    return None


def to_do(message: Message) -> Request | None:
    """ "buy milk", "call the bank friday": a to-do verb first is a task to add."""
    # "call it Reread Dune": a name for a task, no call to make.
    if TASK_VERBS.match(message.low) and not re.match(r"call (?:it|that|this)\s+\S", message.low):
        if _to_dos_in_a_row(message.text):
            return _adds(message.text, message.now)
        return task_to_add(message.text, message.now)
    return None


def _to_dos_in_a_row(text: str) -> bool:
    """ "buy candles, ring the plumber, oh and print the passes": every part set apart by a
    comma leads with a to-do verb of its own."""
    text = re.sub(r",\s*(?:oh|ah|um)\s+(?=and\b)", ", ", text, flags=re.I)
    parts = [
        re.sub(r"^(?:(?:oh|and|also|plus)\s+)+(?=\S)", "", part, flags=re.I)
        for part in re.split(r"\s*(?:,?\s+and\s+(?=[^,]*$)|(?<!\d),(?!\d)|;)\s*", text)
    ]
    return (
        len(parts) >= 3
        and all(TASK_VERBS.match(part.lower()) for part in parts)
        and _todo_list(parts)
    )
