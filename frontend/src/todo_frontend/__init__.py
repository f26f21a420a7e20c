"""Todo AI chatbot web UI."""
