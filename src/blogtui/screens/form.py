"""The frontmatter form (`e`): one row per field, widgets by type, checked before any save."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Button, Footer, Input, Label, Select, Static, Switch, TextArea

from blogtui.domain.formats.visible import visible
from blogtui.domain.ops.edit import Edit, LoadedPost, edit_fields
from blogtui.domain.ops.form import (
    TEXT_WIDGETS,
    YAML_WIDGETS,
    FormField,
    collect,
    plan_fields,
    schema_for,
    warnings,
)
from blogtui.domain.site.check import duplicate_key_problems
from blogtui.domain.site.media import image_missing
from blogtui.domain.site.service import Site
from blogtui.screens.editing import EditingScreen


class TagSuggester(Suggester):
    """Completes the last comma-separated item from the folder's tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.tags = tags

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stem = last.lstrip()
        if not stem:
            return None
        taken = {item.strip().casefold() for item in head.split(",")}
        for tag in self.tags:
            if tag.casefold().startswith(stem.casefold()) and tag.casefold() not in taken:
                prefix = value[: len(value) - len(stem)]
                return prefix + tag
        return None


PAGE = 40
"""Fields mounted at a time. A CMS collection may declare thousands: mounting and checking
every one made the form take 23 s to open and 16 s a keystroke at 2,000 fields."""


class FormScreen(EditingScreen):
    """Edit a post's frontmatter fields.

    Rows are mounted a page at a time (the rest behind a "more fields" button), and what the
    user typed is kept by field name, so a keystroke checks one field, not the form."""

    def __init__(self, post: LoadedPost, relative: str, site: Site) -> None:
        super().__init__(post, relative)
        self.site = site
        self.rows: list[FormField] = []
        self.initial: dict[str, Any] = {}
        """What each field's widget holds before anyone types: the value of a row not mounted."""
        self.shown = 0
        """How many rows are mounted (the first ones)."""
        self._plan(post)

    def _plan(self, post: LoadedPost) -> None:
        schema = schema_for(post.path, self.site.root, self.site.config)
        self.rows = plan_fields(schema, post.metadata)
        names = [row.name for row in self.rows]
        if "title" in names[PAGE:]:  # the form opens on the title: it comes in the first page
            self.rows.insert(0, self.rows.pop(names.index("title")))
        self.initial = {row.name: _initial_raw(row) for row in self.rows}
        self.shown = min(len(self.rows), PAGE)
        self.warnings = warnings(self.rows)
        """Problems of the values as loaded: shown while a field is untouched, never blocking."""

    def compose(self) -> ComposeResult:
        yield Static(Text(visible(f"Edit fields — {self.relative}")), id="form-title")
        warnings = [
            f"⚠ {problem.message}: this form edits the last one"
            for problem in duplicate_key_problems(self.relative, self.post.doc)
        ]
        yield Static(
            Text(visible("\n".join(warnings))),
            id="form-warnings",
            classes="" if warnings else "-empty",
        )
        with VerticalScroll(id="form"):
            for number in range(self.shown):
                yield self._row(number)
            yield Button(self._more_label(), id="more-fields", compact=True)
        yield Footer()

    def _row(self, number: int) -> Vertical:
        row = self.rows[number]
        star = " *" if row.field.required else ""
        label = row.field.label or row.name
        hint = row.field.hint
        return Vertical(
            Label(
                Text.assemble(
                    visible(f"{label}{star}") + "\n",
                    (visible(f"{row.name} · {row.widget}"), "dim"),
                ),
                classes="field-label",
            ),
            self._widget(number, row),
            Label(hint, classes="field-hint" if hint else "field-hint -empty"),
            Label("", id=f"error-{number}", classes="field-error -empty"),
            classes="field-row",
        )

    def _more_label(self) -> str:
        left = len(self.rows) - self.shown
        return f"{left:,} more fields: Enter shows the next {min(left, PAGE)}"

    @on(Button.Pressed, "#more-fields")
    async def _more_pressed(self) -> None:
        first = self.shown
        await self.show_more()
        if first < self.shown:
            self.query_one(f"#field-{first}").focus()

    async def show_more(self, upto: int = -1) -> None:
        """Mount the next page of rows (or every row up to `upto`)."""
        first = self.shown
        if 0 <= upto < first:
            return  # already there
        end = max(min(len(self.rows), first + PAGE), upto + 1)
        if end <= first:
            return
        button = self.query_one("#more-fields", Button)
        rows = [self._row(number) for number in range(first, end)]
        await self.query_one("#form", VerticalScroll).mount_all(rows, before=button)
        self.shown = end
        self._sync_more()
        for number in range(first, end):
            self._flag(number)

    def _sync_more(self) -> None:
        button = self.query_one("#more-fields", Button)
        button.label = self._more_label()
        button.display = self.shown < len(self.rows)

    def _widget(self, number: int, row: FormField) -> Widget:
        ident = f"field-{number}"
        text = row.initial_text()
        if row.widget == "boolean":
            return Switch(value=row.value is True, id=ident)
        if row.widget == "select" and row.field.options:
            options = [(str(option), str(option)) for option in row.field.options]
            if text and text not in [value for value, _ in options]:
                options.append((f"{text} (not an option of the CMS)", text))  # shown and kept
            value = text if text else Select.NULL
            return Select(options, value=value, allow_blank=True, id=ident, compact=True)
        if row.widget in TEXT_WIDGETS or row.widget in YAML_WIDGETS:
            area = TextArea(text, id=ident, classes="field-area", soft_wrap=True, compact=True)
            area.show_line_numbers = False
            return area
        suggester = None
        if row.widget == "list":
            # Each taxonomy completes from its own terms; another list field from the tags.
            terms = self.site.term_counts(row.name) or self.site.tag_counts()
            suggester = TagSuggester([term for term, _ in terms])
        # No select-all on focus: typing on after a save must not replace the field.
        return Input(
            text,
            id=ident,
            suggester=suggester,
            placeholder=_placeholder(row),
            compact=True,
            select_on_focus=False,
        )

    async def on_mount(self) -> None:
        self._sync_more()
        for number in range(self.shown):
            self._flag(number)
        await self._focus_field("title")

    async def _focus_field(self, name: str | None) -> None:
        names = [row.name for row in self.rows]
        if name not in names:
            name = "title" if "title" in names else (names[0] if names else None)
        if name is None:
            return
        number = names.index(name)
        await self.show_more(upto=number)  # mounted first when it lies beyond the pages shown
        self.query_one(f"#field-{number}").focus()

    # -- values ----------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        """What every field holds now: read from the mounted widgets (the others are as
        loaded), so a save never depends on a change event having arrived."""
        raw = dict(self.initial)
        for number in range(self.shown):
            raw[self.rows[number].name] = self._read(number)
        return raw

    def _read(self, number: int) -> Any:
        widget = self.query_one(f"#field-{number}")
        if isinstance(widget, Switch):
            return widget.value
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def is_dirty(self) -> bool:
        values, _ = collect(self.rows, self.raw_values())
        return bool(values)

    def edited(self, post: LoadedPost, shared: str | None) -> Edit | None:
        values, errors = collect(self.rows, self.raw_values())
        for number in range(self.shown):
            self._show_error(number, errors.get(self.rows[number].name, ""))
        if errors:
            return None
        return edit_fields(post, {(name,): value for name, value in values.items()}, shared)

    def load(self, post: LoadedPost) -> None:
        # Rebuilt from the saved file; the cursor stays in the field the user was in.
        focused = self.focused
        name = None
        if focused is not None and focused.id and focused.id.startswith("field-"):
            name = self.rows[int(focused.id.removeprefix("field-"))].name
        self._plan(post)
        self.refresh(recompose=True)

        async def restore() -> None:
            self._sync_more()
            for number in range(self.shown):
                self._flag(number)
            await self._focus_field(name)

        self.call_after_refresh(restore)

    # -- feedback --------------------------------------------------------------------------

    def _show_error(self, number: int, message: str) -> None:
        label = self.query_one(f"#error-{number}", Label)
        label.update(message)
        label.set_class(not message, "-empty")
        self.query_one(f"#field-{number}").set_class(bool(message), "-invalid")

    def _flag(self, number: int) -> None:
        """Check one field as it is now: an error, a warning kept while it is untouched, or an
        image path that does not exist."""
        row = self.rows[number]
        raw = self._read(number)
        _, errors = collect([row], {row.name: raw})
        message = errors.get(row.name, "")
        if not message and str(raw or "") == row.initial_text():
            message = self.warnings.get(row.name, "")
        if not message and row.widget in ("image", "file"):
            value = str(raw or "")
            if image_missing(value, self.post.path, self.site.root, self.site.config):
                message = f"file not found: {value} (saving is still allowed)"
        self._show_error(number, message)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Switch.Changed)
    @on(Select.Changed)
    def _changed(
        self, event: Input.Changed | TextArea.Changed | Switch.Changed | Select.Changed
    ) -> None:
        ident = event.control.id if event.control is not None else None
        if ident and ident.startswith("field-"):
            self._flag(int(ident.removeprefix("field-")))


def _initial_raw(row: FormField) -> Any:
    """What the row's widget holds before anyone types (as `raw_values` read it)."""
    if row.widget == "boolean":
        return row.value is True
    return row.initial_text()


def _placeholder(row: FormField) -> str:
    if row.widget in ("datetime", "date"):
        return "2026-01-31T09:30:00Z"
    if row.widget == "list":
        return "comma, separated, values"
    if row.widget == "number":
        return "a number"
    return ""
