"""The tag panel: every tag with its post count; selected tags are marked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from blogtui.domain.formats.visible import visible

SELECTED = "●"
UNSELECTED = "○"


class TagPanel(OptionList):
    """Tags, most used first; `space`/`Enter` toggles the highlighted one, `a` all/any."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "select", "Toggle tag"),
        Binding("enter", "select", "Toggle tag", show=False),
        Binding("a", "all_any", "All/any"),
        Binding("r", "rename", "Rename/merge"),
        Binding("S", "similar", "Similar"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("escape", "back", "Back to the list", show=False),
    ]

    class Back(Message):
        """The user is done with the tags (Escape)."""

    def action_back(self) -> None:
        self.post_message(self.Back())

    @dataclass
    class Toggled(Message):
        """The user toggled a tag."""

        tag_panel: TagPanel
        tag: str

        @property
        def control(self) -> TagPanel:
            return self.tag_panel

    @dataclass
    class ModeSwitched(Message):
        """The user asked to switch between all and any of the selected tags."""

        tag_panel: TagPanel

        @property
        def control(self) -> TagPanel:
            return self.tag_panel

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[tuple[tuple[str, int], ...], frozenset[str]] | None = None

    def show(self, counts: list[tuple[str, int]], selected: set[str]) -> None:
        """Show these (tag, count) rows; tags in `selected` (case-folded) are marked."""
        key = (tuple(counts), frozenset(selected))
        if key == self._shown:
            return
        self._shown = key
        highlighted = self.highlighted
        current = None
        if highlighted is not None and highlighted < self.option_count:
            current = self.get_option_at_index(highlighted).id
        width = max((len(str(count)) for _, count in counts), default=1)
        options = []
        for tag, count in counts:
            mark = SELECTED if tag.casefold() in selected else UNSELECTED
            prompt = Text.assemble(
                (mark + " ", "bold" if mark == SELECTED else "dim"),
                (visible(tag), "bold" if mark == SELECTED else ""),
                " ",
                (f"{count:>{width}}", "dim"),
            )
            options.append(Option(prompt, id=tag))
        self.clear_options()
        self.add_options(options)
        ids = [tag for tag, _ in counts]
        if current in ids:
            self.highlighted = ids.index(current)
        elif ids:
            self.highlighted = 0

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.post_message(self.Toggled(self, event.option.id))

    def action_all_any(self) -> None:
        self.post_message(self.ModeSwitched(self))

    @dataclass
    class RenameAsked(Message):
        """Rename (or merge into another) the highlighted term, in every post."""

        tag_panel: TagPanel
        term: str

        @property
        def control(self) -> TagPanel:
            return self.tag_panel

    class SimilarAsked(Message):
        """Show the clusters of near-duplicate terms."""

    def action_rename(self) -> None:
        highlighted = self.highlighted
        if highlighted is not None and highlighted < self.option_count:
            term = self.get_option_at_index(highlighted).id
            if term is not None:
                self.post_message(self.RenameAsked(self, term))

    def action_similar(self) -> None:
        self.post_message(self.SimilarAsked())
