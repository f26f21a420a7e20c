"""Answers to a question the planner asked: yes or no."""

from __future__ import annotations

import re

_YES = re.compile(
    r"^(y|ya|ye|yea|yes|yeah|yep|yup|yas|aye|sure|ok|okay|k|kk|confirm(ed)?|do it|go ahead|"
    r"go for it|please do|"
    r"absolutely|definitely|of course|correct|right|affirmative|proceed)\b"
)

_NO = re.compile(
    r"^(n|no|nope|nah|cancel|stop|abort|don'?t|do not|never ?mind|forget it|not now|wait|hold on)\b"
)


def is_yes(low: str) -> bool:
    return bool(_YES.match(low.strip(" .!"))) and not _NO.match(low)


def is_no(low: str) -> bool:
    return bool(_NO.match(low.strip(" .!")))
