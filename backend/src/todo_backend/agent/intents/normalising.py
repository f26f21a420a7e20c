"""Making a message readable before any rule sees it: quotes, dashes, emoji and chat
shorthand, typos in the intent words, courtesies and asides before the request."""

from __future__ import annotations

import difflib
import re
import unicodedata
from datetime import datetime

from todo_backend.agent.intents.details import take_priority
from todo_backend.agent.intents.due import parse_due
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
    overdue mark cancel update change tomorrow"""
)

# Real words a fuzzy match would "correct" into a different intent.
_NOT_TYPOS = word_set(
    """move moved schedule scheduled shows lists reminder reminders removed deleted created
    changed updated marked listed shown remained"""
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
    "tdy": "today",
    "plz": "please",
    "thx": "thanks",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "tmw": "tomorrow",
    "2moro": "tomorrow",
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
    # A check mark after a task's name says it is done ("slides ✅").
    text = re.sub(r"\s*[\u2705\u2714\u2611\u2713]\ufe0f?(?=\s*$)", " done", text)
    text = "".join(" " if _is_emoji(char) else char for char in text)
    text = re.sub(r"\b(?:whta|wat|wut)'s\b", "what's", text, flags=re.I)
    text = re.sub(
        r"(?<![\w'#-])(\w+)(?![\w'-])",
        lambda m: _SHORTHAND.get(m.group(1).lower(), m.group(1)),
        text,
    )
    return " ".join(text.split()).strip()


# Short intent words clipped at the start of a message ("shw my tasks").
_FIRST_WORD_SHORTHAND = {
    "shw": "show",
    "sho": "show",
    "adn": "add",
    "lst": "list",
    "dne": "done",
    "mrk": "mark",
    "dlt": "delete",
    "rmv": "remove",
}


def fix_typos(text: str) -> str:
    words = text.split()
    for index in {0, 1, len(words) - 1} & set(range(len(words))):
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


def _drop_lead_in(text: str) -> str:
    match = _LEAD_IN.match(text)
    if match is None or word_set(match.group(1).lower()) & _LEAD_IN_INTENT:
        return text
    if take_priority(match.group(1))[0] == "":
        # "not urgent: clean the fridge": the aside is the priority, the rest the task.
        return f"{text[match.end() :]}, {match.group(1)}"
    if ADD_START.match(text.lower()):
        return text  # "new task: finish the slides" is itself the request
    rest = text[match.end() :]
    low = rest.lower()
    # After a comma a verb may be about the task just named ("the garage can wait, make it
    # low"); only a label ending in a colon is surely followed by the task itself.
    # A delete word stays with its aside ("quick one: cancel my dentist" may be a new task).
    labelled = ":" in match.group(2) and TASK_VERBS.match(low) and not EVERYDAY_DELETE.match(low)
    asks_to_add = re.match(r"(?:(?:can|could|would) you\s+)?(?:please\s+)?(?:add|create)\b", low)
    # "just checking - is the report still overdue?": the aside leads to a question.
    question = QUESTION_START.match(low) and low.rstrip().endswith("?")
    return rest if labelled or asks_to_add or question else text


# Chatter before the request in its own sentence ("ugh, long day. can you add …").
_SENTENCE = re.compile(r"(?<=[.!])\s+(?=\S)")


def prepare(message: str, now: datetime, known_tags: TagNames) -> Message:
    """The message as the rules read it: normalised, typos fixed, chatter before the request
    and courtesies dropped, a leading date moved after the task it belongs to."""
    text = fix_typos(normalise(re.sub(r"^(\W*)ad\b", r"\1add", message, flags=re.I)))
    original = re.sub(r"^(?:(?:hey|hi|hiya|ok|okay|so|yo)\W+)*", "", text.lower())
    sentences = _SENTENCE.split(text)
    for index, sentence in enumerate(sentences[1:], start=1):
        if ADD_START.match(COURTESY.sub("", sentence).lower()):
            text = " ".join(sentences[index:])
            break
    text = COURTESY.sub("", _drop_lead_in(COURTESY.sub("", text)))
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
