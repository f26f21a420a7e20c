"""Questions: "did I pay the bill?", "when is the dentist?", "is the report done?". A
question never changes anything: it is answered from the list."""

from __future__ import annotations

import re

from todo_backend.agent.intents.done import DONE_WORDS
from todo_backend.agent.intents.lexicon import COURTESY, LIST_START, QUESTION_START, word_set
from todo_backend.agent.intents.listing import TASK_WORDS, list_filters, list_request, tag_filter
from todo_backend.agent.intents.references import ref_of
from todo_backend.agent.intents.request import Message, Request

# A request with a question mark is still a request ("can you delete #4?").
_POLITE_REQUEST = re.compile(
    r"^(?:(?:hey|hi|ok|okay|so|please|pls)\W+)*(?:(?:can|could|would|will)\s+(?:you|u)|please|pls|"
    r"delete|remove|mark|complete|finish|move|push|reschedule|rename|change|set|make|tick|"
    r"check off|cross off|close|reopen|undo|clear|tag|untag|update|add)\b"
)


def is_question(low: str) -> bool:
    low = COURTESY.sub("", low.strip())
    if re.match(r"^(?:(?:can|could|would|will)\s+(?:you|u)\s+)?(?:tell me|let me know)\b", low):
        return True
    if QUESTION_START.match(low):
        return True
    return low.rstrip().endswith("?") and not _POLITE_REQUEST.match(low)


# Question words, dropped from the name of the task asked about.
_ASK_WORDS = word_set(
    """did do does have has had is are was were am when when's whens what time should shall
    must didn't haven't hasn't isn't aren't wasn't already yet still done finished complete
    completed ever tell let know if whether any idea due deadline scheduled over been being
    got gotten remind what what's which need needs be ready happen happening planned think
    chance wonder
    forgot open pending today tonight tomorrow yesterday monday tuesday wednesday thursday
    friday saturday sunday week get round around manage managed remember remembered right
    correct"""
)


def trailing_question(message: Message) -> Request | None:
    """ "I think I forgot to pay the bill, is it still open?"."""
    low = message.low
    trailing = re.search(
        r"[,;]\s*(?:(?:is|was|has|did|does|are)\s+(?:it|that|this|they)\b[^,;]*|right|correct|"
        r"(?:didn'?t|haven'?t|hasn'?t|isn'?t|wasn'?t)\s+(?:i|it|we|they))\s*\?$",
        low,
    )
    if trailing:
        return Request("ask", ref=ref_of(low[: trailing.start()], _ASK_WORDS | DONE_WORDS))
    return None


def question(message: Message) -> Request | None:
    """A question about the list ("do I have anything today?") or about one task ("did I
    pay the bill?", "when is the dentist?")."""
    low, known_tags = message.low, message.known_tags
    if not (
        QUESTION_START.match(low) or re.match(r"^(?:tell me|let me know)\s+(?:if|whether)\b", low)
    ):
        return None
    asks_list = LIST_START.match(low) and (TASK_WORDS.search(low) or tag_filter(low, known_tags))
    about_one = re.match(r"^do (?:i|we) (?:still )?(?:have|need) to (?!do\b)\w+", low)
    if not about_one and (
        asks_list
        or re.search(r"\b(?:anything|any(?! idea| chance)|tasks|todos|everything|stuff)\b", low)
    ):
        return list_request(low, known_tags, message.now)
    return Request(
        "ask", ref=ref_of(low, _ASK_WORDS | DONE_WORDS), filters=list_filters(low, known_tags)
    )
