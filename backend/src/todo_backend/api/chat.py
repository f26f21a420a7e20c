"""The chat agent and its stored conversations."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from todo_backend.api.deps import DbDep, UserDep
from todo_backend.schemas import ChatIn, ChatOut, ConversationOut, MessageOut
from todo_backend.services import chat

router = APIRouter(prefix="/api", tags=["chat"])


@router.post("/chat")
def send(data: ChatIn, db: DbDep, user: UserDep, request: Request) -> ChatOut:
    return chat.send_message(db, user.id, data, request.app.state.planner)


@router.get("/conversations")
def conversations(db: DbDep, user: UserDep) -> list[ConversationOut]:
    return chat.list_conversations(db, user.id)


@router.get("/conversations/{conversation_id}/messages")
def messages(conversation_id: int, db: DbDep, user: UserDep) -> list[MessageOut]:
    return chat.list_messages(db, user.id, conversation_id)


@router.delete("/conversations/{conversation_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete(conversation_id: int, db: DbDep, user: UserDep) -> None:
    chat.delete_conversation(db, user.id, conversation_id)
