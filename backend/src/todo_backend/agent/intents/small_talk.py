"""Messages that are not about tasks: asking for help, hello, thanks, and anything off
topic (the weather, a joke)."""

from __future__ import annotations

import re

from todo_backend.agent.intents.done import is_complete
from todo_backend.agent.intents.lexicon import OFF_TOPIC
from todo_backend.agent.intents.request import Message, Request


def help_asked(message: Message) -> Request | None:
    """ "help", "what can you do", "how do I add a task", or nothing at all."""
    bare = message.bare
    if not bare or re.fullmatch(
        r"(?:help|\?+|h|menu|commands|what can you do|what can i (?:say|do|ask)(?: you)?|"
        r"how (?:do|does) (?:this|it|you) work|what do you do|how do i use (?:this|you)|"
        r"how (?:do|can|should) i (?:add|create|delete|remove|complete|finish|change|edit|"
        r"update|list|see|find|search|rename|move|reschedule|tag)\b.*|"
        r"what are (?:your|the) commands|usage|instructions|i need help|help me|help please)",
        bare,
    ):
        return Request("help")
    return None


def greeting(message: Message) -> Request | None:
    if re.fullmatch(
        r"(?:hi|hello|hey|hiya|yo|howdy|greetings|good (?:morning|afternoon|evening)|"
        r"hi there|hello there|hey there)(?: \w+)?",
        message.bare,
    ):
        return Request("greet")
    return None


def thanks(message: Message) -> Request | None:
    if re.fullmatch(
        r"(?:thanks?|thank you|thx|ty|cheers|great|cool|nice|awesome|perfect|ok|okay|"
        r"got it|alright)(?: (?:so much|a lot|very much|a bunch|mate|buddy))?",
        message.bare,
    ):
        return Request("thanks")
    return None


def off_topic(message: Message) -> Request | None:
    """The weather, a joke, a sum: not something to do with tasks."""
    low = message.low
    if (
        OFF_TOPIC.search(low)
        and not re.search(
            # "long story short, …, delete it": a request that mentions a story is a request.
            r"\btasks?\b|#\d|\b(?:delete|remove|get rid of|mark|tick off|reschedule|rename)\b",
            low,
        )
        and not is_complete(low)  # "good news, the flights are booked!"
    ):
        return Request("unknown")
    return None
