"""The built-in planner: deterministic, offline, no model and no key.

`intents.read` says what a message asks for; this module finds the task it means,
calls the tools and words the reply from what they returned. When a name fits several
tasks, or a request would change many at once, it asks first and leaves `pending` on its
reply, so the next message ("#12", "the second one", "yes") can finish the job.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from difflib import SequenceMatcher
from typing import Any

from todo_backend.agent import intents
from todo_backend.agent.base import AgentContext, AgentReply, Turn
from todo_backend.agent.dates import END_OF_DAY
from todo_backend.agent.intents import Ref, Request
from todo_backend.agent.intents.lexicon import TASK_VERBS
from todo_backend.agent.tools import listed

HELP = """I look after your tasks. Try:
• add buy milk tomorrow at 5pm #errands (or "remind me to call mom friday, urgent")
• what's on my plate today? · show high priority · overdue? · tasks tagged work · search milk
• done with #3 · I finished the milk task · mark buy milk as done
• move #5 to friday · rename #2 to Call the bank · make the report high priority
• clear the due date of #7 · delete #4 · delete all completed tasks · tick off 3 and 4
• reopen #10 · I haven't watered the plants yet
• did I pay the bill? · when is the dentist? · how many tasks did I finish this week?
Tasks go by their number (#12) or by name ("the milk task")."""

_NOT_TASKS = (
    "I can only help with your tasks: adding, listing, completing, changing and deleting "
    "them. Say “help” for examples."
)
_LIST_LIMIT = 20
_FOLLOW_UP_WORDS = 6


class OfflinePlanner:
    """Planner 1: the default."""

    def respond(self, message: str, ctx: AgentContext) -> AgentReply:
        return _Turn(ctx).answer(message)


class _Turn:
    """One message being answered; the snapshot is read at most once."""

    def __init__(self, ctx: AgentContext) -> None:
        self.ctx = ctx
        self.now = ctx.now
        self._snapshot: list[dict[str, Any]] | None = None

    @property
    def tasks(self) -> list[dict[str, Any]]:
        if self._snapshot is None:
            self._snapshot = self.ctx.toolbox.snapshot()
        return self._snapshot

    def _tag_names(self) -> frozenset[str]:
        return frozenset(tag for task in self.tasks for tag in task["tags"])

    def answer(self, message: str) -> AgentReply:
        low = intents.normalise(message).lower()
        pending = _last_pending(self.ctx.history)
        if pending is not None and (reply := self._follow_up(pending, low)) is not None:
            return reply
        request = intents.read(message, self.now, self._tag_names)
        match request.action:
            case "help":
                return AgentReply(HELP)
            case "greet":
                return AgentReply("Hi! What shall we do with your tasks? (Say “help” for ideas.)")
            case "thanks":
                return AgentReply("You're welcome!")
            case "add":
                return self._add(request)
            case "offer":
                return self._offer(request)
            case "ask":
                return self._ask(request)
            case "nothing":
                return AgentReply("OK, I left your tasks as they are.")
            case "list":
                return self._list(request.filters, request.on_day)
            case "stats":
                return self._stats(request)
            case "bulk":
                return self._bulk(request)
            case "complete" | "delete" | "update":
                return self._on_one(request)
            case "reopen":
                return self._reopen(request)
            case _:
                return AgentReply(_NOT_TASKS)

    # --- follow-ups -------------------------------------------------------------------

    def _follow_up(self, pending: dict[str, Any], low: str) -> AgentReply | None:
        """Finish what the last reply asked about; None when the user moved on."""
        if pending.get("kind") == "confirm":
            if intents.is_yes(low):
                return self._run_bulk(
                    pending["tool"],
                    [int(i) for i in pending["task_ids"]],
                    dict(pending.get("arguments", {})),
                    time_only=bool(pending.get("time_only")),
                )
            if intents.is_no(low):
                return AgentReply("OK, I left your tasks as they are.")
            return None
        if pending.get("kind") == "offer":
            if intents.is_yes(low):
                return self._add_with(dict(pending["arguments"]))
            if intents.is_no(low):
                return AgentReply("OK, I didn't add it.")
            return None
        if pending.get("kind") != "choose":
            return None
        if intents.is_no(low) and not intents.task_id_in(low):
            return AgentReply("OK, never mind — nothing changed.")
        if len(low.split()) > _FOLLOW_UP_WORDS:
            return None
        candidates = [int(i) for i in pending["candidates"]]
        # A lone "3" answers the question; "add 3 eggs" is a new request.
        chosen = intents.task_id_in(low, bare=re.fullmatch(r"\W*\d+\W*", low) is not None)
        if chosen is None and (words := intents.words_of(low)):
            among = [task for task in self.tasks if task["id"] in candidates]
            matches = _best_matches(words, among)
            chosen = matches[0]["id"] if len(matches) == 1 else None
        if chosen is None and (index := intents.ordinal(low)) is not None:
            chosen = candidates[index] if -len(candidates) <= index < len(candidates) else None
        if chosen is None:
            return None
        return self._act(pending["tool"], chosen, dict(pending.get("arguments", {})))

    # --- one task ---------------------------------------------------------------------

    def _on_one(self, request: Request) -> AgentReply:
        tool = f"{request.action}_task"
        # A change of details goes to several tasks only when they are named by number
        # ("make 7 and 8 high priority"): by name, its words are the new details too.
        # By name, only when the parts name two tasks or more ("make the dentist and the bank
        # call high priority"): a change is then confirmed first, never made to one alone.
        by_number = all(ref.task_id is not None for ref in request.refs)
        named = {
            found[0]["id"]
            for ref in request.refs
            if ref.words and len(found := _best_matches(ref.words, self.tasks)) == 1
        }
        if (request.action != "update" or by_number or len(named) >= 2) and (
            several := self._several(request, tool, self._changes(request))
        ):
            return several
        parts_match = any(_best_matches(ref.words, self.tasks) for ref in request.refs if ref.words)
        if (
            request.otherwise is not None
            and not parts_match
            and not _best_matches(request.ref.words, self.tasks)
        ):
            return self._add(request.otherwise)
        arguments: dict[str, Any] = {}
        if request.action == "update":
            arguments = self._changes(request)
            if request.correction and not _last_changed(self.ctx.history[-1:]):
                if not any(ref.words or ref.task_id for ref in request.named_in):
                    return AgentReply(_NOT_TASKS)
                # "electricity bill - make it due tomorrow": "it" is the task named before.
                request.correction = False
        ref = request.ref
        if (
            request.clause_ref is not None
            and ref.task_id is None
            and not ref.pronoun
            and not _best_matches(ref.words, self.tasks)
        ):
            ref = request.clause_ref  # "the trip is off, so get rid of the flights task"
        # Parts that name tasks of their own are not clauses around one name: a part that
        # fits no task must not let another part's task be changed alone.
        parts = [
            ref
            for ref in request.refs
            if ref.task_id is not None or _best_matches(ref.words, self.tasks)
        ]
        # A correction is about the task the last turn touched, whatever else it names.
        named_in = request.named_in if len(parts) < 2 and not request.correction else ()
        task_id = self._resolve(ref, tool, arguments, named_in)
        if isinstance(task_id, AgentReply):
            return task_id  # a question, or why no task fits
        if request.time_only and "due_at" in arguments:
            arguments["due_at"] = self._same_day(
                task_id, arguments["due_at"], keep_half_day=request.keep_half_day
            )
        elif request.correction and arguments.get("due_at"):
            arguments["due_at"] = self._same_time(task_id, arguments["due_at"])
        if request.later and (task := self._task(task_id)) is not None:
            due = self._local(task["due_at"]) if task.get("due_at") else self.now
            arguments["due_at"] = self._wall(due + request.later)
        if "title" in arguments and (task := self._task(task_id)) is not None:
            title = _new_title(request, task["title"], arguments["title"])
            if title is None:
                return AgentReply(f"#{task_id} {task['title']} does not say “{request.replacing}”.")
            arguments["title"] = title
        # By id, the tool itself answers (completing twice is harmless); by name we have
        # the snapshot already and can say so.
        if request.action == "complete" and self._snapshot is not None:
            task = self._task(task_id)
            if task is not None and task["completed"]:
                return AgentReply(f"#{task_id} {task['title']} is already done.")
        return self._act(tool, task_id, arguments)

    def _same_day(self, task_id: int, due_at: str, *, keep_half_day: bool = False) -> str:
        """ "make it 3pm": the new time on the day the task is due already (today if none);
        with keep_half_day, "8" after "7pm" is 20:00."""
        task = self._task(task_id)
        new = datetime.fromisoformat(due_at).astimezone(self.now.tzinfo)
        if task is None or not task.get("due_at"):
            return due_at
        old = self._local(task["due_at"])
        day = old.date()
        clock = new.time()
        if keep_half_day:
            # "make that 8" after 7pm is 20:00, "make it 6:30" after 7am is 06:30: of the
            # two halves of the day, the one nearer the time it was.
            def away(hour: int) -> int:
                return abs(hour * 60 + clock.minute - (old.hour * 60 + old.minute))

            clock = clock.replace(hour=min((clock.hour % 12, clock.hour % 12 + 12), key=away))
        return self._wall(datetime.combine(day, clock, tzinfo=self.now.tzinfo))

    def _same_time(self, task_id: int, due_at: str) -> str:
        """ "sorry, I meant friday" right after adding a task for thursday at 11: the day
        said alone puts right the day, not the time. (Moving a task to a day otherwise means
        the end of that day, as adding one does.)"""
        task = self._task(task_id)
        new = datetime.fromisoformat(due_at).astimezone(self.now.tzinfo)
        if task is None or not task.get("due_at") or new.time() != END_OF_DAY:
            return due_at
        return self._wall(
            datetime.combine(new.date(), self._local(task["due_at"]).time(), self.now.tzinfo)
        )

    def _wall(self, moment: datetime) -> str:
        """A wall time in the user's zone as a due date; through UTC, so a wall time skipped
        by a DST jump lands after the gap."""
        return moment.astimezone(UTC).astimezone(self.now.tzinfo).isoformat()

    def _changes(self, request: Request) -> dict[str, Any]:
        changes: dict[str, Any] = {}
        if request.title:
            changes["title"] = request.title
        if request.description is not None:
            changes["description"] = request.description
        if request.priority:
            changes["priority"] = request.priority
        if request.clear_due:
            changes["due_at"] = None
        elif request.due_at is not None:
            changes["due_at"] = request.due_at.isoformat()
        if request.tags:
            changes["tags"] = request.tags  # "+tag"/"-tag" edits, applied in _act
        return changes

    # --- several tasks, reopening, questions ----------------------------------------------

    def _several(self, request: Request, tool: str, arguments: dict[str, Any]) -> AgentReply | None:
        """ "tick off 3 and 4", "the bill is paid and the garage is clean": each part names
        one task. Two or more that would change are confirmed first, as bulk changes are;
        None when the parts do not each name one task (the message is read as one name)."""
        listed = _last_listed(self.ctx.history[-1:])
        refs = request.refs
        if len(listed) > 1 and request.ref.words and set(request.ref.words) <= _ALL_OF_THEM:
            refs = tuple(Ref(task_id=task_id) for task_id in listed)  # "done with all of them"
        words = request.ref.words
        if len(refs) < 2 and {"both", "all"} & set(words):
            # "got both the milks", "delete both milk tasks": every task the name fits.
            name = tuple(word for word in words if word not in _ALL_OF_THEM | _COUNTED)
            pool = self._pool(name, tool, arguments)
            found = (_best_matches(name, pool) or _tagged(name, pool)) if name else []
            if len(found) >= 2:
                refs = tuple(Ref(task_id=task["id"]) for task in found)
        if len(refs) < 2:
            return None
        chosen: dict[int, dict[str, Any]] = {}
        order: dict[int, int] = {}  # task id → the part that named it, to act in that order
        ambiguous: list[tuple[int, list[dict[str, Any]]]] = []
        by_name = False
        for part, ref in enumerate(refs):
            if ref.task_id is not None:
                task = self._task(ref.task_id)
                if task is None:
                    return AgentReply(
                        f"There is no task #{ref.task_id}, so I changed nothing. "
                        "Say “show my tasks” to see their numbers."
                    )
                chosen[task["id"]] = task
                order.setdefault(task["id"], part)
                continue
            if not ref.words:
                continue
            matches = _best_matches(ref.words, self._pool(ref.words, tool, arguments))
            if len(matches) > 1:
                ambiguous.append((part, matches))
                continue
            if matches:
                chosen[matches[0]["id"]] = matches[0]
                order.setdefault(matches[0]["id"], part)
                by_name = True
        for part, matches in ambiguous:
            # "the milk and the oat milk": "milk" is the one "oat milk" did not name.
            rest = [task for task in matches if task["id"] not in chosen]
            if len(rest) != 1:
                return None
            chosen[rest[0]["id"]] = rest[0]
            order[rest[0]["id"]] = part
        tasks = sorted(chosen.values(), key=lambda task: order[task["id"]])
        if not tasks or (len(tasks) == 1 and not by_name):
            return None
        if len(tasks) == 1 and (
            _best_matches(request.ref.words, self.tasks) or not _fully_named(request.refs, tasks[0])
        ):
            return None  # one part found a task by a word or two: read the whole message
        reopen = arguments.get("completed") is False
        if tool == "complete_task" or reopen:
            change = [task for task in tasks if bool(task["completed"]) == reopen]
            if not change:
                state = "still open" if reopen else "already done"
                return AgentReply("\n".join(f"#{t['id']} {t['title']} is {state}." for t in tasks))
            tasks = change
        # "push the dentist and the bank call to 4pm": each keeps its own day.
        time_only = request.time_only and "due_at" in arguments
        if len(tasks) == 1:
            task_id = int(tasks[0]["id"])
            return self._act(tool, task_id, self._on_its_day(task_id, arguments, time_only))
        verb = "reopen" if reopen else _VERBS[tool]
        lines = [f"That would {verb} {len(tasks)} tasks:"]
        lines += [f"• {self._line(task)}" for task in tasks]
        lines.append("Are you sure? Say “yes” to go ahead or “no” to cancel.")
        return AgentReply(
            "\n".join(lines),
            pending={
                "kind": "confirm",
                "tool": tool,
                "task_ids": [task["id"] for task in tasks],
                "arguments": arguments,
                "time_only": time_only,
            },
        )

    def _on_its_day(
        self, task_id: int, arguments: dict[str, Any], time_only: bool
    ) -> dict[str, Any]:
        """The change for one task; a time said alone is put on the task's own day."""
        if not time_only:
            return dict(arguments)
        return {**arguments, "due_at": self._same_day(task_id, arguments["due_at"])}

    def _pool(
        self, words: tuple[str, ...], tool: str, arguments: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Where a name is looked for: open tasks first when completing or changing one,
        finished ones first when reopening (completing a finished task is rarely meant)."""
        if tool == "delete_task":
            return self.tasks
        want_done = arguments.get("completed") is False
        preferred = [task for task in self.tasks if bool(task["completed"]) == want_done]
        return preferred if _best_matches(words, preferred) else self.tasks

    def _reopen(self, request: Request) -> AgentReply:
        arguments = {"completed": False}
        if several := self._several(request, "update_task", arguments):
            return several
        task_id = self._resolve(request.ref, "update_task", arguments, request.named_in)
        if isinstance(task_id, AgentReply):
            return task_id
        task = self._task(task_id)
        if task is not None and not task["completed"]:
            return AgentReply(f"#{task_id} {task['title']} is still open — nothing to reopen.")
        return self._act("update_task", task_id, arguments)

    def _ask(self, request: Request) -> AgentReply:
        """A question about a task is answered from the list; it never changes anything."""
        ref = request.ref
        if ref.task_id is not None:
            found = [task for task in self.tasks if task["id"] == ref.task_id]
        elif ref.pronoun and (last := _last_task_id(self.ctx.history)) is not None:
            found = [task for task in self.tasks if task["id"] == last]
        else:
            found = _best_matches(ref.words, self.tasks) if ref.words else []
        if not found:
            found = self._named_in(request.named_in, "list_tasks", {})
        if not found:
            found = self._by_one_word(ref.words)
        if not found:
            if set(request.filters) - {"status"} or not ref.words:
                return self._list(request.filters)
            return AgentReply(
                f"I couldn't find a task matching “{' '.join(ref.words)}”, so I can't say. "
                "Say “show my tasks” to see them all."
            )
        answers = (self._status(task, request.asked) for task in found[:_LIST_LIMIT])
        # "when is the bank call?" then "push it to 3pm": the answer is what "it" is.
        about = {"kind": "about", "task_id": found[0]["id"]} if len(found) == 1 else None
        return AgentReply("\n".join(answers), pending=about)

    def _by_one_word(self, words: tuple[str, ...]) -> list[dict[str, Any]]:
        """The one task a single word of a question names when the rest are its own ("did
        i hit the gym or nah"). Only for questions: answering about a near miss changes
        nothing, and a word several tasks share names none of them."""
        if len(words) < 2:
            return []
        named = {task["id"]: task for word in words for task in _best_matches((word,), self.tasks)}
        return list(named.values()) if len(named) == 1 else []

    def _status(self, task: dict[str, Any], asked: str | None = None) -> str:
        """How a task stands, or the one thing asked about it (its priority, tags, due
        date): "what priority is the report?" wants the priority, not "still open"."""
        name = f"#{task['id']} {task['title']}"
        done = " (done)" if task.get("completed") else ""
        if asked == "details":
            # Several things asked at once ("the due date and tags of #9"): all of them.
            when_due = (
                f"due {_when(self._local(task['due_at']), self.now)}"
                if task.get("due_at")
                else "no due date"
            )
            tags = " ".join(f"#{tag}" for tag in task.get("tags", [])) or "no tags"
            priority = f"{task.get('priority') or 'medium'} priority"
            return f"{name}{done}: {when_due}, {priority}, {tags}."
        if asked == "priority":
            return f"{name} is {task.get('priority') or 'medium'} priority{done}."
        if asked == "tags":
            tags = " ".join(f"#{tag}" for tag in task.get("tags", []))
            return f"{name} is tagged {tags}{done}." if tags else f"{name} has no tags{done}."
        if asked == "due" and not task.get("completed"):
            if not task.get("due_at"):
                return f"{name} has no due date."
            due = self._local(task["due_at"])
            late = ", overdue" if due < self.now else ""
            return f"{name} is due {_when(due, self.now)}{late}."
        if task.get("completed"):
            when = task.get("completed_at")
            done = f" (ticked off {_when_day(self._local(when).date(), self.now)})" if when else ""
            return f"Yes — {name} is done{done}. ✓"
        if task.get("due_at"):
            due = self._local(task["due_at"])
            late = ", overdue" if due < self.now else ""
            return f"Not yet — {name} is still open, due {_when(due, self.now)}{late}."
        return f"Not yet — {name} is still open (no due date)."

    def _named_in(
        self,
        refs: tuple[Ref, ...],
        tool: str,
        arguments: dict[str, Any],
        *,
        by_a_word: bool = False,
    ) -> list[dict[str, Any]]:
        """The tasks the clauses of a long message name, each clause naming one or none;
        by_a_word, a clause may name its task by one telling word ("ugh the report is taking
        forever, push it to friday")."""
        found: dict[int, dict[str, Any]] = {}
        for ref in refs:
            if ref.task_id is not None:
                matches = [task for task in self.tasks if task["id"] == ref.task_id]
            else:
                pool = self._pool(ref.words, tool, arguments)
                matches = _best_matches(ref.words, pool)
                if not matches and by_a_word:
                    # Words that name one task each ("bank"), not those that fit several.
                    telling = [
                        hits for word in ref.words if len(hits := _best_matches((word,), pool)) == 1
                    ]
                    matches = list({hits[0]["id"]: hits[0] for hits in telling}.values())
            if len(matches) == 1:
                found.setdefault(matches[0]["id"], matches[0])
        named = list(found.values())
        if tool == "complete_task" or arguments.get("completed") is False:
            # "I didn't renew my passport, the appointment got cancelled. can you reopen it":
            # of the tasks named, the one that can be reopened (or completed).
            want_done = arguments.get("completed") is False
            return [task for task in named if bool(task["completed"]) == want_done] or named
        return named

    def _resolve(
        self,
        ref: Ref,
        tool: str,
        arguments: dict[str, Any],
        named_in: tuple[Ref, ...] = (),
    ) -> int | AgentReply:
        """The one task `ref` means, or the question to ask instead. "it" is first the task
        another clause of the message names, then the one the conversation was about."""
        if ref.task_id is not None:
            return ref.task_id
        named = self._named_in(named_in, tool, arguments, by_a_word=ref.pronoun)
        if ref.pronoun and len(named) == 1:
            return int(named[0]["id"])
        if ref.pronoun and (last := _last_task_id(self.ctx.history)) is not None:
            return last
        if ref.empty and (last := _last_task_id(self.ctx.history[-1:])) is not None:
            return last  # "done" right after adding or showing one task
        listed = _last_listed(self.ctx.history[-1:])
        if listed and ref.words and set(ref.words) <= intents.ORDINAL_WORDS:
            # "complete the first one" right after a list: its first task.
            index = intents.ordinal(" ".join(ref.words))
            if index is not None and -len(listed) <= index < len(listed):
                return listed[index]
        reopen = arguments.get("completed") is False
        verb = "reopen" if reopen else _VERBS[tool]
        if not ref.words and len(named) == 1:
            return int(named[0]["id"])
        if not ref.words:
            # The tasks it could be: finished ones to reopen, open ones otherwise.
            could_be = [task for task in self.tasks if bool(task["completed"]) == reopen]
            if not could_be:
                state = "finished" if reopen else "open"
                return AgentReply(f"Which task should I {verb}? You have no {state} tasks.")
            return self._choose(
                f"Which task should I {verb}?", could_be[:_LIST_LIMIT], tool, arguments
            )
        pool = self._pool(ref.words, tool, arguments)
        in_state = [t for t in pool if tool == "delete_task" or bool(t["completed"]) == reopen]
        matches = _best_matches(ref.words, pool) or named or _tagged(ref.words, in_state)
        name = " ".join(ref.words)
        if not matches:
            return AgentReply(
                f"I couldn't find a task matching “{name}”. "
                "Say “show my tasks” to see them with their numbers."
            )
        if len(matches) > 1:
            return self._choose(
                f"More than one task matches “{name}” — which one should I {verb}?",
                matches,
                tool,
                arguments,
            )
        return int(matches[0]["id"])

    def _choose(
        self, question: str, candidates: list[dict[str, Any]], tool: str, arguments: dict[str, Any]
    ) -> AgentReply:
        lines = [question, *(f"• {self._line(task)}" for task in candidates)]
        lines.append(f"Reply with its number (e.g. #{candidates[0]['id']}) or “the first one”.")
        return AgentReply(
            "\n".join(lines),
            pending={
                "kind": "choose",
                "tool": tool,
                "arguments": arguments,
                "candidates": [task["id"] for task in candidates],
            },
        )

    def _execute(self, tool: str, task_id: int, arguments: dict[str, Any]) -> dict[str, Any]:
        """One tool call on one task; tag edits ("+q1", "-home") become its whole new list."""
        if "tags" in arguments:
            arguments = {**arguments, "tags": self._edit_tags(task_id, arguments["tags"])}
        return self.ctx.toolbox.execute(tool, {"task_id": task_id, **arguments})

    def _act(self, tool: str, task_id: int, arguments: dict[str, Any]) -> AgentReply:
        result = self._execute(tool, task_id, arguments)
        if "error" in result:
            return AgentReply(f"I couldn't {_VERBS[tool]} #{task_id}: {result['error']}")
        if tool == "delete_task":
            deleted = result["deleted"]
            return AgentReply(f"Deleted #{deleted['id']} {deleted['title']}.")
        task = result["task"]
        if tool == "complete_task":
            return AgentReply(f"Marked #{task['id']} {task['title']} as done. Nice work!")
        if arguments.get("completed") is False:
            return AgentReply(f"Reopened {self._line(task)}")
        return AgentReply(f"Updated {self._line(task)}")

    def _edit_tags(self, task_id: int, edits: list[str]) -> list[str]:
        task = self._task(task_id)
        tags: list[str] = list(task["tags"]) if task else []
        if any(edit.startswith("=") for edit in edits):
            tags = []  # "tag it #home instead"
        for edit in edits:
            name = edit[1:]
            if edit.startswith("-"):
                tags = [tag for tag in tags if tag != name]
            elif name not in tags:
                tags.append(name)
        return tags

    def _task(self, task_id: int) -> dict[str, Any] | None:
        return next((task for task in self.tasks if task["id"] == task_id), None)

    # --- add, list, stats, bulk -------------------------------------------------------

    def _add(self, request: Request) -> AgentReply:
        if not request.title:
            return AgentReply("What's the task? For example: “add buy milk tomorrow at 5pm”.")
        if request.more:
            replies = [self._add_with(self._arguments(each)) for each in [request, *request.more]]
            return AgentReply("\n".join(reply.text for reply in replies))
        return self._add_with(self._arguments(request))

    def _offer(self, request: Request) -> AgentReply:
        """Not a request we know, but it reads like something to do: offer to add it."""
        arguments = self._arguments(request)
        preview = {**arguments, "id": "new", "tags": arguments.get("tags", [])}
        line = self._line(preview).removeprefix("#new ")
        return AgentReply(
            f"Shall I add “{line}” as a task? Say “yes” to add it or “no” to leave it.",
            pending={"kind": "offer", "arguments": arguments},
        )

    def _arguments(self, request: Request) -> dict[str, Any]:
        arguments: dict[str, Any] = {"title": request.title}
        if request.description:
            arguments["description"] = request.description
        if request.priority:
            arguments["priority"] = request.priority
        if request.due_at is not None:
            arguments["due_at"] = request.due_at.isoformat()
        if request.tags:
            arguments["tags"] = request.tags
        return arguments

    def _add_with(self, arguments: dict[str, Any]) -> AgentReply:
        result = self.ctx.toolbox.execute("add_task", arguments)
        if "error" in result:
            return AgentReply(f"I couldn't add that task: {result['error']}")
        return AgentReply(f"Added {self._line(result['task'])}")

    def _list(self, filters: dict[str, str], on_day: int | None = None) -> AgentReply:
        result = self.ctx.toolbox.execute("list_tasks", dict(filters))
        if "error" in result:
            return AgentReply(f"I couldn't list your tasks: {result['error']}")
        tasks: list[dict[str, Any]] = result["tasks"]
        what = _describe_filters(filters)
        if on_day is not None:
            # The tool knows today and the week; one other day is picked out of the week.
            day = (self.now + timedelta(days=on_day)).date()
            tasks = [t for t in tasks if t["due_at"] and self._local(t["due_at"]).date() == day]
            result = {"tasks": tasks, "count": len(tasks)}
            what = what.replace("due in the next 7 days", f"due {_when_day(day, self.now)}")
        if not tasks:
            return AgentReply(f"No {what}. 🎉" if filters.get("due") else f"No {what}.")
        count = int(result["count"])
        lines = [f"{count} {what}:" if count != 1 else f"1 {_singular(what)}:"]
        lines += [f"• {self._line(task)}" for task in tasks[:_LIST_LIMIT]]
        if count > _LIST_LIMIT:
            lines.append(f"…and {count - _LIST_LIMIT} more.")
        return AgentReply("\n".join(lines))

    def _stats(self, request: Request) -> AgentReply:
        result = self.ctx.toolbox.execute("list_tasks", dict(request.filters))
        if "error" in result:
            return AgentReply(f"I couldn't count your tasks: {result['error']}")
        if request.completed_since is None:
            count = int(result["count"])
            what = _describe_filters(request.filters)
            return AgentReply(f"You have {count} {what if count != 1 else _singular(what)}.")
        start, end, label = self._period(request.completed_since)
        done = [
            task
            for task in result["tasks"]
            if task.get("completed_at")
            and start <= datetime.fromisoformat(task["completed_at"]) < end
        ]
        # The tool returns at most 100 tasks; "so far" can use its full count.
        count = int(result["count"]) if request.completed_since == "all" else len(done)
        noun = "task" if count == 1 else "tasks"
        lines = [f"You finished {count} {noun} {label}" + (":" if done else ".")]
        lines += [f"• {self._line(task)}" for task in done[:_LIST_LIMIT]]
        return AgentReply("\n".join(lines))

    def _period(self, name: str) -> tuple[datetime, datetime, str]:
        midnight = self.now.replace(hour=0, minute=0, second=0, microsecond=0)
        monday = midnight - timedelta(days=midnight.weekday())
        far = self.now + timedelta(days=1)
        return {
            "today": (midnight, far, "today"),
            "yesterday": (midnight - timedelta(days=1), midnight, "yesterday"),
            "week": (monday, far, "this week"),
            "last_week": (monday - timedelta(days=7), monday, "last week"),
            "month": (midnight.replace(day=1), far, "this month"),
            "all": (datetime.min.replace(tzinfo=self.now.tzinfo), far, "so far"),
        }[name]

    def _bulk(self, request: Request) -> AgentReply:
        tool = request.bulk_tool or "delete_task"
        # Found in the snapshot, as a task named is: asking first changes and calls nothing.
        tasks = listed(self.tasks, request.filters, self.now)
        what = _describe_filters(request.filters)
        if not tasks:
            return AgentReply(f"There are no {what}, so nothing to {_VERBS[tool]}.")
        what = what if len(tasks) != 1 else _singular(what)
        lines = [f"That would {_VERBS[tool]} {len(tasks)} {what}:"]
        lines += [f"• {self._line(task)}" for task in tasks[:_LIST_LIMIT]]
        if len(tasks) > _LIST_LIMIT:
            lines.append(f"…and {len(tasks) - _LIST_LIMIT} more.")
        lines.append("Are you sure? Say “yes” to go ahead or “no” to cancel.")
        return AgentReply(
            "\n".join(lines),
            pending={
                "kind": "confirm",
                "tool": tool,
                "task_ids": [t["id"] for t in tasks],
                "arguments": self._changes(request),
                "time_only": request.time_only,
            },
        )

    def _run_bulk(
        self,
        tool: str,
        task_ids: list[int],
        arguments: dict[str, Any] | None = None,
        *,
        time_only: bool = False,
    ) -> AgentReply:
        """The same change to each task."""
        done, failed = [], []
        for task_id in task_ids:
            changes = self._on_its_day(task_id, arguments or {}, time_only)
            result = self._execute(tool, task_id, changes)
            if "error" in result:
                failed.append(f"#{task_id}: {result['error']}")
            else:
                done.append(result.get("task") or result["deleted"])
        reopened = (arguments or {}).get("completed") is False
        past = {"delete_task": "Deleted", "complete_task": "Completed"}.get(
            tool, "Reopened" if reopened else "Changed"
        )
        lines = [f"{past} {len(done)} task{'s' if len(done) != 1 else ''}."]
        lines += [f"• #{task['id']} {task['title']}" for task in done[:_LIST_LIMIT]]
        if failed:
            lines.append("Couldn't " + _VERBS[tool] + " " + "; ".join(failed))
        return AgentReply("\n".join(lines))

    # --- wording ----------------------------------------------------------------------

    def _local(self, stamp: str) -> datetime:
        return datetime.fromisoformat(stamp).astimezone(self.now.tzinfo)

    def _line(self, task: dict[str, Any]) -> str:
        parts = [f"#{task['id']} {task['title']}"]
        if task.get("due_at"):
            due = self._local(task["due_at"])
            late = " (overdue)" if due < self.now and not task.get("completed") else ""
            parts.append(f"— due {_when(due, self.now)}{late}")
        if task.get("priority") in ("high", "low"):
            parts.append(f"({task['priority']} priority)")
        parts += [f"#{tag}" for tag in task.get("tags", [])]
        if task.get("completed"):
            parts.append("✓ done")
        return " ".join(parts)


_VERBS = {
    "complete_task": "complete",
    "delete_task": "delete",
    "update_task": "change",
}


def _when_day(day: date, now: datetime) -> str:
    days = (day - now.date()).days
    if days in (-1, 0, 1):
        return {-1: "yesterday", 0: "today", 1: "tomorrow"}[days]
    if 1 < days < 7:
        return day.strftime("%a")
    return f"{day:%a} {day.day} {day:%b}" + (f" {day.year}" if day.year != now.year else "")


def _when(due: datetime, now: datetime) -> str:
    day = _when_day(due.date(), now)
    # A due date given as a day ("by friday") ends at 23:59: the time says nothing new.
    return day if (due.hour, due.minute) == (23, 59) else f"{day} {due:%H:%M}"


def _describe_filters(filters: dict[str, str]) -> str:
    status = {"pending": "open", "completed": "completed", "all": ""}[
        filters.get("status", "pending")
    ]
    words = [status] if status else []
    if priority := filters.get("priority"):
        words.append(f"{priority}-priority")
    words.append("tasks")
    if tag := filters.get("tag"):
        words.append(f"tagged #{tag}")
    if query := filters.get("query"):
        words.append(f"matching “{query}”")
    due = filters.get("due")
    if due == "overdue":
        words = ["overdue", *words[1:]] if status == "open" else ["overdue", *words]
    elif due == "today":
        words.append("due today")
    elif due == "week":
        words.append("due in the next 7 days")
    return " ".join(words)


def _new_title(request: Request, old: str, said: str) -> str | None:
    """The title a change asks for, from the one the task has: a word put right ("typo,
    tomatoes"), a part replaced ("I meant the agent not the landlord"; None when the title
    does not say it), a correction ("I meant the van insurance") or a new title as typed."""
    if request.respell:
        return _respelled(old, said)
    if request.replacing:
        return _replaced(old, request.replacing, said)
    if request.correction and not request.whole_title:
        return _corrected_title(old, said)
    return _cased_like(old, said)


def _replaced(old: str, replacing: str, said: str) -> str | None:
    """ "Tim not Tom" in "Email Tom about …"; "daffodil bulbs not tulips" in "Buy tulip bulbs"
    (a plural said for the title's word, and the words the new part shares with the title
    replaced with it): None when the title does not say it."""
    part = re.compile(rf"\b{re.escape(replacing)}\b", re.I)
    if found := part.search(old):
        start, end = found.span()
    else:
        words = list(re.finditer(r"[\w'-]+", old))
        said_words = replacing.lower().split()
        at = next(
            (
                i
                for i in range(len(words) - len(said_words) + 1)
                if all(
                    _same_word(w.lower(), words[i + k].group(0).lower())
                    for k, w in enumerate(said_words)
                )
            ),
            None,
        )
        if at is None:
            return None
        start, end = words[at].start(), words[at + len(said_words) - 1].end()
    # The new part's own last words, when the title goes on with them ("… bulbs").
    rest = old[end:]
    for word in said.split()[1:]:
        following = re.match(r"\s+([\w'-]+)", rest)
        if following and _same_word(following.group(1).lower(), word.lower()):
            end += following.end()
            rest = old[end:]
    return old[:start] + said + old[end:]


def _cased_like(old: str, new: str) -> str:
    """ "rename read dune to read dune messiah": words the title had keep their capitals
    ("Read Dune messiah"); what the user capitalised stays as typed."""
    cased = {word.lower(): word for word in re.findall(r"[\w'-]+", old)}
    words = re.sub(
        r"[\w'-]+",
        lambda said: (
            cased.get(said.group(0), said.group(0)) if said.group(0).islower() else said.group(0)
        ),
        new,
    )
    return words[:1].upper() + words[1:]


def _corrected_title(old: str, new: str) -> str:
    """ "I meant the van insurance" for "Renew the car insurance": a name without its verb
    replaces the words it ends like; a whole to-do ("I meant call dad") replaces all."""
    words, old_words = new.split(), old.split()
    if TASK_VERBS.match(new.lower()) or not TASK_VERBS.match(old.lower()):
        return new
    ends = [i for i, word in enumerate(old_words) if word.lower() == words[-1].lower()] or [
        i  # "Dona Cecilia" put right in "Buy flowers for Dona Celia"
        for i, word in enumerate(old_words)
        if SequenceMatcher(None, word.lower(), words[-1].lower()).ratio() >= 0.75
    ]
    if ends:
        end = ends[-1] + 1
        start = max(1, end - len(words))
    else:
        # "I meant paper cups" for "Order more paper bags", "I meant for Lucie" for "… for
        # Léa": the words from where they start alike.
        starts = [i for i, word in enumerate(old_words) if i and word.lower() == words[0].lower()]
        if not starts:
            return new
        start = starts[-1]
        end = min(len(old_words), start + len(words))
    if old_words[start][:1].islower():
        new = new[:1].lower() + new[1:]  # capitalised only as a title's start
    return " ".join([*old_words[:start], new, *old_words[end:]])


def _respelled(title: str, word: str) -> str:
    """ "Buy tomatos" with "tomatoes": the title with its likeliest misspelt word put right."""
    words = title.split()
    scores = [SequenceMatcher(None, w.lower().strip(".,"), word.lower()).ratio() for w in words]
    best = max(range(len(words)), key=scores.__getitem__, default=None)
    if best is None or scores[best] < 0.6:
        return title
    words[best] = word if best else word[:1].upper() + word[1:]
    return " ".join(words)


def _singular(what: str) -> str:
    return re.sub(r"\btasks\b", "task", what, count=1)


def _best_matches(words: tuple[str, ...], tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Tasks whose titles share the most of `words`; a title fully named beats the rest."""
    scored = []
    for task in tasks:
        title_words = intents.words_of(task["title"]) or tuple(task["title"].lower().split())
        hits = sum(1 for word in words if any(_same_word(word, t) for t in title_words))
        # Fewer than half the words in common is a coincidence ("library books" is not
        # "Book flights"), and acting on a coincidence changes the wrong task; unless the
        # words, told at length, name every word of the title, two or more ("I sent Sarah
        # the project email from the car park" is "Email Sarah about the project").
        covered = all(any(_same_word(w, t) for w in words) for t in title_words)
        # ("I'm afraid the Lisbon flights will have to wait" names "Book flights to Lisbon":
        # its to-do verb may go unsaid.)
        said = all(TASK_VERBS.match(t) or any(_same_word(w, t) for w in words) for t in title_words)
        if hits and (hits * 2 >= len(words) or (said and hits >= 2)):
            scored.append((hits, covered, task))
    if not scored:
        return []
    best = max(hits for hits, _, _ in scored)
    top = [(covered, task) for hits, covered, task in scored if hits == best]
    if len(top) > 1:
        # "the Dune book" is "Read Dune", not "Book flights": a name outweighs a verb.
        named = [(covered, task) for covered, task in top if _names_it(words, task)]
        top = named or top
    exact = [task for covered, task in top if covered]
    if len(exact) == 1:
        return exact
    if set(words) & _PLAIN:
        # "the regular milk" is "Buy milk", not "Buy oat milk": the title with least to it.
        shortest = min(len(intents.words_of(task["title"])) for _, task in top)
        plain = [task for _, task in top if len(intents.words_of(task["title"])) == shortest]
        if len(plain) == 1:
            return plain
    return [task for _, task in top]


_PLAIN = frozenset({"regular", "normal", "plain", "ordinary", "usual", "standard"})


def _names_it(words: tuple[str, ...], task: dict[str, Any]) -> bool:
    """Some word other than a to-do verb ("book", "call") is in the task's title."""
    title_words = intents.words_of(task["title"])
    return any(
        not TASK_VERBS.match(word) and any(_same_word(word, t) for t in title_words)
        for word in words
    )


def _tagged(words: tuple[str, ...], tasks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """ "the work task is finished": a tag's name, when no title has it, stands for the
    tasks with that tag (asked about when there are several)."""
    named = set(words) - {"task", "tasks", "one", "thing", "stuff", "item"}
    if len(named) != 1:
        return []
    (tag,) = named
    return [task for task in tasks if tag in task["tags"]]


def _fully_named(refs: tuple[Ref, ...], task: dict[str, Any]) -> bool:
    """Some part names `task` with every one of its words ("i bought the oat milk")."""
    title_words = intents.words_of(task["title"])
    return any(
        ref.words and all(any(_same_word(word, t) for t in title_words) for word in ref.words)
        for ref in refs
    )


# The same person or thing in other English ("I called mum" is the "Call mom" task).
_SYNONYMS = {
    "mum": "mom",
    "mummy": "mom",
    "mother": "mom",
    "mam": "mom",
    "ma": "mom",
    "mama": "mom",
    "father": "dad",
    "daddy": "dad",
    "doc": "doctor",
    "gp": "doctor",
    "appt": "appointment",
    "bday": "birthday",
    "phone": "call",
    "telephone": "call",
    "ring": "call",
    "rang": "call",
    "rung": "call",
    "hydro": "electricity",  # Canadian for the power bill
    "electric": "electricity",
    "power": "electricity",
    # Past tenses that share no start with their verb ("I paid the bill" is "Pay …").
    "paid": "pay",
    "bought": "buy",
    "wrote": "write",
    "written": "write",
    "sent": "send",
    "made": "make",
    "took": "take",
    "spoke": "speak",
    "met": "meet",
    "fed": "feed",
    "brought": "bring",
    "did": "do",
    "done": "do",
}


_ENDINGS = frozenset({"", "s", "es", "e", "ed", "d", "ing", "er", "ers", "y", "ies", "ied"})


def _same_word(a: str, b: str) -> bool:
    """Plurals, tenses and small typos still match ("dentists" ~ "dentist", "mlik" ~ "milk")."""
    a, b = _SYNONYMS.get(a, a), _SYNONYMS.get(b, b)
    if a == b:
        return True
    # One word grown from the other ("call"/"called", "booked"/"booking"); "planning" is not
    # "plants", nor "electrician" "electricity".
    if min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)):
        return True
    common = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    if common >= 4 and {a[common:], b[common:]} <= _ENDINGS:
        return True
    if len(a) == len(b) >= 4 and sorted(a) == sorted(b) and a[0] == b[0]:
        return True  # "bnak" is "bank"
    # A slip keeps the first letter; "bread" is not "read", nor "fight" "light".
    if min(len(a), len(b)) >= 4 and a[0] == b[0]:
        matcher = SequenceMatcher(None, a, b)
        # The quick ratios are upper bounds: most pairs are ruled out without the full one.
        return (
            matcher.real_quick_ratio() >= 0.8
            and matcher.quick_ratio() >= 0.8
            and (matcher.ratio() >= 0.8)
        )
    return False


def _last_pending(history: list[Turn]) -> dict[str, Any] | None:
    last = history[-1] if history else None
    return last.pending if last is not None and last.role == "assistant" else None


_ALL_OF_THEM = frozenset({"all", "them", "both", "these", "those", "each", "every", "of"})
_COUNTED = frozenset({"two", "lots", "tasks", "ones", "items", "kinds"})


def _last_listed(history: list[Turn]) -> list[int]:
    """The ids the last reply listed, in order, for "the first one" and "all of them"; or
    the tasks it added, when it added several ("make the second one urgent")."""
    for turn in reversed(history):
        for call in reversed(turn.tool_calls):
            tasks = (call.get("result") or {}).get("tasks")
            if call.get("name") == "list_tasks" and isinstance(tasks, list):
                return [int(task["id"]) for task in tasks]
        added = [
            int(call["result"]["task"]["id"])
            for call in turn.tool_calls
            if call.get("name") == "add_task"
            and isinstance((call.get("result") or {}).get("task"), dict)
        ]
        if len(added) > 1:
            return added
    return []


def _last_changed(history: list[Turn]) -> bool:
    return any(
        call.get("name") in ("add_task", "update_task") and "task" in (call.get("result") or {})
        for turn in history
        for call in turn.tool_calls
    )


def _last_task_id(history: list[Turn]) -> int | None:
    """The task the conversation was last about, for "it" and "that one"."""
    for turn in reversed(history):
        if turn.pending and turn.pending.get("kind") == "about":
            return int(turn.pending["task_id"])
        for call in reversed(turn.tool_calls):
            result = call.get("result") or {}
            if isinstance(result.get("task"), dict):
                return int(result["task"]["id"])
            tasks = result.get("tasks")
            if isinstance(tasks, list) and len(tasks) == 1:
                return int(tasks[0]["id"])
    return None
