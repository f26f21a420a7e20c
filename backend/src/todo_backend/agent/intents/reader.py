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
from todo_backend.agent.intents.due import DATE_WORDS
from todo_backend.agent.intents.lexicon import ADD_START, CHANGE_TALK, COURTESY
from todo_backend.agent.intents.listing import list_filters
from todo_backend.agent.intents.normalising import normalise, prepare, topic_named
from todo_backend.agent.intents.questions import is_question
from todo_backend.agent.intents.references import ID, ref_of
from todo_backend.agent.intents.request import Message, Ref, Request, Rule, TagNames, no_tags

_CHANGES = frozenset({"complete", "delete", "update", "reopen", "bulk"})

_POLITELY = (
    r"(?:(?:(?:can|could|would|will)\s+(?:you|u)|you\s+(?:can|could|may)|please|pls|plz|kindly|"
    r"only|just|instead|yeah|yes)\s+)*(?:do\s+)?"
)
_CHANGE_VERB = (
    r"(?:mark|tick|put|set|make|move|push|bump|delete|remove|reopen|open|update|change|"
    r"reschedule|postpone|prepone|close|check off|cross off|restore|raise|lower|rename|give|"
    r"cancel|cross|get rid of|erase|trash|scrap|un-?(?:mark|check|tick|complete))\b"
)
# A later sentence that asks for a change to what the ones before told ("… I was finally
# able to pay the electricity bill. Please do mark it as such.").
_ASKS_FOR_CHANGE = re.compile(rf"^{_POLITELY}{_CHANGE_VERB}")
_SENTENCE = re.compile(
    r"(?<=[.!?;:])\s+(?=\S)|\s+-+\s+"
    # "… they want to move it so can you change the dentist to thursday", "… i cleaned it
    # after so tick the garage off": a request that starts mid-sentence.
    # "Sarah's been emailed, mark it done, onward and upward": a bare order after a comma.
    rf"|,\s+(?=(?:please\s+|pls\s+|kindly\s+)?{_CHANGE_VERB})"
    rf"|,?\s+(?:so|but|then)\s+(?={_POLITELY}{_CHANGE_VERB}"
    r"|(?:can|could|would|will)\s+(?:you|u)\b|please\b)"
)
_CLAUSE = re.compile(r"\s*(?:[,;.!?]+|\s-+|\b(?:and|but|so|because)\b)\s*")


def read(message: str, now: datetime, known_tags: TagNames = no_tags) -> Request:
    """What one message asks for. A question never asks for a change: "is the report
    done?" is answered, not acted on, whatever its words would otherwise mean."""
    text = normalise(message)
    if _CALLED_OFF.search(text.lower()):
        return Request("nothing")  # "delete the oat milk. no wait, leave it"
    sentences = [
        re.sub(r"^(?:anyway|so|ok|okay)\b\W*", "", sentence, flags=re.I)
        for sentence in _SENTENCE.split(text)
    ]
    asked, request = message, None
    # "add write the script, update the changelog and …": a list of new tasks, however its
    # items start.
    adding = ADD_START.match(COURTESY.sub("", text.lower()))
    for sentence in reversed(sentences[1:] if not adding else []):
        if _ASKS_FOR_CHANGE.match(COURTESY.sub("", topic_named(sentence).lower())):
            request = _read(sentence, now, known_tags)
            asked = sentence
            if set(request.ref.words) & _THE_ONES_TOLD:
                request = None  # "called mom and did the slides. tick both": read it all
            break
    if request is None or request.action not in _CHANGES:
        asked, request = message, _read(message, now, known_tags)
    # Chatter, then what happened or what to do ("What a week. … Anyway, the garage is
    # finally cleaned out."): the last sentence that asks for something. A list read from
    # the chatter ("the kids missed the bus") gives way to a change told after it.
    story = request.action in ("unknown", "offer") or (
        request.action == "list"
        and not text.rstrip().endswith("?")
        and len(sentences) > 1
        and _read(sentences[0], now, known_tags).action not in ("list", "ask")
    )
    if story and len(sentences) > 1:
        wanted = _CHANGES | ({"add"} if request.action != "list" else set())
        for sentence in reversed(sentences):
            found = _read(sentence, now, known_tags)
            if found.action in wanted:
                asked, request = sentence, found
                break
    if request.action in _CHANGES and is_question(_final_clause(normalise(asked).lower())):
        request = Request("ask", ref=request.ref, filters=list_filters(message.lower(), known_tags))
    if request.action in _CHANGES | {"ask"}:
        request.named_in = _names_in_clauses(text.lower())
    return request


# A request taken back at the end of the same message.
_CALLED_OFF = re.compile(
    r"\S.*?(?:[.!,;]|\s-+)\s*(?:no\s+)?(?:wait|actually|hmm|on second thoughts?|no)\W+"
    r"(?:no\W+)?(?:leave it|leave that|don'?t(?:\s+(?:do|bother)\b.*)?|do not|never\s*mind|"
    r"forget (?:it|that|about it)|scratch that|keep it|cancel that|ignore that)\W*$"
)


# "it", or "that"/"this" standing for a task ("undo that", "make that 8"), not a word
# that leads into what follows ("tell you that the call …", "this morning").
_POINTS_ELSEWHERE = re.compile(
    r"\b(?:it|its|them)\b|\b(?:that|this)\b(?=\s*$|\s*[,.;!?]|\s+\d|\s+(?:one|is|was|to|for|on|as|"
    r"again|too|instead|please|pls|off|done|up|task)\b)"
)


# "… I marked the plants as watered too soon; would you kindly restore that task?": a
# request after the story, which the question mark does not make a question.
_POLITE_TAIL = re.compile(
    r"(?:[;,.!]|\s-+)\s*(?=(?:(?:can|could|would|will)\s+(?:you|u)|please|kindly)\b)"
)


_THE_ONES_TOLD = frozenset({"both", "them", "these", "those", "all", "each"})


def _final_clause(low: str) -> str:
    """What decides whether the message is a question: a polite request at its end."""
    parts = _POLITE_TAIL.split(low)
    return parts[-1] if len(parts) > 1 else low


def _names_in_clauses(low: str) -> tuple[Ref, ...]:
    """What each clause names, without its change and date talk; a clause that says "it"
    points elsewhere and names nothing itself."""
    # "I have to redo the gym session uncheck it": before the change that says "it" is the
    # name.
    clauses = []
    for clause in _CLAUSE.split(low):
        if _POINTS_ELSEWHERE.search(clause):
            clause = re.split(rf"\b{_CHANGE_VERB}|\bun-?(?:check|tick|complete|mark)\b", clause)[0]
        # "milk -- the normal one, NOT the oat one": what is not meant names nothing.
        if not _POINTS_ELSEWHERE.search(clause) and not re.match(
            r"\s*(?:not|never|except)\b", clause
        ):
            clauses.append(clause)
    # A number alone is no name here ("1:30" splits into "1" and "30", "the 7 and the 13"
    # are two tasks): only "#3", "task 3".
    refs = (
        ref_of(clause, CHANGE_TALK | DATE_WORDS)
        for clause in clauses
        if ID.search(clause) or not re.search(r"\b\d+\b", clause)
    )
    return tuple(ref for ref in refs if ref.words or ref.task_id is not None)


# "don't delete anything", "don't add anything, just show me today".
_NEGATED = re.compile(
    r"^(?:please\s+|kindly\s+)?(?:don'?t|do not|never|no need to)\s+"
    r"(?:add|create|delete|remove|mark|"
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
    offer.chore,
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
