"""Messages that are not about tasks: asking for help, hello, thanks, and anything off
topic (the weather, a joke)."""

from __future__ import annotations

import re

from todo_backend.agent.intents.done import is_complete
from todo_backend.agent.intents.lexicon import OFF_TOPIC, TASK_VERBS
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
    ) or _HOW_ARE_YOU.fullmatch(message.bare):
        return Request("greet")
    return None


# "how are you?", and in other Englishes "how do you go today?", "how ya going mate":
# a greeting, though "today" in it reads like a question about today's tasks.
_HOW_ARE_YOU = re.compile(
    r"(?:(?:hi|hello|hey|hiya|yo|g'?day|good (?:morning|afternoon|evening))\W+(?:\w+\W+)?)?"
    r"(?:how (?:are|r) (?:you|u|ya|things)|how(?:'s| is) (?:it going|things|life|your day)|"
    r"how (?:do|are|r) (?:you|u|ya) (?:go|going|doing|keeping)|how ya going|"
    r"how have you been|what'?s up|sup)(?: (?:today|mate|buddy|then|there|doing|going))*"
)


def thanks(message: Message) -> Request | None:
    """Thanks or a nod, in any English or none ("lol ok", "nice one", "gracias", "you're a
    lifesaver"); a goodbye ("see you tomorrow", "good night") asks for nothing either,
    though "tomorrow" in it reads like a question about tomorrow's tasks."""
    if re.fullmatch(
        rf"(?:{_NOD}(?:[\s,!.]+{_NOD})*)(?: (?:so much|a lot|very much|a bunch|mate|buddy))?"
        r"(?:[\s,!.]+(?:you'?re|you are|ur) (?:the best|a (?:star|legend|lifesaver|gem)|amazing|"
        r"great|awesome|brilliant))?",
        message.bare,
    ):
        return Request("thanks")
    if _FAREWELL.fullmatch(message.bare):
        return Request("nothing")
    return None


_NOD = (
    r"(?:thanks?|thank you|thankyou|thx|ty|tysm|cheers|great|cool|nice|nice one|awesome|perfect|"
    r"ok|okay|k|kk|got it|alright|lol|haha+|hehe|sounds good|no worries|brilliant|lovely|"
    r"sweet|neat|gracias|merci|danke|arigatou?(?: gozaimasu)?|ta|much appreciated|appreciated|"
    r"you'?re (?:the best|a (?:star|legend|lifesaver|gem))|love it|good|fine|understood|noted)"
)
_FAREWELL = re.compile(
    r"(?:(?:ok|okay|thanks|thank you|cheers)[\s,!.]+)?(?:bye|bye bye|goodbye|good night|"
    r"goodnight|gnight|nite|night night|see (?:you|ya|u)(?: (?:later|soon|tomorrow|tmrw|"
    r"then|around))?|ttyl|talk (?:to you )?(?:later|soon|tomorrow)|later|cya|take care|"
    r"have a good (?:one|day|night|evening|weekend))(?: (?:mate|buddy|all|x+))?"
)


# The weather or the clock asked about ("is it going to rain in Berlin today?", "will it
# snow tomorrow?", "what time is it?"): a day in it does not make it a question about
# that day's tasks. Only asked: "it's going to be cold, remind me to take a coat" is not.
_WEATHER = re.compile(
    r"\b(?:(?:is|will|does|did|would|could)\s+it|it'?s|it is|it will)\s+"
    r"(?:(?:going to|gonna|supposed to|likely to|meant to)\s+)?(?:be\s+)?"
    r"(?:rain|snow|hail|storm|pour|drizzle|sunny|cloudy|rainy|snowy|windy|stormy|foggy|"
    r"cold|hot|warm|chilly|freezing|nice (?:out|outside))\w*\b"
    r"|\b(?:rain|snow|sunshine|sun|storms?)\s+(?:today|tonight|tomorrow|later|"
    r"this (?:week|weekend|morning|afternoon|evening))\b"
    r"|\b(?:forecast|weather)\b|\bwhat(?:'s| is) the temperature\b|"
    r"\bhow (?:hot|cold|warm) is it\b|\bdo i need an? (?:umbrella|coat|jacket)\b"
    r"|\bwhat(?:'s| is) the (?:time|date)(?: today| now| right now)?\W*$"
    r"|\bwhat (?:time|day|date) is (?:it|today)(?: today| now| right now)?\W*$"
)


def asks_the_weather(low: str) -> bool:
    asked = low.rstrip().endswith("?") or re.match(
        r"(?:is|will|does|did|would|what|what's|whats|how|do|any)\b", low
    )
    return bool(asked and _WEATHER.search(low) and not re.search(r"\btasks?\b|#\d", low))


# A change asked for, whatever it mentions ("oh and tag it soccer", "call it football
# practice", "move it to after the movie", "change the title to soccer camp"): never off
# topic.
_CHANGE_ASKED = re.compile(
    r"\b(?:tag|untag|label|make|move|call|name|rename|retitle|title|set|change|put|push|bump|"
    r"switch|mark|file)\s+(?:it|that|this|them|those|these|both)\b"
    r"|^(?:(?:oh|ah|and|also|actually|btw|ok|okay|so|then|now)\W+)*"
    r"(?:tag|untag|label|re-?tag|change|set|update|edit|move|push|postpone|prepone|rename|"
    r"retitle|reopen)\b"
)

# A to-do that starts with its verb ("pick up the kids from soccer at 5", "buy tickets for
# the movie"), not a turn asked of the assistant ("write me a poem", "tell me a story").
_ERRAND = re.compile(rf"{TASK_VERBS.pattern}(?!(?:\s+\w+)?\s+(?:me|us)\b)")


# A question about the assistant itself ("are you a robot?", "who built you", "do you have
# feelings?", "what's your favourite colour"): no question about a task called "robot".
_ABOUT_YOU = re.compile(
    r"^(?:(?:hey|hi|so|ok|okay|wait|honestly|seriously)\W+)*"
    r"(?:(?:are|r)\s+(?:you|u|ya)\s+(?:(?:a|an|actually|really|even)\s+)*"
    r"(?:robot|bot|chatbot|human|person|real|ai|machine|computer|program|alive|sentient|"
    r"conscious|chatgpt|gpt|siri|alexa|single|married|ok|okay|there|awake|smart)\b"
    r"|who\s+(?:made|built|created|programmed|designed|wrote|owns|trained)\s+(?:you|u)\b"
    r"|do\s+(?:you|u)\s+(?:have\s+(?:feelings|emotions|a name|a body|friends|a family)|"
    r"dream|sleep|eat|ever sleep|get tired|love me|like me)\b"
    r"|what(?:'s|s|\s+is|\s+are)\s+your\s+(?:favou?rites?|name|age|opinion|thoughts)\b"
    r"|how\s+old\s+(?:are|r)\s+(?:you|u)\b)"
)


def asks_about_the_assistant(low: str) -> bool:
    return bool(_ABOUT_YOU.match(low.strip())) and not re.search(r"\btasks?\b|#\d", low)


def off_topic(message: Message) -> Request | None:
    """The weather, a joke, a sum: not something to do with tasks."""
    low = message.low
    if (
        (OFF_TOPIC.search(low) or asks_the_weather(low) or asks_about_the_assistant(low))
        and not re.search(
            # "long story short, …, delete it": a request that mentions a story is a request.
            r"\btasks?\b|#\d|\b(?:delete|remove|get rid of|mark|tick off|reschedule|rename)\b",
            low,
        )
        and not _CHANGE_ASKED.search(low)
        and not (_ERRAND.match(low) and not asks_the_weather(low))
        and not is_complete(low)  # "good news, the flights are booked!"
    ):
        return Request("unknown")
    return None
