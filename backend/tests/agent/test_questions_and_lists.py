"""Questions, lists and small talk in phrasings the corpora do not use: a question names
the task it is about and changes nothing, a list asks the tool for the filters said, and
chat calls no tool at all."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_backend.agent.base import AgentContext, AgentReply
from todo_backend.agent.offline import OfflinePlanner

from .memory_toolbox import MemoryToolbox
from .test_offline_corpus import run_case

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SEED: list[dict[str, Any]] = [
    {"id": 1, "title": "Renew car insurance", "due_at": "2026-03-06T11:00:00+01:00"},
    {"id": 2, "title": "Return library books", "priority": "high", "tags": ["errands"]},
    {"id": 3, "title": "Swim training", "completed": True, "completed_at": NOW.isoformat()},
    {"id": 4, "title": "Phone the landlord", "tags": ["home"]},
]


def ask(message: str) -> tuple[AgentReply, list[dict[str, Any]]]:
    """The reply to one message and the tool calls it made."""
    toolbox = MemoryToolbox(NOW, SEED)
    ctx = AgentContext(toolbox=toolbox, now=NOW, history=[])
    reply = OfflinePlanner().respond(message, ctx)
    return reply, toolbox.calls


@pytest.mark.parametrize(
    ("message", "task"),
    [
        ("any news on the car insurance?", "#1"),  # how it stands, asked without "done"
        ("where do we stand with the library books", "#2"),
        ("till what time can I renew the car insurance?", "#1"),
        ("library books -> due when?", "#2"),  # the arrow leads to the question
        ("the landlord, is that this week or next", "#4"),  # named first, no "?"
        ("insurance, did we renew it or not", "#1"),  # must not tick it off
        ("did i smash swim training or nah", "#3"),
        ("we already went to swim training?", "#3"),  # a statement with a question mark
        ("the library books, are they pressing or can they wait?", "high priority"),
        ("rough night, baby teething, but can you tell me when the insurance is due?", "#1"),
        ("would you let me know, if you don't mind, whether the landlord got a call?", "#4"),
        # Asked politely, or in so many words ("may I ask", "mind telling me", "I'd like to").
        ("would you mind telling me which priority the library books have?", "high priority"),
        ("pardon me, might I ask when the insurance renewal is due?", "#1"),
        ("I'd like to ask whether swim training is finished", "#3"),
        ("for when is the car insurance?", "#1"),
        # A short check: the task, "still", and what the user believes; or its state.
        ("car insurance still friday 11am?", "#1"),
        ("insurance on fri still?", "#1"),
        ("landlord phoned already?", "#4"),
        ("library books returned yet?", "#2"),
        # After chatter whose words look like changes ("set up", "moved").
        (
            "Night shift was brutal. We set up two new drips and moved a patient. So - when "
            "is the car insurance due?",
            "#1",
        ),
        # Asked for someone else, who is "he" or "she" in it.
        ("my flatmate wants to know if the landlord got a call", "#4"),
        ("Nan is asking when the car insurance runs out", "#1"),
        ("grandad asks has he renewed the car insurance", "#1"),
        ("my son wonders whether his library books went back", "#2"),
        # After chatter in the same sentence, set off by a colon, comma or dash.
        ("two minutes till my bus: have I returned the library books?", "#2"),
        ("not to nag, but honestly, is swim training done?", "#3"),
        # As a statement, its question mark or a tag the only sign.
        ("the library books have any priority or not?", "high priority"),
        ("car insurance got some deadline or no?", "#1"),
        ("is there a due date on the landlord one?", "#4"),
        ("the car insurance na which day?", "#1"),  # Pidgin: "is on which day?"
        ("I don renew the car insurance?", "#1"),  # Pidgin perfect: "have I renewed…?"
        ("abeg, we don return the library books? I forget", "#2"),
        # A courtesy set between commas, or "happen to know" with its "would you" dropped.
        ("can you tell me, if you can, when the insurance is due?", "#1"),
        ("would you happen to know if I went to swim training?", "#3"),
    ],
)
def test_a_question_names_its_task_and_changes_nothing(message: str, task: str) -> None:
    reply, calls = ask(message)
    assert all(call["name"] == "list_tasks" for call in calls), calls
    assert task in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "quick check before the meeting: did I phone the landlord?",
        "Auntie wants to know when the car insurance is due",
    ],
)
def test_a_question_after_chatter_lists_nothing(message: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert ("#4" if "landlord" in message else "#1") in reply.text


@pytest.mark.parametrize(
    "message",
    [
        "my wife wants to remind me she's out tonight",  # told, not asked
        "Grandma asks if I can fetch her library books",  # a favour, not a question
    ],
)
def test_a_message_for_someone_else_changes_nothing_it_does_not_ask(message: str) -> None:
    _, calls = ask(message)
    assert all(call["name"] in ("list_tasks", "add_task") for call in calls), calls


def test_several_things_asked_about_one_task_are_all_answered() -> None:
    reply, calls = ask("what deadline and tags did I give the library books?")
    assert calls == []
    assert "#2" in reply.text and "#errands" in reply.text and "high priority" in reply.text


@pytest.mark.parametrize(
    ("message", "arguments"),
    [
        ("could I have a full list of my errands please", {"status": "pending", "tag": "errands"}),
        ("provide me the list of everything, open or closed", {"status": "all"}),
        ("home stuff, finished and unfinished", {"status": "all", "tag": "home"}),
        ("pending items / high prio", {"status": "pending", "priority": "high"}),
        ("ls errands", {"status": "pending", "tag": "errands"}),
        ("which tasks include 'books' in their title", {"status": "pending", "query": "books"}),
        ("look up insurance among my open tasks", {"status": "pending", "query": "insurance"}),
        ("read out the tasks I haven't done yet", {"status": "pending"}),
        ("what is still left on my plate", {"status": "pending"}),
        # Done said as the list's own gesture.
        ("which have I crossed off so far", {"status": "completed"}),
        ("can I see the finished ones", {"status": "completed"}),
        # Filters alone, with a courtesy; typos in the list words and in a tag.
        ("urgent stuff please", {"status": "pending", "priority": "high"}),
        ("hgih priority things pls", {"status": "pending", "priority": "high"}),
        ("sohw my erarnds tasks", {"status": "pending", "tag": "errands"}),
        # Put right in the same message: the correction wins, the rest stays.
        (
            "may I see what's overdue? no wait, I mean this week",
            {"status": "pending", "due": "week"},
        ),
        ("show the home tasks - sorry, I meant errands", {"status": "pending", "tag": "errands"}),
        ("I'd only like to look at my tasks, don't change anything", {"status": "pending"}),
        # Asked for someone else.
        ("Grandad wants to hear what's overdue", {"status": "pending", "due": "overdue"}),
        ("my mum asks what she has on this week", {"status": "pending", "due": "week"}),
        ("Dad would like to see his errands tasks", {"status": "pending", "tag": "errands"}),
        # A state and its opposite; why the list is wanted names no filter.
        ("the entire list, ticked and unticked", {"status": "all"}),
        ("show me all my errands, shipped or unshipped", {"status": "all", "tag": "errands"}),
        ("what have I completed so I can write my weekly update", {"status": "completed"}),
        ("list my open tasks because I'm planning tomorrow", {"status": "pending"}),
        ("abeg show me wetin dey overdue", {"status": "pending", "due": "overdue"}),
        # A tag's word said as a place in the chatter narrows nothing.
        ("just got home, what's due today", {"status": "pending", "due": "today"}),
        # A task named beside the question is not given that due date.
        ("renew car insurance, what's overdue?", {"status": "pending", "due": "overdue"}),
    ],
)
def test_a_list_asks_for_the_filters_said(message: str, arguments: dict[str, str]) -> None:
    _, calls = ask(message)
    assert [(call["name"], call["arguments"]) for call in calls] == [("list_tasks", arguments)]


@pytest.mark.parametrize(
    "message",
    [
        "hey, how are you doing today?",
        "g'day, how ya going",
        "good evening! how have you been",
        "see ya tomorrow",  # a goodbye, not a question about tomorrow
        "nice one, cheers",
        "haha ok",
        "thanks heaps, you're a star",
    ],
)
def test_small_talk_calls_no_tool(message: str) -> None:
    _, calls = ask(message)
    assert calls == []


def test_a_shared_list_that_is_the_task_is_not_a_list_request() -> None:
    _, calls = ask("share the shopping list with Tom")
    assert all(call["name"] != "list_tasks" for call in calls)


@pytest.mark.parametrize(
    ("message", "task"),
    [
        # "what time" / "when" with a day names one task, not the day's list.
        ("what time is the insurance renewal on friday", "#1"),
        # "would you mind" dropped as a courtesy leaves "reminding me when …".
        ("Do you mind reminding me when the car insurance is due?", "#1"),
        ("what's the exact deadline on task 1?", "#1"),  # a word before the attribute
        ("library books returned yet or not", "#2"),  # "or not" asks without a "?"
        ("the landlord one which tags", "#home"),  # named first, no "?"
        ("is 1 due fri", "#1"),  # a bare id and a short weekday
    ],
)
def test_a_question_about_one_task_calls_no_list(message: str, task: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert task in reply.text


@pytest.mark.parametrize(
    ("message", "arguments"),
    [
        ("stuck in traffic, what's overdue", {"status": "pending", "due": "overdue"}),
        ("show open items whose name includes books", {"status": "pending", "query": "books"}),
        ("list everything and include the finished ones", {"status": "all"}),
        ("anything on my plate?", {"status": "pending"}),  # no day named: all that is open
    ],
)
def test_a_list_after_a_lead_or_by_title_words(message: str, arguments: dict[str, str]) -> None:
    _, calls = ask(message)
    assert [(call["name"], call["arguments"]) for call in calls] == [("list_tasks", arguments)]


def test_would_it_be_possible_asks_for_the_change() -> None:
    _, calls = ask("is it possible to push the insurance renewal to 3pm?")
    assert [(call["name"], call["arguments"]["task_id"]) for call in calls] == [("update_task", 1)]


@pytest.mark.parametrize(
    ("message", "task"),
    [
        # "does/do <task> have <attribute>", with or without the mark.
        ("does returning the library books have a priority", "high priority"),
        ("do the car insurance renewal have any deadline set?", "#1"),
        # "tagged with anything": the task's tags, not a tag called "anything".
        ("is phoning the landlord labelled with anything?", "#home"),
        # Named first, then "that"/"it" pointing back at it, no mark needed.
        ("car insurance -- what day is that", "#1"),
        ("landlord call, when's it due", "#4"),
        # By its number alone.
        ("what's item 2 again", "#2"),
        ("could you tell me about number 4", "#4"),
        ("task 1?", "#1"),
        # Chatter in an earlier sentence, then a lead in the one that asks.
        ("Crazy week. Meetings all day. oh one more thing, when is the insurance due?", "#1"),
    ],
)
def test_a_question_in_other_shapes_names_its_task(message: str, task: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert task in reply.text


@pytest.mark.parametrize(
    ("message", "arguments"),
    [
        ("list my errands, and also the done ones", {"status": "all", "tag": "errands"}),
        ("show everything, along with the finished tasks", {"status": "all"}),
        ("could I see which ones are overdue?", {"status": "pending", "due": "overdue"}),
        ("may I view what I have tomorrow", {"status": "pending", "due": "week"}),
        # The words searched for as typed.
        ("anything mentioning Insurance?", {"status": "pending", "query": "Insurance"}),
    ],
)
def test_a_list_in_other_shapes(message: str, arguments: dict[str, str]) -> None:
    _, calls = ask(message)
    assert [(call["name"], call["arguments"]) for call in calls] == [("list_tasks", arguments)]


def test_count_inside_a_new_task_is_no_count_of_tasks() -> None:
    _, calls = ask("put count the cash register on my list")
    assert [call["name"] for call in calls] == ["add_task"]


def test_did_the_task_finally_is_told_not_asked() -> None:
    _, calls = ask("did the landlord one at last")
    assert [(call["name"], call["arguments"]) for call in calls] == [
        ("complete_task", {"task_id": 4})
    ]


def converse(*messages: str) -> tuple[AgentReply, list[dict[str, Any]]]:
    """The reply to the last message of a conversation and the tool calls it made."""
    return run_case({"say": list(messages)}, SEED)


@pytest.mark.parametrize(
    ("said", "due"),
    [
        # "is for / is due <date>" with no one after "is" and no mark: the date, told.
        ("and is due the 20th", "2026-03-20T23:59"),
        ("oh, is for friday btw", "2026-03-06T23:59"),
        ("is on monday", "2026-03-09T23:59"),
    ],
)
def test_a_date_told_without_it_is_no_question(said: str, due: str) -> None:
    _, calls = converse("add get the bike serviced", said)
    assert [(call["name"], call["arguments"]) for call in calls] == [
        ("update_task", {"task_id": 5, "due_at": f"{due}:00+01:00"})
    ]


@pytest.mark.parametrize(
    ("said", "arguments"),
    [
        # A change asked for is never off topic, whatever word it mentions.
        ("tag it football", {"task_id": 5, "tags": ["football"]}),
        ("label it movies", {"task_id": 5, "tags": ["movies"]}),
    ],
)
def test_a_change_is_never_off_topic(said: str, arguments: dict[str, Any]) -> None:
    _, calls = converse("add order new goalkeeper gloves", said)
    assert [(call["name"], call["arguments"]) for call in calls] == [("update_task", arguments)]


def test_an_errand_that_mentions_an_off_topic_word_is_a_task() -> None:
    _, calls = ask("pick up the kids from soccer at 5")
    assert [call["name"] for call in calls] == ["add_task"]


@pytest.mark.parametrize(
    ("message", "task"),
    [
        # "what's the <name>('s) <attribute>": one task, not the whole list.
        ("what's the library books' priority", "high priority"),
        ("what is the car insurance deadline?", "#1"),
        ("what are the landlord call's tags", "#home"),
        ("what is task 1's due date", "#1"),
    ],
)
def test_what_is_the_name_and_attribute_asks_about_one_task(message: str, task: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert task in reply.text


@pytest.mark.parametrize(
    "message",
    ["what's the highest priority", "what's the earliest deadline"],
)
def test_a_ranking_asks_for_the_list(message: str) -> None:
    _, calls = ask(message)
    assert [call["name"] for call in calls] == ["list_tasks"]


@pytest.mark.parametrize(
    "message",
    ["are you a robot?", "who built you", "do you have feelings?", "how old are you"],
)
def test_a_question_about_the_assistant_names_no_task(message: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert "couldn't find" not in reply.text


def test_a_change_with_a_question_mark_is_no_list() -> None:
    _, calls = ask("push the insurance to friday so i can breathe?")
    assert all(call["name"] != "list_tasks" for call in calls)


@pytest.mark.parametrize(
    ("message", "task"),
    [
        # Its number asked for: one task, not a count.
        ("what's the number of the landlord task?", "#4"),
        ("whats the id of the car insurance one", "#1"),
        ("what number is the library books task?", "#2"),
        # Its tags asked with the verb last.
        ("whats the landlord call tagged as", "#4"),
        ("what is the library books labelled with?", "#2"),
        # The name, then "when due", no mark needed.
        ("car insurance when due", "#1"),
        ("library books due when", "#2"),
        # Advice asked about a change: a question, nothing changed.
        ("would it make sense to just delete the landlord task? not sure", "#4"),
        ("would it be better to move the car insurance to friday?", "#1"),
    ],
)
def test_a_question_about_one_task_in_other_words(message: str, task: str) -> None:
    reply, calls = ask(message)
    assert calls == []
    assert task in reply.text


@pytest.mark.parametrize(
    ("message", "filters"),
    [
        ("is there anything with books on my list", {"status": "pending", "query": "books"}),
        ("anything with insurance on the list?", {"status": "pending", "query": "insurance"}),
        ("is there anything with high priority?", {"status": "pending", "priority": "high"}),
        ("what's the number of overdue tasks", {"status": "pending", "due": "overdue"}),
    ],
)
def test_a_list_searched_by_a_word_with(message: str, filters: dict[str, str]) -> None:
    _, calls = ask(message)
    assert [call["arguments"] for call in calls if call["name"] == "list_tasks"][:1] == [filters]


@pytest.mark.parametrize(
    "message",
    [
        "add ask the garage how much the new tyres cost",
        "add call the plumber when due",
    ],
)
def test_an_add_that_asks_something_is_still_an_add(message: str) -> None:
    _, calls = ask(message)
    assert [call["name"] for call in calls] == ["add_task"]
