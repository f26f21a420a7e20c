"""Reading task requests in plain language: what the user wants and the details they gave.

Pure text in, plain data out (no tools, no database), so the offline planner's
understanding can be tested and extended on its own. Rules are ordered from the most
specific phrasing to the most general, and each pulls its part out of the message so the
rest (a task's title, a task's name) is what is left.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from todo_backend.agent.dates import resolve_due

Action = Literal[
    "help",
    "greet",
    "thanks",
    "stats",
    "bulk",
    "add",
    "complete",
    "delete",
    "update",
    "reopen",
    "list",
    "ask",
    "offer",
    "nothing",
    "unknown",
]
Priority = Literal["low", "medium", "high"]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


def _sorted_words(text: str) -> list[str]:
    """In a fixed order, so fuzzy matching picks the same word every run."""
    return sorted(_words(text))


# Words that are about the request, not about which task: dropped from names and titles.
FILLER = _words(
    """a an the my our your this that these those it its one ones thing things task tasks todo
    todos to-do item items entry please pls plz can could would you kindly just now already
    finally also i i've ive i'm im me we have has had got with as for of about so ok okay
    hey then go ahead on in list from off out up all actually oh oops hmm well instead
    really anyway yeah basically literally totally completely honestly seriously them"""
)

# Intent words often mistyped; only the first two and the last word get corrected, where
# the intent lives, so a task's own words are never "fixed".
_VOCABULARY = _sorted_words(
    """add create remember remind delete remove complete completed finished finish done show
    list display tasks task rename reschedule postpone priority urgent important search
    overdue mark cancel update change tomorrow"""
)
# Real words a fuzzy match would "correct" into a different intent.
_NOT_TYPOS = _words(
    """move moved schedule scheduled shows lists reminder reminders removed deleted created
    changed updated marked listed shown remained"""
)

_YES = re.compile(
    r"^(y|ya|yes|yeah|yep|yup|sure|ok|okay|confirm(ed)?|do it|go ahead|go for it|please do|"
    r"absolutely|definitely|of course|correct|right|affirmative|proceed)\b"
)
_NO = re.compile(
    r"^(n|no|nope|nah|cancel|stop|abort|don'?t|do not|never ?mind|forget it|not now|wait|hold on)\b"
)
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "one": 0,
    "second": 1,
    "2nd": 1,
    "two": 1,
    "third": 2,
    "3rd": 2,
    "three": 2,
    "fourth": 3,
    "4th": 3,
    "four": 3,
    "fifth": 4,
    "5th": 4,
    "five": 4,
    "last": -1,
}

ORDINAL_WORDS = frozenset(_ORDINALS)

_ID = re.compile(r"(?:#\s?|\b(?:task|item|number|no\.?|todo|id)\s*#?\s*)(\d+)\b", re.I)
_BARE_NUMBER = re.compile(r"(?<![\w:/.-])(\d{1,6})(?![\w:/.-])")
_TAG = re.compile(r"(?<![\w&])#([a-z][\w-]*)", re.I)
_TAG_PHRASE = re.compile(
    r"\b(?:and\s+)?(?:tag(?:ged)?|label(?:l?ed)?)\s+(?:it\s+|them\s+)?(?:as\s+|with\s+)?"
    r"(?:the\s+)?(?:tags?\s+|labels?\s+)?"
    r"((?:#?[a-z][\w-]*)(?:\s*(?:,|and|&)\s*#?[a-z][\w-]*)*)",
    re.I,
)
_PRIO = r"prio(?:rity)?"


def _level(words: str, bare: str) -> re.Pattern[str]:
    """Priority words; the bare level ("high") only where it stands alone as a detail
    ("…, high", "make it high", "to high") so "check low tire pressure" keeps its title."""
    alone = rf"(?:^|,\s*|\b(?:to|as|is|be|it|make|set|mark)\s+)(?:{bare})(?=\s*(?:$|[,.!?;]))"
    return re.compile(rf"\b(?:{words})\b|{alone}", re.I)


_PRIORITY_WORDS: list[tuple[re.Pattern[str], Priority]] = [
    (
        _level(
            rf"(?:not|isn'?t|is not|aren'?t|are not)\s+(?:urgent|important)(?:\s+any\s*more)?|"
            rf"no\s+rush|whenever|"
            rf"someday|low[\s-]*{_PRIO}|"
            rf"{_PRIO}\s*(?:is\s+)?low|p3",
            "low",
        ),
        "low",
    ),
    (
        _level(
            rf"(?:medium|normal|mid|moderate)[\s-]*{_PRIO}|p2|{_PRIO}\s*(?:is\s+)?(?:medium|normal)",
            "medium|normal",
        ),
        "medium",
    ),
    (
        _level(
            rf"urgent(?:ly)?|asap|important|critical|crucial|top[\s-]*{_PRIO}|high[\s-]*{_PRIO}|"
            rf"{_PRIO}\s*(?:is\s+)?high|p1|a\s+priority",
            "high|!{2,}",
        ),
        "high",
    ),
]
# A description is announced ("with a note …", "notes: …", "note that …"): a title may
# itself say "note" ("write a thank-you note to the neighbours").
_DESCRIPTION = re.compile(
    r"\s*(?:[,;-]\s*)?\b"
    r"(?:with\s+(?:a\s+)?(?:note|notes|description|details)\s*[:-]?|"
    r"(?:note|notes|description|details)\s*:|(?:note|notes|details)\s+that)"
    r"\s+(.+)$",
    re.I,
)
# Question shapes asking about tasks, and nouns that make a question about tasks.
_LIST_START = re.compile(
    r"^(?:show|list|display|view|see|get (?:me )?(?:my|the|all)|give me|gimme|tell me|what|what's|"
    r"whats|which|any|anything|do i have|have i got|is there|are there|check|pull up|"
    r"let me see|lemme see|search|find|look for|look up|where)\b"
)
_TASK_WORDS = re.compile(
    r"\b(?:tasks?|todos?|to-?dos?|list|plate|agenda|due|overdue|pending|open|outstanding|"
    r"remaining|left|completed|finished|done|priority|prio|urgent|important|tagged|schedule|"
    r"stuff|things|behind|"
    r"anything|late|deadlines?|backlog|do i have|need to do|to do|next|today|this week|"
    r"tomorrow|tonight|weekend|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\b|#[a-z]"
)
_OFF_TOPIC = re.compile(
    r"\b(?:weather|joke|poem|song|news|president|capital of|recipe|movie|football|soccer|"
    r"stock|bitcoin|meaning of life|who are you|your name|how are you|translate|"
    r"\d+\s*[-+*/x]\s*\d+|sing|story)\b"
)
_TASK_VERBS = re.compile(
    r"^(?:buy|call|email|e-mail|pay|book|pick up|clean|write|read|send|schedule|fix|prepare|"
    r"submit|renew|water|walk|wash|cook|order|return|text|visit|study|plan|review|meet|go to|"
    r"get|take|make|finish|do|practice|practise|file|cancel my|bake|print|sign|update my|"
    r"ring|phone|post|ship|pack|feed|vacuum|mow|organi[sz]e|check on|follow up|reply to|"
    r"respond to|backup|back up|learn|research|draft|grab|collect|drop off|register|tidy|sweep|"
    r"hoover|paint|repair|replace|iron|install|charge|empty|refill|fill in|fill out|defrost|wrap|"
    r"oil|ask|tell|hang|mop|dust|polish|sell|donate|recycle|bring)\b"
)
_ADD_START = re.compile(
    r"^(?:(?:please\s+|can you\s+|could you\s+|pls\s+|plz\s+)?(?:add|create|make|put down|put|"
    r"pop|stick|throw|chuck|bung|"
    r"new|set up|set (?:a |an )?reminder|jot down|note down|write down|log|save|record|"
    r"insert|schedule)\b"
    r"(?:\s+(?:a|an|another|new|the)\b)*"
    r"(?:\s+(?:task|todo|to-do|item|reminder|entry|one)\b)?"
    r"(?:\s*(?::|-|to|for|called|named|titled|saying|that says))?"
    r"|remind me(?: (?:to|about|that)\b)?|reminder(?: to\b)?:?|remember to\b|"
    r"don'?t (?:let me )?forget(?: (?:to|about)\b)?|"
    r"i (?:really )?(?:need|have|must|gotta|got|want|ought) to|"
    r"i (?:really )?(?:should|must)(?: really)?|i'?ve got to|i gotta|need to|have to|must|"
    r"gotta|(?:todo|to-do)(?!\s+list\b):?|task:|new task:?|note to self:?|note:)\s*"
)
_ADD_TAIL = re.compile(
    r"\s+(?:to|on|onto|in|into)\s+(?:my|the)\s+(?:list|tasks|todo list|to-do list|todos)\s*$"
)


@dataclass(frozen=True)
class Ref:
    """How the user pointed at a task: by id, by some of its words, or by "it"."""

    task_id: int | None = None
    words: tuple[str, ...] = ()
    pronoun: bool = False

    @property
    def empty(self) -> bool:
        return self.task_id is None and not self.words and not self.pronoun


@dataclass
class Request:
    """One message, read: the action and whatever details it carried."""

    action: Action
    ref: Ref = field(default_factory=Ref)
    title: str | None = None
    description: str | None = None
    priority: Priority | None = None
    due_at: datetime | None = None
    clear_due: bool = False
    tags: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)
    completed_since: str | None = None
    """For stats: the period completions are counted in (today/week/month/all)."""
    bulk_tool: str | None = None
    on_day: int | None = None
    """For lists: only tasks due this many days from today (the tool filters by week)."""
    otherwise: Request | None = None
    """A new task to add instead when the name fits no task ("lose 5 kg by summer")."""
    refs: tuple[Ref, ...] = ()
    """Several tasks named at once ("tick off 3 and 4", "the bill is paid and the garage
    is clean"): one Ref per part; the planner decides whether they name several tasks."""
    more: list[Request] = field(default_factory=list)
    """Further tasks to add from the same message ("add bread; milk; eggs")."""
    clause_ref: Ref | None = None
    """The name in the clause with the request ("btw the trip is off so delete the flights
    task"), or in the one before when that clause says only "it"; tried when `ref` fits
    no task."""
    time_only: bool = False
    """The new due date names only a time ("make it 3pm"): the task keeps its day."""
    correction: bool = False
    """Corrects the task the last reply added or changed ("I meant call dad")."""


# Chat shorthand, as whole words: the rules below are written for the long forms.
_SHORTHAND = {
    "u": "you",
    "ur": "your",
    "wat": "what",
    "wats": "what's",
    "abt": "about",
    "thurs": "thursday",
    "thur": "thursday",
    "tues": "tuesday",
    "weds": "wednesday",
    "wuts": "what's",
    "wut": "what",
    "whta": "what",
    "2day": "today",
    "tdy": "today",
    "plz": "please",
    "thx": "thanks",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "2moro": "tomorrow",
}


def _is_emoji(char: str) -> bool:
    """Pictographs, their skin tones and joiners: decoration, never part of a request."""
    return (
        unicodedata.category(char) == "So"
        or char in "\ufe0f\u200d"
        or ("\U0001f3fb" <= char <= "\U0001f3ff")
    )


def normalise(message: str) -> str:
    text = message.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    text = text.replace("\u201d", '"').replace("\u2014", "-").replace("\u2013", "-")
    # A check mark after a task's name says it is done ("slides ✅").
    text = re.sub(r"\s*[\u2705\u2714\u2611\u2713]\ufe0f?(?=\s*$)", " done", text)
    text = "".join(" " if _is_emoji(char) else char for char in text)
    text = re.sub(r"\b(?:whta|wat|wut)'s\b", "what's", text, flags=re.I)
    text = re.sub(
        r"(?<![\w'#-])(\w+)(?![\w'-])",
        lambda m: _SHORTHAND.get(m.group(1).lower(), m.group(1)),
        text,
    )
    return " ".join(text.split()).strip()


# Short intent words clipped at the start of a message ("shw my tasks").
_FIRST_WORD_SHORTHAND = {
    "shw": "show",
    "sho": "show",
    "adn": "add",
    "lst": "list",
    "dne": "done",
    "mrk": "mark",
    "dlt": "delete",
    "rmv": "remove",
}


def fix_typos(text: str) -> str:
    words = text.split()
    for index in {0, 1, len(words) - 1} & set(range(len(words))):
        word = words[index].strip(".,!?:").lower()
        if index == 0 and word in _FIRST_WORD_SHORTHAND:
            words[0] = _FIRST_WORD_SHORTHAND[word]
            continue
        if len(word) < 4 or word in _VOCABULARY or word in _NOT_TYPOS:
            continue
        if any(v in word for v in _VOCABULARY if len(v) >= 4):
            continue  # "research" is not a typo of "search", nor "reshow" of "show"
        swapped = [v for v in _VOCABULARY if len(v) == len(word) and sorted(v) == sorted(word)]
        close = difflib.get_close_matches(word, _VOCABULARY, n=1, cutoff=0.85)
        if fixed := (swapped or close):
            start = words[index].lower().index(word)
            words[index] = words[index][:start] + fixed[0] + words[index][start + len(word) :]
    return " ".join(words)


def is_yes(low: str) -> bool:
    return bool(_YES.match(low.strip(" .!"))) and not _NO.match(low)


def is_no(low: str) -> bool:
    return bool(_NO.match(low.strip(" .!")))


def ordinal(low: str) -> int | None:
    """ "the second one" → 1; "the last" → -1."""
    for word in re.findall(r"[a-z0-9]+", low):
        if word in _ORDINALS:
            return _ORDINALS[word]
    return None


def task_id_in(text: str, *, bare: bool = False) -> int | None:
    """#12, task 12, number 12; with bare=True also a lone 12."""
    if match := _ID.search(text):
        return int(match.group(1))
    if bare and (match := _BARE_NUMBER.search(text)):
        return int(match.group(1))
    return None


def words_of(text: str) -> tuple[str, ...]:
    """The content words of a task name, for matching it against titles."""
    tokens = re.findall(r"[a-z0-9][a-z0-9'&+-]*", text.lower())
    # "mom's call" names the "Call mom" task: a possessive is its word.
    tokens = [re.sub(r"'s$", "", token).strip("'") for token in tokens]
    return tuple(token for token in tokens if token and token not in FILLER)


# Openers that carry no meaning, dropped when more follows ("hey can you add …").
_COURTESY = re.compile(
    r"^(?:(?:hey+|hi+|ok+|okay+|so+|um+|uh+|oh+|well|pls|plz|please|yo+|ugh+|hm+|btw|also|"
    r"no\s+wait|wait|sorry|oops|and|honestly|heya|actually|(?:good\s+)?morning|evening|hello|"
    r"never\s*mind|nvm|argh+|phew|good news|great news|just so you know|fyi|hiya|"
    r"(?:can|could|would|will)\s+you)\b[,!.]*\s+)+(?=\S)",
    re.I,
)
# A short aside before the request ("quick one: buy stamps", "ugh i keep forgetting, add
# …"): dropped when what follows is plainly a new task and the aside asks for nothing.
_LEAD_IN = re.compile(r"^((?:[\w']+\s+){0,4}[\w']+)(\s*[,:;!]+|\s+-+)\s+(?=\S)")
_LEAD_IN_INTENT = _words(
    """add create delete remove complete completed finish finished done mark move push
    rename change set make cancel drop show list update reschedule postpone tag untag"""
)


def _drop_lead_in(text: str) -> str:
    match = _LEAD_IN.match(text)
    if match is None or _words(match.group(1).lower()) & _LEAD_IN_INTENT:
        return text
    if _take_priority(match.group(1))[0] == "":
        # "not urgent: clean the fridge": the aside is the priority, the rest the task.
        return f"{text[match.end() :]}, {match.group(1)}"
    if _ADD_START.match(text.lower()):
        return text  # "new task: finish the slides" is itself the request
    rest = text[match.end() :]
    low = rest.lower()
    # After a comma a verb may be about the task just named ("the garage can wait, make it
    # low"); only a label ending in a colon is surely followed by the task itself.
    # A delete word stays with its aside ("quick one: cancel my dentist" may be a new task).
    labelled = ":" in match.group(2) and _TASK_VERBS.match(low) and not _EVERYDAY_DELETE.match(low)
    asks_to_add = re.match(r"(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:add|create)\b", low)
    # "just checking - is the report still overdue?": the aside leads to a question.
    question = _QUESTION_START.match(low) and low.rstrip().endswith("?")
    return rest if labelled or asks_to_add or question else text


TagNames = Callable[[], frozenset[str]]
"""The user's tag names, asked for only when a question might name one ("any errands?")."""


def _no_tags() -> frozenset[str]:
    return frozenset()


_CHANGES = frozenset({"complete", "delete", "update", "reopen", "bulk"})


def read(message: str, now: datetime, known_tags: TagNames = _no_tags) -> Request:
    """What one message asks for. A question never asks for a change: "is the report
    done?" is answered, not acted on, whatever its words would otherwise mean."""
    request = _read(message, now, known_tags)
    if request.action in _CHANGES and is_question(normalise(message).lower()):
        return Request("ask", ref=request.ref, filters=list_filters(message.lower(), known_tags))
    return request


# "did I pay…", "is the garage clean", "when's the bank call": asking, not telling.
_QUESTION_START = re.compile(
    r"^(?:(?:did|have|has|had)(?:n'?t)?\s+(?:i|we|you|it|they|he|she|the|my|that|this)\b|"
    r"(?:do|does)(?:n'?t)?\s+(?:i|we|you|it|they|he|she)\b|"
    r"remind me (?:what|when|if|whether|which)\b|"
    r"(?:is|are|was|were)(?:n'?t)?\s+(?!there\b)|(?:when|when's|whens|what time)\b|"
    r"(?:should|shall|must)\s+(?:i|we)\b|"
    r"(?:tell me|let me know|do you know|any idea)\s+(?:if|whether|when)\b|any chance\b|"
    r"i wonder if\b)"
)
# A request with a question mark is still a request ("can you delete #4?").
_POLITE_REQUEST = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|please|pls)\W+)*(?:(?:can|could|would|will)\s+(?:you|u)|please|pls|"
    r"delete|remove|mark|complete|finish|move|push|reschedule|rename|change|set|make|tick|"
    r"check off|cross off|close|reopen|undo|clear|tag|untag|update|add)\b"
)


def is_question(low: str) -> bool:
    low = _COURTESY.sub("", low.strip())
    if re.match(r"^(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:tell me|let me know)\b", low):
        return True
    if _QUESTION_START.match(low):
        return True
    return low.rstrip().endswith("?") and not _POLITE_REQUEST.match(low)


# "don't delete anything", "don't add anything, just show me today".
_NEGATED = re.compile(
    r"^(?:please\s+)?(?:don'?t|do not|never|no need to)\s+(?:add|create|delete|remove|mark|"
    r"complete|finish|tick|change|touch|move|edit|update|cancel|erase|drop|rename)\b"
    r"[^,.;!]*[,.;!]*\s*(?:(?:just|but|only|instead|rather)\b\s*)?"
)
# Chatter before the request in its own sentence ("ugh, long day. can you add …").
_SENTENCE = re.compile(r"(?<=[.!])\s+(?=\S)")
# "I keep forgetting to back up my laptop, put it on the list for sunday".
_PUT_IT_ON = re.compile(
    r"^(.+?)[,;.]\s*(?:(?:can|could) you\s+|please\s+)?(?:put|add|stick|pop|jot)\s+"
    r"(?:it|that|this)\s+(?:down\s+)?(?:on|to|in|onto)\s+(?:my|the)\s+(?:todo |to-do |task )?"
    r"(?:list|tasks|todos)\b(.*)$"
)
# "I meant thursday next week", "make that saturday": a new date for the task just named.
_CORRECTED_DUE = re.compile(
    r"^(?:i meant|i mean|i said|make (?:it|that|this)|change (?:it|that) to|no,?)\s+(.+)$"
)


def _read(message: str, now: datetime, known_tags: TagNames) -> Request:
    text = fix_typos(normalise(re.sub(r"^(\W*)ad\b", r"\1add", message, flags=re.I)))
    original = re.sub(r"^(?:(?:hey|hi|hiya|ok|okay|so|yo)\W+)*", "", text.lower())
    sentences = _SENTENCE.split(text)
    for index, sentence in enumerate(sentences[1:], start=1):
        if _ADD_START.match(_COURTESY.sub("", sentence).lower()):
            text = " ".join(sentences[index:])
            break
    text = _COURTESY.sub("", _drop_lead_in(_COURTESY.sub("", text)))
    # "in 3 days remind me to check the oven": the date goes after the task.
    first = re.match(r"^(.+?)[,\s]+((?:please\s+)?remind me\b.*)$", text, re.I)
    if first and _parse_due(first.group(1), now):
        text = f"{first.group(2)} {first.group(1)}"
    low = text.lower()
    bare = low.strip(" .!?")
    if not bare or re.fullmatch(
        r"(?:help|\?+|h|menu|commands|what can you do|what can i (?:say|do|ask)(?: you)?|"
        r"how (?:do|does) (?:this|it|you) work|what do you do|how do i use (?:this|you)|"
        r"how (?:do|can|should) i (?:add|create|delete|remove|complete|finish|change|edit|"
        r"update|list|see|find|search|rename|move|reschedule|tag)\b.*|"
        r"what are (?:your|the) commands|usage|instructions|i need help|help me|help please)",
        bare,
    ):
        return Request("help")
    if re.fullmatch(
        r"(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|"
        r"hi there|hello there|hey there)(?: \w+)?",
        bare,
    ):
        return Request("greet")
    if re.fullmatch(
        r"(?:thanks?|thank you|thx|ty|cheers|great|cool|nice|awesome|perfect|ok|okay|"
        r"got it|alright)(?: (?:so much|a lot|very much|a bunch|mate|buddy))?",
        bare,
    ):
        return Request("thanks")
    if (appointment := _APPOINTMENT.match(low)) and (offer := _add(text[appointment.end() :], now)):
        offer.action = "offer"  # "I've got a job interview on thursday at 11"
        return offer
    asked = re.match(
        r"^(?:can|could|would|will)\s+(?:you|u)\s+(?!add|create|remind|put|make|set)", original
    )
    if asked and _TASK_VERBS.match(low) and (offer := _add(text, now)).title:
        offer.action = "offer"  # "can you order pizza": we cannot, but it can be a task
        return offer
    if negated := _NEGATED.match(low):
        rest = text[negated.end() :].strip(" ,.;!")
        if rest and not _NEGATED.match(rest.lower()):
            return _read(rest, now, known_tags)
        return Request("nothing")
    if re.search(r"\bhow (?:many|much)\b|\bcount (?:my|the)\b|\bnumber of\b", low) or re.search(
        r"^(?:what (?:did|have) i|(?:did|have) i (?=\w+ anything))\s*"
        r"(?:finish|finished|complete|completed|do|done|get done|accomplish|tick off|check off)",
        low,
    ):
        return _stats(low, known_tags)
    trailing_question = re.search(
        r"[,;]\s*(?:(?:is|was|has|did|does|are)\s+(?:it|that|this|they)\b[^,;]*|right|correct|"
        r"(?:didn'?t|haven'?t|hasn'?t|isn'?t|wasn'?t)\s+(?:i|it|we|they))\s*\?$",
        low,
    )
    if trailing_question:  # "I think I forgot to pay the bill, is it still open?"
        return Request("ask", ref=_ref(low[: trailing_question.start()], _ASK_WORDS | _DONE_WORDS))
    if _QUESTION_START.match(low) or re.match(r"^(?:tell me|let me know)\s+(?:if|whether)\b", low):
        asks_list = _LIST_START.match(low) and (
            _TASK_WORDS.search(low) or _tag_filter(low, known_tags)
        )
        about_one = re.match(r"^do (?:i|we) (?:still )?(?:have|need) to (?!do\b)\w+", low)
        if not about_one and (
            asks_list
            or re.search(r"\b(?:anything|any(?! idea| chance)|tasks|todos|everything|stuff)\b", low)
        ):
            return _list(low, known_tags, now)
        return Request(
            "ask", ref=_ref(low, _ASK_WORDS | _DONE_WORDS), filters=list_filters(low, known_tags)
        )
    if put := _PUT_IT_ON.match(low):
        return _add(text[: put.end(1)] + " " + text[put.start(2) :], now)
    if (due := _parse_due(low, now)) is not None and len(low.split()) <= 5:
        # "sorry, saturday" right after adding a task: its new date.
        return Request(
            "update",
            ref=Ref(pronoun=True),
            due_at=due,
            correction=True,
            time_only=is_time_only(low),
        )
    if corrected := _CORRECTED_DUE.match(low):
        if due := _parse_due(corrected.group(1), now):
            return Request(
                "update",
                ref=Ref(pronoun=True),
                due_at=due,
                time_only=is_time_only(corrected.group(1)),
            )
        if re.match(r"i (?:meant|mean)\b", low) and not _ID.search(low):
            # "oops I meant call dad": the task just added or changed gets that title.
            title = text[corrected.start(1) :].strip(" .!\"'")
            return Request(
                "update",
                ref=Ref(pronoun=True),
                title=title[:1].upper() + title[1:],
                correction=True,
            )
    add = _ADD_START.match(low)
    if (
        add
        and not re.match(r"^add\s+(?:a\s+|the\s+)?(?:tags?|labels?|notes?|description)\b", low)
        and (
            not re.match(r"^(?:make|put|schedule|pop|stick|throw|chuck|bung)\b", low)
            or _looks_like_add(low)
        )
    ):
        return _adds(text[add.end() :], now)
    if bulk := _bulk(low, known_tags):
        return bulk
    if (
        _OFF_TOPIC.search(low)
        and not re.search(
            # "long story short, …, delete it": a request that mentions a story is a request.
            r"\btasks?\b|#\d|\b(?:delete|remove|get rid of|mark|tick off|reschedule|rename)\b",
            low,
        )
        and not _is_complete(low)  # "good news, the flights are booked!"
    ):
        return Request("unknown")
    if _REOPEN.search(low):
        return Request(
            "reopen", ref=_ref(low, _REOPEN_WORDS), refs=_refs(low, _REOPEN_WORDS | _DONE_WORDS)
        )
    if update := _update(text, low, now):
        return update
    if _is_complete(low):
        return Request(
            "complete",
            ref=_ref(low, _COMPLETE_WORDS),
            refs=_refs(low, _COMPLETE_WORDS | _DONE_WORDS, done_parts=True),
            clause_ref=_clause_ref(low, _COMPLETE_WORDS),
        )
    if re.search(
        r"\b(?:delete|remove|trash|erase|get rid of|scrap|discard|forget about|nuke|"
        r"(?:don'?t|do not|no longer) need)\b"
        # Everyday words ("bin bags", "a drop of milk") delete only as the request's verb.
        r"|(?:^|\b(?:please|pls|just|then|so|and|i)\s+)(?:drop|cancel|kill|ditch|toss|bin|scratch|"
        r"lose)\b",
        low,
    ) and not _LIST_START.match(low):
        request = Request("delete", ref=_ref(low, _DELETE_WORDS), refs=_refs(low, _DELETE_WORDS))
        request.clause_ref = _clause_ref(low, _DELETE_WORDS)
        if _EVERYDAY_DELETE.match(low) and request.ref.words:
            request.otherwise = _add(text, now)
        return request
    searching = re.search(r"\b(?:search|find|look for|look up)\b", low)
    asks = _LIST_START.match(low) and (_TASK_WORDS.search(low) or _tag_filter(low, known_tags))
    if searching or asks:
        return _list(low, known_tags, now)
    if re.match(
        r"(?:my |all |the )?(?:tasks|todos|to-?dos|(?:todo |to-do |task )?list|agenda|overdue|"
        r"inbox)\b",
        bare,
    ):
        return _list(low, known_tags, now)
    named = re.fullmatch(
        r"(?:(?:show|list|see)\s+)?(?:me\s+)?(?:all\s+)?(?:my|the)\s+#?([\w-]+)"
        r"(?:\s+(?:tasks|todos|stuff|list|items))?(?:\s+(?:please|pls|plz|thanks))?",
        bare,
    )
    if named and named.group(1) in known_tags():
        return _list(low, known_tags, now)  # "my errands pls"
    if re.fullmatch(
        r"(?:show|list|display|view|see)(?: me)?(?: (?:all|everything|them|it all))?", bare
    ):
        return _list(low, known_tags, now)
    if low.endswith("?") and (_TASK_WORDS.search(low) or _tag_filter(low, known_tags)):
        return _list(low, known_tags, now)
    if _TASK_VERBS.match(low):
        return _add(text, now)
    return _offer(text, low, now) or Request("unknown")


# Something to do, said as a wish or a fact rather than a request: offered as a task.
_WISH = re.compile(
    r"^(?:(?:someday|some day|one day|eventually|at some point|sometime)\b[,\s]*)?"
    r"(?:i'?d (?:really )?(?:like|love) to|i would (?:really )?(?:like|love) to|"
    r"(?:it(?: would|'?d)|would) be (?:nice|good|great|cool|smart) to|i (?:really )?want to|"
    r"i wanna|(?:maybe|perhaps) (?:i|we) should|maybe|perhaps|i might|i wonder if i should|"
    r"(?:(?:i|we) (?:was|were|am|'m|are|'re) |been )?thinking (?:of|about)|i keep forgetting to|"
    r"i hope to|i plan to|i'?m planning to|we should|let'?s)\s+(?:finally\s+)?"
    r"|^(?:someday|some day|one day|eventually|at some point|sometime)\b[,\s]*"
)
_OUT_OF = re.compile(
    r"^(?:(?:we'?re|we are|i'?m|i am)\s+)?(?:out of|low on|almost out of|"
    r"running (?:low on|out of))\s+|^(?:(?:we|i)\s+)?need\s+(?:more\s+|some\s+|new\s+)?(?!to\b)"
)
# "I have a meeting with Jane on Friday at 2": an appointment, offered as a task.
_APPOINTMENT = re.compile(
    r"^(?:i have|i've got|i got|we have|we've got|there'?s)\s+(?:a|an|my|the)\s+(?=(?:\w+\s+)?"
    r"(?:meeting|appointment|call|class|lesson|dinner|lunch|interview|exam|test|flight|party|"
    r"check-?up|session|date)\b)"
)
_ANY_TASK_VERB = re.compile(_TASK_VERBS.pattern.removeprefix("^"))


def _verb_of(stem: str) -> str:
    """The verb of a gerund's stem: paint(ing), cut(ting) → cut, servic(ing) → service."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    if stem.endswith(("c", "v", "z", "ng", "rg", "at", "ir")) and not stem.endswith("eat"):
        return stem + "e"
    return stem


def _offer(text: str, low: str, now: datetime) -> Request | None:
    if (
        _OFF_TOPIC.search(low)
        or is_question(low)
        or re.match(r"(?:who|what|what's|whats|where|why|how|which|whose)\b", low)
        or re.search(r"\b(?:you|you're|your)\b", low)
        or re.search(r"\b(?:can'?t|cannot|won'?t|didn'?t|not)\b", low)
    ):
        return None
    needs = re.match(r"^(?:the\s+|my\s+|our\s+)?(.+?)\s+needs?\s+(\w+?)ing\b(.*)$", low)
    if out := _OUT_OF.match(low):
        request = _add("buy " + text[out.end() :], now)
    elif (
        needs
        and needs.group(2) not in ("th", "someth", "noth", "everyth", "anyth")
        and needs.group(1) not in ("it", "this", "that", "they", "he", "she", "everything")
    ):
        # "the fence needs painting" → "Paint the fence"
        thing = text[needs.start(1) : needs.end(1)]
        request = _add(f"{_verb_of(needs.group(2))} the {thing}{text[needs.start(3) :]}", now)
    elif wish := (_WISH.match(low) or _APPOINTMENT.match(low)):
        request = _add(text[wish.end() :], now)
    elif (
        _ANY_TASK_VERB.search(low) or re.search(r"\bneeds?\b", low) or _take_due(text, now)[1]
    ) and len(words_of(low)) >= 2:
        request = _add(text, now)  # "the car needs an oil change", "dentist tmrw at 9.30"
    else:
        return None
    if not request.title:
        return None
    request.action = "offer"
    return request


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
        or (low.startswith("schedule") and not _ID.search(low))
        or re.match(
            r"^(?:put|pop|stick)\s+(?:down\b|[\"'])", low
        )  # "put 'call plumber' under home"
    ) and not re.search(r"\bback on\b", low)  # "put the passport task back on my list"


# --- add ------------------------------------------------------------------------------


# Words before a colon that only point at the list, not at the task.
_LIST_LABEL = _words("something quick new reminder note to onto")
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
        return _add(rest[label.end() :] if label else rest, now)
    first, *more = [_add(part, now) for part in parts]
    if not all(request.title for request in (first, *more)):
        return _add(rest, now)  # "buy a present for tom, due friday": one task and its date
    first.more = more
    return first


# Words that start a phrase continuing the last one, never a to-do of its own.
_NOT_A_START = _words(
    """the a an my your our his her their some any this that these those and or but with for
    to in on at of from by she he they it it's she's he's they're we i which who so then ours
    mine yours theirs there here"""
)


def _todo_list(parts: list[str]) -> bool:
    """ "call anna, email ben and text carl", "wash the car, hoover the stairs and mow the
    lawn": every part a to-do of two words or more, led by a to-do verb (the first) or at
    least by no article, pronoun or preposition ("buy eggs, milk and flour" is one task)."""
    if len(parts) < 2 or not _TASK_VERBS.match(parts[0].lower()):
        return False
    return all(
        len(part.split()) >= 2
        and part.split()[0].lower() not in _NOT_A_START
        and "#" not in part
        and _take_priority(part)[1] is None  # "…, high priority" is a detail
        and not re.search(r"\b(?:is|are|was|were)\b|'s\b|'re\b", part.lower())  # a remark
        for part in parts
    )


def _add(rest: str, now: datetime) -> Request:
    request = Request("add")
    if quoted := _QUOTED.search(rest):
        # A quoted title is taken as written; the details are read from the rest.
        outside = rest[: quoted.start()] + " " + rest[quoted.end() :]
        details = _add(outside, now) if outside.strip() else Request("add")
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
    rest, request.tags = _take_tags(rest)
    rest, request.priority = _take_priority(rest)
    rest, request.due_at = _take_due(rest, now)
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


def _take_tags(text: str) -> tuple[str, list[str]]:
    # "buy bin bags #home low": the level after a tag is a detail of its own.
    text = re.sub(r"(#[a-z][\w-]*)\s+(?=(?:low|high|medium|urgent)\b)", r"\1, ", text, flags=re.I)
    tags: list[str] = []
    if match := _TAG_PHRASE.search(text):
        tags += [t.lstrip("#").lower() for t in re.split(r"\s*(?:,|\band\b|&)\s*", match.group(1))]
        text = text[: match.start()] + text[match.end() :]
    for match in _TAG.finditer(text):
        tags.append(match.group(1).lower())
    text = _TAG.sub("", text)
    return " ".join(text.split()), list(dict.fromkeys(t for t in tags if t))


# Words that only introduced the priority ("…, and make it urgent") go with it.
_PRIORITY_LEAD = re.compile(
    r"(?:[,\s]+(?:and|it'?s|it is|its|as|with|set(?: it)?(?: to| as)?|make it|"
    r"mark(?: it)?(?: as)?|at|to|a))*[,\s]*$",
    re.I,
)


def _take_priority(text: str) -> tuple[str, Priority | None]:
    for pattern, level in _PRIORITY_WORDS:
        if match := pattern.search(text):
            before = _PRIORITY_LEAD.sub("", text[: match.start()])
            after = re.sub(rf"^\s*{_PRIO}\b", "", text[match.end() :], flags=re.I)
            return " ".join(f"{before} {after}".split()), level
    return text, None


_UNITS = (
    r"(?:am|pm|a\.m|p\.m|days?|weeks?|hours?|hrs?|minutes?|mins?|months?|years?|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
)
_DATE_WORDS = _words(
    """today tomorrow yesterday last ago after tonight tmrw tmr tmw tomorow tommorow tonite
    morning afternoon evening
    night noon midnight next this coming in on at by due before until till for the a an of
    end eod eow eom eoy week weeks weekend month months year years day days hour hours hr hrs
    minute minutes min mins from now and am pm t z st nd rd th h utc fortnight one two three
    four five six seven eight nine ten eleven twelve
    mon monday tue tues tuesday wed weds wednesday thu thur thurs thursday fri friday sat
    saturday sun sunday jan january feb february mar march apr april may jun june jul july
    aug august sep sept september oct october nov november dec december"""
)


def _take_due(text: str, now: datetime) -> tuple[str, datetime | None]:
    """The longest trailing (or leading) phrase that reads as a date."""
    words = text.split()
    for size in range(min(len(words), 8), 0, -1):
        tail = " ".join(words[-size:])
        if due := _parse_due(tail, now):
            if size < len(words) and words[-size - 1].lower() in ("last", "previous", "past"):
                break  # "after the party last weekend": when it happened, not a due date
            return " ".join(words[:-size]), due
    for size in range(min(len(words) - 1, 6), 0, -1):
        head = " ".join(words[:size])
        if due := _parse_due(head, now):
            return " ".join(words[size:]), due
    return text, None


def _parse_due(phrase: str, now: datetime) -> datetime | None:
    """A date only if every word of `phrase` is date talk: dateparser alone reads dates
    into ordinary words ("the vet tomorrow morning")."""
    phrase = re.sub(r"(?:\s+(?:instead|please|pls|then|thanks|now))+$", "", phrase.strip(" ,.;!"))
    if (
        "#" in phrase
        or re.fullmatch(r"(?:right\s+)?now", phrase, re.I)
        or re.search(r"[£$€]\s*\d", phrase)  # "pay the window cleaner £20 friday"
        # "practise piano 30 minutes": a duration, not a due date ("in 30 minutes" is one).
        or re.fullmatch(r"\d+\s*(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)", phrase, re.I)
    ):
        # "#7" is a task, never the 7th; "cleaning the garage now" gives no due date.
        return None
    tokens = re.findall(r"[a-z]+|\d", phrase.lower())
    if not tokens or any(t not in _DATE_WORDS and not t.isdigit() for t in tokens):
        return None
    # A lone number is a title word ("read chapter 3"), not a day.
    if re.fullmatch(r"(?:the|a|an|in|on|by|this|next)?\s*\d{1,2}|a|an|the|may", phrase, re.I):
        return None
    if re.match(rf"\d+\s+(?!{_UNITS})", phrase, re.I):
        return None
    try:
        return resolve_due(_clock(phrase), now)
    except ValueError:
        return None


def is_time_only(phrase: str) -> bool:
    """ "3pm", "at 11:30", "to noon": a time of day, no day."""
    return bool(
        re.fullmatch(
            r"\s*(?:(?:at|by|to|for|till|until|due)\s+)*(?:\d{1,2}(?:[:.]\d{2})?\s*"
            r"(?:am|pm|a\.m\.?|p\.m\.?|h)?|noon|midday|midnight)(?:\s+(?:instead|now|then|please|pls|thanks))*[\s.!]*",
            phrase,
            re.I,
        )
    )


def _clock(phrase: str) -> str:
    """ "9.30" is 9:30; "at 3:30" with no am/pm is the afternoon, as "at 3" is."""
    phrase = re.sub(r"\b(\d{1,2})\.(\d{2})\b", r"\1:\2", phrase)
    return re.sub(
        r"(?<![\d:])([1-6]):(\d{2})\b(?!\s*(?:am|pm|a\.m|p\.m))", r"\1:\2pm", phrase, flags=re.I
    )


# --- references -----------------------------------------------------------------------

_COMPLETE_WORDS = _words(
    """done finished finish completed complete mark marked set check checked tick ticked cross
    crossed off did do is are was were now close closed wrap wrapped up it's its taken care been
    went to last night yesterday earlier today morning afternoon evening ago
    handled sorted dealt"""
)
_DELETE_WORDS = _words(
    """delete remove drop trash erase get rid scrap discard forget cancel nuke kill ditch toss
    bin scratch lose don't dont need anymore any more longer want"""
)
_REOPEN_WORDS = _words(
    """reopen re-open undo uncomplete un-complete untick un-tick uncheck un-check unmark
    un-mark mark as not done undone open pending incomplete unfinished back on list no isn't
    isnt aren't arent wasn't wasnt weren't haven't havent hasn't hasnt hadn't didn't didnt
    don't dont yet actually really even finished complete completed still need needs doing
    be been wrong mistake bad oops sorry never after"""
)
# Question words, dropped from the name of the task asked about.
_ASK_WORDS = _words(
    """did do does have has had is are was were am when when's whens what time should shall
    must didn't haven't hasn't isn't aren't wasn't already yet still done finished complete
    completed ever tell let know if whether any idea due deadline scheduled over been being
    got gotten remind what what's which need needs be ready happen happening planned think
    chance wonder
    forgot open pending today tonight tomorrow yesterday monday tuesday wednesday thursday
    friday saturday sunday week get round around manage managed remember remembered right
    correct"""
)
# Delete words that are also everyday errands ("cancel the gym membership", "lose 5 kg"):
# when no task has that name, the message is a new task, not a delete that finds nothing.
_EVERYDAY_DELETE = re.compile(r"^(?:lose|kill|drop|bin|toss|ditch|scratch|cancel|scrap)\b")
_PRONOUN = re.compile(r"^(?:it|that|this|that one|this one|that task|this task|the last one)$")


def _refs(low: str, action_words: frozenset[str], *, done_parts: bool = False) -> tuple[Ref, ...]:
    """Several tasks in one message: "3 and 4", "#1, #9", "the bill and the garage"; each
    part is read as a name of its own. With done_parts, a part that does not report done
    work ("I just got back from the shops") names nothing."""
    words = [w for w in words_of(low) if w not in action_words]
    numbers = [w for w in words if w.isdigit()]
    if len(numbers) >= 2 and all(w.isdigit() or w in ("and", "plus") for w in words):
        return tuple(Ref(task_id=int(number)) for number in dict.fromkeys(numbers))
    parts = [
        part
        for part in re.split(r"\s*(?:[,;&]|\band\b|\bplus\b|\bas well as\b)\s*", low)
        if words_of(part)
    ]
    if len(parts) < 2:
        return ()
    # "i finished the report and the slides": a part without a subject shares the verb.
    return tuple(
        Ref()
        if done_parts
        and not _is_complete(part)
        and re.search(r"\b(?:i|we|you|he|she|they)\b", part)
        else _ref(part, action_words)
        for part in parts
    )


def _clause_ref(
    low: str, action_words: frozenset[str], ignore: frozenset[str] = frozenset()
) -> Ref | None:
    clauses = [c for c in re.split(r"\s*(?:[,;]|\bso\b|\bthen\b)\s*", low) if c.strip()]
    if len(clauses) < 2:
        return None
    verb = next(
        (i for i, clause in enumerate(clauses) if _words(clause) & action_words), len(clauses) - 1
    )
    ref = _ref(clauses[verb], action_words | ignore)
    if ref.pronoun and verb > 0:
        dropped = action_words | ignore | _words("doesn't don't isn't no longer")
        ref = _ref(clauses[verb - 1], dropped)
    return ref if ref.words or ref.task_id is not None else None


def _ref(low: str, action_words: frozenset[str]) -> Ref:
    """Which task the rest of the message names once the action's own words are gone."""
    words = tuple(w for w in words_of(low) if w not in action_words)
    # A bare number is an id only when nothing else is left ("delete 4", not "lose 5 kg").
    task_id = task_id_in(low, bare=len(words) == 1 and words[0].isdigit())
    if task_id is not None:
        return Ref(task_id=task_id)
    pronoun = bool(re.search(r"\b(?:it|that|this|its)\b", low))
    return Ref(words=words, pronoun=pronoun and not words)


# What was done to a task, said in the past: "(I) paid the bill", "flights booked".
_DONE_VERBS = (
    r"(?:bought|called|paid|emailed|e-mailed|booked|cleaned|wrote|written|sent|fixed|prepared|"
    r"went to|"
    r"submitted|renewed|watered|walked|washed|cooked|ordered|returned|texted|visited|studied|"
    r"planned|reviewed|met|took|taken|made|picked up|posted|mailed|filed|signed|printed|packed|"
    r"fed|vacuumed|mowed|organi[sz]ed|replied to|answered|rang|phoned|cancelled|canceled|"
    r"scheduled|practi[sc]ed|learned|drafted|collected|dropped off|registered|backed up)"
)
_DONE_WORDS = _words(
    """bought called paid emailed e-mailed booked cleaned wrote written sent fixed prepared
    submitted renewed watered walked washed cooked ordered returned texted visited studied
    planned reviewed met took taken made picked posted mailed filed signed printed packed fed
    vacuumed mowed organised organized replied answered rang phoned cancelled canceled
    scheduled practised practiced learned drafted collected dropped registered backed clean
    ready went sorted handled"""
)
_BASE_VERBS = (
    r"(?:buy|call|email|e-mail|pay|book|clean|write|send|fix|prepare|submit|renew|water|walk|"
    r"wash|cook|order|return|text|visit|study|plan|review|meet|take|make|pick up|post|mail|"
    r"file|sign|print|pack|feed|vacuum|mow|organi[sz]e|reply|answer|ring|phone|cancel|"
    r"schedule|practi[sc]e|learn|draft|collect|drop off|register|back up|finish|complete|do|"
    r"read|get round to)"
)
# "I haven't watered the plants yet", "the tap isn't actually fixed", "untick the gym".
_REOPEN = re.compile(
    r"\b(?:reopen|re-open|undo|un-?complete|un-?tick|un-?check|un-?mark|"
    r"mark\b.*\b(?:as )?(?:not done|undone|open|pending|incomplete|not finished|unfinished)|"
    rf"mark\b.*\bnot\s+(?:yet\s+)?{_DONE_VERBS}|"
    r"back on (?:my |the )?(?:todo |to-do |task )?(?:list|tasks|todos)|"
    rf"(?:is|are|was|were)(?:n'?t| not)\s+(?:actually\s+|really\s+|quite\s+)?"
    rf"(?:done|finished|complete|completed|{_DONE_VERBS})|"
    rf"(?:have|has|had)(?:n'?t| not)\s+(?:(?:actually|really|even|been|yet)\s+)*"
    rf"(?:done|finished|completed|{_DONE_VERBS}|got round to|gotten round to|to|gone to)|"
    rf"(?:did|do)(?:n'?t| not)\s+(?:actually\s+|really\s+)?{_BASE_VERBS}|"
    rf"never\s+(?:actually\s+|really\s+)?(?:{_DONE_VERBS}|{_BASE_VERBS})|"
    r"not (?:done|finished) yet|still (?:needs?|has) (?:doing|to be done)|still to do)\b"
)


# With a subject, "read" and "got" are past too; without one they start a new task.
_PAST_TENSE = re.compile(
    rf"^(?:(?:i|we)(?:'ve)?\s+(?:just\s+|already\s+|finally\s+|have\s+)*(?:{_DONE_VERBS}|read|"
    rf"got)|(?:just\s+|already\s+|finally\s+)?{_DONE_VERBS})\b"
)
# "the flights are booked now", "garage is clean": a task's name, then that it is done.
_NOW_DONE = re.compile(
    rf"\b(?:is|are|was|were|got|has been|have been)?\s*(?:now\s+|all\s+|finally\s+)?"
    rf"(?:{_DONE_VERBS}|clean|ready|sorted|sorted out|handled)(?:\s+now)?\W*$"
)


# "is the dentist booked?", "i want the garage cleaned": not reports that it is done.
_WISH_OR_QUESTION = re.compile(
    r"\?\s*$|^(?:is|are|was|were|did|do|does|has|have|had|will|would|can|could|should)\b|"
    r"^(?:i\s+|we\s+)?(?:want|need|wanna|would like|'d like|should|must|have to|gotta|"
    r"let'?s|get|please|pls)\b"
)


# "I almost finished the report", "I'll have paid it by friday": not done yet.
_NOT_DONE_YET = re.compile(
    r"\b(?:almost|nearly|not quite|half|partly|partially|about to|going to|gonna|will|won't|"
    r"can't|cannot|couldn't|(?:i|we|you|it|they)'ll)\b"
)


def _is_complete(low: str) -> bool:
    if _NOT_DONE_YET.search(low) and not re.match(r"(?:mark|tick|check|cross|complete)\b", low):
        return False
    if _PAST_TENSE.match(low) and not low.endswith("?"):
        return True
    if _NOW_DONE.search(low) and not _WISH_OR_QUESTION.search(low) and not _TASK_VERBS.match(low):
        return True
    if _LIST_START.match(low) and not re.match(r"^(?:check|tick|cross)\s+off\b", low):
        return False
    return bool(
        re.search(
            rf"^(?:mark|set|flag)\b.*\b(?:done|complete|completed|finished|sorted|handled|"
            rf"ticked|checked|read|{_DONE_VERBS})\b"
            r"|\b(?:finished|completed|did|done with|done w/|finished with|wrapped up|"
            r"took care of|taken care of|handled|sorted out|dealt with|checked off|ticked off|"
            r"crossed off)\b"
            r"|^(?:complete|finish|close|check off|tick off|cross off|done|tick)\b"
            r"|\b(?:is|are|'s|was|were|it's|its)\s+(?:now\s+|all\s+)?(?:done|finished|complete|"
            r"completed|taken care of|sorted|handled)\b"
            r"|\b(?:check|tick|cross)\b.*\boff\b|\bdone\b\W*$",
            low,
        )
    )


# --- update ---------------------------------------------------------------------------

_UPDATE_VERB = re.compile(
    r"\b(?:rename|retitle|reschedule|postpone|push(?: back)?|move|delay|bump|shift|defer|can wait|"
    r"wait (?=until|till|til)|(?:moved|rescheduled|shifted|pushed|changed)(?= to\b)|"
    r"change|set|make|update|edit|modify|prioriti[sz]e|deprioriti[sz]e|raise|lower|"
    r"upgrade|downgrade|tag|label|untag|clear|unset|add (?:a |the )?(?:tag|note|label)|"
    r"call it)\b"
)
_FIELD = re.compile(
    r"\b(?:due(?: date)?|deadline|priority|prio|title|name|tags?|labels?|description|"
    r"notes?|date)\b"
)


_CLEAR_DUE = re.compile(
    r"\b(?:clear|remove|drop|delete|unset|take off|get rid of|no longer has|doesn'?t have|"
    r"without|no)\b(?:\s+(?:the|a|any|its))?\s+(?:due\s+date|deadline|due)\b"
    r"(?:\s+(?:of|from|for|on))?",
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


_RENAME = re.compile(
    # "call" renames only a task already pointed at: in "call mom to …" it is the task.
    r"\b(?:rename|retitle|change\s+the\s+(?:title|name)\s+of|call(?=\s+(?:it|that|this|#\d)))"
    r"\s+(.+?)\s+(?:to|as|into)\s+(.+)$"
    r"|\b(?:change|set|update)\s+(.+?)'?s?\s+(?:title|name)\s+to\s+(.+)$"
    r"""|\b(?:change|update|replace)\s+(["'].+?["'])\s+(?:to|with)\s+(["'].+["'])$""",
    re.I,
)


def _renamed(rename: re.Match[str]) -> str:
    """The task being renamed: the first group of whichever phrasing matched."""
    return next(text for text in rename.groups()[0::2] if text)


def _new_title(rename: re.Match[str]) -> str:
    return next(text for text in rename.groups()[1::2] if text).strip(" .\"'")


# Words of another action: with them "#4 … low priority" is not a change of priority.
_OTHER_ACTION = (
    r"\b(?:delete|remove|drop|trash|erase|cancel|complete|done|finish(?:ed)?|mark|close)\b"
)


def _update(text: str, low: str, now: datetime) -> Request | None:
    has_verb = _UPDATE_VERB.search(low)
    field_talk = _FIELD.search(low) or re.search(
        r"\b(?:urgent|important|high|low|medium|normal)\b", low
    )
    sentence = re.search(
        r"(?:\b(?:is|are|should be|needs to be|has to be|must be)|'s)\s+"
        r"(?:(?:now|actually|really|instead|still)\s+)*(?:due|urgent|"
        r"important|high|low|not urgent|on|at|by|(?:done|finished|completed)\s+(?:by|before|on))\b"
        r"|\b(?:isn'?t|aren'?t|it'?s not|its not|is not)\s+(?:urgent|important)\b",
        low,
    )
    clear = _CLEAR_DUE.search(text)
    # "#13 high priority": a task named by its number with a new value needs no verb.
    by_id = _ID.search(low) and field_talk and not re.search(_OTHER_ACTION, low)
    if not (has_verb or sentence or clear or by_id) or (not has_verb and _LIST_START.match(low)):
        return None
    request = Request("update")
    rest = text
    # Clearing a due date comes first: it uses delete words ("remove the due date").
    if clear:
        request.clear_due = True
        rest = rest[: clear.start()] + " " + rest[clear.end() :]
    elif (rename := _RENAME.search(rest)) and not _parse_due(_new_title(rename), now):
        # "reschedule call mom to saturday" names a day, not a new title.
        ref_text = _renamed(rename)
        title = _new_title(rename)
        request.title = title[:1].upper() + title[1:]
        request.ref = _update_ref(ref_text)
        return request
    elif not (has_verb or field_talk or sentence):
        return None
    if desc := re.search(
        r"\b(?:add\s+(?:a\s+)?(?:note|description)\s+(?:to\s+(.+?))?\s*"
        r"(?::|saying|that says)\s*(.+)$"
        r"|(?:set|change|update)\s+the\s+(?:description|notes?)\s+(?:of\s+(.+?)\s+)?to\s+(.+)$)",
        rest,
        re.I,
    ):
        request.description = (desc.group(2) or desc.group(4)).strip(" \"'")
        rest = rest[: desc.start()] + " " + (desc.group(1) or desc.group(3) or "")
    if untag := re.search(
        r"\b(?:untag|remove\s+(?:the\s+)?tag)\s+#?([\w-]+)\s+(?:from\s+)?", rest, re.I
    ):
        request.tags = ["-" + untag.group(1).lower()]
        rest = rest[: untag.start()] + " " + rest[untag.end() :]
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
        rest, tags = _take_tags(rest)
        # "tag it #home instead" replaces the tags; otherwise they are added.
        sign = "=" if re.search(r"\binstead\b", text, re.I) else "+"
        request.tags = [sign + t for t in tags]
    if not request.clear_due:
        before = rest
        rest, request.due_at = _take_new_due(rest, now)
        request.time_only = before.startswith(rest) and is_time_only(before[len(rest) :])
    if re.search(r"\bdeprioriti[sz]e|\blower\b|\bdowngrade\b", rest, re.I):
        request.priority = "low"
        rest = re.sub(
            r"\b(?:deprioriti[sz]e|lower|downgrade)\b(?:\s+the\s+priority\s+of)?",
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
        rest, request.priority = _take_priority(rest)
    changed = (
        request.clear_due
        or request.due_at
        or request.priority
        or request.tags
        or request.description is not None
    )
    if not changed:
        return None
    request.ref = _update_ref(rest)
    request.clause_ref = _clause_ref(rest.lower(), _UPDATE_WORDS, _DATE_WORDS)
    return request


def _take_new_due(text: str, now: datetime) -> tuple[str, datetime | None]:
    """ "move #5 to friday": the first 'to/till/…' whose remainder is all a date."""
    separators = re.finditer(r"\b(?:to|till|until|for|by|on|due|at|back to|into)\b", text, re.I)
    for sep in separators:
        if due := _parse_due(text[sep.end() :], now):
            return text[: sep.start()], due
        if sep.group(0).lower() == "at" and (due := _parse_due(text[sep.start() :], now)):
            return text[: sep.start()], due  # "the dentist is at 11 now": "at 11" is a time
    # "push #5 a week", "postpone the report tomorrow": a trailing date without a separator.
    rest, due = _take_due(text, now)
    if due and re.search(
        r"\b(?:move|reschedule|postpone|push|delay|bump|shift|defer|wait|deadline|due date)\b",
        rest,
        re.I,
    ):
        return rest, due
    return text, None


_UPDATE_WORDS = _words(
    """rename retitle reschedule postpone push back move delay bump shift defer change set
    make update edit modify prioritize prioritise deprioritize deprioritise raise lower
    upgrade downgrade tag tagged label untag clear unset due date deadline priority prio
    title name description note notes to is should be needs has add new and the its it's
    than be high low medium normal urgent important level forgot forget"""
)


def _update_ref(text: str) -> Ref:
    return _ref(text.lower(), _UPDATE_WORDS)


# --- lists, stats, bulk ---------------------------------------------------------------


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
    if tag := _tag_filter(low, known_tags):
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


def _list(low: str, known_tags: TagNames, now: datetime | None = None) -> Request:
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


_LIST_TALK = _words(
    """show list display view see get give tell what what's whats which any anything do does
    did have is are there check pull let lemme me search find look where due overdue late
    today tonight tomorrow week next pending open completed finished done high low medium
    normal priority urgent important tagged tag how many much count left remaining number
    stuff everything including need plate agenda"""
)


def _tag_filter(low: str, known_tags: TagNames) -> str | None:
    if match := re.search(
        r"\b(?:tagged|tag|labell?ed|label|with tag|under)\s+(?:as\s+|with\s+)?#?([\w-]+)", low
    ):
        return match.group(1)
    if match := _TAG.search(low):
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
