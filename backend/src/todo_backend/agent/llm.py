"""Planner 2: any OpenAI-compatible chat-completions server with tool calling.

The model proposes tool calls, the Toolbox runs them, their results go back as `tool`
messages, until the model answers in words. Anything going wrong on the model's side
(unreachable, timed out, HTTP error, a reply we cannot read) raises PlannerError, and the
chat service rolls back whatever the tools had done, so the user's tasks stay as they were.
"""

from __future__ import annotations

import json
import time
from typing import Any

import openai
from openai.types.chat import (
    ChatCompletion,
    ChatCompletionMessage,
    ChatCompletionMessageParam,
    ChatCompletionMessageToolCallParam,
    ChatCompletionToolParam,
)

from todo_backend.agent.base import AgentContext, AgentReply, PlannerError
from todo_backend.agent.tools import TOOL_SPECS

SYSTEM_PROMPT = """You are the assistant of a todo app. You manage the user's tasks only \
through the tools, and you answer briefly and plainly, in the user's language.

Now: {now} ({weekday}), time zone {zone}. Resolve relative dates against this moment. For \
due_at pass ISO 8601 with the offset (e.g. {example}) or a plain phrase such as "tomorrow at \
5pm"; null clears a due date.

Rules:
- Refer to tasks by their id as shown in lists (#12). To act on a task named in words, call \
list_tasks (status "all" if it may be finished) to find its id first.
- If a name matches several tasks, list them (#id title) and ask which one. Change nothing.
- Before deleting or completing more than one task at once, list them and ask for \
confirmation; act only after the user says yes.
- A question ("did I…?", "is … done?", "when is…?") changes nothing: answer it from \
list_tasks.
- To reopen a finished task ("I haven't done it yet", "reopen #12"), call update_task with \
completed false.
- Keep the whole title the user gave; do not shorten it.
- Report only what the tool results say: ids, titles, due dates, errors. Never claim a \
change that no tool made.
- For anything that is not about the user's tasks, say briefly that you only help with tasks. \
If it reads like something to do or remember, offer to add it as a task instead."""


def _unavailable(reason: str) -> PlannerError:
    return PlannerError(f"The assistant is unavailable right now ({reason}); nothing was changed.")


class LLMPlanner:
    """Planner 2, for when LLM_BASE_URL or LLM_API_KEY is set."""

    waits_on_io = True
    """Seconds per answer waiting on the model: the chat service keeps no transaction open
    meanwhile (services.chat.send_message_in_steps)."""

    def __init__(
        self,
        *,
        base_url: str | None,
        api_key: str,
        model: str,
        timeout: float,
        max_rounds: int = 6,
        history_turns: int = 12,
    ) -> None:
        # No retries: a user is waiting, and `timeout` bounds the whole answer. Local servers
        # (Ollama, LM Studio) want no key, but the SDK refuses an empty one.
        self._client = openai.OpenAI(
            base_url=base_url or None, api_key=api_key or "unused", timeout=timeout, max_retries=0
        )
        self._model = model
        self._timeout = timeout
        self._max_rounds = max_rounds
        self._history_turns = history_turns
        self._tools: list[ChatCompletionToolParam] = [
            {
                "type": "function",
                "function": {
                    "name": spec["name"],
                    "description": spec["description"],
                    "parameters": spec["parameters"],
                },
            }
            for spec in TOOL_SPECS
        ]

    def respond(self, message: str, ctx: AgentContext) -> AgentReply:
        messages = self._opening(message, ctx)
        deadline = time.monotonic() + self._timeout
        for _ in range(self._max_rounds):
            reply = self._message(self._complete(messages, deadline))
            calls = reply.tool_calls or []
            if not calls:
                text = (reply.content or "").strip()
                if not text:
                    raise _unavailable("the model sent an empty reply")
                return AgentReply(text)
            requested: list[ChatCompletionMessageToolCallParam] = []
            results: list[ChatCompletionMessageParam] = []
            for call in calls:
                name, raw_arguments = _function(call)
                requested.append(
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {"name": name, "arguments": raw_arguments},
                    }
                )
                result = ctx.toolbox.execute(name, _arguments(name, raw_arguments))
                results.append(
                    {
                        "role": "tool",
                        "tool_call_id": call.id,
                        "content": json.dumps(result, default=str),
                    }
                )
            messages.append(
                {"role": "assistant", "content": reply.content, "tool_calls": requested}
            )
            messages.extend(results)
        raise _unavailable(f"the model did not finish within {self._max_rounds} tool rounds")

    def _opening(self, message: str, ctx: AgentContext) -> list[ChatCompletionMessageParam]:
        now = ctx.now
        system = SYSTEM_PROMPT.format(
            now=now.isoformat(timespec="minutes"),
            weekday=now.strftime("%A"),
            zone=getattr(now.tzinfo, "key", None) or now.strftime("%z"),
            example=now.replace(hour=17, minute=0, second=0, microsecond=0).isoformat(),
        )
        messages: list[ChatCompletionMessageParam] = [{"role": "system", "content": system}]
        for turn in ctx.history[-self._history_turns :]:
            if turn.role == "user":
                messages.append({"role": "user", "content": turn.content})
            else:
                messages.append({"role": "assistant", "content": turn.content})
        messages.append({"role": "user", "content": message})
        return messages

    def _complete(
        self, messages: list[ChatCompletionMessageParam], deadline: float
    ) -> ChatCompletion:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _unavailable(f"no answer within {self._timeout:g}s")
        try:
            return self._client.chat.completions.create(
                model=self._model, messages=messages, tools=self._tools, timeout=remaining
            )
        except openai.APITimeoutError:
            raise _unavailable(f"no answer within {self._timeout:g}s") from None
        except openai.APIConnectionError:
            raise _unavailable("could not reach the language model server") from None
        except openai.APIStatusError as error:
            raise _unavailable(f"the model server answered HTTP {error.status_code}") from None
        except (openai.OpenAIError, ValueError) as error:
            raise _unavailable(f"unexpected answer from the model server: {error}") from None

    @staticmethod
    def _message(completion: ChatCompletion) -> ChatCompletionMessage:
        """The assistant message of the first choice; a reply without one is malformed."""
        choices = getattr(completion, "choices", None)
        message = getattr(choices[0], "message", None) if choices else None
        if not isinstance(message, ChatCompletionMessage):
            raise _unavailable("the model server sent a reply without a message")
        return message


def _function(call: Any) -> tuple[str, str]:
    function = getattr(call, "function", None)
    name = getattr(function, "name", None)
    if not isinstance(name, str) or not isinstance(getattr(call, "id", None), str):
        raise _unavailable("the model asked for a tool in a form we cannot read")
    arguments = getattr(function, "arguments", None) or "{}"
    return name, str(arguments)


def _arguments(name: str, raw: str) -> dict[str, Any]:
    try:
        arguments = json.loads(raw)
    except json.JSONDecodeError:
        raise _unavailable(f"the model sent {name} arguments that are not JSON") from None
    if not isinstance(arguments, dict):
        raise _unavailable(f"the model sent {name} arguments that are not an object")
    return arguments
