"""Which task a message names: by id (#12, "task 12"), by its words ("the milk task"), by
"it", by position ("the second one"), or several at once ("3 and 4")."""

from __future__ import annotations

import re

from todo_backend.agent.intents.done import is_complete
from todo_backend.agent.intents.lexicon import FILLER, word_set
from todo_backend.agent.intents.request import Ref

_ORDINALS = {
    "first": 0,
    "1st": 0,
    "one": 0,
    "second": 1,
    "2nd": 1,
    "two": 1,
    "third": 2,
    "3rd": 2,
    "three": 2,
    "fourth": 3,
    "4th": 3,
    "four": 3,
    "fifth": 4,
    "5th": 4,
    "five": 4,
    "last": -1,
}

ORDINAL_WORDS = frozenset(_ORDINALS)

ID = re.compile(r"(?:#\s?|\b(?:task|item|number|no\.?|todo|id)\s*#?\s*)(\d+)\b", re.I)

_BARE_NUMBER = re.compile(r"(?<![\w:/.-])(\d{1,6})(?![\w:/.-])")


def ordinal(low: str) -> int | None:
    """ "the second one" → 1; "the last" → -1."""
    for word in re.findall(r"[a-z0-9]+", low):
        if word in _ORDINALS:
            return _ORDINALS[word]
    return None


def task_id_in(text: str, *, bare: bool = False) -> int | None:
    """#12, task 12, number 12; with bare=True also a lone 12."""
    if match := ID.search(text):
        return int(match.group(1))
    if bare and (match := _BARE_NUMBER.search(text)):
        return int(match.group(1))
    return None


def words_of(text: str) -> tuple[str, ...]:
    """The content words of a task name, for matching it against titles."""
    tokens = re.findall(r"[a-z0-9][a-z0-9'&+-]*", text.lower())
    # "mom's call" names the "Call mom" task: a possessive is its word.
    tokens = [re.sub(r"'s$", "", token).strip("'") for token in tokens]
    return tuple(token for token in tokens if token and token not in FILLER)


def refs_of(low: str, action_words: frozenset[str], *, done_parts: bool = False) -> tuple[Ref, ...]:
    """Several tasks in one message: "3 and 4", "#1, #9", "the bill and the garage"; each
    part is read as a name of its own. With done_parts, a part that does not report done
    work ("I just got back from the shops") names nothing."""
    words = [w for w in words_of(low) if w not in action_words]
    numbers = [w for w in words if w.isdigit()]
    if len(numbers) >= 2 and all(w.isdigit() or w in ("and", "plus", "both", "all") for w in words):
        return tuple(Ref(task_id=int(number)) for number in dict.fromkeys(numbers))
    parts = [
        part
        for part in re.split(r"\s*(?:[,;&]|\band\b|\bplus\b|\bas well as\b)\s*", low)
        if words_of(part)
    ]
    if len(parts) < 2:
        return ()
    # "i finished the report and the slides": a part without a subject shares the verb;
    # "finished dune, what a book": an exclamation names nothing; "not the oat one" names
    # the task that is not meant.
    # "the garage and the Dune book both": "both" counts the parts, it names neither.
    parts = [re.sub(r"\s+(?:both|all|each)\b", "", part) for part in parts]
    # "the report is finished and so is the email to sarah": "so is" says it of another;
    # "cleaned the garage after my shift": when it was done names nothing.
    parts = [re.sub(r"^so\s+(?:is|are|was|were|has|have|did)\s+", "", part) for part in parts]
    parts = [
        re.sub(r"\s+(?:after|before|during|on my way|on the way|while)\b.*$", "", part)
        if done_parts
        else part
        for part in parts
    ]
    return tuple(
        Ref()
        if (
            done_parts
            and not is_complete(part)
            and re.search(r"\b(?:i|we|you|he|she|they)\b|^(?:what an?|such an?|so|how)\b", part)
        )
        or re.match(r"(?:not|never|except)\b", part)
        else ref_of(part, action_words)
        for part in parts
    )


def clause_ref_of(
    low: str, action_words: frozenset[str], ignore: frozenset[str] = frozenset()
) -> Ref | None:
    clauses = [
        c
        for c in re.split(r"\s*(?:[,;]|\bso\b|\bthen\b)\s*", low)
        if c.strip() and not re.match(r"(?:not|never|except)\b", c)  # "not the oat one"
    ]
    if len(clauses) < 2:
        return None
    verb = next(
        (i for i, clause in enumerate(clauses) if word_set(clause) & action_words), len(clauses) - 1
    )
    ref = ref_of(clauses[verb], action_words | ignore)
    if ref.pronoun and verb > 0:
        dropped = action_words | ignore | word_set("doesn't don't isn't no longer")
        ref = ref_of(clauses[verb - 1], dropped)
    return ref if ref.words or ref.task_id is not None else None


def ref_of(low: str, action_words: frozenset[str]) -> Ref:
    """Which task the rest of the message names once the action's own words are gone; what
    is "not" meant is no part of the name ("the regular milk, not the oat one")."""
    low = re.sub(
        r"(?:,\s*|\s+)not\s+(?:the|a|an|my|our|this|that)\s+[\w' -]+?(?=[,.;!?]|$)", "", low
    )
    words = tuple(w for w in words_of(low) if w not in action_words)
    # A bare number is an id only when nothing else is left ("delete 4", not "lose 5 kg").
    task_id = task_id_in(low, bare=len(words) == 1 and words[0].isdigit())
    if task_id is not None:
        return Ref(task_id=task_id)
    if not words and re.search(r"\bthem\b", low):
        # "tick them all off" after a list; "move them to friday" after "the flights".
        return Ref(words=("them",))
    pronoun = bool(re.search(r"\b(?:it|that|this|its)\b", low))
    return Ref(words=words, pronoun=pronoun and not words)
