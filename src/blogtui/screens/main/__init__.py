"""The main screen, as a package of its features."""

from blogtui.screens.main.screen import MainScreen, SearchBox

__all__ = ["MainScreen", "SearchBox"]
