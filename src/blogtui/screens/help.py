"""The `?` help: every key and the search language."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from blogtui.keys import HELP_ONLY, QUERY_HELP, display_keys, keys_in_force


def help_table(keymap: dict[str, str] | None = None) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True)
    table.add_column()
    table.add_row(Text("Keys", style="bold underline"), "")
    for key, keys in keys_in_force(keymap):
        table.add_row(display_keys(keys), Text(key.help + "  ") + Text(key.id, style="dim"))
    for keys, text in HELP_ONLY:
        table.add_row(keys, text)
    table.add_row("", "")
    table.add_row(Text("Search", style="bold underline"), "")
    for example, text in QUERY_HELP:
        table.add_row(example, text)
    table.add_row("", "")
    table.add_row("", Text("Escape, q or ? closes this help.", style="dim"))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close", show=True),
    ]

    def __init__(self, site: str = "", keymap: dict[str, str] | None = None) -> None:
        super().__init__()
        self.site = site
        self.keymap = keymap or {}
        """The user's remapped keys, shown in force."""
        """What the site is made with, as the status line says it ('' when unknown)."""

    def compose(self) -> ComposeResult:
        title = Text("blogtui help", style="bold")
        if self.site:
            title.append(f"  ·  a {self.site} site", "dim")
        with VerticalScroll(id="help-box"):
            yield Static(title, id="help-title")
            yield Static(help_table(self.keymap))
