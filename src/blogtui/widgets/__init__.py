"""Widgets of the app: each shows one thing and reports with messages."""
