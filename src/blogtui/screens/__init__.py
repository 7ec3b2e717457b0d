"""Screens of the app: the main screen mediates between its widgets; dialogs return results."""
