"""Todo AI chatbot backend."""

from importlib.metadata import version

__version__ = version("todo-backend")
