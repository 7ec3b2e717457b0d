"""The frontmatter form without the UI: which fields to show, how text becomes values, what changed.

The app's form shows `FormField`s and hands back what the user typed; `parse_value` checks and
converts it, and `changes` keeps only the fields whose value really differs, so a save writes
nothing else.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.visible import visible
from blogtui.domain.ops.edit import DELETE
from blogtui.domain.ops.fieldinput import (
    DATE_WIDGETS,
    TEXT_WIDGETS,
    YAML_WIDGETS,
    FieldError,
    FieldInput,
)
from blogtui.domain.site.generator import detect
from blogtui.domain.site.inference import infer_fields
from blogtui.domain.site.post import sample_folder
from blogtui.domain.site.schema import Field, SiteConfig

SKIPPED_WIDGETS = frozenset({"hidden"})
_SAMPLE = 50


@dataclass(frozen=True)
class FormField:
    field: Field
    present: bool
    """The post has this field (absent fields are written only when filled in)."""
    value: Any
    """The post's value (None when absent)."""

    @property
    def name(self) -> str:
        return self.field.name

    @property
    def widget(self) -> str:
        return self.field.widget

    def initial_text(self) -> str:
        """The value as the form's text input shows it.

        Control characters are shown as visible stand-ins (ESC as ␛), never drawn raw: an
        untouched field still compares equal and is never written; an edited one drops them.
        """
        multiline = self.widget in TEXT_WIDGETS | YAML_WIDGETS
        text = self._text()
        if not multiline and text.endswith("\n") and not text.endswith("\n\n"):
            # A one-line field from a `title: >` block: its line break is the block's, kept
            # on save (see edit.written_value), never shown as ␊ to be typed around.
            text = text[:-1]
        return visible(text, multiline=multiline)

    def _text(self) -> str:
        value = self.value
        if not self.present or value is None:
            if self.widget in YAML_WIDGETS and self.present:
                return "null"
            return ""
        if self.widget in YAML_WIDGETS:
            return yaml.safe_dump(value, sort_keys=False, allow_unicode=True, width=10**6).rstrip()
        if self.widget == "list" and isinstance(value, list):
            return ", ".join(str(item) for item in value)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)


def schema_for(post_path: Path, root: Path, config: SiteConfig | None) -> tuple[Field, ...]:
    """The collection's fields from the CMS config, else fields inferred from nearby posts."""
    if config is not None:
        collection = config.collection_for(post_path)
        if collection is not None and collection.fields:
            return collection.fields
    samples = sample_folder(post_path.parent, _SAMPLE)
    return infer_fields((metadata for _, metadata in samples), detect(root).generator)


def plan_fields(schema: tuple[Field, ...], metadata: dict[str, Any]) -> list[FormField]:
    """The form's rows: the schema's visible fields, then the post's other fields (as YAML)."""
    rows: list[FormField] = []
    known: set[str] = set()
    for field in schema:
        known.add(field.name)
        if field.widget in SKIPPED_WIDGETS or field.name == "body":
            continue
        widget = field.widget
        value = metadata.get(field.name)
        nested_list = widget == "list" and (
            bool(field.fields) or (value is not None and not _is_scalar_list(value))
        )
        if nested_list or widget not in _KNOWN_WIDGETS:
            widget = "object"  # lists of objects and unknown widgets: edited as YAML
        elif widget == "select" and field.multiple:
            widget = "list"  # several choices: a comma-separated list
        if widget != field.widget:
            field = Field(**{**field.__dict__, "widget": widget})
        rows.append(FormField(field, field.name in metadata, value))
    for key, value in metadata.items():
        if key not in known:
            extra = Field(name=key, widget=_extra_widget(value), label=key, required=False)
            rows.append(FormField(extra, True, value))
    return rows


_KNOWN_WIDGETS = frozenset(
    {
        "string",
        "text",
        "markdown",
        "code",
        "datetime",
        "date",
        "boolean",
        "list",
        "select",
        "number",
        "image",
        "file",
        "object",
        "relation",
        "color",
    }
)


def _is_scalar_list(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(item, (dict, list)) for item in value)


def _extra_widget(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str) and "\n" not in value:
        return "date" if parse_date(value) is not None and _looks_dated(value) else "string"
    return "object"


def _looks_dated(value: str) -> bool:
    return bool(re.match(r"^\d{4}-\d{1,2}-\d{1,2}", value.strip()))


def parse_value(row: FormField, raw: Any) -> Any:
    """The value to store for what the user entered (None: the field is cleared); FieldError
    when it is not acceptable. Typed by the same policy as `set` (`FieldInput`); only a list's
    spelling (`a, b`) and clearing by emptying are the form's own."""
    widget = row.widget
    if widget == "boolean":
        return bool(raw)
    text = str(raw if raw is not None else "")
    if widget not in TEXT_WIDGETS and widget not in YAML_WIDGETS:
        text = text.strip()
    if not text.strip():
        if row.field.required and widget not in YAML_WIDGETS:
            raise FieldError("required")
        return None
    field = replace(row.field, widget=widget)  # the widget shown: inferred where none is said
    typing = FieldInput((row.name,), row.value, row.present, field)
    if widget in DATE_WIDGETS:
        return typing.date(text)
    if typing.is_number(text):
        return typing.number(text)
    if widget == "list":
        return [item.strip() for item in text.split(",") if item.strip()]
    if widget in YAML_WIDGETS:
        return typing.yaml(text)
    return typing.ruled(text)


def collect(rows: list[FormField], raw: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(changes, errors) for what the user entered.

    Only fields whose input differs from what the post had are checked and become changes
    (DELETE for a field that was cleared), so a save writes nothing else. A field nobody touched
    never blocks a save, whatever it holds (see `warnings`).
    """
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for row in rows:
        entered = raw.get(row.name)
        if row.widget == "boolean":
            if bool(entered) == (row.value is True) and (row.present or not entered):
                continue
            values[row.name] = bool(entered)
            continue
        if str(entered if entered is not None else "") == row.initial_text():
            continue  # untouched: even a value the form would spell differently is kept
        try:
            value = parse_value(row, entered)
        except FieldError as exc:
            errors[row.name] = str(exc)
            continue
        if value is None:
            if row.present:
                values[row.name] = DELETE
            continue
        values[row.name] = value
    return values, errors


def warnings(rows: list[FormField]) -> dict[str, str]:
    """What is wrong with the values the post already has (a URL where a number was expected,
    an odd date, a value outside a select's options): shown, never blocking a save."""
    found: dict[str, str] = {}
    for row in rows:
        if not row.present or row.value is None or row.widget == "boolean":
            continue
        try:
            parse_value(row, row.initial_text())
        except FieldError as exc:
            found[row.name] = f"{exc} (as the file has it; saving is still allowed)"
    return found
