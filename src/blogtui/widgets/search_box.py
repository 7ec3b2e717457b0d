"""The search box above the post list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from blogtui.widgets.post_list import PostList


class SearchBox(Input):
    """The search box: Escape clears it, Enter goes to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear search"),
        Binding("down", "to_list", "To list", show=False),
    ]

    def action_clear_search(self) -> None:
        """Clear and go back to the list, as in less, fzf and lazygit."""
        self.value = ""
        self.screen.set_focus(self.screen.query_one(PostList))

    def action_to_list(self) -> None:
        self.screen.query_one(PostList).focus()
