"""The frontmatter form (`e`): one row per field, widgets by type, checked before any save."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widget import Widget
from textual.widgets import Footer, Input, Label, Select, Static, Switch, TextArea

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
from blogtui.domain.site.folder import Site
from blogtui.domain.site.media import image_missing
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


class FormScreen(EditingScreen):
    """Edit a post's frontmatter fields."""

    def __init__(self, post: LoadedPost, relative: str, site: Site) -> None:
        super().__init__(post, relative)
        self.site = site
        self.rows: list[FormField] = []
        self._plan(post)

    def _plan(self, post: LoadedPost) -> None:
        schema = schema_for(post.path, self.site.root, self.site.config)
        self.rows = plan_fields(schema, post.metadata)
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
            for number, row in enumerate(self.rows):
                with Vertical(classes="field-row"):
                    star = " *" if row.field.required else ""
                    label = row.field.label or row.name
                    yield Label(
                        Text.assemble(
                            visible(f"{label}{star}") + "\n",
                            (visible(f"{row.name} · {row.widget}"), "dim"),
                        ),
                        classes="field-label",
                    )
                    yield self._widget(number, row)
                    hint = row.field.hint
                    yield Label(hint, classes="field-hint" if hint else "field-hint -empty")
                    yield Label("", id=f"error-{number}", classes="field-error -empty")
        yield Footer()

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

    def on_mount(self) -> None:
        self._refresh_flags()
        self._focus_field("title")

    def _focus_field(self, name: str | None) -> None:
        names = [row.name for row in self.rows]
        if name in names:
            self.query_one(f"#field-{names.index(name)}").focus()
        elif "title" in names:
            self.query_one(f"#field-{names.index('title')}").focus()
        elif self.rows:
            self.query_one("#field-0").focus()

    # -- values ----------------------------------------------------------------------------

    def raw_values(self) -> dict[str, Any]:
        raw: dict[str, Any] = {}
        for number, row in enumerate(self.rows):
            widget = self.query_one(f"#field-{number}")
            if isinstance(widget, Switch):
                raw[row.name] = widget.value
            elif isinstance(widget, Select):
                raw[row.name] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, TextArea):
                raw[row.name] = widget.text
            elif isinstance(widget, Input):
                raw[row.name] = widget.value
        return raw

    def is_dirty(self) -> bool:
        values, _ = collect(self.rows, self.raw_values())
        return bool(values)

    def edited(self, post: LoadedPost, shared: str | None) -> Edit | None:
        values, errors = collect(self.rows, self.raw_values())
        self._show_errors(errors)
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

        def restore() -> None:
            self._refresh_flags()
            self._focus_field(name)

        self.call_after_refresh(restore)

    # -- feedback --------------------------------------------------------------------------

    def _show_errors(self, errors: dict[str, str]) -> None:
        for number, row in enumerate(self.rows):
            label = self.query_one(f"#error-{number}", Label)
            message = errors.get(row.name, "")
            label.update(message)
            label.set_class(not message, "-empty")

    def _refresh_flags(self) -> None:
        """Mark image paths that do not exist, and errors, as the user types."""
        raw = self.raw_values()
        _, errors = collect(self.rows, raw)
        for row in self.rows:
            untouched = str(raw.get(row.name) or "") == row.initial_text()
            if untouched and row.name in self.warnings:
                errors.setdefault(row.name, self.warnings[row.name])
        for number, row in enumerate(self.rows):
            if row.widget in ("image", "file") and not errors.get(row.name):
                value = str(raw.get(row.name) or "")
                if image_missing(value, self.post.path, self.site.root, self.site.config):
                    errors[row.name] = f"file not found: {value} (saving is still allowed)"
            widget = self.query_one(f"#field-{number}")
            widget.set_class(row.name in errors, "-invalid")
        self._show_errors(errors)

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Switch.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        self._refresh_flags()


def _placeholder(row: FormField) -> str:
    if row.widget in ("datetime", "date"):
        return "2026-01-31T09:30:00Z"
    if row.widget == "list":
        return "comma, separated, values"
    if row.widget == "number":
        return "a number"
    return ""
