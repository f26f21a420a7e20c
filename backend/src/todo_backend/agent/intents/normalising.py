"""Making a message readable before any rule sees it: quotes, dashes, emoji and chat
shorthand, typos in the intent words, courtesies and asides before the request."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import datetime

from todo_backend.agent.intents.details import only_priority, take_priority
from todo_backend.agent.intents.due import DATE_WORDS, parse_due, take_due
from todo_backend.agent.intents.lexicon import (
    ADD_START,
    COURTESY,
    EVERYDAY_DELETE,
    QUESTION_START,
    TASK_VERBS,
    word_set,
)
from todo_backend.agent.intents.request import Message, TagNames


def _sorted_words(text: str) -> list[str]:
    """In a fixed order, so fuzzy matching picks the same word every run."""
    return sorted(word_set(text))


# Intent words often mistyped; only the first two and the last word get corrected, where
# the intent lives, so a task's own words are never "fixed".
_VOCABULARY = _sorted_words(
    """add create remember remind delete remove complete completed finished finish done show
    list display tasks task rename reschedule postpone priority urgent important search
    overdue mark cancel update change tomorrow reopen high paid uncheck untick tag untag make
    move everything"""
)

# Real words a fuzzy match would "correct" into a different intent.
_NOT_TYPOS = word_set(
    """move moved schedule scheduled shows lists reminder reminders removed deleted created
    changed updated marked listed shown remained asks movie movies"""
)

# Chat shorthand, as whole words: the rules are written for the long forms.
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
    "tday": "today",
    "tomoro": "tomorrow",
    "tmoro": "tomorrow",
    "tdy": "today",
    "plz": "please",
    "thx": "thanks",
    "tmrw": "tomorrow",
    "tht": "that",
    "taht": "that",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "2moro": "tomorrow",
    "waht": "what",
    "wen": "when",
    "whn": "when",
    "srry": "sorry",
    "sry": "sorry",
    "soz": "sorry",
    # Nigerian Pidgin: "abeg show me wetin I get for today".
    "wetin": "what",
}


_NUMBER_WORDS = {
    word: str(number)
    for number, word in enumerate(
        (
            *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
            *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
            *("eighteen", "nineteen", "twenty"),
        ),
        start=1,
    )
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
    # "add: write the notes -> end of month / #oncall": in a new task, arrows and slashes
    # set its details apart.
    if ADD_START.match(COURTESY.sub("", text).lower()):
        text = re.sub(r"\s+(?:/|->|=>|\u2192)\s+", "; ", text)
    # "#16 -> pending", "#3 => done": a task and its new state.
    text = re.sub(
        r"^(.+?)\s*(?:->|=>|\u2192)\s*(done|complete|completed|finished|pending|open|todo|to do|"
        r"not done|undone)(?=\s*(?:[,.;!]|$))",
        r"mark \1 as \2",
        text,
        flags=re.I,
    )
    # "slides -> not urgent", "dentist -> 14:00": the task, then what it becomes; after a
    # word like "anyway" the arrow only leads on; after a verb it reads "to".
    text = re.sub(
        r"\b(anyway|so|then|ok|okay|next|also)\s*(?:->|=>|\u2192)\s*", r"\1, ", text, flags=re.I
    )
    # "bank call -> what time?", "report -> done?": before a question the arrow only asks.
    text = re.sub(
        r"\s*(?:->|=>|\u2192)\s*(?=(?:what|when|which|how|who|is|are|did)\b|"
        r"(?:done|finished|due|status)\s*\?)",
        ", ",
        text,
        flags=re.I,
    )
    text = re.sub(
        r"^(?!(?:move|push|bump|shift|change|set|rename|make|reschedule|postpone)\b)"
        r"([^,;>]+?)\s*(?:->|=>|\u2192)\s*(?!(?:what|when|which|how|who|is|are)\b)",
        r"set \1 to ",
        text,
        flags=re.I,
    )
    text = re.sub(r"\s*(?:->|=>|\u2192)\s*", " to ", text)
    # "incident retro ran over / pager fired / push #9 to tue": slashes between sentences.
    text = re.sub(r"\s+/\s+", ". ", text)
    text = re.sub(r"\bw/(?=\s|$)", "with", text, flags=re.I)
    # "pls mark 13 as done po": Filipino "po" is only politeness.
    text = re.sub(r"\s+po\b(?=\s*[.!?,]*\s*$)|(?<=\w)\s+po(?=[,.!?])", "", text, flags=re.I)
    # "delete numbers 2 and 13", "tasks 6, 7 and 15": each number a task's.
    text = re.sub(
        r"\b(?:tasks|numbers|items|todos|nos\.?|ids)\s+#?(\d+(?:\s*(?:,|and|&|\+)\s*#?\d+)+)\b",
        lambda said: re.sub(r"#?(\d+)", r"#\1", said.group(1)),
        text,
        flags=re.I,
    )
    text = re.sub(r"(?<=[a-z])\s+\+\s+(?=[a-z])", " and ", text, flags=re.I)  # "tickets + hoodie"
    # Bullet lines ("- new task: …\n- priority high\n- due mon"): one message, in parts.
    if re.match(r"\s*[-*•]\s", text) and "\n" in text:
        text = ", ".join(line.strip(" -*•") for line in text.splitlines() if line.strip(" -*•"))
    # "can ye add …": the Scots "you" (alone, "ye" may be a "yes").
    text = re.sub(r"\b(can|could|would|will)\s+ye\b", r"\1 you", text, flags=re.I)
    text = re.sub(r"\ban'(?=\s)", "and", text, flags=re.I)
    # "mind adding 'renew the rego'?", "would it be possible to add …": a polite ask.
    text = re.sub(
        r"\b(?:(?:would|will)\s+it\s+be|is\s+it)\s+possible\s+(?:for\s+you\s+)?to\s+"
        r"(?=(?:add|remind|put|create|jot|set)\b)",
        "",
        text,
        flags=re.I,
    )
    text = re.sub(
        r"\b(?:(?:would|do)\s+(?:you|u)\s+)?mind\s+(add|remind|put|jott|creat|sett)ing\b",
        lambda said: {"jott": "jot", "creat": "create", "sett": "set"}.get(
            said.group(1).lower(), said.group(1)
        ),
        text,
        flags=re.I,
    )
    # "prio 9 high": shorthand for a task's new priority.
    text = re.sub(
        r"^prio(?:rity)?\s+#?(\d+)\s+(low|medium|normal|high)\W*$",
        r"make #\1 \2 priority",
        text,
        flags=re.I,
    )
    # "movethe dentist", "markit done": a verb run into the next word.
    text = re.sub(
        r"\b(move|mark|make|delete|remove|show|tick|add)(the|my|it|that)\b",
        r"\1 \2",
        text,
        flags=re.I,
    )
    # "Paid the electricity bill (€184.37)": an amount in brackets names no task.
    text = re.sub(r"\s*\((?=[^)]*(?:[€$£]|\d[.,]\d))[^)]*\)", "", text)
    # "mark four and six done", "reopen ten and fourteen": numbers in words after a change.
    text = re.sub(
        rf"\b(mark|tick|complete|finish|close|delete|remove|reopen|untick|done with)\s+"
        r"(?:(?:tasks?|numbers?|items?)\s+)?"
        rf"((?:{'|'.join(_NUMBER_WORDS)})(?:\s*(?:,|and|&|\+)\s*(?:{'|'.join(_NUMBER_WORDS)}))*)\b",
        lambda said: (
            said.group(1)
            + " "
            + re.sub(
                rf"\b(?:{'|'.join(_NUMBER_WORDS)})\b",
                lambda number: _NUMBER_WORDS[number.group(0).lower()],
                said.group(2),
                flags=re.I,
            )
        ),
        text,
        flags=re.I,
    )
    # "move bank call to 1130": a 24-hour time without its colon.
    text = re.sub(
        r"\b(to|at|by|for|@|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|\w+day|today|tonight|"
        r"tomorrow|tmrw)\s+([01]?\d|2[0-3])([0-5]\d)\b(?![-/.:]\d)"
        r"(?!\s*(?:am|pm|h|hrs?|hours?)\b)",
        r"\1 \2:\3",
        text,
        flags=re.I,
    )
    # "task number five", "rename task thirteen": a task's number said in words.
    text = re.sub(
        rf"\b(task|number|no\.?|item|#)\s+({'|'.join(_NUMBER_WORDS)})\b",
        lambda said: f"{said.group(1)} {_NUMBER_WORDS[said.group(2).lower()]}",
        text,
        flags=re.I,
    )
    text = re.sub(r"\b([ap])\.m\.?(?=\W|$)", r"\1m", text, flags=re.I)
    # A check mark after a task's name says it is done ("slides ✅").
    text = re.sub(r"\s*[\u2705\u2714\u2611\u2713]\ufe0f?(?=\s*$)", " done", text)
    # "buy a cake for Lily!!! 🎂🎉": marks before emoji are excitement, not urgency.
    text = re.sub(
        r"!{2,}(?=\s*(\S))", lambda said: "!" if _is_emoji(said.group(1)) else said.group(0), text
    )
    text = "".join(" " if _is_emoji(char) else char for char in text)
    text = re.sub(r"\b(?:whta|wat|wut|whit|waht)'s\b", "what's", text, flags=re.I)
    # Scots "the morra" is tomorrow; "cna you", "cn u" are a slip for "can you".
    text = re.sub(r"\bthe\s+morra\b", "tomorrow", text, flags=re.I)
    text = re.sub(r"\b(?:cna|cn)(?=\s+(?:you|u|i|we)\b)", "can", text, flags=re.I)
    text = re.sub(
        r"(?<![\w'#-])(\w+)(?![\w'-])",
        lambda m: _SHORTHAND.get(m.group(1).lower(), m.group(1)),
        text,
    )
    # Hesitations said aloud ("um add uh renew the car registration").
    text = re.sub(
        r"(?<![\w'-])(?:u+m+|u+h+m*|e+r+m*|hm+|a+h+)(?![\w'-])[,.]*", " ", text, flags=re.I
    )
    return _command_line(_without_sign_off(_first_person(" ".join(text.split()).strip())))


# Someone typing for another ("Grandpa says add …", "Mum says she needs to call the
# vet"): the request is theirs, said as if by the user.
_SPEAKER = re.compile(
    r"^(?:(?:my|our)\s+)?(?:grandpa|grandad|granddad|grandma|granny|gran|nan|nana|mum|mom|"
    r"mam|dad|mother|father|wife|husband|partner|hubby|boss|son|daughter|sister|brother|"
    r"aunt|auntie|uncle|(?-i:[A-Z][a-z]+))\s+(?:says|said|asks|asked|wants me to tell you)"
    r"(?:\s+(?:that|to))?[\s,:]+(?=\S)",
    re.I,
)
_THIRD_PERSON = re.compile(
    r"(^|[.!?;]\s+(?:(?:anyway|so|and|but)\W+)?)(?:he|she|they)\s*"
    r"(wants|needs|has|would like|'d like|'s got|'s|must|should|is going|'s going)\b",
    re.I,
)
_FIRST = {
    "wants": "I want",
    "needs": "I need",
    "has": "I have",
    "would like": "I would like",
    "'d like": "I'd like",
    "'s got": "I've got",
    "'s": "I've",
    "must": "I must",
    "should": "I should",
    "is going": "I'm going",
    "'s going": "I'm going",
}


def _first_person(text: str) -> str:
    if (speaker := _SPEAKER.match(text)) is None:
        return text
    return _THIRD_PERSON.sub(
        lambda said: said.group(1) + _FIRST[said.group(2).lower()], text[speaker.end() :]
    )


# Thanks or a letter's ending after the request ("…, thx", "Regards, George", "Thank you
# ever so much."), or a name alone after the last sentence ("I meant Tuesday. Edna").
_SIGN_OFF = re.compile(
    r"(?<=\S)[\s,.;!-]+(?i:(?:(?:kind|best|warm|warmest)\s+)?regards|thanks and regards|"
    r"sorry for (?:the |all the )?(?:hassle|trouble|bother|fuss)|"
    r"(?:(?:many|big|a big)\s+)?(?:thank\s*you|thanks|thx|ty|ta)"
    r"(?:\s+(?:so|very|ever so|a lot|a bunch|in advance|much|kindly|you))*|"
    r"cheers|love|best(?: wishes)?|yours(?: sincerely| truly| faithfully)?|sincerely)"
    r"[,.!]*(?:\s+[A-Z][\w'-]*\.?)?\s*$"
)
_NAME_AFTER = re.compile(r"(?<=[.!?])\s+([A-Z][a-z'-]+)\.?\s*$")


def _without_sign_off(text: str) -> str:
    text = _SIGN_OFF.sub("", text)
    if (
        (name := _NAME_AFTER.search(text))
        and name.group(1).lower() not in DATE_WORDS
        # "send the invoice to Mr. Sharma": a title before a name, not a sentence's end.
        and not re.search(r"\b(?:mr|mrs|ms|mx|dr|st|prof|mt|sr|jr)\.$", text[: name.start()], re.I)
    ):
        text = text[: name.start()]
    return text


# A list asked for as on a command line ("ls --tag home", "list --done -p high"): said in
# words ("list completed high priority tasks tagged home") for the list rules to read.
_COMMAND = re.compile(r"(?:ls|list|tasks|todos?)((?:\s+-{1,2}\w+(?:(?:=|\s+)[^\s-]\S*)?)*)", re.I)
_FLAG = re.compile(r"-{1,2}(\w+)(?:(?:=|\s+)([^\s-]\S*))?")
_FLAG_WORDS = {
    "all": "all",
    "a": "all",
    "done": "completed",
    "completed": "completed",
    "finished": "completed",
    "overdue": "overdue",
    "late": "overdue",
}
_FLAG_DUE = {"today": "due today", "week": "due this week", "tomorrow": "due tomorrow"}


def _command_line(text: str) -> str:
    command = _COMMAND.fullmatch(text)
    if command is None or not (command.group(1) or text.lower() == "ls"):
        return text
    before, after = ["list"], ["tasks"]
    for flag, value in _FLAG.findall(command.group(1).lower()):
        if flag in _FLAG_WORDS and not value:
            before.append(_FLAG_WORDS[flag])
        elif flag in _FLAG_DUE and not value:
            after.append(_FLAG_DUE[flag])
        elif flag in ("tag", "t") and value:
            after.append(f"tagged {value.lstrip('#')}")
        elif flag in ("priority", "prio", "p") and value:
            before.append(f"{value} priority")
        elif flag in ("search", "query", "grep", "q", "s") and value:
            after.append(f"matching {value}")
        else:
            return text  # a flag we do not know: better unread than misread
    # The search words last: the rest of the message would join them.
    after.sort(key=lambda words: words.startswith("matching"))
    return " ".join(before + after)


# Short intent words clipped at the start of a message ("shw my tasks").
_FIRST_WORD_SHORTHAND = {
    "rm": "remove",
    "del": "delete",
    "shw": "show",
    "sho": "show",
    "adn": "add",
    "lst": "list",
    "dne": "done",
    "mrk": "mark",
    "dlt": "delete",
    "rmv": "remove",
    "ls": "list",
    "grep": "search",
    "mv": "move",
    "mak": "make",
    "remnd": "remind",
    "undone": "reopen",
}


def fix_typos(text: str) -> str:
    words = text.split()
    # Also the word before "priority" ("make the flights hihg priority").
    before = {i - 1 for i, word in enumerate(words) if word.lower().startswith("prio") and i}
    # And the word before a noun for tasks ("shwo my overdeu tasks", "cmopleted stuff").
    before |= {
        i - 1
        for i, word in enumerate(words)
        if i and word.lower().strip(".,!?:") in ("tasks", "todos", "items", "stuff", "things")
    }
    for index in ({0, 1, len(words) - 1} | before) & set(range(len(words))):
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


# A short aside before the request ("quick one: buy stamps", "ugh i keep forgetting, add
# …"): dropped when what follows is plainly a new task and the aside asks for nothing.
_LEAD_IN = re.compile(r"^((?:[\w']+\s+){0,4}[\w']+)(\s*[,:;!]+|\s+-+)\s+(?=\S)")

_LEAD_IN_INTENT = word_set(
    """add create delete remove complete completed finish finished done mark move push
    rename change set make cancel drop show list update reschedule postpone tag untag"""
)


def _drop_lead_in(text: str, now: datetime) -> str:
    match = _LEAD_IN.match(text)
    if match is None or word_set(match.group(1).lower()) & _LEAD_IN_INTENT:
        return text
    if take_priority(match.group(1))[0] == "":
        # "not urgent: clean the fridge": the aside is the priority, the rest the task.
        return f"{text[match.end() :]}, {match.group(1)}"
    if ":" in match.group(2) and parse_due(match.group(1), now):
        # "next week: renew the car registration": the aside is the due date.
        return f"{text[match.end() :]} {match.group(1)}"
    if ADD_START.match(text.lower()):
        return text  # "new task: finish the slides" is itself the request
    rest = text[match.end() :]
    low = rest.lower()
    # After a comma a verb may be about the task just named ("the garage can wait, make it
    # low"); only a label ending in a colon is surely followed by the task itself.
    # A delete word stays with its aside ("quick one: cancel my dentist" may be a new task).
    labelled = ":" in match.group(2) and TASK_VERBS.match(low) and not EVERYDAY_DELETE.match(low)
    asks_to_add = re.match(
        r"(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:add|create)\b"
        # "for the Sarah email, add a note: …": the aside names the task the note is for.
        r"(?!\s+(?:in\s+)?(?:a\s+|the\s+)?(?:note|notes|desc|descr|description|tag|label)\b)",
        low,
    )
    # "just checking - is the report still overdue?": the aside leads to a question.
    question = QUESTION_START.match(low) and low.rstrip().endswith("?")
    return rest if labelled or asks_to_add or question else text


# Chatter before the request in its own sentence ("ugh, long day. can you add …"), or in
# the same one after a turn ("… and Jake forgot his lunchbox again anyway can you remind
# me …", "flat inspection is on friday so pls add …").
_SENTENCE = re.compile(r"(?<=[.!])\s+(?=\S)")
_TURN = re.compile(r"(?:[,;:]|\s-+)\s+|\s+(?=(?:anyway|so|but|and)\s)")

# "…, the slides are now due tuesday at noon, can u update that": the ask adds nothing.
_TRAILING_ASK = re.compile(
    r"(?<=\S)[\s,.;-]+(?:(?:can|could|would|will)\s+you\s+|please\s+|pls\s+)?"
    r"(?:update|change|fix|sort|note|record)\s+(?:that|it|this)(?:\s+(?:for me|please|pls))?"
    r"[\s?.!]*$",
    re.I,
)


# "The dentist, put it at 11h instead.", "the oat milk, I have bought it": the task named
# first, then "it" in what is asked.
_TOPIC = re.compile(
    r"^((?:the|my|our)\s+[^,:;]{2,60}?)\s*,\s+(?:(?:i have|i've)\s+come to realise,?\s*)?"
    r"((?:[^,;]*?\s)?)(it|them)\b(.*)$",
    re.I,
)


def topic_named(text: str) -> str:
    topic = _TOPIC.match(text)
    if topic is None or re.search(r"\b(?:is|are|was|were)\b", topic.group(1), re.I):
        return text
    return f"{topic.group(2)}{topic.group(1)}{topic.group(4)}"


_ADD_IT = re.compile(
    r"(?:add|put|jot|note|write)\s+(?:it|that|this)(?:\s+down)?\b[\s.!]*"
    r"(?:(?:please|pls|thanks|thank you)[\s.!]*)?$"
)


# "make the bank call high priority - sorry, I mean medium", "add stamps at 3, sorry I
# mean at 4", "mark the slides as done? sorry, I mean the report, not the slides".
_SELF_CORRECTION = re.compile(
    r"^(.+?)\s*(?:[,;.!?]+|\s-+)\s*(?:(?:sorry|oops|no|wait|actually|erm)\W*\s*)+"
    r"(?:i\s+mean|i\s+meant|make\s+(?:that|it))\s+(.+)$",
    re.I,
)


def _self_corrected(text: str, now: datetime) -> str:
    """The message with its own correction applied: the priority, date or name said last."""
    said = _SELF_CORRECTION.match(text)
    if said is None:
        return text
    first, fix = said.group(1), re.split(r"\s*[,;]\s*", said.group(2).strip(" .!"))[0]
    not_this = re.search(r",\s*not\s+(.+?)\W*$", said.group(2))
    if not_this and not_this.group(1).lower() in first.lower():
        return re.sub(re.escape(not_this.group(1)), fix, first, count=1, flags=re.I)
    if take_priority(first)[1] and take_priority(fix)[1] is None:
        level = re.fullmatch(r"(low|medium|normal|high)", fix, re.I)
        if level:
            return f"{take_priority(first)[0]}, {level.group(1)} priority"
    if take_priority(first)[1] and take_priority(fix)[1]:
        return f"{take_priority(first)[0]}, {fix}"
    if parse_due(fix, now) is not None:
        rest, due = take_due(first, now)
        if due is not None:
            return f"{rest} {fix}"
    return text


_ADD_BOTH = re.compile(
    r"(?:add|put down|jot down|note down)\s+(?:both(?:\s+of\s+them)?|them(?:\s+all|\s+both)?|"
    r"all\s+of\s+them|these|those|the\s+(?:two|three|four)(?:\s+of\s+them)?)\b(.*)$",
    re.I,
)


def _request_within(text: str, now: datetime) -> str:
    """From the request on, when chatter comes first and the request asks to add."""
    if ADD_START.match(COURTESY.sub("", text).lower()):
        return text
    for sentence in _SENTENCE.finditer(text):
        # "… in a biscuit tin. Anyway, remind me to …": the turn word leads on.
        rest = re.sub(r"^(?:anyway|so|ok|okay)\b\W*", "", text[sentence.end() :], flags=re.I)
        told = text[: sentence.start()].rstrip(" .!")
        if (both := _ADD_BOTH.match(COURTESY.sub("", rest))) and ":" in told:
            # "Two action items: draft the update and hire a lead. Add both": the items
            # are told before.
            return f"add both: {told.rsplit(':', 1)[1].strip()}{both.group(1)}"
        if ADD_START.match(COURTESY.sub("", rest).lower()):
            # "… I need to pick up Mia at 4:30. add that.": the task is told before.
            return text if _ADD_IT.match(COURTESY.sub("", rest).lower()) else rest
    for turn in _TURN.finditer(text):
        rest = re.sub(r"^(?:anyway|so|but|and)\b\W*", "", text[turn.end() :], flags=re.I)
        # Only an unmistakable request to add: "so add …", "can you remind me …".
        if re.match(
            r"(?:(?:please|pls|plz|kindly)\s+|(?:can|could|would|will)\s+you\s+(?:please\s+)?)"
            r"(?:add|remind me|put|jot|note down|create)\b|(?:add|remind me to)\b",
            rest,
            re.I,
        ) and not re.match(  # "flights: add tag wedding": what came first is the task
            r"(?:add|put|stick|pop|attach)\s+(?:in\s+)?(?:a\s+|the\s+)?"
            r"(?:note|notes|desc|descr|description|tag|label)\b",
            rest,
            re.I,
        ):
            # "In 2 hours, remind me to …", "It is rather important, so please add …": what
            # came first is the new task's date or priority.
            said = text[: turn.start()]
            if parse_due(said, now) or only_priority(said):
                return f"{rest.rstrip(' .!')}, {said}"
            return rest
    return text


def prepare(message: str, now: datetime, known_tags: TagNames) -> Message:
    """The message as the rules read it: normalised, typos fixed, chatter before the request
    and courtesies dropped, a leading date moved after the task it belongs to."""
    # "ad buy milk", "pls ad …": "ad" first is a slip for "add".
    said = re.sub(r"^(\W*(?:(?:pls|plz|please)\s+)?)ad\b", r"\1add", message, flags=re.I)
    text = fix_typos(normalise(said))
    original = re.sub(r"^(?:(?:hey|hi|hiya|ok|okay|so|yo)\W+)*", "", text.lower())
    text = _request_within(_TRAILING_ASK.sub("", text), now)
    text = topic_named(_self_corrected(text, now))
    text = re.sub(r"^(?:wait\s+)?no\s*(?:-+|,)\s*(?=\S)", "", text, flags=re.I)
    # "delete the report task -- the whole project got cancelled?!": the why after a dash.
    text = re.sub(
        r"^((?:please\s+)?(?:delete|remove|mark|move|push|complete|tick|rename|update|change)\b.+?)"
        r"\s+-{1,2}\s+\S.*$",
        r"\1",
        text,
        flags=re.I,
    )
    text = COURTESY.sub("", _drop_lead_in(COURTESY.sub("", text), now))
    # "in 3 days remind me to check the oven": the date goes after the task.
    first = re.match(r"^(.+?)[,\s]+((?:please\s+)?remind me\b.*)$", text, re.I)
    if first and parse_due(first.group(1), now):
        text = f"{first.group(2)} {first.group(1)}"
    low = text.lower()
    return Message(
        text=text,
        low=low,
        bare=low.strip(" .!?"),
        original=original,
        now=now,
        known_tags=known_tags,
    )
