"""Reading task requests in plain language: what the user wants and the details they gave.

Pure text in, plain data out (no tools, no database), so the offline planner's
understanding can be tested and extended on its own; the planner (agent/offline.py)
acts on what is read and words the reply.

`read()` (reader.py) prepares a message once (normalising.py) and walks one ordered
table of rules, `RULES`, from the most specific phrasing to the most general. Each rule
lives in the module of its concern: small_talk, offer, questions, add, update,
completion, delete, listing. They share the vocabulary of lexicon.py and the readers
of a task's parts: references (which task), details (tags, priority), due (dates),
done (reported done or not).
"""

from todo_backend.agent.intents.confirmation import is_no, is_yes
from todo_backend.agent.intents.normalising import normalise
from todo_backend.agent.intents.reader import RULES, read
from todo_backend.agent.intents.references import ORDINAL_WORDS, ordinal, task_id_in, words_of
from todo_backend.agent.intents.request import Ref, Request

__all__ = [
    "ORDINAL_WORDS",
    "RULES",
    "Ref",
    "Request",
    "is_no",
    "is_yes",
    "normalise",
    "ordinal",
    "read",
    "task_id_in",
    "words_of",
]
