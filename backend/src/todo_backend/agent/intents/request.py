"""What a message was read as (`Request`, `Ref`), and what the rules read it from
(`Message`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

Action = Literal[
    "help",
    "greet",
    "thanks",
    "stats",
    "bulk",
    "add",
    "complete",
    "delete",
    "update",
    "reopen",
    "list",
    "ask",
    "offer",
    "nothing",
    "unknown",
]

Priority = Literal["low", "medium", "high"]


@dataclass(frozen=True)
class Ref:
    """How the user pointed at a task: by id, by some of its words, or by "it"."""

    task_id: int | None = None
    words: tuple[str, ...] = ()
    pronoun: bool = False

    @property
    def empty(self) -> bool:
        return self.task_id is None and not self.words and not self.pronoun


@dataclass
class Request:
    """One message, read: the action and whatever details it carried."""

    action: Action
    ref: Ref = field(default_factory=Ref)
    title: str | None = None
    description: str | None = None
    priority: Priority | None = None
    due_at: datetime | None = None
    clear_due: bool = False
    tags: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)
    completed_since: str | None = None
    """For stats: the period completions are counted in (today/week/month/all)."""
    bulk_tool: str | None = None
    on_day: int | None = None
    """For lists: only tasks due this many days from today (the tool filters by week)."""
    otherwise: Request | None = None
    """A new task to add instead when the name fits no task ("lose 5 kg by summer")."""
    refs: tuple[Ref, ...] = ()
    """Several tasks named at once ("tick off 3 and 4", "the bill is paid and the garage
    is clean"): one Ref per part; the planner decides whether they name several tasks."""
    more: list[Request] = field(default_factory=list)
    """Further tasks to add from the same message ("add bread; milk; eggs")."""
    clause_ref: Ref | None = None
    """The name in the clause with the request ("btw the trip is off so delete the flights
    task"), or in the one before when that clause says only "it"; tried when `ref` fits
    no task."""
    later: timedelta = timedelta(0)
    """The task moves this much on from when it is due ("the day after", "push it back 2
    hours"; earlier when negative)."""
    time_only: bool = False
    """The new due date names only a time ("make it 3pm"): the task keeps its day."""
    correction: bool = False
    """Corrects the task the last reply added or changed ("I meant call dad")."""
    keep_half_day: bool = False
    """The new time was said without am/pm ("make that 8"): it stays in the half of the day
    the task was due in (after "7pm", 8 is 20:00)."""
    replacing: str | None = None
    """The words of the task's title that `title` replaces ("I meant the letting agent not
    the landlord")."""
    whole_title: bool = False
    """`title` is the task's whole new title ("no wait, call it Reread Dune"), not words
    of it put right."""
    respell: bool = False
    """`title` is one word put right in the task's title ("typo, tomatoes")."""
    named_in: tuple[Ref, ...] = ()
    """The name in each clause of the message, tried one by one when the name as read fits
    no task, or is "it" said after the task's own clause ("the call with the bank, I made
    it this morning. Can you put it as done?")."""
    asked: Literal["due", "priority", "tags", "details"] | None = None
    """For a question about one task: what it asks ("when is the dentist?", "what
    priority is the report?", "details" for several of these at once); None asks how it
    stands (done or still open)."""


TagNames = Callable[[], frozenset[str]]


def no_tags() -> frozenset[str]:
    return frozenset()


@dataclass(frozen=True)
class Message:
    """One message made ready for the rules (normalising.prepare)."""

    text: str
    """Normalised, typos fixed, courtesies and asides dropped: titles are cut from it."""
    low: str
    """`text` lower-cased: what the rules match."""
    bare: str
    """`low` without the punctuation around it ("help!", "thanks.")."""
    original: str
    """The whole message lower-cased, only a greeting dropped ("can you order pizza")."""
    now: datetime
    known_tags: TagNames


Rule = Callable[[Message], Request | None]
"""Reads one kind of request: a Request when the message is one, None to pass it on."""
