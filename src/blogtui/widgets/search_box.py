"""The search box above the post list."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.widgets import Input

from blogtui.widgets.post_list import PostList


class SearchBox(Input):
    """The search box: Escape clears it, Enter goes to the list."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_search", "Clear search"),
        Binding("down", "to_list", "To list", show=False),
    ]

    def _watch_value(self, value: str) -> None:
        # Input keeps its text's width as its virtual size, a layout reactive: each keystroke
        # laid the whole screen out again (at 100,000 posts a keystroke took 85 ms, 60
        # without). Only the box's own scroll range depends on it, as in
        # PostList._set_rows (textual is pinned for this); Input's own assignment then finds
        # it unchanged.
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Input.virtual_size, size)
            self._scroll_update(size)
        super()._watch_value(value)

    def action_clear_search(self) -> None:
        """Clear and go back to the list, as in less, fzf and lazygit."""
        self.value = ""
        self.screen.set_focus(self.screen.query_one(PostList))

    def action_to_list(self) -> None:
        self.screen.query_one(PostList).focus()
