"""A task's details said in passing: tags (#home, "tag it work") and priority ("urgent",
"low priority", "no rush"), each taken out of the text it was said in."""

from __future__ import annotations

import re

from todo_backend.agent.intents.request import Priority

TAG = re.compile(r"(?<![\w&])#([a-z][\w-]*)", re.I)

_TAG_PHRASE = re.compile(
    # "tags" only as a label: "…, tags admin + finance", "tags: a, b" ("read the tags on …").
    r"\b(?<!the )(?<!a )(?<!name )(?:and\s+)?(?:tag(?:ged)?|label(?:l?ed)?|"
    r"(?:(?<=,\s)|(?<=^))(?:tags|labels)|"
    r"(?:tags|labels)(?=\s*:))(?:\s*:\s*|\s+)(?:it\s+|them\s+)?(?:as\s+|with\s+)?"
    r"(?:the\s+)?(?:tags?\s+|labels?\s+)?"
    # "tag it work, low priority": a priority after the tags is not one of them.
    r"((?:#?[a-z][\w-]*)(?:\s*(?:,|and|&|\+)\s*(?!(?:low|high|medium|normal|top)\b[\s-]*prio|"
    r"urgent\b|asap\b|important\b|not\b|prio(?:rity)?\b|today\b|tonight\b|tomorrow\b|tmrw\b|"
    r"next\b|this\b|by\b|due\b|on\b|at\b)#?[a-z][\w-]*)*)",
    re.I,
)

_PRIO = r"prio(?:rity)?"


def _level(words: str, bare: str) -> re.Pattern[str]:
    """Priority words; the bare level ("high") only where it stands alone as a detail
    ("…, high", "make it high", "to high") so "check low tire pressure" keeps its title."""
    alone = rf"(?:^|,\s*|\b(?:to|as|is|be|it|make|set|mark)\s+)(?:{bare})(?=\s*(?:$|[,.!?;]))"
    return re.compile(rf"\b(?:{words})\b|{alone}", re.I)


# "refactor the auth middleware #work !!": marks at the end say how urgent it is.
_EXCLAIMED = re.compile(r"(?<=[\w\s])!{2,}\s*$")


_PRIORITY_WORDS: list[tuple[re.Pattern[str], Priority]] = [
    (
        _level(
            rf"(?:not|isn'?t|is not|aren'?t|are not|by no means|in no way|hardly)"
            rf"(?:\s+(?:at all|really|very|that|too|super|so|particularly))?"
            rf"\s+(?:urgent|important)(?:\s+(?:any\s*more|at all))?|"
            # "no is urgent": the Spanish "no es urgente".
            rf"no\s+(?:is\s+|es\s+)?(?:urgent|important)|"
            rf"no\s+(?:rush|hurry)(?:\s+(?:whatsoever|at all))?|whenever|"
            rf"someday|low[\s-]*{_PRIO}|"
            rf"{_PRIO}\s*(?:is\s+|[:=]\s*)?low|p3",
            "low",
        ),
        "low",
    ),
    (
        _level(
            rf"(?:medium|normal|mid|moderate)[\s-]*{_PRIO}|p2|"
            rf"{_PRIO}\s*(?:is\s+|[:=]\s*)?(?:medium|normal)",
            "medium|normal",
        ),
        "medium",
    ),
    (
        _level(
            rf"urgent(?:ly)?|asap|important|(?:mission[\s-]+)?critical|crucial|p0|top[\s-]*{_PRIO}|high[\s-]*{_PRIO}|"
            rf"{_PRIO}\s*(?:is\s+|[:=]\s*)?high|p1|a\s+priority",
            "high|!{2,}",
        ),
        "high",
    ),
]


def take_tags(text: str) -> tuple[str, list[str]]:
    # "buy bin bags #home low": the level after a tag is a detail of its own.
    text = re.sub(r"(#[a-z][\w-]*)\s+(?=(?:low|high|medium|urgent)\b)", r"\1, ", text, flags=re.I)
    tags: list[str] = []
    if match := _TAG_PHRASE.search(text):
        tags += [
            t.lstrip("#").lower() for t in re.split(r"\s*(?:,|\band\b|&|\+)\s*", match.group(1))
        ]
        text = text[: match.start()] + text[match.end() :]
    for match in TAG.finditer(text):
        tags.append(match.group(1).lower())
    text = TAG.sub("", text)
    return " ".join(text.split()), list(dict.fromkeys(t for t in tags if t))


# Words that only introduced the priority ("…, and make it urgent", "…, though it is
# kinda urgent") go with it, as do hedges after it ("low prio tbh").
_PRIORITY_LEAD = re.compile(
    r"(?:[,\s]+(?:and|it'?s|it is|its|that'?s|that is|this is|this one'?s|there'?s|there is|-+|"
    r"as|with|set(?: it)?(?: to| as)?|make it|"
    r"mark(?: it)?(?: as)?|at|to|a|give it|though|although|but|tho|kinda|kind of|sort of|"
    r"sorta|pretty|quite|very|really|rather|super|a bit|fairly|somewhat|extremely))*[,\s]*$",
    re.I,
)
_PRIORITY_HEDGE = re.compile(
    r"^(?:\s*(?:tbh|honestly|though|tho|i think|i guess|really|pls|please|thanks|obviously|"
    r"of course|naturally|clearly))+\b",
    re.I,
)


def take_priority(text: str) -> tuple[str, Priority | None]:
    if marks := _EXCLAIMED.search(text):
        rest, level = take_priority(text[: marks.start()])
        return rest, level or "high"
    for pattern, level in _PRIORITY_WORDS:
        if match := pattern.search(text):
            before = _PRIORITY_LEAD.sub("", text[: match.start()])
            after = re.sub(rf"^\s*{_PRIO}\b", "", text[match.end() :], flags=re.I)
            after = _PRIORITY_HEDGE.sub("", after)
            return " ".join(f"{before} {after}".split()), level
    return text, None


# What may be said around a priority given on its own ("It is rather important").
_AROUND_PRIORITY = frozenset(
    re.findall(
        r"\S+",
        """it is it's its this that that's so very really quite rather pretty kind of a bit
        fairly somewhat at all btw though can wait actually on one for after""",
    )
)


def only_priority(text: str) -> Priority | None:
    """The priority a clause gives when it says nothing else ("it is rather important",
    "not urgent at all")."""
    rest, level = take_priority(text)
    while level and (again := take_priority(rest))[1] == level:
        rest = again[0]  # "not urgent at all, whenever really": the level said twice
    if level and set(re.findall(r"[\w']+", rest.lower())) <= _AROUND_PRIORITY:
        return level
    return None
