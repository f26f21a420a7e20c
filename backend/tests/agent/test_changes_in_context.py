"""Changes read from their context: the task named in another clause or sentence, a remark
or sign-off around the request, and corrections of the turn before. Phrased unlike the
corpora; each case runs on corpus.json's seed tasks, judged as the corpus test judges."""

from __future__ import annotations

from typing import Any

import pytest

from .test_offline_corpus import check

CASES: list[dict[str, Any]] = [
    # "it" is the task another sentence or clause names.
    {
        "say": "Rang the bank just now about the loan. You may tick it off.",
        "calls": [{"tool": "complete_task", "args": {"task_id": 15}}],
    },
    {
        "say": "the garage can wait a bit, we're busy; could you move it to saturday?",
        "calls": [{"tool": "update_task", "args": {"task_id": 8, "due_at": "2026-03-07T23:59"}}],
    },
    {
        "say": "don't complete the report task, just make it low priority",
        "calls": [{"tool": "update_task", "args": {"task_id": 5, "priority": "low"}}],
    },
    {
        "say": "The slides, push them to tuesday please.",
        "calls": [{"tool": "update_task", "args": {"task_id": 9, "due_at": "2026-03-10T23:59"}}],
    },
    # A remark, an exclamation or a sign-off names no task and asks for nothing.
    {
        "say": "finally read dune, what a slog",
        "calls": [{"tool": "complete_task", "args": {"task_id": 13}}],
    },
    {
        "say": "please remove the flights to lisbon, the conference got moved online",
        "calls": [{"tool": "delete_task", "args": {"task_id": 7}}],
    },
    {
        "say": "Called mum this morning. Best, Bill",
        "calls": [{"tool": "complete_task", "args": {"task_id": 3}}],
    },
    # Chatter first, then what happened.
    {
        "say": "Long day at work. Traffic was awful. Anyway, the electricity bill is paid now.",
        "calls": [{"tool": "complete_task", "args": {"task_id": 6}}],
    },
    # Reopening in other words.
    {
        "say": "the tap is leaking again, put it back on the list",
        "calls": [{"tool": "update_task", "args": {"task_id": 14, "completed": False}}],
    },
    {
        "say": "#16 was ticked by mistake",
        "calls": [{"tool": "update_task", "args": {"task_id": 16, "completed": False}}],
    },
    # Several tasks by number.
    {"say": "set 3 and 15 to low priority", "calls": [], "ask": True},
    {
        "say": ["set 3 and 15 to low priority", "yes"],
        "calls": [
            {"tool": "update_task", "args": {"task_id": 3, "priority": "low"}},
            {"tool": "update_task", "args": {"task_id": 15, "priority": "low"}},
        ],
    },
    # Corrections of the turn before.
    {
        "say": ["add pick up the suit at 6pm", "sorry, 7"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-04T19:00"}}],
    },
    {
        "say": [
            "add call the plumber about the boiler",
            "no I meant the electrician not the plumber",
        ],
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 17, "title": "Call the electrician about the boiler"},
            }
        ],
    },
    {
        "say": ["add recieve the parcel", "typo: receive"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "title": "Receive the parcel"}}],
    },
    # Problems are offered as tasks, never acted on.
    {"say": "the kitchen light has blown", "calls": [], "ask": True},
    # Numbers said in words.
    {
        "say": "please delete task number eleven",
        "calls": [{"tool": "delete_task", "args": {"task_id": 11}}],
    },
    # A correction said after taking back: the day kept apart from the time, a priority, a
    # few words of the title.
    {
        "say": ["add pick up the suit on friday at 4pm", "oh sorry, I meant saturday"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-07T16:00"}}],
    },
    {
        "say": ["make the garage high priority", "no sorry, I meant low"],
        "calls": [{"tool": "update_task", "args": {"task_id": 8, "priority": "low"}}],
    },
    {
        "say": ["add text Anna about the tickets", "oops, Hanna not Anna"],
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 17, "title": "Text Hanna about the tickets"},
            }
        ],
    },
    {
        "say": ["add repaint the shed", "oh and it can wait, no rush really"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "priority": "low"}}],
    },
    # Several tasks by their numbers said once, a bulk change by filter asked about first.
    {"say": "please remove items 4, 8 and 13", "calls": [], "ask": True},
    {"say": "wipe the deadlines on 5 and 9", "calls": [], "ask": True},
    {"say": "tick off every overdue task", "calls": [], "ask": True},
    # A remark after the change, a tag's name standing for its tasks.
    {
        "say": "bump the slides to high priority its for the board",
        "calls": [{"tool": "update_task", "args": {"task_id": 9, "priority": "high"}}],
    },
    {"say": "the home task is done", "calls": [], "ask": True},
    # Said at length, the task's title words all named; "them" for a task named before.
    {
        "say": "Rough morning. Anyway I rang my mother from the train, so that call's done.",
        "calls": [{"tool": "complete_task", "args": {"task_id": 3}}],
    },
    {
        "say": "The quarterly report will have to wait. Could you push them to monday?",
        "calls": [{"tool": "update_task", "args": {"task_id": 5, "due_at": "2026-03-09T23:59"}}],
    },
    {"say": ["list the work tasks", "tick them all off"], "calls": [], "ask": True},
    # Both tasks a name fits; a name outweighs a verb when titles tie.
    {"say": "finished both milks", "calls": [], "ask": True},
    {"say": "remove the garage and the Dune novel", "calls": [], "ask": True},
    # A rename to a new to-do, a tag said with "under" or "give … the tag".
    {
        "say": "change call the bank to call the bank about the mortgage",
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 15, "title": "Call the bank about the mortgage"},
            }
        ],
    },
    {
        "say": "put the dentist under family too",
        "calls": [{"tool": "update_task", "args": {"task_id": 4, "tags": ["health", "family"]}}],
    },
    {
        "say": "give the garage the tag weekend",
        "calls": [{"tool": "update_task", "args": {"task_id": 8, "tags": ["home", "weekend"]}}],
    },
    # A change taken back is no new title.
    {
        "say": ["tick off the garage", "no wait, undo that, not done yet"],
        "calls": [{"tool": "update_task", "args": {"task_id": 8, "completed": False}}],
    },
    {
        "say": "the slides at 10 instead",
        "calls": [{"tool": "update_task", "args": {"task_id": 9, "due_at": "2026-03-09T10:00"}}],
    },
    # A time at the end with no word before it.
    {
        "say": "make the dentist 8:45 instead",
        "calls": [{"tool": "update_task", "args": {"task_id": 4, "due_at": "2026-03-06T08:45"}}],
    },
    # Told late, asked politely, two done at once with when they were done.
    {
        "say": "I should have mentioned earlier that I rang mum yesterday, so that's done",
        "calls": [{"tool": "complete_task", "args": {"task_id": 3}}],
    },
    {
        "say": "Could you set the dentist and the bank call both to low priority?",
        "calls": [],
        "ask": True,
    },
    {"say": "cleaned the garage and paid the bill before work", "calls": [], "ask": True},
    # Corrections of the turn before, in more words.
    {
        "say": ["add wash the dishes", "no wait, call it load the dishwasher"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "title": "Load the dishwasher"}}],
    },
    {
        "say": ["add plant rose bushes", "sorry, lavender bushes not roses"],
        "calls": [
            {"tool": "update_task", "args": {"task_id": 17, "title": "Plant lavender bushes"}}
        ],
    },
    {
        "say": ["add book the hotel", "oops, I made a mistake, please delete that"],
        "calls": [{"tool": "delete_task", "args": {"task_id": 17}}],
    },
    {
        "say": [
            "add three things: call the vet, buy cat food and book a groomer",
            "make the third one urgent",
        ],
        "calls": [{"tool": "update_task", "args": {"task_id": 19, "priority": "high"}}],
    },
    {
        "say": ["add clean the windows", "tag it home and make it high"],
        "calls": [
            {"tool": "update_task", "args": {"task_id": 17, "priority": "high", "tags": ["home"]}}
        ],
    },
    {
        "say": ["what time is the dentist?", "move it to 11am"],
        "calls": [{"tool": "update_task", "args": {"task_id": 4, "due_at": "2026-03-06T11:00"}}],
    },
    {
        "say": ["add yoga class tomorrow 8am", "make it 7:15"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-05T07:15"}}],
    },
    # A note for a task named before it, with or without a colon.
    {
        "say": "stick a note on the bank call: ask about the overdraft",
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 15, "description": "ask about the overdraft"},
            }
        ],
    },
    {
        "say": "#9: add desc 'bring the printed handouts'",
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 9, "description": "bring the printed handouts"},
            }
        ],
    },
    {
        "say": "add send the invoice, update the website and call the printer",
        "calls": [
            {"tool": "add_task", "args": {"title": "Send the invoice"}},
            {"tool": "add_task", "args": {"title": "Update the website"}},
            {"tool": "add_task", "args": {"title": "Call the printer"}},
        ],
    },
    # A whole new title in quotes; "can be"; "… by 3pm instead of noon"; two changes joined.
    {
        "say": "change the garage to 'clean the garage and the shed'",
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 8, "title": "Clean the garage and the shed"},
            }
        ],
    },
    {
        "say": "the garage can be high priority",
        "calls": [{"tool": "update_task", "args": {"task_id": 8, "priority": "high"}}],
    },
    {
        "say": "call the bank at 4pm instead of 10",
        "calls": [{"tool": "update_task", "args": {"task_id": 15, "due_at": "2026-03-05T16:00"}}],
    },
    {
        "say": ["add sort the recycling", "tag it home and make it due saturday"],
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 17, "due_at": "2026-03-07T23:59", "tags": ["home"]},
            }
        ],
    },
    # Several at once by a filter, for a date; "around the house" is the home tag.
    {"say": "move all the work tasks to next monday", "calls": [], "ask": True},
    {"say": "wipe the deadlines from every work task", "calls": [], "ask": True},
    # "The day after", a part of the day, a request taken back in the same message.
    {
        "say": ["add drop off the parcel tomorrow at 9am", "oops I meant the day after"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-06T09:00"}}],
    },
    {
        "say": "move the slides to the day after",
        "calls": [{"tool": "update_task", "args": {"task_id": 9, "due_at": "2026-03-10T09:00"}}],
    },
    {
        "say": ["add walk the dog tomorrow morning", "actually make it the evening"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-05T18:00"}}],
    },
    {"say": "tick off the garage - wait, no, don't", "calls": []},
    # Other ways to name the change.
    {
        "say": "#8 should say clean the garage and the loft",
        "calls": [
            {
                "tool": "update_task",
                "args": {"task_id": 8, "title": "Clean the garage and the loft"},
            }
        ],
    },
    {
        "say": "bank call: add tag finance",
        "calls": [{"tool": "update_task", "args": {"task_id": 15, "tags": ["finance"]}}],
    },
    {
        "say": "dentist low prio",
        "calls": [{"tool": "update_task", "args": {"task_id": 4, "priority": "low"}}],
    },
    {
        "say": "The garage task has to be deleted, we are moving",
        "calls": [{"tool": "delete_task", "args": {"task_id": 8}}],
    },
    # Moved by an amount.
    {
        "say": "push the bank call back an hour",
        "calls": [{"tool": "update_task", "args": {"task_id": 15, "due_at": "2026-03-05T11:00"}}],
    },
    {
        "say": "move the slides 2 days later",
        "calls": [{"tool": "update_task", "args": {"task_id": 9, "due_at": "2026-03-11T09:00"}}],
    },
    # Corrections said in other words; tasks by number with another verb; a tag for a task.
    {
        "say": ["make the report low priority", "sorry, make that high."],
        "calls": [{"tool": "update_task", "args": {"task_id": 5, "priority": "high"}}],
    },
    {
        "say": ["add book the venue for saturday", "sorry, we meant sunday"],
        "calls": [{"tool": "update_task", "args": {"task_id": 17, "due_at": "2026-03-08T23:59"}}],
    },
    {
        "say": ["move the dentist to 3pm", "my mistake, 3:30"],
        "calls": [{"tool": "update_task", "args": {"task_id": 4, "due_at": "2026-03-06T15:30"}}],
    },
    {"say": "scrap 7, 8 and 13", "calls": [], "ask": True},
    {
        "say": "add #reading to read dune",
        "calls": [{"tool": "update_task", "args": {"task_id": 13, "tags": ["reading"]}}],
    },
    {
        "say": "rename #13 to: read Dune Messiah",
        "calls": [{"tool": "update_task", "args": {"task_id": 13, "title": "Read Dune Messiah"}}],
    },
    # A name put right with how it is spelt.
    {
        "say": ["add send flowers to Katharine", "sorry, I mean Katherine, with an e"],
        "calls": [
            {"tool": "update_task", "args": {"task_id": 17, "title": "Send flowers to Katherine"}}
        ],
    },
]


@pytest.mark.parametrize("case", CASES, ids=lambda case: str(case["say"])[:60])
def test_change_read_from_its_context(case: dict[str, Any]) -> None:
    problem, harmful = check(case)
    assert not harmful
    assert problem is None, problem
