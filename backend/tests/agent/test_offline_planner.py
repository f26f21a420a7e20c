"""Offline planner behaviour the corpus does not pin down: state kept across stored turns,
what it reads, and the exact wording of replies built from tool results."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from todo_backend.agent.base import AgentContext, AgentReply, Turn
from todo_backend.agent.offline import OfflinePlanner

from .memory_toolbox import MemoryToolbox

NOW = datetime(2026, 3, 4, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
SEED: list[dict[str, Any]] = [
    {"id": 1, "title": "Buy milk", "tags": ["errands"]},
    {"id": 2, "title": "Buy oat milk", "tags": ["errands"]},
    {"id": 3, "title": "Old report", "completed": True, "completed_at": NOW.isoformat()},
    {"id": 4, "title": "Older report", "completed": True, "completed_at": NOW.isoformat()},
]


class Chat:
    """A conversation stored the way the chat service stores it: pending goes through JSON."""

    def __init__(self, toolbox: MemoryToolbox) -> None:
        self.toolbox = toolbox
        self.history: list[Turn] = []

    def say(self, message: str) -> AgentReply:
        before = len(self.toolbox.calls)
        ctx = AgentContext(toolbox=self.toolbox, now=NOW, history=self.history)
        reply = OfflinePlanner().respond(message, ctx)
        stored = json.loads(json.dumps(reply.pending)) if reply.pending is not None else None
        self.history = [
            *self.history,
            Turn(role="user", content=message),
            Turn(
                role="assistant",
                content=reply.text,
                tool_calls=json.loads(json.dumps(self.toolbox.calls[before:])),
                pending=stored,
            ),
        ]
        return reply


def test_reply_is_built_from_the_tool_result() -> None:
    toolbox = MemoryToolbox(NOW)
    reply = Chat(toolbox).say("add buy milk tomorrow at 5pm #errands, urgent")
    assert reply.text == "Added #1 Buy milk — due tomorrow 17:00 (high priority) #errands"
    assert toolbox.tasks[1]["due_at"] == "2026-03-05T17:00:00+01:00"


def test_requests_by_id_do_not_read_every_task() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("add call the plumber")
    chat.say("done with #1")
    chat.say("show my tasks")
    assert toolbox.snapshots == 0
    chat.say("delete the oat milk task")
    assert toolbox.snapshots == 1
    assert 2 not in toolbox.tasks


def test_ambiguous_name_changes_nothing_until_answered() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    question = chat.say("mark the milk task as done")
    assert toolbox.calls == []
    assert "#1 Buy milk" in question.text and "#2 Buy oat milk" in question.text
    assert question.pending == {
        "kind": "choose",
        "tool": "complete_task",
        "arguments": {},
        "candidates": [1, 2],
    }
    answer = chat.say("the oat one")
    assert answer.text == "Marked #2 Buy oat milk as done. Nice work!"
    assert answer.pending is None
    assert toolbox.tasks[2]["completed"] and not toolbox.tasks[1]["completed"]


def test_a_question_is_answered_only_in_the_next_message() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("delete all completed tasks")
    chat.say("show my tasks")
    reply = chat.say("yes")
    assert [c["name"] for c in toolbox.calls] == ["list_tasks"]  # the bulk lookup is no call
    assert {3, 4} <= set(toolbox.tasks)
    assert "only help with your tasks" in reply.text


def test_confirmed_bulk_delete_reports_tasks_that_vanished_meanwhile() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("delete all completed tasks")
    del toolbox.tasks[4]  # deleted elsewhere (another tab) before the user said yes
    reply = chat.say("yes")
    assert 3 not in toolbox.tasks
    assert reply.text.startswith("Deleted 1 task.")
    assert "#4: task 4 not found" in reply.text


def test_no_cancels_a_bulk_request() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("clear everything")
    reply = chat.say("no")
    assert reply.text == "OK, I left your tasks as they are."
    assert len(toolbox.tasks) == len(SEED)


def test_tags_are_added_to_the_existing_ones() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    Chat(toolbox).say("tag #1 with dairy")
    assert toolbox.calls[-1]["arguments"] == {"task_id": 1, "tags": ["errands", "dairy"]}
    assert toolbox.tasks[1]["tags"] == ["errands", "dairy"]


def test_tool_errors_are_passed_on() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    reply = Chat(toolbox).say(f"add {'x' * 250}")
    assert reply.text.startswith("I couldn't add that task: title")
    assert len(toolbox.tasks) == len(SEED)


def test_a_new_request_while_a_question_is_open_is_a_new_request() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("delete milk")
    reply = chat.say("add 2 eggs")
    assert reply.text == "Added #5 2 eggs"
    assert {1, 2} <= set(toolbox.tasks)


def test_bulk_covers_every_matching_task_beyond_one_page_of_the_list_tool() -> None:
    done = {"completed": True, "completed_at": NOW.isoformat()}
    tasks = [{"id": i, "title": f"Chore {i}", **done} for i in range(1, 121)]
    toolbox = MemoryToolbox(NOW, [*tasks, {"id": 121, "title": "Still to do"}])
    chat = Chat(toolbox)
    question = chat.say("delete all completed tasks")
    assert "That would delete 120 completed tasks" in question.text
    assert toolbox.calls == []  # looked up in the snapshot: asking calls no tool
    chat.say("yes")
    assert list(toolbox.tasks) == [121]


def test_an_everyday_delete_word_naming_no_task_adds_one() -> None:
    toolbox = MemoryToolbox(NOW, [{"id": 1, "title": "Cancel the gym membership"}])
    chat = Chat(toolbox)
    chat.say("lose 5 kg by summer")
    assert [call["name"] for call in toolbox.calls] == ["add_task"]
    assert toolbox.tasks[2]["title"] == "Lose 5 kg by summer"
    chat.say("cancel the gym membership")  # names a task: that one goes
    assert toolbox.calls[-1]["name"] == "delete_task"
    assert 1 not in toolbox.tasks


def test_questions_and_wishes_are_not_reports_of_done_work() -> None:
    toolbox = MemoryToolbox(NOW, [{"id": 1, "title": "Clean the garage"}])
    chat = Chat(toolbox)
    for message in ("is the garage cleaned?", "i want the garage cleaned"):
        chat.say(message)
    assert not any(call["name"] == "complete_task" for call in toolbox.calls)
    chat.say("garage is cleaned now")
    assert toolbox.tasks[1]["completed"]


def test_a_day_after_to_is_a_new_date_not_a_new_title() -> None:
    toolbox = MemoryToolbox(NOW, [{"id": 1, "title": "Call mom"}])
    Chat(toolbox).say("reschedule call mom to saturday")
    assert toolbox.tasks[1]["title"] == "Call mom"
    assert toolbox.tasks[1]["due_at"] == "2026-03-07T23:59:00+01:00"


def test_a_past_day_is_kept_as_an_overdue_due_date() -> None:
    toolbox = MemoryToolbox(NOW)
    reply = Chat(toolbox).say("add pay rent yesterday high priority #home")
    assert toolbox.tasks[1]["title"] == "Pay rent"
    assert toolbox.tasks[1]["due_at"] == "2026-03-03T23:59:00+01:00"
    assert "(overdue)" in reply.text


def test_a_question_about_a_task_changes_nothing_and_says_how_it_stands() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    for question in (
        "did I buy the oat milk?",
        "is the oat milk done?",
        "buy oat milk done?",
        "have I deleted the oat milk?",
    ):
        reply = chat.say(question)
        assert reply.text == "Not yet — #2 Buy oat milk is still open (no due date)."
    assert chat.say("did i finish the old report").text.startswith("Yes — #3 Old report is done")
    assert [call["name"] for call in toolbox.calls] == []
    assert not toolbox.tasks[2]["completed"] and 2 in toolbox.tasks


def test_several_ids_are_confirmed_then_all_changed() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    reply = chat.say("tick off 1 and 2")
    assert reply.pending is not None and toolbox.calls == []
    assert "That would complete 2 tasks" in reply.text
    assert chat.say("yes").text.startswith("Completed 2 tasks.")
    assert toolbox.tasks[1]["completed"] and toolbox.tasks[2]["completed"]


def test_several_ids_with_one_unknown_change_nothing() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    reply = Chat(toolbox).say("delete 1 and 99")
    assert "no task #99" in reply.text and reply.pending is None
    assert toolbox.calls == [] and set(toolbox.tasks) == {1, 2, 3, 4}


def test_reopen_by_name_prefers_finished_tasks_and_leaves_open_ones_alone() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    assert chat.say("reopen the old report").text == "Reopened #3 Old report"
    assert toolbox.tasks[3]["completed"] is False and toolbox.tasks[3]["completed_at"] is None
    assert chat.say("I haven't bought the oat milk yet").text == (
        "#2 Buy oat milk is still open — nothing to reopen."
    )
    assert [call["name"] for call in toolbox.calls] == ["update_task"]


def test_undo_right_after_completing_reopens_that_task() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("done with #1")
    assert chat.say("wait no, undo that").text.startswith("Reopened #1 Buy milk")
    assert toolbox.tasks[1]["completed"] is False


def test_a_long_title_is_kept_whole() -> None:
    toolbox = MemoryToolbox(NOW)
    title = (
        "write a thank-you note to the neighbours for looking after the plants while we "
        "were away in Portugal"
    )
    Chat(toolbox).say(f"add {title}")
    assert toolbox.tasks[1]["title"] == title[:1].upper() + title[1:]
    assert toolbox.tasks[1]["description"] == ""


def test_an_unclear_to_do_is_offered_and_added_once_confirmed() -> None:
    toolbox = MemoryToolbox(NOW)
    chat = Chat(toolbox)
    reply = chat.say("someday I'd like to learn to juggle, low priority")
    assert reply.text.startswith("Shall I add “Learn to juggle (low priority)” as a task?")
    assert toolbox.calls == []
    assert chat.say("yes").text == "Added #1 Learn to juggle (low priority)"
    assert chat.say("yes").text != "Added #2 Learn to juggle (low priority)"  # only once
    assert len(toolbox.tasks) == 1


def test_a_negated_request_does_nothing() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    reply = Chat(toolbox).say("don't delete the oat milk")
    assert reply.text == "OK, I left your tasks as they are."
    assert toolbox.calls == []


def test_a_new_time_alone_keeps_the_day_the_task_is_due() -> None:
    toolbox = MemoryToolbox(NOW)
    chat = Chat(toolbox)
    chat.say("add meet Jo for coffee tomorrow")
    assert (
        chat.say("actually make it 3pm").text
        == "Updated #1 Meet Jo for coffee — due tomorrow 15:00"
    )
    assert toolbox.tasks[1]["due_at"] == "2026-03-05T15:00:00+01:00"


def test_a_new_time_alone_on_a_day_with_another_offset_keeps_that_days_offset() -> None:
    toolbox = MemoryToolbox(NOW, [{"id": 1, "title": "Gym", "due_at": "2026-03-30T09:00:00+02:00"}])
    Chat(toolbox).say("move the gym to 7pm")
    assert toolbox.tasks[1]["due_at"] == "2026-03-30T19:00:00+02:00"  # after the DST change


def test_a_bare_date_corrects_only_a_task_the_last_reply_added() -> None:
    toolbox = MemoryToolbox(NOW, SEED)
    chat = Chat(toolbox)
    chat.say("show my tasks")
    chat.say("saturday")
    assert [call["name"] for call in toolbox.calls] == ["list_tasks"]


def test_a_time_without_am_or_pm_early_in_the_day_is_the_afternoon() -> None:
    toolbox = MemoryToolbox(NOW)
    chat = Chat(toolbox)
    chat.say("add lunch with Ben on friday at 1pm")
    chat.say("sorry, 1:30")
    assert toolbox.tasks[1]["due_at"] == "2026-03-06T13:30:00+01:00"


def test_can_you_do_a_real_world_errand_is_offered_as_a_task_not_done() -> None:
    toolbox = MemoryToolbox(NOW)
    reply = Chat(toolbox).say("can you order pizza")
    assert reply.text.startswith("Shall I add “Order pizza” as a task?")
    assert toolbox.calls == []


QUESTION_SEED: list[dict[str, Any]] = [
    {
        "id": 1,
        "title": "Renew car insurance",
        "priority": "high",
        "due_at": "2026-03-06T12:00:00+01:00",
        "tags": ["admin"],
    },
    {"id": 2, "title": "Call the plumber", "priority": "low"},
    {"id": 3, "title": "Water the garden", "tags": ["home"]},
]


def test_a_question_about_one_task_answers_what_it_asks_and_changes_nothing() -> None:
    toolbox = MemoryToolbox(NOW, QUESTION_SEED)
    chat = Chat(toolbox)
    for question, answer in (
        ("which priority has the car insurance?", "#1 Renew car insurance is high priority."),
        ("what labels are on the insurance task", "#1 Renew car insurance is tagged #admin."),
        ("insurance deadline?", "#1 Renew car insurance is due Fri 12:00."),
        ("By when I have to renew the insurance?", "#1 Renew car insurance is due Fri 12:00."),
        (
            "Pardon me, would you be able to tell me until when I should ring the plumber?",
            "#2 Call the plumber has no due date.",
        ),
        (
            "I've completely forgotten when I'm meant to phone the plumber. Any idea?",
            "#2 Call the plumber has no due date.",
        ),
        ("could you tell me if the garden is tagged home", "#3 Water the garden is tagged #home."),
    ):
        assert chat.say(question).text == answer, question
    assert toolbox.calls == []


def test_weather_and_the_clock_are_off_topic_even_with_a_day_in_them() -> None:
    toolbox = MemoryToolbox(NOW, QUESTION_SEED)
    chat = Chat(toolbox)
    for question in (
        "will it snow on saturday?",
        "is it going to be windy tomorrow",
        "what day is it?",
    ):
        assert chat.say(question).text.startswith("I can only help with your tasks"), question
    assert toolbox.calls == []
    chat.say("buy snow tyres")
    assert toolbox.tasks[4]["title"] == "Buy snow tyres"


def test_lists_asked_for_in_shorthand_by_tag_by_day_or_politely() -> None:
    toolbox = MemoryToolbox(NOW, QUESTION_SEED)
    chat = Chat(toolbox)
    for message, filters in (
        ("home things please", {"status": "pending", "tag": "home"}),
        ("ls --done --tag admin", {"status": "completed", "tag": "admin"}),
        ("list -p low", {"status": "pending", "priority": "low"}),
        ('anything with "plumber" in it?', {"status": "pending", "query": "plumber"}),
        ("what's on my plate on friday", {"status": "pending", "due": "week"}),
        (
            "If it's no trouble, could you go through everything I've still got to do?",
            {"status": "pending"},
        ),
    ):
        chat.say(message)
        assert toolbox.calls[-1]["name"] == "list_tasks", message
        assert toolbox.calls[-1]["arguments"] == filters, message
    assert len(toolbox.calls) == 6
    # On friday only: the tool lists the week, the reply picks the day out of it.
    assert chat.say("what's on my plate on friday").text == (
        "1 open task due Fri:\n• #1 Renew car insurance — due Fri 12:00 (high priority) #admin"
    )
