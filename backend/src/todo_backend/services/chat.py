"""Chat: one message in, the planner acts through the tools, both turns stored.

Everything a message causes happens in the request's one transaction; if the planner
fails (the LLM is down, say), the tools' effects are rolled back and the reply says so.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from todo_backend.agent.base import AgentContext, AgentReply, Planner, PlannerError, Turn
from todo_backend.agent.tools import TaskToolbox
from todo_backend.core.errors import NotFoundError
from todo_backend.db.models import Conversation, Message, utcnow
from todo_backend.schemas import ChatIn, ChatOut, ConversationOut, MessageOut, ToolCallOut
from todo_backend.services.tasks import valid_id

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

    db.add(Message(conversation_id=conversation.id, role="user", content=data.message))
    db.add(
        Message(
            conversation_id=conversation.id,
            role="assistant",
            content=reply.text,
            tool_calls=toolbox.calls,
            pending=reply.pending,
        )
    )
    conversation.updated_at = utcnow()
    db.flush()
    return ChatOut(
        conversation_id=conversation.id,
        reply=reply.text,
        tool_calls=[ToolCallOut.model_validate(call) for call in toolbox.calls],
    )


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
