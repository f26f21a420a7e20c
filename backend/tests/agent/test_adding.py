"""Adding tasks with the offline planner: lists, details said as sentences, clock times in
words, and the chatter around a request that is no part of the task."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_backend.agent.base import AgentContext
from todo_backend.agent.dates import resolve_due
from todo_backend.agent.offline import OfflinePlanner

from .memory_toolbox import MemoryToolbox

BERLIN = ZoneInfo("Europe/Berlin")
# Wednesday 4 March 2026, 10:00 in Berlin.
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=BERLIN)


def _added(message: str) -> list[dict[str, Any]]:
    """The arguments of each add_task call the message made, due dates as local wall time."""
    toolbox = MemoryToolbox(NOW)
    OfflinePlanner().respond(message, AgentContext(toolbox=toolbox, now=NOW, history=[]))
    assert all(call["name"] == "add_task" for call in toolbox.calls)
    added = [dict(call["arguments"]) for call in toolbox.calls]
    for arguments in added:
        if "due_at" in arguments:
            due = datetime.fromisoformat(arguments["due_at"]).astimezone(BERLIN)
            arguments["due_at"] = due.replace(tzinfo=None).isoformat(timespec="minutes")
    return added


def _titles(message: str) -> list[str]:
    return [arguments["title"] for arguments in _added(message)]


@pytest.mark.parametrize(
    ("message", "titles"),
    [
        # After an explicit "add:" the verbs need not be known ones.
        (
            "add: descale the kettle, re-grout the shower and oil the gate",
            ["Descale the kettle", "Re-grout the shower", "Oil the gate"],
        ),
        ("add: eggs, milk and flour", ["Eggs, milk and flour"]),
        ("new task: dinner with Ann, Bob and Carl", ["Dinner with Ann, Bob and Carl"]),
        (
            "add these three: (1) renew the passport (2) book the ferry (3) buy euros",
            ["Renew the passport", "Book the ferry", "Buy euros"],
        ),
        (
            "please put down three things. Water the ferns. Feed the cat. Ring Aunt May.",
            ["Water the ferns", "Feed the cat", "Ring Aunt May"],
        ),
        (
            "todo: rotate the api keys / archive the old logs",
            ["Rotate the api keys", "Archive the old logs"],
        ),
        (
            "two things for my list: defrost the freezer; sort the recycling",
            ["Defrost the freezer", "Sort the recycling"],
        ),
    ],
)
def test_a_list_is_several_tasks(message: str, titles: list[str]) -> None:
    assert _titles(message) == titles


def test_details_said_as_sentences_belong_to_the_task() -> None:
    added = _added(
        "New task: Brief Dr. Ortiz on the appeal. Due Thursday at 3pm. Urgent. Tag: court."
    )
    assert added == [
        {
            "title": "Brief Dr. Ortiz on the appeal",
            "due_at": "2026-03-05T15:00",
            "priority": "high",
            "tags": ["court"],
        }
    ]


def test_a_request_without_a_title_takes_the_next_sentence() -> None:
    added = _added("I'd like to add a task. Renew the car tax at flat 12. Not urgent at all.")
    assert added == [{"title": "Renew the car tax at flat 12", "priority": "low"}]


def test_chatter_after_the_task_is_dropped() -> None:
    assert _added("add: water the tomatoes tonight. phew, what a day") == [
        {"title": "Water the tomatoes", "due_at": "2026-03-04T20:00"}
    ]


def test_the_task_told_before_add_that() -> None:
    message = "long day. I remembered I have to ring the vet at quarter past two. add it please"
    assert _added(message) == [{"title": "Ring the vet", "due_at": "2026-03-04T14:15"}]


def test_hedges_around_a_priority_are_no_title() -> None:
    assert _added("add renew the gym pass in 3 hours, it's sort of urgent") == [
        {"title": "Renew the gym pass", "due_at": "2026-03-04T13:00", "priority": "high"}
    ]
    assert _added("add a task to sweep the porch, though it's by no means important") == [
        {"title": "Sweep the porch", "priority": "low"}
    ]


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("at half past four", datetime(2026, 3, 4, 16, 30)),
        ("tomorrow at quarter to nine in the morning", datetime(2026, 3, 5, 8, 45)),
        ("at half six", datetime(2026, 3, 4, 18, 30)),
        ("friday at eleven", datetime(2026, 3, 6, 11, 0)),
        ("tomorrow at 7 p.m.", datetime(2026, 3, 5, 19, 0)),
        ("today by 4", datetime(2026, 3, 4, 16, 0)),
        ("saturday arvo", datetime(2026, 3, 7, 15, 0)),
        ("monday midday", datetime(2026, 3, 9, 12, 0)),
        ("in half an hour", datetime(2026, 3, 4, 10, 30)),
        # The time now, said outright, is still a time ("tomorrow 10:00" at 10:00).
        ("thursday 10:00", datetime(2026, 3, 5, 10, 0)),
    ],
)
def test_clock_times_in_words(phrase: str, expected: datetime) -> None:
    assert resolve_due(phrase, NOW).replace(tzinfo=None) == expected
