"""Reading one message: prepared once, then offered to each rule in turn.

`RULES` is the order of the reading, from the most specific phrasing to the most
general: the first rule that recognises the message says what it asks for. A rule
pulls its own part out of the message, so what is left (a task's title, a task's
name) is read by the helpers of its module.
"""

from __future__ import annotations

import re
from datetime import datetime

from todo_backend.agent.intents import (
    add,
    completion,
    delete,
    listing,
    offer,
    questions,
    small_talk,
    update,
)
from todo_backend.agent.intents.listing import list_filters
from todo_backend.agent.intents.normalising import normalise, prepare
from todo_backend.agent.intents.questions import is_question
from todo_backend.agent.intents.request import Message, Request, Rule, TagNames, no_tags

_CHANGES = frozenset({"complete", "delete", "update", "reopen", "bulk"})


def read(message: str, now: datetime, known_tags: TagNames = no_tags) -> Request:
    """What one message asks for. A question never asks for a change: "is the report
    done?" is answered, not acted on, whatever its words would otherwise mean."""
    request = _read(message, now, known_tags)
    if request.action in _CHANGES and is_question(normalise(message).lower()):
        return Request("ask", ref=request.ref, filters=list_filters(message.lower(), known_tags))
    return request


# "don't delete anything", "don't add anything, just show me today".
_NEGATED = re.compile(
    r"^(?:please\s+)?(?:don'?t|do not|never|no need to)\s+(?:add|create|delete|remove|mark|"
    r"complete|finish|tick|change|touch|move|edit|update|cancel|erase|drop|rename)\b"
    r"[^,.;!]*[,.;!]*\s*(?:(?:just|but|only|instead|rather)\b\s*)?"
)


def negated(message: Message) -> Request | None:
    """ "don't delete anything": nothing; what follows a negation is read on its own."""
    if found := _NEGATED.match(message.low):
        rest = message.text[found.end() :].strip(" ,.;!")
        if rest and not _NEGATED.match(rest.lower()):
            return _read(rest, message.now, message.known_tags)
        return Request("nothing")
    return None


RULES: tuple[Rule, ...] = (
    small_talk.help_asked,
    small_talk.greeting,
    small_talk.thanks,
    offer.appointment,
    offer.favour,
    negated,
    listing.stats,
    questions.trailing_question,
    questions.question,
    add.put_it_on,
    update.new_date_alone,
    update.correction,
    add.add_request,
    listing.bulk,
    small_talk.off_topic,
    completion.reopened,
    update.change_of_details,
    completion.completed,
    delete.delete_request,
    listing.search_or_list,
    listing.list_named,
    listing.tag_named,
    listing.show_everything,
    listing.question_about_tasks,
    add.to_do,
    offer.wish_or_fact,
)


def _read(message: str, now: datetime, known_tags: TagNames) -> Request:
    prepared = prepare(message, now, known_tags)
    for rule in RULES:
        if (request := rule(prepared)) is not None:
            return request
    return Request("unknown")
