"""Something to do said as a wish, a fact or a favour rather than a request ("someday I'd
like to learn to juggle", "we're out of coffee", "can you order pizza"): offered as a
task, added only after a "yes"."""

from __future__ import annotations

import re
from datetime import datetime

from todo_backend.agent.intents.add import task_to_add
from todo_backend.agent.intents.due import take_due
from todo_backend.agent.intents.lexicon import OFF_TOPIC, TASK_VERBS
from todo_backend.agent.intents.questions import is_question
from todo_backend.agent.intents.references import words_of
from todo_backend.agent.intents.request import Message, Request

# Something to do, said as a wish or a fact rather than a request: offered as a task.
_WISH = re.compile(
    r"^(?:(?:someday|some day|one day|one of these days|eventually|at some point|sometime)\b"
    r"[,\s]*)?"
    r"(?:i (?:might|may) (?:also )?(?:need|have|want|wanna|got) to|"
    r"i'?d (?:really )?(?:like|love) to|i would (?:really )?(?:like|love) to|"
    # "it'd be braw tae visit …": Scots for "it would be nice to".
    r"(?:it(?: would|'?d)|would|'?twould) be (?:so |really |very )?(?:nice|good|great|cool|smart|"
    r"lovely|grand|braw|fun|wise|handy|brilliant|ace) (?:to|tae)|i (?:really )?want to|"
    r"i (?:really )?(?:ought|oughta)(?: to)?|i (?:keep|kept) meaning to|"
    r"i(?:'ve| have)? been meaning to|i (?:really )?(?:must|should)(?: really)?|"
    r"i wanna|(?:maybe|perhaps) (?:i|we) should|maybe|perhaps|i might|i wonder if i should|"
    r"(?:(?:i|we) (?:was|were|am|'m|are|'re) |been )?thinking (?:of|about)|i keep forgetting to|"
    r"i hope to|i plan to|i'?m planning to|we should|let'?s)\s+(?:finally\s+)?"
    r"|^(?:someday|some day|one day|eventually|at some point|sometime)\b[,\s]*"
)

_SOME_TIME = re.compile(
    r"[,\s]+(?:someday|some day|one day|sometime|some time|eventually|at some point|"
    r"one of these days)(?:\s+(?:soon|this year|maybe))?[\s.!]*$",
    re.I,
)

_OUT_OF = re.compile(
    # "Printer on 3rd floor out of toner.": what is out of it may be said bare.
    r"^(?:(?:we'?re|we are|i'?m|i am|(?:the\s+)?[\w\s]+?(?:'s|\s+is|\s+are)?)\s+)?"
    r"(?:(?:almost|nearly|practically|pretty much|all but|clean|completely|right|totally)\s+)?"
    r"(?:out of|low on|short of|short on|"
    r"running (?:low on|out of|short of|short on))\s+"
    r"|^(?:we'?ve|i'?ve|we have|i have)\s+(?:just\s+)?(?:run|ran)\s+out\s+of\s+"
    r"|^(?:(?:we|i)\s+)?need\s+(?:more\s+|some\s+|new\s+)?(?!to\b)"
    # "at home is no more sugar", "there's no more rice", "we have no more bin bags": none left.
    r"|^(?:(?:at|in)\s+(?:home|the\s+\w+)\s+)?(?:there(?:'s|\s+is|\s+are)|is|are)\s+no\s+"
    r"(?:more\s+(?=\w)|(?=[\w\s]+\s+left\W*$))"
    r"|^(?:we|i)\s+(?:have|'ve got|have got|got)\s+no\s+(?:more\s+(?=\w)|(?=[\w\s]+\s+left\W*$))"
    r"|^no\s+more\s+(?=\w)"
)

# "I have a meeting with Jane on Friday at 2": an appointment, offered as a task.
_APPOINTMENT = re.compile(
    r"^(?:i have|i've got|i got|we have|we've got|there'?s)\s+(?:a|an|my|the)\s+(?=(?:\w+\s+)?"
    r"(?:meeting|appointment|call|class|lesson|dinner|lunch|interview|exam|test|flight|party|"
    r"check-?up|session|date)\b)"
)

_ANY_TASK_VERB = re.compile(TASK_VERBS.pattern.removeprefix("^"))


def _verb_of(stem: str) -> str:
    """The verb of a gerund's stem: paint(ing), cut(ting) → cut, servic(ing) → service."""
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    if stem.endswith(("c", "v", "z", "ng", "rg", "at", "ir", "cal")) and not stem.endswith("eat"):
        return stem + "e"
    return stem


# "the bathroom light bulb has burnt out", "the car is making a weird noise again".
_BROKEN = re.compile(
    r"^(?:the|my|our)\s+(.+?)(?:\s+(?:is|are|has|have|keeps|seems|seem)|'s)\s+(?:been\s+|still\s+|"
    r"gone\s+|to be\s+|to have\s+)?(?:(?:literally|really|totally|completely|kind of|kinda|a bit|"
    r"basically|properly|just)\s+)?"
    # "the hedge is getting awfully tall": out of hand, to be seen to.
    r"(?:(getting\s+(?:(?:awfully|really|very|way|far|a bit|too|so|quite|pretty)\s+)*(?:too\s+)?"
    r"(?:tall|long|overgrown|out of hand|messy|full|dirty|bad|worse|low|thin|tatty))|"
    # "my bicycle has a flat tyre", "the roof has a leak": a fault it has.
    r"((?<=\bhas\s|ave\s)(?:a|an)\s+(?:flat|puncture|leak|crack|hole|broken|cracked)|"
    r"broken|broke|leaking|dripping|not working|stopped working|faulty|"
    r"making (?:a|an|that|this|some|funny|weird|strange)\s+(?:[\w-]+\s+){0,3}noise|"
    r"flat|cracked|blocked|clogged|jammed|"
    r"stuck|overflowing|squeaking|rattling|packed in|packed up|conked out|kaput|"
    # "the gate's hanging off its hinges", "the kettle seems to have given up".
    r"(?:hanging|falling|coming|come)\s+(?:off|loose|down)|loose|wobbly|wonky|"
    r"given up|gave up|giving up|on the blink|playing up|acting up)|"
    # "the pool's gone green again": gone bad, to be seen to.
    r"((?<=gone\s)(?:green|mouldy|moldy|rusty|manky|murky|cloudy|wild)|"
    r"filthy|grubby|mouldy|moldy|rusty|overgrown|"
    # "the gutters are full of leaves again", "the car is covered in mud".
    r"(?:full|choked|clogged|blocked|thick)\s+(?:up\s+)?(?:of|with)|covered\s+(?:in|with)|caked\s+in|"
    r"(?:completely\s+|totally\s+)?full(?=\s+again\b|\W*$))|"
    r"(burnt out|burned out|blown|dead|died|run out|falling apart|worn out|worn through|"
    r"coming apart|in tatters|wearing thin|out(?=\s+again\b|\W*$)))\b"
)

# "the bathroom light bulb burned out", "build box disk ~90% full": the state said bare,
# at the end ("the kids broke the vase" tells of the kids).
_BROKE = re.compile(
    r"^(?:the\s+|my\s+|our\s+)?(.+?)\s+(?:just\s+)?(?:((?:almost|nearly|~?\d+\s*%)\s+full)|"
    r"(broke|stopped working)|burned out|burnt out|died|conked out|packed in|packed up|blew)\W*$"
)

# "the cat's vaccinations are due soon": something coming up, to be seen to.
_COMING_DUE = re.compile(
    r"^(?:the|my|our)?\s*(.+?)(?:\s+(?:is|are)|'s)\s+(?:(?:almost|nearly)\s+)?due(?:\s+(?:soon|shortly))?\b"
)

# "the bathroom light bulb has gone": what wears out is spent when it has "gone".
_SPENT = re.compile(
    r"^(?:the|my|our)\s+(.*?\b(?:bulb|bulbs|battery|batteries|fuse|lamp|light|torch|toner|"
    r"cartridge|ink|filter))\s+(?:has|have|'s|is|are)\s+(?:just\s+)?(?:gone|gone out|gone off|"
    r"packed in|died|failed|finished|empty)\b"
)

# "The rice is almost finished in our kitchen": a supply used up at home is to be bought.
_USED_UP = re.compile(
    r"^(?:the|my|our)\s+(.+?)\s+(?:is|are|'s)\s+(?:almost|nearly|all but|all|completely)?\s*"
    r"(?:(?:gone|used up|empty|run out)|finished(?=\s+(?:in|at)\s+(?:the|our|my|home)\b))"
)

# "sorry, random thought, …": a label for what follows.
_THOUGHT = re.compile(
    r"^(?:(?:random|quick|passing|stray|just a|a|another)\s+)?(?:thought|note|idea)\s*[,:;-]+\s*"
)


# "I suppose I might need to renew my library card at some point?": a thought said aloud,
# its question mark only the doubt.
_MUSING = re.compile(r"^(?:i\s+(?:suppose|guess|reckon|think|imagine)\s+)(?=i\s+(?:might|may)\b)")


def _offer(text: str, low: str, now: datetime) -> Request | None:
    if musing := _MUSING.match(low):
        text, low = text[musing.end() :].rstrip(" ?"), low[musing.end() :].rstrip(" ?")
    if (
        OFF_TOPIC.search(low)
        or is_question(low)
        or re.match(r"(?:who|what|what's|whats|where|why|how|which|whose)\b", low)
        or re.search(r"\b(?:you|you're|your)\b", low)
        or re.search(r"\b(?:can'?t|cannot|won'?t|didn'?t|not)\b", low)
        # "call it Reread Dune": a name for a task, no call to make.
        or re.match(r"call (?:it|that|this)\s+\S", low)
    ):
        return None
    if thought := _THOUGHT.match(low):
        text, low = text[thought.end() :], low[thought.end() :]
    needs = re.match(r"^(?:the\s+|my\s+|our\s+)?(.+?)\s+needs?\s+(\w+?)ing\b(.*)$", low)
    if spent := _SPENT.match(low):
        request = task_to_add(f"replace the {text[spent.start(1) : spent.end(1)]}", now)
    elif used := _USED_UP.match(low):
        request = task_to_add(f"buy {text[used.start(1) : used.end(1)]}", now)
    elif broken := _BROKEN.match(low):
        # Something broken is to be fixed; something spent, to be replaced.
        verb = (
            "clear"
            if re.search(r"\b(?:of|with)$", broken.group(4) or "")
            else "clean"
            if re.match(r"(?:covered|caked)\b", broken.group(4) or "")
            else "empty"
            if re.search(r"\bfull$", broken.group(4) or "")
            else "sort out"
            if broken.group(2) or broken.group(4)
            else "fix"
            if broken.group(3)
            else "replace"
        )
        request = task_to_add(f"{verb} the {text[broken.start(1) : broken.end(1)]}", now)
    elif broken := _BROKE.match(low):
        verb = "sort out" if broken.group(2) else "fix" if broken.group(3) else "replace"
        request = task_to_add(f"{verb} the {text[broken.start(1) : broken.end(1)]}", now)
    elif due := _COMING_DUE.match(low):
        # "van's due its MOT soon" → "Van MOT"
        what = re.sub(
            r"^\s*(?:its|their|his|her|a|an|for)\s+|\s+(?:soon|shortly)\b",
            " ",
            text[due.end() :],
            flags=re.I,
        )
        request = task_to_add(text[due.start(1) : due.end(1)] + " " + what.strip(), now)
    elif out := _OUT_OF.match(low):
        # "… left", "… at home": where it is missing from is no part of what to buy.
        bought = re.sub(
            r"\s+(?:left|at home|(?:in|at) the "
            r"(?:house|cupboard|fridge|pantry|kitchen|office|shed))(?=\W*$)",
            "",
            text[out.end() :],
            flags=re.I,
        )
        request = task_to_add("buy " + bought, now)
    elif (
        needs
        and needs.group(2) not in ("th", "someth", "noth", "everyth", "anyth")
        and needs.group(1) not in ("it", "this", "that", "they", "he", "she", "everything")
    ):
        # "the fence needs painting" → "Paint the fence"
        thing = text[needs.start(1) : needs.end(1)]
        request = task_to_add(
            f"{_verb_of(needs.group(2))} the {thing}{text[needs.start(3) :]}", now
        )
    elif wish := (_WISH.match(low) or _APPOINTMENT.match(low)):
        # "… someday", "… some time": the wish's hedge, no date and no priority.
        request = task_to_add(_SOME_TIME.sub("", text[wish.end() :]), now)
    elif (
        _ANY_TASK_VERB.search(low) or re.search(r"\bneeds?\b", low) or take_due(text, now)[1]
    ) and len(words_of(low)) >= 2:
        request = task_to_add(text, now)  # "the car needs an oil change", "dentist tmrw at 9.30"
    else:
        return None
    if not request.title:
        return None
    request.action = "offer"
    return request


# "the fridge needs a proper clean", "the car could do with a wash": a chore said as a noun,
# read early, before the noun ("clean") reads as a task's state ("the garage is clean").
_NEEDS_A = re.compile(
    r"^(?:the|my|our)\s+(.+?)\s+(?:(?:really|badly|desperately|definitely|so)\s+)?"
    r"(?:needs?|could do with|could use|is due|are due|is overdue|are overdue)\s+(?:a|an)\s+"
    r"(?:(?:good|proper|thorough|deep|quick|decent|real|serious|little|wee|bit of a|big)\s+)*"
    r"(clean|wash|tidy|trim|cut|mow|hoover|sweep|polish|service|dust|iron|wipe|scrub|"
    r"declutter|defrost|clear[\s-]out|sort[\s-]out|tidy[\s-]up|tune[\s-]up|going[\s-]over|"
    r"spring[\s-]clean|check[\s-]up|check|repaint|paint(?:\s+job)?)\b(.*)$"
)


def _needs_a(text: str, low: str, now: datetime) -> Request | None:
    found = _NEEDS_A.match(low)
    if found is None or found.group(1) in ("it", "this", "that", "everything"):
        return None
    chore = re.sub(r"[\s-]+", " ", found.group(2)).replace("going", "go").replace(" job", "")
    thing = text[found.start(1) : found.end(1)]
    request = task_to_add(f"{chore} the {thing}{text[found.start(3) :]}", now)
    return request if request.title else None


def chore(message: Message) -> Request | None:
    """A chore said as a noun ("the fridge needs a proper clean"), offered before its noun
    reads as a task already done."""
    if not is_question(message.low) and (offer := _needs_a(message.text, message.low, message.now)):
        offer.action = "offer"
        return offer
    return None


def appointment(message: Message) -> Request | None:
    """ "I've got a job interview on thursday at 11"."""
    if (found := _APPOINTMENT.match(message.low)) and (
        offer := task_to_add(message.text[found.end() :], message.now)
    ):
        offer.action = "offer"
        return offer
    return None


def favour(message: Message) -> Request | None:
    """ "can you order pizza": we cannot, but it can be a task."""
    asked = re.match(
        r"^(?:can|could|would|will)\s+(?:you|u)\s+(?:maybe\s+|possibly\s+|please\s+)?"
        # A change to a task is no favour: "could you take the due date off the bill".
        r"(?!add|create|remind|put|make|set|get rid of|take (?:the |its )?(?:due|date|deadline)|"
        r"read me|tell me|show me|list|"
        r"take (?:it|that|this)?\s*off|"
        # "could you take the work tag off the slides": a task's detail, no errand.
        r"take (?:the |its |that |this )?(?:[\w-]+\s+)?"
        r"(?:tag|label|priority|note|description)s?\b)",
        message.original,
    )
    if (
        asked
        and TASK_VERBS.match(message.low)
        and (offer := task_to_add(message.text, message.now)).title
    ):
        offer.action = "offer"
        return offer
    return None


def wish_or_fact(message: Message) -> Request | None:
    """ "the fence needs painting", "we're out of coffee", "dentist tmrw at 9.30"."""
    return _offer(message.text, message.low, message.now)
