"""Deleting a task: "delete #4", "get rid of the gym one", "I don't need the flights task".
An everyday errand with a delete word ("cancel the gym membership") is a new task when no
task has that name."""

from __future__ import annotations

import re

from todo_backend.agent.intents.add import task_to_add
from todo_backend.agent.intents.lexicon import EVERYDAY_DELETE, LIST_START, word_set
from todo_backend.agent.intents.references import clause_ref_of, ref_of, refs_of
from todo_backend.agent.intents.request import Message, Ref, Request

_DELETE_WORDS = word_set(
    """delete remove drop trash erase get rid scrap discard forget cancel nuke kill ditch toss
    yeet axe nix removed deleted dropped binned scrapped altogether task about may can could
    bin scratch lose wipe don't dont need anymore any more longer want"""
)


def delete_request(message: Message) -> Request | None:
    low = message.low
    if re.search(
        r"\b(?:delete|remove|trash|erase|get rid of|scrap|discard|forget about|nuke|yeet|axe|nix|"
        r"take\b.+\boff\s+(?:the|my)\s+(?:todo\s+|to-do\s+)?list|"
        r"(?:can|could|may|should|might|must|needs to|has to)\s+be\s+"
        r"(?:removed|deleted|dropped|binned|scrapped)|"
        r"(?:don'?t|do not|no longer) need)\b"
        # Everyday words ("bin bags", "a drop of milk") delete only as the request's verb.
        r"|(?:^|\b(?:please|pls|just|then|so|and|i)\s+)(?:drop|cancel|kill|ditch|toss|bin|scratch|"
        r"lose)\b"
        # "wipe #7 and #8" (not "wipe the kitchen counters").
        r"|^wipe\s+(?=#|(?:it|that|them|tasks?)\b)"
        # "clear out 8, 13 and 2": tasks by their numbers.
        r"|^(?:clear out|clear|wipe|bin|scrap)\s+(?=#?\d+(?:\s*(?:,|and|&)\s*#?\d+)+\W*$)",
        low,
    ) and not LIST_START.match(low):
        request = Request(
            "delete", ref=ref_of(low, _DELETE_WORDS), refs=refs_of(low, _DELETE_WORDS)
        )
        first = re.split(r"\s*[,;.!?]\s*", low)[0]
        if re.fullmatch(r"\W*(?:\w+\s+){0,2}(?:that|it|this)(?:\s+(?:one|task))?\W*", first):
            # "cancel that, they're closed this week": "that" is the task just added.
            return Request("delete", ref=Ref(pronoun=True))
        request.clause_ref = clause_ref_of(low, _DELETE_WORDS)
        if EVERYDAY_DELETE.match(low) and request.ref.words:
            request.otherwise = task_to_add(message.text, message.now)
        return request
    return None
