"""The chat agent: planners propose tool calls, the five task tools act."""
