"""What every planner sees and returns.

A planner turns one user message into tool calls through a `Toolbox` and writes the
reply from what the tools returned. The chat service owns the transaction: if the
planner raises `PlannerError`, everything the tools did is rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, Protocol


class PlannerError(Exception):
    """The planner could not answer (LLM down, timed out, malformed); str() is user-facing."""


class Toolbox(Protocol):
    """The five task tools for one user, in one request's time zone."""

    def execute(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Run a tool and record the call. Bad arguments or an unknown task give
        `{"error": "<what is wrong>"}` (recorded too) rather than raising."""
        ...

    def snapshot(self) -> list[dict[str, Any]]:
        """All of the user's tasks (REST Task shape), for resolving "the milk task";
        not recorded as a tool call."""
        ...


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    content: str
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    pending: dict[str, Any] | None = None
    """State a planner left on its own reply, e.g. an action awaiting confirmation."""


@dataclass(frozen=True)
class AgentContext:
    toolbox: Toolbox
    now: datetime
    """Aware, in the user's time zone: relative dates resolve against it."""
    history: list[Turn]
    """Recent turns of this conversation, oldest first, excluding the new message."""


@dataclass(frozen=True)
class AgentReply:
    text: str
    pending: dict[str, Any] | None = None


class Planner(Protocol):
    def respond(self, message: str, ctx: AgentContext) -> AgentReply: ...
