"""The offline planner against corpora of real phrasing: accuracy must stay above a floor.

Each case runs in a fresh in-memory toolbox seeded with the same tasks; a conversation
(several messages) carries each reply's tool calls and `pending` into the history, as
the chat service does. corpus.json holds the seed tasks and the first cases; each
corpus_blind_*.json is a later batch written without looking at the rules, kept apart so
its accuracy (the better guide to new phrasing) is printed on its own. Run with `-s` to
see the figures and the misses.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from todo_backend.agent.base import AgentContext, AgentReply, Turn
from todo_backend.agent.offline import OfflinePlanner

from .memory_toolbox import MemoryToolbox

HERE = Path(__file__).parent
CORPUS = json.loads((HERE / "corpus.json").read_text())
# The floor sits a little under what every file scores now, to catch regressions. Every
# file has since been used to fix the rules, so these figures overstate accuracy on new
# phrasing; the honest figures are each blind batch's first score: A 71.6%, B 86.8%,
# C 57.8% (8 harmful: questions acted on, the first of several ids changed alone),
# D 85.5% (1 harmful: "tag it #home instead" added the tag), E 91.0% (1 harmful: "make
# it 3pm" moved a task due tomorrow to today), F 88.0% (1 harmful: "sorry, 1:30" set 01:30),
# G 93.7% (no harmful action). A to G were written by the person who wrote the rules;
# from H on, each batch was written by someone who never saw the rules or the other
# batches, from a brief of the conventions only: H 66.9% (2 harmful), J 60.0% (7 harmful,
# after H's first fixes), K 49.4% (5 harmful, after H's fixes and some of J's), L 78.5%
# (5 harmful) and M 68.9% (8 harmful), both after the fixes from H, J and K; N 65.7%
# (1 harmful) and O 66.0% (4 harmful), both after the fixes from H to M. I, written with
# H and kept unread until the end, is the final untouched figure: 86.3% (2 harmful) at
# c0c0aa2. P, written after I was fixed, scored 84.7% (2 harmful) at 311fc94. Q, R and S,
# written together after P was fixed, scored 85.4% (1 harmful), 87.2% (2) and 84.7% (2) at
# 99fc694. U, V and W, written after Q, R and S were fixed, scored 92.0% (1 harmful), 93.0%
# and 85.8% at 60e6ada. X, Y and Z, written after U, V and W were fixed, scored 92.7% (4
# harmful), 94.5% (1) and 89.9% (1) at 61b5f8a. AA, AB and AC, written after X, Y and Z were
# fixed, scored 95.5% (0 harmful), 97.2% (3) and 90.9% (2) at 39fac36. AD, AE and AF (each
# asked to weigh corrections, several tasks or dates more) scored 95.0% (1 harmful), 88.4% (0)
# and 92.6% (2) at 4984e2c. AG, AH and AI scored 96.1% (1 harmful), 93.4% (2) and 97.1% (0)
# at e3b9dc9. T, written at the start with Q, R and S and kept unread until every fix was
# committed, is the final untouched figure: 98.9% (1 harmful) at 5402c9b.
ACCURACY_FLOOR = 0.95
CORPORA = sorted(path.name for path in HERE.glob("corpus*.json"))
MINIMUM_CASES = 150


def run_case(
    case: dict[str, Any], tasks: list[dict[str, Any]] | None = None
) -> tuple[AgentReply, list[dict[str, Any]]]:
    """The reply to the last message and the tool calls it made, on the corpus's seed tasks
    unless `tasks` are given."""
    tz = _zone(case)
    now = datetime.fromisoformat(CORPUS["now"]).astimezone(tz)
    toolbox = MemoryToolbox(now, CORPUS["tasks"] if tasks is None else tasks)
    planner = OfflinePlanner()
    messages = [case["say"]] if isinstance(case["say"], str) else case["say"]
    history: list[Turn] = []
    reply = AgentReply("")
    calls: list[dict[str, Any]] = []
    for message in messages:
        before = len(toolbox.calls)
        reply = planner.respond(message, AgentContext(toolbox=toolbox, now=now, history=history))
        calls = toolbox.calls[before:]
        history += [
            Turn(role="user", content=message),
            Turn(role="assistant", content=reply.text, tool_calls=calls, pending=reply.pending),
        ]
    return reply, calls


def _zone(case: dict[str, Any]) -> ZoneInfo:
    """The user's time zone: the corpus's, or the case's own ("timezone"), for the same
    moment seen elsewhere (08:00 UTC is 03:00 in New York and 17:00 in Tokyo)."""
    return ZoneInfo(case.get("timezone", CORPUS["timezone"]))


def _title(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", text.strip(" .!").lower())


def _same_args(tool: str, expected: dict[str, Any], actual: dict[str, Any], tz: ZoneInfo) -> bool:
    if set(expected) != set(actual):
        return False
    for key, want in expected.items():
        got = actual[key]
        if key == "title":
            # As typed: "read dune messiah" and "Read Dune Messiah" are the same title.
            if _title(want) != _title(got):
                return False
        elif key == "description":
            # "ask about the rate" and "Ask about the rate" are the same note.
            if not isinstance(got, str) or want.strip(" .").lower() != got.strip(" .").lower():
                return False
        elif key == "due_at" and want is not None:
            if got is None or datetime.fromisoformat(got).astimezone(tz).replace(
                tzinfo=None
            ) != datetime.fromisoformat(want):
                return False
        elif want != got:
            return False
    return True


CHANGING_TOOLS = {"complete_task", "delete_task", "update_task"}


def check(case: dict[str, Any]) -> tuple[str | None, bool]:
    """(what went wrong or None, whether it changed tasks the case did not ask to change)."""
    tz = _zone(case)
    reply, calls = run_case(case)
    got = [(c["name"], c["arguments"]) for c in calls]
    want = [(c["tool"], c["args"]) for c in case["calls"]]
    expected = [
        any(g == w and _same_args(w, w_args, g_args, tz) for w, w_args in want) for g, g_args in got
    ]
    harmful = any(
        name in CHANGING_TOOLS and not ok for (name, _), ok in zip(got, expected, strict=True)
    )
    same = len(got) == len(want) and all(
        g_name == w_name and _same_args(w_name, w_args, g_args, tz)
        for (g_name, g_args), (w_name, w_args) in zip(got, want, strict=True)
    )
    if not same:
        return f"calls {got}, expected {want}; reply {reply.text!r}", harmful
    if case.get("ask") and not reply.pending:
        return f"expected a question left pending; reply {reply.text!r}", False
    if "reply" in case and case["reply"].lower() not in reply.text.lower():
        return f"reply {reply.text!r} lacks {case['reply']!r}", False
    return None, False


def test_the_corpora_hold_enough_cases() -> None:
    total = sum(len(json.loads((HERE / name).read_text())["cases"]) for name in CORPORA)
    assert total >= MINIMUM_CASES


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_accuracy(name: str) -> None:
    cases = json.loads((HERE / name).read_text())["cases"]
    results = {json.dumps(case["say"], ensure_ascii=False): check(case) for case in cases}
    misses = {say: problem for say, (problem, _) in results.items() if problem is not None}
    harmful = [say for say, (_, changed) in results.items() if changed]
    passed = len(cases) - len(misses)
    accuracy = passed / len(cases)
    print(
        f"\noffline planner accuracy on {name}: {accuracy:.1%} ({passed}/{len(cases)}), "
        f"harmful: {len(harmful)}"
    )
    for say, problem in misses.items():
        print(f"  MISS {say}: {problem}")
    # A miss may be unhelpful ("I couldn't find…"), never a change nobody asked for.
    assert not harmful, f"changed tasks it should not have: {harmful}"
    assert accuracy >= ACCURACY_FLOOR, f"accuracy {accuracy:.1%} below {ACCURACY_FLOOR:.0%}"
