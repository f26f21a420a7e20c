"""Operator CLI for todo-chatbot on Minikube."""
