"""The grid (`G`): the result's posts as rows, chosen fields as columns. Cells are edited in
place and typed by their field when applied: all of them one change set, shown as a diff
first, journalled, undone with `u`."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from blogtui.domain.formats.visible import visible
from blogtui.domain.gcpolicy import quiet_gc
from blogtui.domain.ops.changeset import ChangeSet
from blogtui.domain.ops.sheets import plan_import
from blogtui.domain.site.schema import SiteConfig
from blogtui.screens.dialogs import ConfirmScreen, PromptScreen
from blogtui.widgets.field_grid import FieldGrid


class _Planned(Message):
    def __init__(self, changeset: ChangeSet, problems: list[str]) -> None:
        super().__init__()
        self.changeset = changeset
        self.problems = problems


class GridScreen(Screen[ChangeSet | None]):
    """Returns the change set of the edited cells (not yet applied), or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,a", "apply", "Apply edits"),
        Binding("escape", "leave", "Back"),
    ]

    def __init__(
        self,
        root: Path,
        fields: list[str],
        rows: list[tuple[str, list[str]]],
        known: set[str],
        config: SiteConfig | None,
    ) -> None:
        super().__init__()
        self.root = root
        self.config = config
        self.fields = fields
        self.rows = rows
        self.known = known

    def compose(self) -> ComposeResult:
        yield Static(
            f"{len(self.rows)} posts · Enter edits a cell · a (or Ctrl+S) applies every edit "
            "as one change (its diff first) · Escape goes back",
            id="grid-help",
        )
        yield FieldGrid(self.fields, self.rows, id="grid")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(FieldGrid).focus()

    @on(FieldGrid.EditAsked)
    @work(exclusive=True, group="grid-edit")
    async def _edit(self, event: FieldGrid.EditAsked) -> None:
        hint = "a; b for a list" if ";" in event.text else "empty removes the field"
        text = await self.app.push_screen_wait(
            PromptScreen(f"{event.field} of {event.path} ({hint})", value=event.text)
        )
        if text is not None:
            self.query_one(FieldGrid).set_cell(event.path, event.field, text)

    def action_apply(self) -> None:
        edited = self.query_one(FieldGrid).edited
        if not edited:
            self.notify("No cell is edited: Enter edits the one under the cursor.")
            return
        self._plan(dict(edited))

    @work(thread=True, exclusive=True, group="grid-plan")
    def _plan(self, edited: dict[tuple[str, str], str]) -> None:
        rows: dict[str, dict[str, str]] = {}
        for (path, field), text in edited.items():
            rows.setdefault(path, {"path": path})[field] = text
        with quiet_gc():
            found = plan_import(self.root, list(rows.values()), self.known, summary="grid edit",
                                config=self.config)  # fmt: skip
        self.post_message(_Planned(found.changeset, found.problems))

    @on(_Planned)
    def _planned(self, event: _Planned) -> None:
        if event.problems:
            shown = "\n".join(visible(problem) for problem in event.problems[:5])
            self.notify(shown, title="Not applied: fix these cells", severity="error", timeout=15)
            return
        self.dismiss(event.changeset)

    @work(exclusive=True, group="grid-leave")
    async def action_leave(self) -> None:
        edited = len(self.query_one(FieldGrid).edited)
        if edited and not await self.app.push_screen_wait(
            ConfirmScreen(
                "Leave the grid?",
                f"{edited} edited cells will be dropped.",
                yes="Drop them",
                no="Stay",
            )
        ):
            return
        self.dismiss(None)
