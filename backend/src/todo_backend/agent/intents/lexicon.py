"""Words and phrasings that several rules share: what is filler, how a request to add, a
question, a list request or a to-do starts. A pattern used by one rule lives with it."""

from __future__ import annotations

import re


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that are about the request, not about which task: dropped from names and titles,
# with the small words of a remark ("the tap is dripping again", "did it last night").
FILLER = word_set(
    """a an the my our your this that these those it its one ones thing things task tasks todo
    todos to-do item items entry please pls plz can could would you kindly just now already
    finally also i i've ive i'm im me we have has had got with as for of about so ok okay
    hey then go ahead on in list from off out up all actually oh oops hmm well instead
    really anyway yeah basically literally totally completely honestly seriously them
    is are was were be been am they he she we us him her his their there which who
    again still yet more even today tonight yesterday earlier last night whole what how why
    where to status may might must shall never doing not anymore lol haha lmao"""
)

# Words that ask for a change rather than name a task: dropped when each clause of a long
# message is tried as a task's name ("… I paid the electricity bill. Please mark it done.").
CHANGE_TALK = word_set(
    """delete deleted remove removed rm drop trash erase cancel complete completed done finish
    finished mark marked tick ticked untick check checked uncheck cross crossed off reopen
    open pending undo update change move moved push pushed bump set put make don't dont not
    no do did does need needs as such reminder supposed able let know wanted want tell
    should be to rename retitle title name priority due deadline tag tags label labels"""
)

# Question shapes asking about tasks (listing.TASK_WORDS: the nouns that make one).
LIST_START = re.compile(
    r"^(?:show|list|display|view|see|get (?:me )?(?:my|the|all)|give me|gimme|tell me|what|what's|"
    r"whats|which|any|anything|do i have|have i got|is there|are there|check|pull up|"
    r"let me see|lemme see|search|find|look for|look up|where)\b"
)

OFF_TOPIC = re.compile(
    r"\b(?:weather|joke|poem|song|news|president|capital of|recipe|movie|football|soccer|"
    r"stock|bitcoin|meaning of life|who are you|your name|how are you|translate|"
    r"\d+\s*[-+*/x]\s*\d+|sing|story)\b"
)

# How a to-do starts ("buy", "call", …); "tell me when the dentist is" asks, it is no errand.
TASK_VERBS = re.compile(
    r"^(?:buy|call|email|e-mail|pay|book|pick up|clean|write|read|send|schedule|fix|prepare|"
    r"submit|renew|water|walk|wash|cook|order|return|text|visit|study|plan|review|meet|go to|"
    r"get|take|make|finish|do|practice|practise|file|cancel my|bake|print|sign|update my|"
    r"ring|phone|post|ship|pack|feed|vacuum|mow|organi[sz]e|check on|follow up|reply to|"
    r"respond to|backup|back up|learn|research|draft|grab|collect|drop off|register|tidy|sweep|"
    r"hoover|paint|repair|replace|iron|install|charge|empty|refill|fill in|fill out|defrost|wrap|"
    r"oil|ask|tell(?!\s+me\b)|hang|mop|dust|polish|sell|donate|recycle|bring)\b"
)

ADD_START = re.compile(
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
    # ("I should have said earlier" tells, asks nothing)
    r"i (?:really )?(?:should|must)(?: really)?(?!\s+have\b)|i'?ve got to|i gotta|need to|have to|"
    r"must(?!\s+have\b)|"
    r"gotta|(?:todo|to-do)(?!\s+list\b):?|task:|new task:?|note to self:?|note:)\s*"
)

# Openers that carry no meaning, dropped when more follows ("hey can you add …").
COURTESY = re.compile(
    r"^(?:(?:hey+|hi+|ok+|okay+|so+|um+|uh+|oh+|well|pls|plz|please(?:\s+do(?=\s+(?:mark|tick|set|move|put|update|change|close|reopen|delete|remove)\b))?|yo+|ugh+|hm+|btw|also|"
    r"no\s+wait|wait|sorry|oops|and|honestly|heya|actually|(?:good\s+)?morning|evening|hello|"
    r"kindly|abeg|omg|wow|yay|woo+hoo+|"
    r"(?:it\s+)?(?:just\s+)?occur(?:s|red)\s+to\s+me(?:\s+that)?|"
    r"(?:oh\s+)?dear(?:\s+(?:assistant|bot|helper|friend|sir|madam|sir or madam))?|"
    r"my bad|whoops|correction|(?:kindly\s+)?do the needful(?:\s+and)?|"
    r"forgive me|on second thoughts?|biko|would you mind|"
    r"i\s+should\s+have\s+(?:said|mentioned|told\s+you|added)(?:\s+(?:earlier|before))?(?:\s+that)?|"
    # A letter's opening ("Dear assistant, I hope all is well. Could I trouble you to …").
    r"i\s+hope\s+(?:all\s+is\s+well|you(?:'re|\s+are)\s+(?:well|keeping well|doing well)|"
    r"this\s+(?:message\s+)?finds\s+you\s+well|you\s+don'?t\s+mind\s+me\s+asking(?:,?\s+but)?)|"
    r"i\s+would\s+be\s+(?:most\s+|very\s+|so\s+|ever\s+so\s+)?grateful\s+if\s+you\s+(?:could|would)|"
    r"could\s+i\s+(?:trouble|bother|ask)\s+you\s+to|"
    r"would\s+you\s+be\s+so\s+kind\s+as\s+to|"
    r"i'?m\s+(?:pleased|happy|glad|delighted)\s+to\s+(?:report|say|tell you)(?:\s+that)?|"
    r"(?:can|could|would)\s+you\s+(?:maybe|possibly|perhaps)|"
    r"i'?m (?:so\s+)?sorry|i am (?:so\s+)?sorry|(?:my\s+)?apologies|"
    r"(?:the\s+)?good news is(?:\s+that)?|"
    r"i (?:should|would|'d) like (?:you\s+)?to|"
    r"(?:i\s+)?(?:have\s+|'ve\s+)?forgot(?:ten)?\s+to\s+(?:tell|mention\s+to|say\s+to)\s+you(?:\s+that)?|"
    r"(?:you'?ll|you will) be (?:pleased|glad|happy|relieved) to (?:hear|know)(?:\s+that)?|"
    r"just to let you know(?:\s+that)?|"
    r"never\s*mind|nvm|argh+|phew|good news|great news|just so you know|fyi|hiya|"
    r"(?:can|could|would|will)\s+you(?:\s+(?:please|kindly|be\s+so\s+kind\s+as\s+to|"
    r"be\s+a\s+dear\s+and))?)\b[,!.:]*(?:\s+-+)?\s+)+(?=\S)",
    re.I,
)

# "did I pay…", "is the garage clean", "when's the bank call": asking, not telling.
QUESTION_START = re.compile(
    r"^(?:(?:did|have|has|had)(?:n'?t)?\s+(?:i|we|you|it|they|he|she|the|my|that|this)\b|"
    r"(?:do|does)(?:n'?t)?\s+(?:i|we|you|it|they|he|she)\b|"
    r"remind me (?:what|when|if|whether|which)\b|"
    r"(?:is|are|was|were)(?:n'?t)?\s+(?!there\b)|(?:when|when's|whens|what time)\b|"
    r"(?:should|shall|must)\s+(?:i|we)\b|"
    r"(?:tell me|let me know|do you know|any idea)\s+(?:if|whether|when)\b|any chance\b|"
    r"i wonder if\b)"
)

# Delete words that are also everyday errands ("cancel the gym membership", "lose 5 kg"):
# when no task has that name, the message is a new task, not a delete that finds nothing.
EVERYDAY_DELETE = re.compile(r"^(?:lose|kill|drop|bin|toss|ditch|scratch|cancel|scrap)\b")
