"""Questions: "did I pay the bill?", "when is the dentist?", "is the report done?", "what
priority is the flights task?". A question never changes anything: it is answered from
the list."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from todo_backend.agent.intents import small_talk
from todo_backend.agent.intents.done import DONE_WORDS, is_complete
from todo_backend.agent.intents.due import DATE_WORDS
from todo_backend.agent.intents.lexicon import COURTESY, LIST_START, QUESTION_START, word_set
from todo_backend.agent.intents.listing import (
    LIST_TALK,
    TASK_WORDS,
    as_typed,
    asked_for_list,
    corrected_list,
    list_filters,
    list_request,
    question_about_tasks,
    search_or_list,
    tag_filter,
)
from todo_backend.agent.intents.references import ref_of
from todo_backend.agent.intents.request import Message, Ref, Request, TagNames

# A request with a question mark is still a request ("can you delete #4?").
_POLITE_REQUEST = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|please|pls)\W+)*(?:(?:can|could|would|will|might|may)\s+(?:you|u)|"
    # "would it be possible to move the email to 3pm?", "is it possible for you to …".
    r"(?:would|will|is)\s+it\s+(?:be\s+)?possible\s+(?:for\s+(?:you|u)\s+)?to|please|pls|"
    r"delete|remove|mark|complete|finish|move|push|reschedule|rename|change|set|make|tick|"
    r"check off|cross off|close|reopen|undo|clear|tag|untag|update|add|put|bump|postpone|"
    r"restore|raise|lower|give|take|get rid of|erase|trash|scrap|un-?(?:mark|tick|check))\b"
)


# "would it be possible to move the email to 3pm?", "is it possible for you to …": a request.
_POSSIBLE = re.compile(
    r"^(?:would|will|is)\s+it\s+(?:be\s+)?possible\s+(?:for\s+(?:you|u)\s+)?to\b"
)


# "did the garage and the slides finally", "did my taxes today": done, told without the
# "I" and ending on when; a question asks with a verb after the task ("did the slides get
# done?") or a mark.
_DID_TOLD = re.compile(
    r"^did\s+(?:the|my|our)\s+(?!.*\b(?:get|gets|got|gotten|go|goes|went|gone|happen|"
    r"happened|arrive|come|turn|work|end|make|pass|ever|been|be|call|ring|email)\b)"
    r"[^?]*\b(?:finally|already|today|yesterday|earlier|last night|this morning|"
    r"this afternoon|at last|just now|too|as well|both|lol)\W*$"
)


# A date told about the task just added, its "it" left out ("ah, and is for tomorrow", "is
# due the 20th", "and is on friday btw"): "is" with no one after it and no question mark
# states the date; "is the report due friday?" and "is due friday?" ask.
_DATE_TOLD = re.compile(
    r"^(?:(?:ah|oh|and|also|so|btw|ok|okay|wait|sorry|actually|plus|yeah)\b\W*\s*)*"
    r"(?:is|iz|is\s+also)\s+(?:(?:for|due|on|by|until|till|at|from)\b\s*)+(?P<when>[^?]+)$"
)


def states_date(low: str) -> bool:
    """ "is for tomorrow" after adding a task: when it is due, told, not asked."""
    found = _DATE_TOLD.match(low.strip())
    if found is None:
        return False
    words = re.findall(r"[\w']+", found["when"])
    return bool(words) and all(
        word in DATE_WORDS
        or word in ("btw", "please", "pls", "then", "too", "also", "actually")
        or re.fullmatch(r"\d{1,4}(?::\d\d)?(?:st|nd|rd|th|am|pm|h)?", word)
        for word in words
    )


def is_question(low: str) -> bool:
    low = COURTESY.sub("", low.strip())
    if _DID_TOLD.match(low) or states_date(low):
        return False
    if re.match(r"^(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:tell me|let me know)\b", low):
        return True
    if _POSSIBLE.match(low):
        return False  # "is it possible to push the dentist to 11?" asks for the change
    if QUESTION_START.match(low) or _question_in(low) is not None:
        return True
    return low.rstrip().endswith("?") and not _POLITE_REQUEST.match(low)


# Question words, dropped from the name of the task asked about.
_ASK_WORDS = word_set(
    """did do does have has had is are was were am when when's whens what whats time should shall
    must didn't haven't hasn't isn't aren't wasn't already yet still done finished complete
    completed ever tell let know if whether any idea due deadline scheduled over been being
    got gotten remind what what's which need needs be ready happen happening planned think
    chance wonder
    forgot open pending today tonight tomorrow yesterday monday tuesday wednesday thursday
    friday saturday sunday mon tue tues wed weds thu thur thurs fri sat sun tmrw tmr tonite
    week get round around manage managed remember remembered right
    correct
    to at by until till til before supposed expected meant going gonna or not either next
    weekend morning afternoon evening how long much
    status progress state news current nah nope yes precisely exactly stil date
    meant suppose don na dey"""
)

# What a question about one task can ask besides whether it is done: its priority, its
# tags, its due date. These words name the question, never the task.
_ATTRIBUTE_WORDS = word_set(
    """priority prio importance urgency urgent important high low medium normal level tag tags
    tagged label labels labelled labeled category categories deadline date day time due
    how set pressing leisure flagged marked something wait
    gave give given put assign assigned attach attached and"""
)
_ATTRIBUTE = (
    r"(?:priority|prio|importance|urgency|tags?|labels?|categor(?:y|ies)|deadline|due date|"
    r"due time|date|day|time)"
)

# Several asked at once: "the due date and tags of task 9", "priority, tags and deadline".
# A word before it changes nothing asked ("the current due date of task #7").
_ATTRIBUTES = (
    rf"(?:(?:current|present|actual|exact)\s+)?{_ATTRIBUTE}"
    rf"(?:\s*(?:,|and|&|\+|or)\s*(?:the\s+|its\s+)?{_ATTRIBUTE})*"
)

# "what priority is the flights thing", "what tags does the garage task have", "what's the
# deadline for the slides", "how urgent is the report", and told ("… which day the slides
# are due", "… what priority I gave to the book"): what one task is like.
_ABOUT_ONE = re.compile(
    rf"^(?:what|which)(?:'s|s|\s+is|\s+are|\s+was)?\s+(?:the\s+|its\s+)?{_ATTRIBUTES}\s+"
    r"(?:is|are|was|does|do|did|has|have|of|for|on|the|my|our|i|we)\b"
    r"|^how\s+(?:urgent|important)\s+(?:is|are|was|the|my|our)\b"
)

# "whats the report tagged as", "what is the garage labelled with", "how is the report
# tagged?": its tags asked, the name before the verb.
_FILED_AS = (
    r"(?:tagged|labell?ed|categori[sz]ed|filed)(?:\s+(?:as|with|under|in))?"
    r"|prioriti[sz]ed(?:\s+as)?|(?:set\s+)?due(?:\s+(?:on|for|at|by))?"
)

# "what's the report's priority", "what is the dentist date?", "what are the flights' tags":
# the name, then what is asked of it, after "what's". A ranking ("what's my top
# priority", "what's the earliest deadline") asks for the list.
_ABOUT_NAMED = re.compile(
    r"^(?:what|which)(?:'s|s|\s+is|\s+are|\s+was)\s+(?:(?:the|my|our)\s+)?"
    r"(?!(?:the|my|our|highest|lowest|top|next|first|earliest|latest|last|most|least|soonest|closest|"
    r"nearest|biggest|current|overall|usual|default|same|best|main|tasks?(?!\s*#?\d)|todos?|things?|"
    r"stuff|everything|anything|list)\b)"
    r"(?P<name>[a-z#][\w'-]*(?:\s+[\w'-]+){0,4}?)(?:'s|')?\s+"
    rf"(?:{_ATTRIBUTES}|{_FILED_AS})"
    r"(?:\s+(?:again|now|set to|set|at the moment|currently|please|pls))*\s*\??$"
)

# "deadline for the slides?", "the priority of #5?": the same, said as a noun. Only as a
# question, or on its own: "deadline for the slides is now friday" is a change.
_ATTRIBUTE_OF = re.compile(
    rf"^(?:(?:and|so|what about|how about)\s+)?(?:the\s+)?{_ATTRIBUTES}\s+(?:of|for|on)\s+"
    r"(?:.*\?$|(?!.*\b(?:is|are|to|now|should|will|becomes?|changed?|moved?|high|low|medium|"
    r"urgent|today|tonight|tomorrow|next|this|\w+day|\d+)\b).*$)"
)

# "slides deadline?", "the lisbon flights priority?", "dentist when?": the name, then what
# is asked; also with the verb, as a learner or in Pidgin ("the bank call is at what time?",
# "the dentist na which day?").
_NAME_THEN_ATTRIBUTE = re.compile(
    r"^(?:(?:and|so|what about|how about)\s+)?(?:the\s+)?\S.*?(?:'s)?\s+"
    r"(?:(?:is|are|was|na|dey|be)\s+(?:due\s+)?(?:for\s+|on\s+|at\s+|by\s+)?)?"
    r"(?:(?:deadline|due date|priority|prio|tags|when|due when)\s*\?"
    # "the dune one what priority (ah)": "what …" asks without the mark too.
    r"|(?:which|what)\s+(?:day|date|time|priority|prio|tags?|label)\s*\??)$"
)

# "flights to lisbon when due", "dentist due when": the name, then when it is due, the mark
# not needed; not a task being added or changed ("add call the plumber when due").
_WHEN_DUE = re.compile(
    r"^(?!.*\b(?:add|create|new|todo|to-do|remind|put|schedule|set|make|move|push|change|"
    r"delete|remove|mark|tick|rename|update|note|log|write)\b)"
    r"(?:(?:and|so|what about|how about)\s+)?(?:the\s+)?[a-z]\S*(?:\s+\S+){0,5}?\s+"
    r"(?:(?:when|by when)\s+(?:(?:is|it's|its|is\s+it|is\s+that)\s+)?due|"
    r"due\s+(?:when|by\s+when))\s*\??$"
)

# A task and what it may have, asked in the order of a statement ("Reading Dune has some
# date or no?", "the bank call got a time?", "is there a deadline on the dune one?").
_HAS_ATTRIBUTE = re.compile(
    rf"^(?:(?:is|are)\s+there\s+(?:a|an|any|some)\s+{_ATTRIBUTES}\s+(?:on|for|with)\s+\S.*?"
    r"|(?!(?:i|we|you|it|that|this|what|which|who|how|when|where|do|does|did|is|are)\b)\S.*?\s+"
    rf"(?:has|have|got|gets|has got|comes with)\s+(?:(?:a|an|any|some|its|the)\s+)?{_ATTRIBUTES}"
    r"(?:\s+(?:set|yet|already|at all|on it|assigned|attached))*)"
    r"(?:\s+(?:or\s+(?:no|not|nah|nope|what)|yet|at all))?\s*\?$"
)
# The same asked with "does" first ("Does calling mom have a date on it?", "do the flights
# have any tags", "does the report have a deadline set"): the mark is not needed then.
_DOES_HAVE = re.compile(
    r"^(?:does|do|did)\s+(?!(?:i|we|you|it|that|this|they|anything|any|everything|all)\b)"
    r"\S.*?\s+(?:have|got|come with)\s+(?:(?:a|an|any|some|its|the)\s+)?"
    rf"{_ATTRIBUTES}(?:\s+(?:set|yet|already|at all|on it|on|assigned|attached|or not))*"
    r"\s*\??$"
)
# "is the garage tagged with anything?", "is the report labelled at all?": what tags one
# task has, not a list of tasks tagged "anything".
_TAGGED_ANY = re.compile(
    r"\b(tagged|labell?ed|categori[sz]ed)\s+(?:with\s+|as\s+|under\s+)?"
    r"(?:anything|something|any\s+(?:tags?|labels?))(?:\s+at\s+all)?\b"
)
# Its tag and the words that only ask, dropped before the task is named.
_ASKING_TAG = re.compile(r"\s+or\s+(?:no|not|nah|nope|what)\b|\b(?:any|some)\s+(?=\w)")

# Questions QUESTION_START does not know: "by when…", "until when…", "for when…" (also in
# a learner's word order: "until when I must call my mom?"), "what day is…".
# Advice asked about a change ("would it make sense to just delete the garage task?",
# "would it be better to move the dentist?"): asked, not ordered.
_ADVICE = re.compile(
    r"^(?:would|does|do|will|wouldn'?t|doesn'?t)\s+it\s+(?:really\s+)?"
    r"(?:make\s+(?:more\s+)?sense|be\s+(?:better|best|wise|wiser|smart|smarter|sensible|"
    r"a\s+good\s+idea|a\s+bad\s+idea|worth\s+it))\s+(?:to|if\s+(?:i|we))\s+"
)

_ALSO_ASKS = re.compile(
    r"^(?:(?:by|until|till|til|up to|for)\s+when|"
    r"(?:by|until|till|at|for|on)\s+what\s+(?:time|hour|day|date)|"
    r"what day|which day|"
    r"how (?:long|much time) (?:do|have|did) (?:i|we) (?:have|got|get)?)\b"
)

# How one task stands, asked without "done": "what is the status of the report task?",
# "status of report?", "any update on the slides?", "where are we with the flights?",
# "how is the garage coming along?".
_STATUS_OF = re.compile(
    r"^(?:(?:and|so)\s+)?(?:(?:what(?:'s|s|\s+is|\s+was)|how(?:'s|\s+is))\s+)?(?:the\s+)?"
    r"(?:current\s+)?(?:status|progress)\s+(?:of|on|for|with|about|regarding)\b"
    # Only asked: "update on the slides: finished them, tick it off" tells.
    r"|^(?:what(?:'s|s|\s+is|\s+was)|how(?:'s|\s+is))\s+(?:the\s+)?(?:current\s+|latest\s+)?"
    r"(?:state|news|updates?)\s+(?:of|on|for|with|about|regarding)\b"
    r"|^any\s+(?:updates?|news|progress)\s+(?:on|about|with|regarding|for)\b"
    r"|^where\s+(?:are|am|do)\s+(?:we|i)\s+(?:stand\s+)?(?:with|on)\b"
    r"|^how(?:'s|\s+is|\s+are)\s+(?!(?:it|things|life|you|your|everything)\b)\S.*?\s+"
    r"(?:going|coming along|getting on|looking)\b"
)

# The question inside a request to be told: "excuse me, could you tell me by when I am
# supposed to phone the bank?", "do you happen to know whether the bill is paid?".
_TELL_ME = re.compile(
    r"^(?:(?:excuse me|pardon(?: me)?|(?:sorry )?to (?:bother|trouble) you|"
    r"(?:a |one )?(?:quick |small |silly )?(?:question|q))\W+)*"
    r"(?:(?:(?:can|could|would|will)\s+(?:you|u)\s+(?:please\s+|kindly\s+)?"
    r"(?:be able to\s+)?)?(?:please\s+)?(?:tell me|remind me|let me know|check)|"
    r"(?:do|would|did|might|could)\s+(?:you|u)\s+(?:happen\s+to\s+|by\s+any\s+chance\s+)?know|"
    r"any idea|i (?:was )?wonder(?:ing)?|"
    r"(?:may|might|can|could)\s+i\s+(?:please\s+)?(?:ask|know|check|enquire|inquire)(?:\s+you)?|"
    # "would you mind telling me …", also with "would you mind" dropped as a courtesy.
    r"(?:(?:(?:would|do)\s+(?:you|u)\s+)?mind\s+)?(?:telling|reminding|letting)\s+me(?:\s+know)?|"
    r"i(?:'d| would)? (?:\w+ )?(?:want|wanted|wish|like|need) to (?:know|check|ask)|"
    # "would you happen to know …", its "would you" dropped as a courtesy.
    r"(?:happen(?:s)?\s+to\s+|by\s+any\s+chance\s+)?know)\s+"
)
_EMBEDDED = re.compile(
    r"(?:if|whether|when|when's|what time|what day|which day|"
    r"(?:by|until|till|til|up to|for)\s+when|"
    r"how (?:urgent|important)|(?:what|which)\s+(?:priority|tags?)|"
    r"(?:its|the)\s+(?:due date|due time|deadline|priority|tags?|status))\b"
)

# A question told as what one cannot remember: "I've quite forgotten whether my dentist
# appointment is on Thursday or on Friday", "I can't remember when the bank call is".
_FORGOTTEN = re.compile(
    r"\b(?:forgot(?:ten)?|forget|(?:can'?t|cannot|can not|couldn'?t|don'?t|do not)\s+"
    r"(?:remember|recall)|not sure|unsure|no idea|lost track of)\s+(?:about\s+)?"
    rf"(?={_EMBEDDED.pattern})"
)
_CHANGE_ASKED = re.compile(
    r"\b(?:delete|remove|mark|complete|finish|move|push|reschedule|rename|change|set|tick|"
    r"check off|cross off|close|reopen|undo|clear|untag|update|add|put|cancel)\b"
)
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=\S)")

# A change asked for in the chatter before a question ("add milk. is that ok?"): the verb
# leads its sentence or clause, or follows a request; "the Okafor set is 400 frames" or
# "my mum's card got cancelled" only tells.
_CHANGE_REQUESTED = re.compile(
    r"(?:^|[.!?;,:]\s+|-\s+|\b(?:please|pls|plz|kindly|you|u|to|and|then|just|also)\s+)"
    rf"(?:{_CHANGE_ASKED.pattern})"
)

# What leads on from chatter to the question ("… Anyway - when was the dentist again?").
_LEADS_ON = re.compile(
    r"^(?:(?:anyway|anyhow|so|but|and|right|ok|okay|well|oh|also|btw|by the way|quick question|"
    r"question|real quick)\b\s*(?:[,:;]|-+)?\s*)+(?=\S)"
)

# A courtesy set between commas ("could you remind me, if it is not too much trouble, when
# the slides are due?"): it stands between the request to be told and the question.
_ASIDE = re.compile(
    r",\s*(?:if (?:it(?:'s|\s+is) not too much (?:trouble|bother)|you (?:would|could|can|may|"
    r"don'?t mind|do not mind|please)|possible|i may ask)|by any chance|please|kindly|perhaps|"
    r"if you would be so kind|maybe|possibly|by chance|if you can|if you could|real quick|"
    r"quickly|for me|when you (?:can|get a (?:sec|second|moment|minute|chance)))\s*,\s*"
)

# The request to be told after chatter in the same sentence ("ive been up since 5 with the
# baby and everything is a blur, but can you tell me when the call with mom is?").
_TOLD_LATER = re.compile(
    r"(?:[,;:]\s*|\s-+\s*|\b(?:but|so|and|anyway)\s+)"
    r"(?=(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:please\s+)?"
    r"(?:tell me|remind me|let me know)\b)"
)

# A question in the order of a statement, its question mark the only sign ("I have done
# the gym this week?", "we paid the bill already?"), also with the perfect of Nigerian
# Pidgin ("I don pay that bill?": have I paid it?), and a remark after it ("… ? I no
# remember").
_STATED = re.compile(
    r"^(?:i|we)(?:'ve|\s+(?:have|already|really|actually|definitely|surely))*\s+"
    r"(?:done|did|\w+ed|paid|bought|sent|made|went|took|rang|wrote|met)\b[^?]*\?(?=\s|$)"
    r"|^(?:i|we)\s+(?:already\s+)?don\s+\w+\b[^?]*\?(?=\s|$)"
)
# A short check, the question mark its only sign: the task, "still", and the day or time
# the user believes ("dentist still fri 0900?", "the bank call still on for 10?", "gym
# still on?"), or the task and the state it should be in ("passport renewed yet?",
# "flights booked already?", "report all done?").
_STILL_WHEN = re.compile(
    r"^(?P<name>[a-z][\w'-]*(?:\s+[\w'-]+){0,5}?)\s+(?:is\s+|are\s+)?"
    r"(?:still|now|definitely|really)\s+(?:on\s+)?(?:for\s+|at\s+|due\s+|set for\s+)?"
    r"(?P<when>[\w:' ]*?)\s*\?$"
)
_WHEN_STILL = re.compile(
    r"^(?P<name>[a-z][\w'-]*(?:\s+[\w'-]+){0,5}?)\s+(?:on|at|for|due)\s+"
    r"(?P<when>[\w:' ]*?)\s+still\s*\?$"
)
_IN_STATE = re.compile(
    r"^(?P<name>[a-z][\w'-]*(?:\s+[\w'-]+){0,5}?)\s+(?:been\s+|got\s+|gotten\s+|all\s+)?"
    rf"(?:done|finished|complete|completed|{'|'.join(sorted(DONE_WORDS))})"
    r"(?:\s+(?:yet|already|now|then|at all|or not|or nah))?\s*\?$"
    # "quarterly report done already or not": "or not" asks, with or without the mark.
    r"|^(?P<also>[a-z][\w'-]*(?:\s+[\w'-]+){0,5}?)\s+(?:been\s+|got\s+|gotten\s+|all\s+)?"
    rf"(?:done|finished|complete|completed|{'|'.join(sorted(DONE_WORDS))})"
    r"(?:\s+(?:yet|already|now|then))?\s+or\s+(?:not|nah|no|nope)\s*\??$"
)
# Words that open something else than a task's name ("i paid?", "you sorted it?").
_NOT_A_NAME = re.compile(
    r"^(?:i|we|you|u|they|he|she|it|that|this|all|everything|anything|what|which|who|how|why|"
    r"when|where|did|do|does|is|are|was|were|can|could|will|would|should|has|have)\b"
)


def _short_check(low: str) -> tuple[str, Literal["due"] | None] | None:
    """The name a short check asks about, and whether it asks when; None when the message
    is no such check."""
    if _CHANGE_ASKED.search(low) or _ASKS_YOU.search(low):
        return None
    if found := _STILL_WHEN.match(low) or _WHEN_STILL.match(low):
        when = [w for w in found["when"].split() if w not in ("on", "for", "at", "the")]
        if all(
            w in DATE_WORDS or re.fullmatch(r"\d{1,2}(?::\d\d)?|\d{4}|\d+(?:am|pm|h)", w)
            for w in when
        ) and not _NOT_A_NAME.match(found["name"]):
            return found["name"], "due" if when else None
        return None
    if (found := _IN_STATE.match(low)) and not _NOT_A_NAME.match(
        name := found["name"] or found["also"]
    ):
        return name, None
    return None


_ASKS_YOU = re.compile(r"\b(?:can|could|would|will)\s+(?:you|u)\b")
_CLAUSE_END = re.compile(r"[.?!;,](?=\s|$)|\s+(?:but|so|and then|anyway)\b")
_SENTENCE_END = re.compile(r"[.?!;](?=\s|$)")

# "phone the bank", "ring mum": the task says "call". Only as a verb, before whom is
# called; "did I buy the phone case?" keeps its phone.
_PHONE = re.compile(
    r"\b(?:(?:tele)?phone|ring)\b"
    r"(?=\s+(?:the|my|your|his|her|our|their|mom|mum|dad|him|them|back)\b)"
)

# A question about several tasks ("what's the priority of my work tasks?").
_SEVERAL = re.compile(
    r"\b(?:tasks|todos|to-?dos|items|things|stuff|everything|anything|all|any|each|every)\b"
)


# A change asked for by its verb first, whatever mark ends it.
_ORDER = re.compile(
    r"^(?:make|set|move|push|bump|mark|tick|delete|remove|rename|change|put|give|tag|untag|"
    r"clear|reschedule|postpone|raise|lower|get rid of|reopen)\s+(?!sure\b|me\b)"
)


def _question_in(low: str) -> str | None:
    """The question a message asks, as if asked directly; None when it asks none of these
    ways. Only the first question of several sentences ("until when must I call mom? I
    don't remember"); after chatter, when the chatter asks for nothing ("my memory is
    bad. when was I supposed to pay the bill?")."""
    low = _ASIDE.sub(" ", low)
    if _ORDER.match(low):
        return None  # "make the garage and the Dune one both high priority?" asks for it
    if (asked := _asked_directly(low)) is not None:
        return asked
    for later in _TOLD_LATER.finditer(low):
        rest = low[later.end() :]
        told = _TELL_ME.match(rest)
        if (
            told
            and _EMBEDDED.match(rest, told.end())
            and not _CHANGE_ASKED.search(low, 0, later.start())
        ):
            return _first_question(rest[told.end() :])
    if (asked := _after_lead(low)) is not None:
        return asked
    sentences = _SENTENCES.split(low)
    for index, sentence in enumerate(sentences[1:], start=1):
        sentence = _LEADS_ON.sub("", COURTESY.sub("", sentence))
        # "… before I forget though, what time is the bank call tomorrow?": chatter, then
        # the question, in a later sentence too.
        if sentence.endswith("?") and (
            (asked := _asked_directly(sentence) or _after_lead(sentence)) is not None
        ):
            before = " ".join(sentences[:index])
            if _CHANGE_REQUESTED.search(before) or is_complete(before):
                return None  # "add milk. is that ok?", "paid the bill. is the report done?"
            return asked
    if forgotten := _FORGOTTEN.search(low):
        end = _CLAUSE_END.search(low, forgotten.end())
        asked = low[forgotten.end() : end.start() if end else None]
        # "not sure if it matters, but delete the gym": the request is the rest.
        rest = low[: forgotten.start()] + low[forgotten.end() + len(asked) :]
        return None if _CHANGE_ASKED.search(rest) else asked
    return None


# Where chatter ends and a question starts in the same sentence ("quick sanity check before
# I jump on a call: did I ping Sarah?", "be honest with me, is the report overdue?").
_LEAD_ENDS = re.compile(r"(?:[,:;]|\s-+)\s+(?=\S)")


def _after_lead(low: str) -> str | None:
    """The question after chatter in the first sentence, when it ends in a question mark and
    the chatter asks for no change and reports none ("add milk, is that ok?" asks about
    the request, "paid the bill, anything else today?" reports)."""
    first = _SENTENCES.split(low)[0]
    for lead in _LEAD_ENDS.finditer(first):
        asked = _asked_directly(low[lead.end() :])
        if asked is not None and asked.endswith("?"):
            before = low[: lead.start()]
            if _CHANGE_REQUESTED.search(before) or _ASKS_YOU.search(before) or is_complete(before):
                return None
            return asked
    return None


def _asked_directly(low: str) -> str | None:
    if (told := _TELL_ME.match(low)) and _EMBEDDED.match(low, told.end()):
        return _first_question(low[told.end() :])
    if (
        QUESTION_START.match(low)
        or _ALSO_ASKS.match(low)
        or _ADVICE.match(low)
        or _ABOUT_ONE.match(low)
        or _ABOUT_NAMED.match(low)
        or _ATTRIBUTE_OF.match(low)
        or _NAME_THEN_ATTRIBUTE.match(low)
        or _WHEN_DUE.match(low)
        or _HAS_ATTRIBUTE.match(low)
        or _DOES_HAVE.match(low)
        or _STATUS_OF.match(low)
        or (_STATED.match(low) and not _CHANGE_ASKED.search(low) and not _ASKS_YOU.search(low))
        or re.match(r"^(?:tell me|let me know)\s+(?:if|whether)\b", low)
        or _short_check(low) is not None
    ):
        return _first_question(low)
    return None


def _first_question(low: str) -> str:
    end = _SENTENCE_END.search(low)
    return low[: end.end()] if end and "?" in end.group() else low


def _asked(low: str) -> Literal["due", "priority", "tags", "details"] | None:
    """What a question about one task asks (Request.asked)."""
    kinds = (
        r"\b(?:priority|prio|importance|urgency)\b",
        r"\b(?:tags?|labels?|categor(?:y|ies))\b",
        r"\b(?:deadline|due date|due time|due|date|when)\b",
    )
    if sum(1 for kind in kinds if re.search(kind, low)) > 1:
        return "details"  # "what are the due date and tags of #9?"
    if re.search(
        r"\b(?:priority|prio|importance|urgency|urgent|important|pressing|at leisure|can wait)\b",
        low,
    ):
        return "priority"
    if re.search(r"\b(?:tags?|tagged|labels?|labell?ed|categor(?:y|ies))\b", low):
        return "tags"
    if re.match(r"^(?:when(?:'s|s)?(?!\s+(?:did|have|had)\b)|what time|what day|which day)\b", low):
        return "due"  # "when is the bank call scheduled?": "scheduled" tells nothing done
    if re.match(r"^(?:did|have|has|had)\b", low) or set(re.findall(r"[\w']+", low)) & (
        DONE_WORDS | word_set("done finished complete completed yet already still ticked marked")
    ):
        return None  # "is the report done yet?": how it stands says it
    if _ALSO_ASKS.match(low) or re.search(
        r"\b(?:when|when's|whens|what time|deadline|due|overdue|what day|which day|time|date|"
        r"today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)day|this week|"
        r"mon|tue|tues|wed|weds|thu|thur|thurs|fri|sat|sun|"
        r"next week)\b",
        low,
    ):
        return "due"
    return None


def _named(low: str, attribute: bool) -> Ref:
    """The task a question names, without the words that ask it. Asking for an attribute,
    its words go too ("is the garage task tagged home?": the garage; home is the tag)."""
    if not attribute:
        return ref_of(low, _ASK_WORDS | DONE_WORDS)
    low = re.sub(
        r"\b(?:tagged|labell?ed|tag|label)\s+(?:as\s+|with\s+)?#?[\w-]+|#[a-z]\w*", " ", low
    )
    return ref_of(low, _ASK_WORDS | DONE_WORDS | _ATTRIBUTE_WORDS)


def _one_task(low: str, known_tags: TagNames) -> Ref | None:
    """The one task an attribute question names; None when it names several or none."""
    if _SEVERAL.search(low):
        return None
    ref = _named(low, attribute=True)
    if ref.task_id is not None or ref.pronoun:
        return ref
    named = [word for word in ref.words if word not in LIST_TALK and word not in known_tags()]
    return ref if named else None


def trailing_question(message: Message) -> Request | None:
    """ "I think I forgot to pay the bill, is it still open?"."""
    low = message.low
    trailing = re.search(
        r"[,;]\s*(?:(?:is|was|has|did|does|are)\s+(?:it|that|this|they)\b[^,;]*|right|correct|"
        r"(?:didn'?t|haven'?t|hasn'?t|isn'?t|wasn'?t)\s+(?:i|it|we|they)|"
        r"yes or no|or not|or nah|true or false|am i right)\s*\?$",
        low,
    )
    if trailing:
        # "the slides, is that for monday?" asks when; "…, is it still open?" how it stands.
        asked = _asked(low[trailing.start() :].strip(" ,;"))
        ref = _named(low[: trailing.start()], attribute=asked in ("priority", "tags"))
        return Request("ask", ref=ref, asked=asked)
    return None


# The task named first, then what is asked about it: "the slides, is that for monday or
# tuesday", "bank call, what time?", "the report: done yet?", "bill, did we pay it or
# nah". An inverted "is that …", "did I …" asks even without a question mark.
_NAME_FIRST = re.compile(
    r"^(?P<name>[^,:;?]{2,50}?)\s*(?:[,:;]|\s-+)\s*"
    r"(?P<asked>(?:is|was|are|were|has|did|does)(?:n'?t)?\s+(?:it|that|this|they)\b[^,;]*"
    r"|(?:did|have|has|had)(?:n'?t)?\s+(?:i|we|you)\b[^,;]*"
    r"|(?:do|does)\s+(?:i|we)\s+(?:still\s+)?(?:need|have)\s+to\b[^,;]*"
    r"|(?:what|when|which|how)\b(?:\s+[\w']+){0,2}\s*\?"
    # "sarah email - when's that due": "that" points back at the name, no mark needed.
    r"|(?:what|when|which)(?:'s|s|\s+is|\s+was|\s+are)?(?:\s+(?!(?:that|it|this|they)\b)"
    r"[\w']+){0,2}\s+(?:that|it|this|they)(?:\s+(?:due|set|for|on|at|again|scheduled))*\s*\??"
    r"|(?:done|finished|due|overdue|paid|booked|completed?|status|priority|deadline)"
    r"(?:\s+[\w']+){0,2}\s*\?)\s*\??$"
)


# Words before a comma that lead in rather than name a task ("btw, what time?").
_LEAD_WORDS = word_set(
    """btw sorry quick question q also wait anyway one just real fast by way so ok okay
    right well oh hmm hey hi hello yo listen look"""
)


def _name_first(low: str) -> Request | None:
    found = _NAME_FIRST.match(low)
    if found is None or len(found["name"].split()) > 6:
        return None
    if set(re.findall(r"[\w']+", found["name"])) <= _LEAD_WORDS:
        return None
    if _CHANGE_ASKED.search(found["name"]) or _ASKS_YOU.search(found["name"]):
        return None  # "add milk, is that ok?" asks about the request, not a task
    itself = _named(found["asked"], attribute=False)
    if not itself.pronoun and len(itself.words) > 1 and found["asked"].endswith("?"):
        return None  # "quick one between tables: did I make it to the gym?" names it after
    asked = _asked(found["asked"])
    ref = _named(found["name"], attribute=asked in ("priority", "tags"))
    return Request("ask", ref=ref, asked=asked) if not ref.empty else None


# A question asked for someone else ("Grandpa wants to know when the dentist is", "my wife
# is asking whether I paid the bill", "Grandpa asks what's coming up this week", "Mum would
# like to see her tasks"): the user types it, so it is theirs.
_REPORTED = re.compile(
    r"^(?!(?:i|we|you)\b)(?:(?:my|our|the)\s+)?[a-z][\w'-]*(?:\s+[a-z][\w'-]*)?\s+"
    r"(?:wants|wanted|would like|would love|'d like|needs|is asking|was asking|asks|asked|"
    r"wonders|is wondering|was wondering)"
    r"(?:\s+(?:me\s+)?to\s+(?P<verb>know|hear|find out|check|see|look at|ask(?:\s+you)?))?\s+"
)
_ASKING_WORD = re.compile(
    r"(?:if|whether|when|when's|what|what's|which|how|did|does|do|is|are|has|have|had|was|"
    r"were|should|where|any|anything)\b"
)
# The one asked about, said as the user ("did he fix the tap" → "did i fix the tap").
_THIRD_PERSON = (
    (r"\b(?:he|she)'s\b", "i've"),
    (r"\b(?:does|did) (?:he|she)\b", "did i"),
    (r"\b(?:is|was) (?:he|she)\b", "am i"),
    (r"\b(?:he|she)\b", "i"),
    (r"\b(?:his|her)\b", "my"),
    (r"\bhim\b", "me"),
    (r"\bi has\b", "i have"),
    (r"\bi is\b", "i am"),
    (r"\bi does\b", "i do"),
)


def _reported(message: Message) -> Request | None:
    """A question or a list asked for someone else, read as the user's own; None when the
    message is no such question (“Grandpa wants to visit the temple”)."""
    found = _REPORTED.match(message.low)
    if found is None:
        return None
    rest = message.low[found.end() :].strip()
    if found["verb"] in ("see", "look at", "hear", "check") and not _ASKING_WORD.match(rest):
        rest = f"show {rest}"  # "Mum would like to see her tasks"
        if not TASK_WORDS.search(rest):
            return None
    elif not _ASKING_WORD.match(rest):
        return None
    if (
        _CHANGE_ASKED.search(rest)
        or re.search(r"\bremind me to\b|\bremember to\b", rest)
        or re.match(r"(?:if|whether)\s+\w+\s+(?:can|could|would|will)\b", rest)
    ):
        return None  # "Mum asks if I can pick up milk": a favour, not a question
    for said, mine in _THIRD_PERSON:
        rest = re.sub(said, mine, rest)
    if re.match(r"(?:if|whether|what time|which day|what day)\b", rest):
        rest = f"tell me {rest}"
    if not rest.endswith("?"):
        rest = f"{rest.rstrip(' .!')}?"
    own = replace(message, text=rest, low=rest, bare=rest.strip(" .!?"), original=rest)
    return question(own) or search_or_list(own) or question_about_tasks(own)


# One task asked about by its number alone ("whats task 7", "what is #12 again?", "tell
# me about number 4", "details on item 9", "task 3?"): all of it is the answer.
_BY_NUMBER = re.compile(
    r"^(?:(?:and|so|ok|okay|btw|quick question)\W+)*"
    r"(?:(?:what(?:'s|s|\s+is|\s+was)|which\s+(?:one|task)\s+(?:is|was)|"
    r"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:tell|remind)\s+me\s+(?:about|of|what)|"
    r"(?:(?:the\s+)?(?:details|info|information|specifics)\s+(?:of|for|on|about))|"
    r"describe|remind\s+me)\s+)?"
    r"(?:the\s+)?(?:task|todo|to-do|item|number|no\.?|#)\s*#?\s*(?P<id>\d{1,6})"
    r"(?:\s+(?:again|about|is|exactly|please|pls|for me|(?:on|in)\s+my\s+list))*\s*"
    r"(?P<mark>\?+)?$"
)


def _by_number(low: str) -> Request | None:
    """A question about the task with that number; None when the message is none."""
    found = _BY_NUMBER.match(low.strip(" .!"))
    if found is None:
        return None
    # "task 7?" and "#7?" ask with their mark only; "task 7" alone names no question.
    bare = re.match(r"^(?:the\s+)?(?:task|todo|to-do|item|number|no\.?|#)", low.strip())
    if bare and not found["mark"]:
        return None
    return Request("ask", ref=Ref(task_id=int(found["id"])), asked="details")


# The number of one task asked for ("what's the number of the garage task?", "which number
# is the dentist one", "what's the bank call's id?", "garage task number?"): its details
# name it.
_ID_WORD = r"(?:(?:task\s+|item\s+|todo\s+)?(?:number|id|no\.?|#))"
_ID_OF = re.compile(
    r"^(?:(?:and|so|ok|okay|btw)\W+)*(?:(?:what|which)(?:'s|s|\s+is|\s+was)\s+)?(?:the\s+)?"
    rf"{_ID_WORD}\s+(?:of|for)\s+(?P<of>(?:the|my|our|that|this)\s+.+?)\s*\??$"
    rf"|^(?:what|which)\s+{_ID_WORD}\s+(?:is|has|does)\s+(?P<is>(?:the|my|our)\s+.+?)"
    r"(?:\s+(?:have|got))?\s*\??$"
    r"|^(?:what(?:'s|s|\s+is|\s+was)\s+)?(?:the\s+)?(?P<own>(?!(?:my|the|a)\b)[a-z][\w' -]*?)"
    rf"(?:'s|')?\s+{_ID_WORD}\s*\?$"
)


def _id_asked(low: str) -> Request | None:
    """A question for one task's number; None when the message is none, or asks about
    several ("what's the number of open tasks?")."""
    found = _ID_OF.match(low.strip(" .!"))
    if found is None:
        return None
    name = found["of"] or found["is"] or found["own"]
    if _SEVERAL.search(name) or _CHANGE_ASKED.search(name):
        return None
    ref = _named(name, attribute=False)
    return Request("ask", ref=ref, asked="details") if ref.words else None


# Wanting to ask, which the courtesies would otherwise drop as "I'd like to".
_ASKING = re.compile(
    r"i(?:'d|\s+would|\s+just|\s+only)*\s+(?:like|want|wanted|wish)\s+to\s+(?:ask|know)\b"
)


def question(message: Message) -> Request | None:
    """A question (_question), the words it searches for as typed."""
    return as_typed(_question(message), message.text)


def _question(message: Message) -> Request | None:
    """A question about the list ("do I have anything today?") or about one task ("did I
    pay the bill?", "when is the dentist?", "what priority is the report?"), asked
    directly or inside a request to be told ("could you tell me by when I must phone the
    bank?", "I've forgotten whether the dentist is on Thursday"), or with the task named
    first ("the slides, is that for monday?"). A list asked for in so many words is read
    here too, before the change rules take its "completed" or "tag" for a change."""
    known_tags = message.known_tags
    if _DID_TOLD.match(message.low) or states_date(message.low):
        return None  # "did the garage finally": done, not asked; "is for tomorrow": told
    if small_talk.asks_the_weather(message.low) or small_talk.asks_about_the_assistant(message.low):
        return Request("unknown")  # "is it going to rain today?" is no question about today
    if (reported := _reported(message)) is not None:
        return reported
    if (fixed := corrected_list(message.low, known_tags, message.now)) is not None:
        return fixed
    if (numbered := _by_number(message.low) or _id_asked(message.low)) is not None:
        return numbered
    if asked_for_list(message.low, known_tags):
        return list_request(message.low, known_tags, message.now)
    if _POSSIBLE.match(message.low) and _CHANGE_ASKED.search(message.low):
        return None  # "is it possible to push the dentist to 11?" asks for the change
    if (first := _name_first(message.low) or _name_first(message.original)) is not None:
        return first
    low = _question_in(message.low)
    if low is None and _ASKING.match(message.original):
        low = _question_in(message.original)  # "I'd like to ask when …": not a courtesy here
    if low is None or re.match(r"when (?:you|u)\b", low):
        return None  # "when you get a chance, …" is a courtesy, not a question
    low = _PHONE.sub("call", low)
    if advice := _ADVICE.match(low):
        low = low[advice.end() :]  # what the change would be done to is asked about
    if (check := _short_check(low)) is not None:
        name, when_asked = check
        return Request("ask", ref=_named(name, attribute=False), asked=when_asked)
    # "any news on the flights?" asks about one task, "how are my tasks looking?" all.
    if _STATUS_OF.match(low) and not _SEVERAL.search(re.sub(r"^any\s+", "", low)):
        return Request("ask", ref=_named(low, attribute=False), filters={"status": "pending"})
    low = _TAGGED_ANY.sub(r"\1", low)
    if _HAS_ATTRIBUTE.match(low) or _DOES_HAVE.match(low):
        low = _ASKING_TAG.sub(" ", low)
        if (ref := _one_task(low, known_tags)) is not None:
            when = re.search(r"\b(?:date|time|deadline|due)\b", low)
            asked = _asked(low) or ("due" if when else None)
            return Request("ask", ref=ref, filters={"status": "pending"}, asked=asked)
    if (
        _ABOUT_ONE.match(low)
        or _ABOUT_NAMED.match(low)
        or _ATTRIBUTE_OF.match(low)
        or _NAME_THEN_ATTRIBUTE.match(low)
        or _WHEN_DUE.match(low)
    ):
        ref = _one_task(low, known_tags)
        if ref is None:
            return list_request(low, known_tags, message.now) if _SEVERAL.search(low) else None
        return Request("ask", ref=ref, filters={"status": "pending"}, asked=_asked(low))
    # "remind me what's left on my list" asks for the list, as "what's left?" does.
    list_start = LIST_START.match(low) or re.match(r"remind me (?:what|which)(?! time| day)", low)
    asks_list = list_start and (TASK_WORDS.search(low) or tag_filter(low, known_tags))
    about_one = re.match(r"^do (?:i|we) (?:still )?(?:have|need) to (?!do\b)\w+", low) or (
        # "what time's the bank call tomorrow?": when one task is, not the day's list.
        re.match(r"^(?:what time|when(?:'s|s)?|what day|which day)\b", low)
        and not _SEVERAL.search(low)
        and not re.search(r"\b(?:first|earliest|last|latest|next|something)\b", low)
        and _one_task(low, known_tags) is not None
    )
    if not about_one and (
        asks_list
        or re.search(r"\b(?:anything|any(?! idea| chance)|tasks|todos|everything|stuff)\b", low)
    ):
        return list_request(low, known_tags, message.now)
    asked = _asked(low)
    ref = _named(low, attribute=asked in ("priority", "tags"))
    return Request("ask", ref=ref, filters=list_filters(low, known_tags), asked=asked)
