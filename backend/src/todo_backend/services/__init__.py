"""The one service layer behind the REST API, the chat agent and the MCP server."""
