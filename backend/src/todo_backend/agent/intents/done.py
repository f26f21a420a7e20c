"""Whether a message reports a task done ("paid the bill", "the flights are booked now")
or undone ("I haven't watered the plants yet")."""

from __future__ import annotations

import re

from todo_backend.agent.intents.lexicon import LIST_START, TASK_VERBS, word_set

# What was done to a task, said in the past: "(I) paid the bill", "flights booked".
_DONE_VERBS = (
    r"(?:bought|called|paid|emailed|e-mailed|booked|cleaned|wrote|written|sent|fixed|prepared|"
    r"went to|"
    r"submitted|renewed|watered|walked|washed|cooked|ordered|returned|texted|visited|studied|"
    r"telephoned|rung|"
    r"planned|reviewed|met|took|taken|"
    r"made(?!\s+(?:a|an)\s+(?:mistake|error|typo|mess|blunder))|"
    r"picked up|posted|mailed|filed|signed|printed|packed|"
    r"fed|vacuumed|mowed|organi[sz]ed|replied to|answered|rang|phoned|cancelled|canceled|"
    r"scheduled|practi[sc]ed|learned|drafted|collected|dropped off|registered|backed up|"
    r"got off the phone with|spoke to|spoke with|talked to|talked with|heard back from|"
    r"cleared out|cleared|tidied up|tidied)"
)

DONE_WORDS = word_set(
    """bought called paid emailed e-mailed booked cleaned wrote written sent fixed prepared
    submitted renewed watered walked washed cooked ordered returned texted visited studied
    planned reviewed met took taken made picked posted mailed filed signed printed packed fed
    vacuumed mowed organised organized replied answered rang rung phoned telephoned cancelled
    canceled
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
REOPEN = re.compile(
    r"\b(?:reopen|re-open|undo|un-?complete|un-?tick|un-?check|un-?mark|"
    r"(?:mark|make)\b.*\b(?:as )?(?:not done|undone|open|pending|incomplete|not finished|"
    r"unfinished)|"
    rf"mark\b.*\bnot\s+(?:yet\s+)?{_DONE_VERBS}|"
    r"back on (?:my |the )?(?:todo |to-do |task )?(?:list|tasks|todos)|"
    # "would you open that one back up"
    r"\bopen\b.*\b(?:back\s+up|again)\b|"
    r"(?:put|set|move|change|switch|turn)\b.*\b(?:back\s+)?(?:to|as|into)\s+(?:not done|undone|"
    r"open|pending|incomplete|unfinished|to-?do)\b|restore\b|revert\b|"
    r"(?:shouldn'?t|should not)\s+(?:be|have been)\s+(?:ticked|marked|done|checked|crossed)|"
    r"(?:marked|ticked|checked|set)\b.*\b(?:in error|by mistake|by accident|accidentally|"
    r"wrongly|too early)|"
    rf"(?:is|are|was|were|'s)(?:n'?t| not)\s+(?:actually\s+|really\s+|quite\s+)?"
    rf"(?:done|finished|complete|completed|{_DONE_VERBS})|"
    rf"(?:have|has|had)(?:n'?t| not)\s+(?:(?:actually|really|even|been|yet)\s+)*"
    rf"(?:done|finished|completed|{_DONE_VERBS}|got round to|gotten round to|to|gone to)|"
    rf"(?:did|do)(?:n'?t| not)\s+(?:actually\s+|really\s+)?{_BASE_VERBS}|"
    rf"never\s+(?:actually\s+|really\s+)?(?:{_DONE_VERBS}|{_BASE_VERBS})|"
    r"not (?:done|finished) yet|still (?:needs?|has) (?:doing|to be done)|still to do)\b"
)

# With a subject, "read" and "got" are past too; without one they start a new task.
# "just got home", "got back": arrived, nothing done; "I made a mistake": nothing made.
_ARRIVED = r"(?!\s+(?:home|back|in|up|here|there|off|out|to|into)\b)"

_PAST_TENSE = re.compile(
    rf"^(?:(?:i|we)(?:'ve)?\s+(?:just\s+|already\s+|finally\s+|have\s+)*(?:{_DONE_VERBS}|read|"
    rf"got{_ARRIVED})|(?:just\s+|already\s+|finally\s+)?(?:{_DONE_VERBS}|got\s+(?=the|my|our|some|both|all))|"
    rf"(?:just|already|finally)\s+(?:read|got{_ARRIVED})|"
    # "read dune finally lol": what has been put off is at last done.
    r"read\b[^,.;!?]*\b(?:finally|at last|at long last)\b)\b"
)

# "the flights are booked now", "garage is clean": a task's name, then that it is done.
_NOW_DONE = re.compile(
    rf"\b(?:is|are|was|were|got|has been|have been)?\s*(?:now\s+|all\s+|finally\s+)?"
    rf"(?:{_DONE_VERBS}|clean|ready|sorted|sorted out|handled)(?:\s+(?:off|out|away))?"
    r"(?:\s+now)?\W*$"
)

_IS_NOW_DONE = re.compile(
    rf"\b(?:is|are|was|were|'s|got|has been|have been)\s+(?:now\s+|all\s+|finally\s+)?"
    rf"(?:{_DONE_VERBS}|clean|ready|sorted|sorted out|handled)(?:\s+(?:out|up|off))?"
    rf"(?:\s+(?:now|today|yesterday|this morning|last night|at last|at long last|finally|eh|lol))?"
    r"\W*$"
)

# "is the dentist booked?", "i want the garage cleaned": not reports that it is done.
_WISH_OR_QUESTION = re.compile(
    r"\?\s*$|^(?:is|are|was|were|did|do|does|has|have|had|will|would|can|could|should)\b|"
    r"^(?:i\s+|we\s+)?(?:want|need|wanna|would like|'d like|should|must|have to|gotta|"
    r"let'?s|get|please|pls)\b"
)

# "I almost finished the report", "I'll have paid it by friday": not done yet.
_NOT_DONE_YET = re.compile(
    r"\b(?:have|has|had|did)(?:n'?t|\s+not)\b|\bnot\s+(?:yet\s+)?(?:done|finished|complete)\b|"
    r"\b(?:almost|nearly|not quite|half|partly|partially|about to|going to|gonna|will|won't|"
    r"can't|cannot|couldn't|(?:i|we|you|it|they)'ll)\b"
)


def is_complete(low: str) -> bool:
    if re.match(
        r"(?:(?:please|pls|kindly|just)\s+)?(?:delete|remove|erase|trash|get rid of|kill|drop|"
        r"bin|ditch|scrap|nuke|yeet|axe|nix)\b",
        low,
    ):
        return False  # "delete the flights, the trip is cancelled": the remark is not the ask
    if _NOT_DONE_YET.search(low) and not re.match(r"(?:mark|tick|check|cross|complete)\b", low):
        return False
    # "I just got back from the shops and I bought the oat milk": a clause that tells it.
    clauses = re.split(r"\s*(?:[,;]|\band\b|\bso\b)\s*", low)
    if any(_PAST_TENSE.match(clause) for clause in clauses) and not low.endswith("?"):
        return True
    # "garage is finally clean, took me all morning": the report, then a remark (with its
    # verb: "the dentist called, …" is the dentist calling).
    first = re.split(r"\s*[,;.!]\s+|\s+-+\s+", low)[0]
    if (
        (_NOW_DONE.search(low) or _IS_NOW_DONE.search(first))
        and not _WISH_OR_QUESTION.search(low)
        # "email to sarah is sent": a to-do's noun, then that it is done.
        and (not TASK_VERBS.match(low) or _IS_NOW_DONE.search(low))
    ):
        return True
    if LIST_START.match(low) and not re.match(r"^(?:check|tick|cross)\s+off\b", low):
        return False
    return bool(
        re.search(
            rf"^(?:mark|set|flag|put)\b.*\b(?:done|complete|completed|finished|sorted|handled|"
            rf"ticked|checked|read|{_DONE_VERBS})\b|^mark\b.*\bas such\b"
            r"|\b(?:finished|finishd|completed|did|done with|done w/|finished with|wrapped up|"
            r"took care of|taken care of|handled|sorted out|dealt with|checked off|ticked off|"
            r"crossed off)\b"
            r"|^(?:complete|finish|close|check off|tick off|cross off|x off|done|tick)\b"
            r"|\b(?:is|are|'s|was|were|it's|its)\s+(?:now\s+|all\s+)?(?:done|finished|complete|"
            r"completed|taken care of|sorted|handled)\b"
            r"|\b(?:check|tick|cross)\b.*\boff\b|\bdone\b\W*$"
            # "the report and the slides, both done"
            r"|\b(?:both|all)\s+(?:done|finished|sorted|completed)\b"
            # "clean the garage I have done yesterday"
            r"|\b(?:i|we)\s+(?:have|'ve|had)\s+(?:already\s+|finally\s+)?(?:done|finished|completed)\b"
            # "tasks 6 and 15 make done both"
            r"|\bmake\s+(?:(?:it|them|both|all)\s+)?(?:done|complete|completed|finished)\b",
            low,
        )
        # "dentist appt done - they had a cancellation": done, then the story.
        or re.search(r"\bdone\b\W*$", first)
    )
