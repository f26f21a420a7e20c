"""The chat agent and its stored conversations."""

from __future__ import annotations

from fastapi import APIRouter, Request, status

from todo_backend.api.contract import NOT_FOUND, SIGNED_IN, StrictJsonRoute
from todo_backend.api.deps import CallerDep, ChatCallerDep
from todo_backend.schemas import ChatIn, ChatOut, ConversationOut, MessageOut
from todo_backend.services import chat

router = APIRouter(prefix="/api", tags=["chat"], route_class=StrictJsonRoute, responses=SIGNED_IN)


@router.post("/chat", responses=NOT_FOUND)
async def send(data: ChatIn, caller: ChatCallerDep, request: Request) -> ChatOut:
    planner = request.app.state.planner
    if chat.waits_on_io(planner):  # an LLM: no transaction (nor SQLite lock) while it thinks
        return await caller.run_in_steps(chat.send_message_in_steps, data, planner)
    return await caller.run(chat.send_message, data, planner)


@router.get("/conversations")
async def conversations(caller: CallerDep) -> list[ConversationOut]:
    return await caller.run(chat.list_conversations)


@router.get("/conversations/{conversation_id}/messages", responses=NOT_FOUND)
async def messages(conversation_id: int, caller: CallerDep) -> list[MessageOut]:
    return await caller.run(chat.list_messages, conversation_id)


@router.delete(
    "/conversations/{conversation_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=NOT_FOUND,
)
async def delete(conversation_id: int, caller: CallerDep) -> None:
    await caller.run(chat.delete_conversation, conversation_id)
