"""Chat: one message in, the planner acts through the tools, both turns stored.

Two ways, with the same outcome:
- `send_message`, for planners that only compute (the offline one): everything a message
  causes happens in the request's one transaction; if the planner fails, the tools'
  effects are rolled back and the reply says so.
- `send_message_in_steps`, for planners that wait on a server (`waits_on_io`, the LLM
  one): no transaction is open while the model thinks — on SQLite one would hold the
  write lock for seconds and every other writer would queue behind it. The history is
  read first; each tool call is its own short write transaction; the turns are stored in
  a last one. If the planner fails after tools acted, their effects are undone (one short
  transaction), so a failed answer still changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from todo_backend.agent.base import AgentContext, AgentReply, Planner, PlannerError, Turn
from todo_backend.core.errors import NotFoundError
from todo_backend.db.engine import session_scope
from todo_backend.db.models import Conversation, Message, Task, utcnow
from todo_backend.schemas import ChatIn, ChatOut, ConversationOut, MessageOut, ToolCallOut
from todo_backend.services import tasks as tasks_service
from todo_backend.services.tasks import valid_id
from todo_backend.services.toolbox import TaskToolbox

HISTORY_TURNS = 20


def get_conversation(db: Session, user_id: int, conversation_id: int) -> Conversation:
    conversation = None
    if valid_id(conversation_id):
        conversation = db.scalar(
            select(Conversation).where(
                Conversation.id == conversation_id, Conversation.user_id == user_id
            )
        )
    if conversation is None:
        raise NotFoundError(f"conversation {conversation_id} not found")
    return conversation


def _history(db: Session, conversation: Conversation) -> list[Turn]:
    recent = db.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.id.desc())
        .limit(HISTORY_TURNS)
    ).all()
    return [
        Turn(
            role="assistant" if message.role == "assistant" else "user",
            content=message.content,
            tool_calls=message.tool_calls,
            pending=message.pending,
        )
        for message in reversed(recent)
    ]


def send_message(
    db: Session, user_id: int, data: ChatIn, planner: Planner, now: datetime | None = None
) -> ChatOut:
    tz = ZoneInfo(data.timezone)
    moment = now or utcnow()
    if data.conversation_id is None:
        conversation = Conversation(user_id=user_id, title=data.message.strip()[:80])
        db.add(conversation)
        db.flush()
        history: list[Turn] = []
    else:
        conversation = get_conversation(db, user_id, data.conversation_id)
        history = _history(db, conversation)

    toolbox = TaskToolbox(db, user_id, tz, moment)
    try:
        with db.begin_nested():
            reply = planner.respond(
                data.message,
                AgentContext(toolbox=toolbox, now=moment.astimezone(tz), history=history),
            )
    except PlannerError as error:
        reply, toolbox.calls = AgentReply(text=str(error)), []

    return _store_turn(db, conversation, data.message, reply, toolbox.calls)


def list_conversations(db: Session, user_id: int) -> list[ConversationOut]:
    rows = db.scalars(
        select(Conversation)
        .where(Conversation.user_id == user_id)
        .order_by(Conversation.updated_at.desc(), Conversation.id.desc())
    ).all()
    return [ConversationOut.model_validate(row, from_attributes=True) for row in rows]


def list_messages(db: Session, user_id: int, conversation_id: int) -> list[MessageOut]:
    conversation = get_conversation(db, user_id, conversation_id)
    return [
        MessageOut(
            id=message.id,
            role=message.role,
            content=message.content,
            tool_calls=[ToolCallOut.model_validate(call) for call in message.tool_calls],
            created_at=message.created_at,
        )
        for message in conversation.messages
    ]


def delete_conversation(db: Session, user_id: int, conversation_id: int) -> None:
    db.delete(get_conversation(db, user_id, conversation_id))
    db.flush()


# --- planners that wait on a server: no transaction open while they wait ---------------


def waits_on_io(planner: Planner) -> bool:
    return bool(getattr(planner, "waits_on_io", False))


@dataclass
class _TaskState:
    """A task as it was before a tool changed it, to put it back."""

    task_id: int
    columns: dict[str, Any]
    tags: list[str]


_RESTORED = ("title", "description", "priority", "due_at", "completed", "completed_at",
             "created_at", "updated_at")  # fmt: skip


def _task_state(db: Session, user_id: int, task_id: int) -> _TaskState | None:
    if not tasks_service.valid_id(task_id):
        return None
    task = db.scalar(select(Task).where(Task.id == task_id, Task.user_id == user_id))
    if task is None:
        return None
    columns = {name: getattr(task, name) for name in _RESTORED}
    return _TaskState(task_id, columns, [tag.name for tag in task.tags])


def _named_task(arguments: dict[str, Any]) -> int | None:
    """The task a tool call names, read as TaskToolbox reads it (12, "12", "#12")."""
    task_id = arguments.get("task_id")
    if isinstance(task_id, str) and task_id.lstrip("#").isdigit():
        return int(task_id.lstrip("#"))
    return task_id if isinstance(task_id, int) and not isinstance(task_id, bool) else None


@dataclass
class _StepToolbox:
    """The Toolbox for `send_message_in_steps`: each call in its own short transaction,
    remembering how to undo it."""

    database_url: str
    user_id: int
    tz: ZoneInfo
    now: datetime
    calls: list[dict[str, Any]] = field(default_factory=list)
    _undo: list[int | _TaskState] = field(default_factory=list)
    """Per call that changed something: the id of a task it added, or a task as it was."""

    def execute(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        with session_scope(self.database_url) as db:
            named = _named_task(arguments)
            before = _task_state(db, self.user_id, named) if named is not None else None
            toolbox = TaskToolbox(db, self.user_id, self.tz, self.now)
            result = toolbox.execute(name, arguments)
        self.calls.extend(toolbox.calls)
        if "error" not in result:
            if name == "add_task":
                self._undo.append(int(result["task"]["id"]))
            elif before is not None:
                self._undo.append(before)
        return result

    def snapshot(self) -> list[dict[str, Any]]:
        with session_scope(self.database_url, write=False) as db:
            return TaskToolbox(db, self.user_id, self.tz, self.now).snapshot()

    def undo(self) -> None:
        """Put every task the calls touched back as it was, newest change first."""
        if not self._undo:
            return
        with session_scope(self.database_url) as db:
            for target in reversed(self._undo):
                if isinstance(target, int):  # a task the planner added
                    db.execute(delete(Task).where(Task.id == target, Task.user_id == self.user_id))
                    continue
                task = db.scalar(
                    select(Task).where(Task.id == target.task_id, Task.user_id == self.user_id)
                )
                if task is None:  # deleted by the planner: back with the same id
                    task = Task(id=target.task_id, user_id=self.user_id)
                    db.add(task)
                for name, value in target.columns.items():
                    setattr(task, name, value)
                task.tags = tasks_service.tags_named(db, self.user_id, target.tags)
                db.flush()
        self._undo.clear()
        self.calls = []


def send_message_in_steps(
    database_url: str,
    user_id: int,
    data: ChatIn,
    planner: Planner,
    now: datetime | None = None,
) -> ChatOut:
    tz = ZoneInfo(data.timezone)
    moment = now or utcnow()
    history: list[Turn] = []
    if data.conversation_id is not None:
        with session_scope(database_url, write=False) as db:
            history = _history(db, get_conversation(db, user_id, data.conversation_id))

    toolbox = _StepToolbox(database_url, user_id, tz, moment)
    context = AgentContext(toolbox=toolbox, now=moment.astimezone(tz), history=history)
    try:
        reply = planner.respond(data.message, context)
    except PlannerError as error:
        toolbox.undo()
        reply = AgentReply(text=str(error))
    except BaseException:
        toolbox.undo()
        raise

    with session_scope(database_url) as db:
        if data.conversation_id is None:
            conversation = Conversation(user_id=user_id, title=data.message.strip()[:80])
            db.add(conversation)
            db.flush()
        else:  # deleted while the model thought: 404, as if it had been gone before
            conversation = get_conversation(db, user_id, data.conversation_id)
        return _store_turn(db, conversation, data.message, reply, toolbox.calls)


def _store_turn(
    db: Session,
    conversation: Conversation,
    message: str,
    reply: AgentReply,
    calls: list[dict[str, Any]],
) -> ChatOut:
    """The user's message and the assistant's answer, with its tool calls, as one turn."""
    db.add(Message(conversation_id=conversation.id, role="user", content=message))
    db.add(
        Message(
            conversation_id=conversation.id,
            role="assistant",
            content=reply.text,
            tool_calls=calls,
            pending=reply.pending,
        )
    )
    conversation.updated_at = utcnow()
    db.flush()
    return ChatOut(
        conversation_id=conversation.id,
        reply=reply.text,
        tool_calls=[ToolCallOut.model_validate(call) for call in calls],
    )
