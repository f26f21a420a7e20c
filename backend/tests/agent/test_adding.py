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


def _offered(message: str) -> str:
    """The reply to a message that must only offer a task: no call, a question left open."""
    toolbox = MemoryToolbox(NOW)
    reply = OfflinePlanner().respond(message, AgentContext(toolbox=toolbox, now=NOW, history=[]))
    assert toolbox.calls == []
    assert reply.pending is not None
    return reply.text


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
        # Bare things to get are one task each ("add eggs and bread" adds two).
        ("add: eggs, milk and flour", ["Eggs", "Milk", "Flour"]),
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


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        # The minutes in words, as dictation types them.
        ("at six fifteen", datetime(2026, 3, 4, 18, 15)),
        ("tomorrow at ten oh five", datetime(2026, 3, 5, 10, 5)),
        ("at four o'clock", datetime(2026, 3, 4, 16, 0)),
        ("nine twenty five am", datetime(2026, 3, 5, 9, 25)),
        # A weekday with its day of the month: the next such day that falls on it.
        ("saturday the 7th", datetime(2026, 3, 7, 23, 59)),
        ("on tuesday the 10th at 9am", datetime(2026, 3, 10, 9, 0)),
        ("monday the ninth at half two", datetime(2026, 3, 9, 14, 30)),
        ("tuesday the twenty-first", datetime(2026, 4, 21, 23, 59)),
        ("the morra", datetime(2026, 3, 5, 23, 59)),
    ],
)
def test_more_dates_in_words(phrase: str, expected: datetime) -> None:
    assert resolve_due(phrase, NOW).replace(tzinfo=None) == expected


def test_a_spoken_time_is_no_part_of_the_title() -> None:
    assert _added("remind me at nine thirty tonight to lock the shed") == [
        {"title": "Lock the shed", "due_at": "2026-03-04T21:30"}
    ]
    assert _added("add feed the fish at six fifteen pm") == [
        {"title": "Feed the fish", "due_at": "2026-03-04T18:15"}
    ]


@pytest.mark.parametrize(
    "message",
    [
        "add listen to Beethoven's fifth",
        "add buy a 70-200 lens hood",
        "add pay invoice 2026-114 of €1,250",
    ],
)
def test_numbers_in_a_title_are_no_date(message: str) -> None:
    (added,) = _added(message)
    assert "due_at" not in added


@pytest.mark.parametrize(
    ("message", "titles"),
    [
        ("add apples and pears and oranges", ["Apples", "Pears", "Oranges"]),
        ("add dinner with Ann and Bob and Carl", ["Dinner with Ann and Bob and Carl"]),
        (
            "add mop the floor, restock the shelves, update the rota",
            ["Mop the floor", "Restock the shelves", "Update the rota"],
        ),
        ("add pay €2,400 to the builder", ["Pay €2,400 to the builder"]),
    ],
)
def test_lists_joined_by_and_or_commas(message: str, titles: list[str]) -> None:
    assert _titles(message) == titles


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("add call the school!!", {"title": "Call the school", "priority": "high"}),
        ("add tidy the shed, prio: low", {"title": "Tidy the shed", "priority": "low"}),
        (
            "add invoice Smith, tags admin + finance",
            {"title": "Invoice Smith", "tags": ["admin", "finance"]},
        ),
        ("add read the tags on the jars", {"title": "Read the tags on the jars"}),
        (
            "add fix the gate; there's no hurry at all",
            {"title": "Fix the gate", "priority": "low"},
        ),
        ("add mend the fence, no is important", {"title": "Mend the fence", "priority": "low"}),
        (
            "add: review slides. desc: check the numbers on p4",
            {"title": "Review slides", "description": "check the numbers on p4"},
        ),
        (
            "add 'send the quote' and the description 'use the March rates'",
            {"title": "Send the quote", "description": "use the March rates"},
        ),
    ],
)
def test_details_said_while_adding(message: str, expected: dict[str, Any]) -> None:
    assert _added(message) == [expected]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "add renew the parking permit - oops, forgot to mention, it's urgent",
            {"title": "Renew the parking permit", "priority": "high"},
        ),
        ("add write a sorry note to Tom", {"title": "Write a sorry note to Tom"}),
        (
            "add book the MOT, friday not thursday",
            {"title": "Book the MOT", "due_at": "2026-03-06T23:59"},
        ),
        ("add call mum at 3 not 4", {"title": "Call mum", "due_at": "2026-03-04T15:00"}),
        ("add chase the supplier - no deadline needed", {"title": "Chase the supplier"}),
        ("add - oops - add defrost the freezer", {"title": "Defrost the freezer"}),
        (
            "add a task to post the form to the council, and set it due on Monday",
            {"title": "Post the form to the council", "due_at": "2026-03-09T23:59"},
        ),
        # Nothing was taken after it: the last word is the user's own.
        ("add buy the gift she was hoping for", {"title": "Buy the gift she was hoping for"}),
    ],
)
def test_second_thoughts_while_adding(message: str, expected: dict[str, Any]) -> None:
    assert _added(message) == [expected]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "Tomorrow morning, remind me to water the tomatoes.",
            {"title": "Water the tomatoes", "due_at": "2026-03-05T09:00"},
        ),
        (
            "It's really quite urgent, so could you add a task to renew the visa?",
            {"title": "Renew the visa", "priority": "high"},
        ),
        (
            "Long week. The boiler man never came. Anyway, could ye add 'ring the boiler man' "
            "for Monday? Then bed.",
            {"title": "Ring the boiler man", "due_at": "2026-03-09T23:59"},
        ),
    ],
)
def test_what_is_said_before_the_request(message: str, expected: dict[str, Any]) -> None:
    assert _added(message) == [expected]


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("one of these days I should clear out the loft", "Clear out the loft"),
        ("I've been meaning to repaint the shed", "Repaint the shed"),
        ("it'd be grand to walk the West Highland Way someday", "Walk the West Highland Way"),
        ("quick thought, the kitchen light has gone", "Replace the kitchen light"),
        ("the sugar is nearly finished in the cupboard", "Buy sugar"),
    ],
)
def test_wishes_and_facts_are_offered(message: str, title: str) -> None:
    text = _offered(message)
    assert title.lower() in text.lower()
    assert "priority" not in text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Someone typing for another: the request is theirs.
        (
            "Nana says put down: collect her glasses from the optician, on thursday",
            [{"title": "Collect her glasses from the optician", "due_at": "2026-03-05T23:59"}],
        ),
        (
            "My husband says he needs to renew the fishing licence by friday",
            [{"title": "Renew the fishing licence", "due_at": "2026-03-06T23:59"}],
        ),
        # Marks beside emoji or after a date are excitement; "P0", "mission critical" are not.
        (
            "add repot the basil friday!! 🌿🌿",
            [{"title": "Repot the basil", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "remind me to ring the caterer tomorrow at 11!!",
            [{"title": "Ring the caterer", "due_at": "2026-03-05T11:00"}],
        ),
        (
            "add fix the payments outage, mission critical",
            [{"title": "Fix the payments outage", "priority": "high"}],
        ),
        (
            "add patch the login bug #eng !",
            [{"title": "Patch the login bug", "priority": "high", "tags": ["eng"]}],
        ),
        # Tags for every task, said once.
        (
            "add order toner and book the printer service, tag them office",
            [
                {"title": "Order toner", "tags": ["office"]},
                {"title": "Book the printer service", "tags": ["office"]},
            ],
        ),
        (
            "From the retro: fix the flaky test and write the runbook. Put down both, tag 'em ops",
            [
                {"title": "Fix the flaky test", "tags": ["ops"]},
                {"title": "Write the runbook", "tags": ["ops"]},
            ],
        ),
        (
            "add two things we keep putting off: clean the gutters, sort the loft",
            [{"title": "Clean the gutters"}, {"title": "Sort the loft"}],
        ),
        # One errand with its question.
        (
            "add phone the school and ask whether the trip is still on",
            [{"title": "Phone the school and ask whether the trip is still on"}],
        ),
        # Shorthand dates, polite asks, notes "saying …".
        (
            "add: check stock levels fri pm",
            [{"title": "Check stock levels", "due_at": "2026-03-06T15:00"}],
        ),
        (
            "add order more gauze in 3 wks",
            [{"title": "Order more gauze", "due_at": "2026-03-25T23:59"}],
        ),
        (
            "do you mind adding 'return the drill' for Sunday?",
            [{"title": "Return the drill", "due_at": "2026-03-08T23:59"}],
        ),
        (
            "is it possible to add 'email the tutor' for tomorrow?",
            [{"title": "Email the tutor", "due_at": "2026-03-05T23:59"}],
        ),
        (
            "add 'book the hall' with a note that says 'ask for the side room'",
            [{"title": "Book the hall", "description": "ask for the side room"}],
        ),
        (
            "remind me to water the ferns at 6pm sha",
            [{"title": "Water the ferns", "due_at": "2026-03-04T18:00"}],
        ),
        (
            "Need to return the rental car by saturday, could you add that?",
            [{"title": "Return the rental car", "due_at": "2026-03-07T23:59"}],
        ),
    ],
)
def test_voices_and_details_when_adding(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("Dad says the lawn is getting way too long", "Sort out the lawn"),
        ("my work boots are completely worn out", "Replace the work boots"),
        ("it just occurred to me I should descale the kettle at some point", "Descale the kettle"),
        (
            "I ought to phone the pension office some day, I keep putting it off",
            "Phone the pension office",
        ),
    ],
)
def test_problems_and_asides_are_offered(message: str, title: str) -> None:
    assert f"“{title}" in _offered(message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # A word of chatter or a Singlish tail around "add".
        ("yeah ok add descale the kettle", [{"title": "Descale the kettle"}]),
        (
            "right, what was it, ah add return the hedge trimmer on friday",
            [{"title": "Return the hedge trimmer", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "can help me add top up the transit card tmr can?",
            [{"title": "Top up the transit card", "due_at": "2026-03-05T23:59"}],
        ),
        # A label or a place named before the task.
        ("new chore: descale the kettle", [{"title": "Descale the kettle"}]),
        ("we need a new task: sort the recycling", [{"title": "Sort the recycling"}]),
        ("stick on my list to ring the glazier", [{"title": "Ring the glazier"}]),
        # The date said inside the title, or before "I must …, add it".
        (
            "add email the landlord monday afternoon about the boiler",
            [{"title": "Email the landlord about the boiler", "due_at": "2026-03-09T15:00"}],
        ),
        (
            "friday I have to collect the suit from the tailor at 4pm, add that before I forget",
            [{"title": "Collect the suit from the tailor", "due_at": "2026-03-06T16:00"}],
        ),
        # A deadline or a priority said as a remark.
        (
            "add hand in the tax return, deadline is the 20th",
            [{"title": "Hand in the tax return", "due_at": "2026-03-20T23:59"}],
        ),
        (
            "add service the boiler by the end of the month, urgent one",
            [{"title": "Service the boiler", "priority": "high", "due_at": "2026-03-31T23:59"}],
        ),
        # A number before the day counts people, not hours.
        (
            "add book a table for four on saturday",
            [{"title": "Book a table for four", "due_at": "2026-03-07T23:59"}],
        ),
        # Several at once: "n", ", and also", ", oh and", details for both.
        (
            "add feed the hens n clean the coop",
            [{"title": "Feed the hens"}, {"title": "Clean the coop"}],
        ),
        (
            "add order the cake for sunday, and also ring the caterer, no deadline on that one",
            [
                {"title": "Order the cake", "due_at": "2026-03-08T23:59"},
                {"title": "Ring the caterer"},
            ],
        ),
        (
            "wash the dog, post the parcel, oh and pay the plumber",
            [{"title": "Wash the dog"}, {"title": "Post the parcel"}, {"title": "Pay the plumber"}],
        ),
        (
            "add renew the permit and pay the fine, both important",
            [
                {"title": "Renew the permit", "priority": "high"},
                {"title": "Pay the fine", "priority": "high"},
            ],
        ),
    ],
)
def test_requests_around_the_task(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("the oven needs a good scrub", "Scrub the oven"),
        ("the van could do with a wash", "Wash the van"),
        ("we're practically out of firewood", "Buy firewood"),
        ("in the kitchen is no more salt", "Buy salt"),
        ("the shed door is hanging off", "Fix the shed door"),
        ("the pond's gone murky", "Sort out the pond"),
        ("my phone charger seems to have died", "Replace the phone charger"),
    ],
)
def test_chores_and_shortages_are_offered(message: str, title: str) -> None:
    assert f"“{title}" in _offered(message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # A part of the day that belongs to the title ("open evening", "parents' evening").
        (
            "add school open evening on thursday at 6pm",
            [{"title": "School open evening", "due_at": "2026-03-05T18:00"}],
        ),
        # How long something has lasted is no due date.
        (
            "add ring the council, the streetlight has been out for three weeks",
            [{"title": "Ring the council, the streetlight has been out for three weeks"}],
        ),
        # A unit word with no number is an ordinary word ("HR", "hrs").
        (
            "add forward the timesheets to HR tomorrow at 9",
            [{"title": "Forward the timesheets to HR", "due_at": "2026-03-05T09:00"}],
        ),
        # "later" only says it is still to come today.
        (
            "add pick up the dry cleaning later at 6pm",
            [{"title": "Pick up the dry cleaning", "due_at": "2026-03-04T18:00"}],
        ),
        (
            "remind me to water the tomatoes at 7pm later",
            [{"title": "Water the tomatoes", "due_at": "2026-03-04T19:00"}],
        ),
        # A remark that gives the date belongs to the task, not a second one.
        (
            "add return the library books, they need to be back by friday",
            [{"title": "Return the library books", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "add finish the grant draft, has to be sent by monday noon",
            [{"title": "Finish the grant draft", "due_at": "2026-03-09T12:00"}],
        ),
        # Bare items set apart by commas, and where they go.
        (
            "add butter, rice and apples to my shopping list",
            [{"title": "Butter"}, {"title": "Rice"}, {"title": "Apples"}],
        ),
        # The task told first, then "add that to my list and tag it …".
        (
            "the audit got moved, so we'll need to update the risk register by friday. "
            "could you add that to my list and tag it compliance?",
            [
                {
                    "title": "Update the risk register",
                    "due_at": "2026-03-06T23:59",
                    "tags": ["compliance"],
                }
            ],
        ),
        # A word of asking before the colon only points at the list.
        (
            "stick this on the list could you: defrost the freezer",
            [{"title": "Defrost the freezer"}],
        ),
    ],
)
def test_remarks_and_fillers_around_the_task(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected


def test_looking_back_adds_nothing() -> None:
    assert _added("oh I should have mentioned the report went out yesterday") == []


@pytest.mark.parametrize(
    ("message", "title"),
    [
        ("the bird feeder is full of seed husks again", "Clear the bird feeder"),
        ("the patio is covered in moss", "Clean the patio"),
        ("the recycling bin is full", "Empty the recycling bin"),
        ("my scooter has a puncture", "Fix the scooter"),
        ("I guess I might have to renew the car tax at some point?", "Renew the car tax"),
        ("we really ought to upgrade postgres at some point", "Upgrade postgres"),
        ("we should probably fix the fence", "Fix the fence"),
    ],
)
def test_states_and_musings_are_offered(message: str, title: str) -> None:
    assert f"“{title}" in _offered(message)


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # Two things to get, or two to-dos said with "and also" or with list verbs.
        (
            "add protein powder and athletic tape",
            [{"title": "Protein powder"}, {"title": "Athletic tape"}],
        ),
        ("add fish and chips", [{"title": "Fish and chips"}]),
        (
            "add chit the seed potatoes and also oil the lawnmower",
            [{"title": "Chit the seed potatoes"}, {"title": "Oil the lawnmower"}],
        ),
        (
            "add sort the photos and also scan them",
            [{"title": "Sort the photos and also scan them"}],
        ),
        (
            "add restock napkins and order more takeaway cups",
            [{"title": "Restock napkins"}, {"title": "Order more takeaway cups"}],
        ),
        ("add tag release v2.3", [{"title": "Tag release v2.3"}]),
        # A month's short name after "with", "call", … is a person.
        (
            "add code review with jan at 4",
            [{"title": "Code review with jan", "due_at": "2026-03-04T16:00"}],
        ),
        ("add call may tomorrow", [{"title": "Call may", "due_at": "2026-03-05T23:59"}]),
        # "for last year": when it was, no due date.
        (
            "add find a tax adviser for last year",
            [{"title": "Find a tax adviser for last year"}],
        ),
        # "remind me" mistyped or translated; "the day 20", "the limit is …".
        (
            "remine me tmrw to pick up the dry cleaning",
            [{"title": "Pick up the dry cleaning", "due_at": "2026-03-05T23:59"}],
        ),
        (
            "Please remember me to call the plumber tomorrow in the morning",
            [{"title": "Call the plumber", "due_at": "2026-03-05T09:00"}],
        ),
        (
            "add send the documents to the accountant, the limit is the day 20",
            [{"title": "Send the documents to the accountant", "due_at": "2026-03-20T23:59"}],
        ),
        (
            "remind me at 10 o'clock in the morning to call the bank",
            [{"title": "Call the bank", "due_at": "2026-03-04T10:00"}],
        ),
        # Pidgin: "put am for my list", "e dey very important".
        (
            "I wan send money to my brother tomorrow, abeg put am for my list. e dey very "
            "important",
            [
                {
                    "title": "Send money to my brother",
                    "priority": "high",
                    "due_at": "2026-03-05T23:59",
                }
            ],
        ),
    ],
)
def test_pairs_people_and_ways_of_saying_it(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected


def test_remember_me_to_someone_adds_nothing() -> None:
    assert _added("remember me to everyone") == []


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "put dentist checkup monday 9am on my list",
            [{"title": "Dentist checkup", "due_at": "2026-03-09T09:00"}],
        ),
        (
            "add 'Repot the fern' with the tags garden and home",
            [{"title": "Repot the fern", "tags": ["garden", "home"]}],
        ),
        (
            "add renew the gym membership, with the tag sport",
            [{"title": "Renew the gym membership", "tags": ["sport"]}],
        ),
        (
            "IMPORTANT: add file the tax return",
            [{"title": "File the tax return", "priority": "high"}],
        ),
        (
            "I need to add: post the forms to the council, it is important",
            [{"title": "Post the forms to the council", "priority": "high"}],
        ),
        (
            "add book the vet for the dog, to do before friday",
            [{"title": "Book the vet for the dog", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "add ask the landlord what the rules are",
            [{"title": "Ask the landlord what the rules are"}],
        ),
    ],
)
def test_details_said_around_the_title(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected


@pytest.mark.parametrize(
    ("message", "titles"),
    [
        (
            "add new tyres, car wash, buy a phone mount",
            ["New tyres", "Car wash", "Buy a phone mount"],
        ),
        ("add milk, eggs, buy bread", ["Milk", "Eggs", "Buy bread"]),
        ("add call mom, dad and grandma", ["Call mom, dad and grandma"]),
        (
            "add photocopy the theory worksheets and buy a new metronome",
            ["Photocopy the theory worksheets", "Buy a new metronome"],
        ),
        (
            "add: measure the hall, buy packing tape, label the kitchen boxes",
            ["Measure the hall", "Buy packing tape", "Label the kitchen boxes"],
        ),
        ("add new phone charger", ["New phone charger"]),
        ("add new task buy milk", ["Buy milk"]),
    ],
)
def test_things_and_to_dos_in_one_list(message: str, titles: list[str]) -> None:
    assert _titles(message) == titles


def test_every_hedge_leaves_the_offered_title() -> None:
    toolbox = MemoryToolbox(NOW)
    planner = OfflinePlanner()
    first = "I should maybe call my landlord one of these days"
    reply = planner.respond(first, AgentContext(toolbox=toolbox, now=NOW, history=[]))
    assert toolbox.calls == []
    assert "“Call my landlord”" in reply.text


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        (
            "new task: pay the rent of march on friday",
            [{"title": "Pay the rent of march", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "add friday: call the landlord",
            [{"title": "Call the landlord", "due_at": "2026-03-06T23:59"}],
        ),
        (
            "put in the list for saturday: buy pão de queijo",
            [{"title": "Buy pão de queijo", "due_at": "2026-03-07T23:59"}],
        ),
        (
            "add bread, eggs n bin bags",
            [{"title": "Bread"}, {"title": "Eggs"}, {"title": "Bin bags"}],
        ),
        (
            "add dry cleaning pickup + renew gym membership",
            [{"title": "Dry cleaning pickup"}, {"title": "Renew gym membership"}],
        ),
        (
            "add cones #training and new goalie gloves #kit",
            [
                {"title": "Cones", "tags": ["training"]},
                {"title": "New goalie gloves", "tags": ["kit"]},
            ],
        ),
        (
            "todo: fix the onboarding bug asap, and call the accountant friday",
            [
                {"title": "Fix the onboarding bug", "priority": "high"},
                {"title": "Call the accountant", "due_at": "2026-03-06T23:59"},
            ],
        ),
        (
            "add send the memo by tomorrow noon. also remind me next week to book the room",
            [
                {"title": "Send the memo", "due_at": "2026-03-05T12:00"},
                {"title": "Book the room", "due_at": "2026-03-11T23:59"},
            ],
        ),
        (
            "add fix the gate and oil the hinges, both this weekend",
            [
                {"title": "Fix the gate", "due_at": "2026-03-07T23:59"},
                {"title": "Oil the hinges", "due_at": "2026-03-07T23:59"},
            ],
        ),
        (
            "new ticket: replace the toner, low prio",
            [{"title": "Replace the toner", "priority": "low"}],
        ),
        (
            "add two tickets: reset the password and set up the printer",
            [{"title": "Reset the password"}, {"title": "Set up the printer"}],
        ),
        (
            "could you put down collect my prescription on friday afternoon please dear",
            [{"title": "Collect my prescription", "due_at": "2026-03-06T15:00"}],
        ),
    ],
)
def test_more_ways_to_add(message: str, expected: list[dict[str, Any]]) -> None:
    assert _added(message) == expected
