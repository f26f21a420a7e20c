"""Todo AI chatbot backend."""
