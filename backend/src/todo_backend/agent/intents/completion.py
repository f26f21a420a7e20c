"""A task done ("done with #3", "I finished the milk task", "the bill is paid and the
garage is clean") or not done after all ("reopen #10", "I haven't watered the plants")."""

from __future__ import annotations

import re

from todo_backend.agent.intents.done import DONE_WORDS, REOPEN, is_complete
from todo_backend.agent.intents.lexicon import word_set
from todo_backend.agent.intents.references import clause_ref_of, ref_of, refs_of
from todo_backend.agent.intents.request import Message, Ref, Request

_COMPLETE_WORDS = word_set(
    """done finished finish completed complete mark marked set check checked tick ticked cross
    crossed off did do is are was were now close closed wrap wrapped up it's its taken care been
    went to last night yesterday earlier today morning afternoon evening ago
    handled sorted dealt put such"""
)

_REOPEN_WORDS = word_set(
    """reopen re-open undo put restore uncomplete un-complete untick un-tick uncheck un-check unmark
    un-mark mark as not done undone open pending incomplete unfinished back on list no isn't
    isnt aren't arent wasn't wasnt weren't haven't havent hasn't hasnt hadn't didn't didnt
    don't dont yet actually really even finished complete completed still need needs doing
    be been wrong mistake bad oops sorry never after"""
)


def reopened(message: Message) -> Request | None:
    """ "reopen #10", "untick the gym", "the tap isn't actually fixed"; "undo that, I still
    need to finish the charts": "that" is the task just ticked off."""
    low = message.low
    found = REOPEN.search(low)
    if found and re.match(
        r"(?:mark|tick|check|cross)\b[^,.;]*\b(?:done|complete|completed|finished|off)\b",
        low[: found.start()],
    ):
        return None  # "mark it done before I find a reason to reopen it"
    if found:
        clause = re.split(r"[,;.!]", low[found.start() :])[0]
        ref = ref_of(clause, _REOPEN_WORDS)
        if re.search(r"\b(?:it|that|this|them)\b", clause) and ref.task_id is None:
            ref = Ref(pronoun=True)  # "restore it to pending status"
        elif not ref.pronoun:
            ref = ref_of(low, _REOPEN_WORDS)
        return Request("reopen", ref=ref, refs=refs_of(low, _REOPEN_WORDS | DONE_WORDS))
    return None


def completed(message: Message) -> Request | None:
    """ "done with #3", "paid the bill", "tick off 3 and 4"."""
    # "finished dune last night, what a book": the exclamation names no task.
    low = re.sub(r"[,;.!-]+\s*(?:what an?|such an?|how)\b[^,;.!]*", "", message.low)
    # "mark it done before I find a reason to reopen it": the why and when name nothing.
    low = re.sub(r"\s+(?:before|because|since|so that|in case)\s+(?:i|we|you|it)\b.*$", "", low)
    if is_complete(low):
        return Request(
            "complete",
            ref=ref_of(low, _COMPLETE_WORDS | DONE_WORDS),
            refs=refs_of(low, _COMPLETE_WORDS | DONE_WORDS, done_parts=True),
            clause_ref=clause_ref_of(low, _COMPLETE_WORDS),
        )
    return None
