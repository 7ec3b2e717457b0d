"""Text typed for a field, made the value written: one policy for `set`, `bulk` and the form.

Both front ends keep a field's type: a string stays a string (`No`, `3.10`, `#1 tip` are
titles), a date field takes only a date, a number stays a number, and the CMS's rules hold (a
`select`'s options, a `pattern`). They differ only in how text spells what has no text form:
the form writes a list as `a, b` and clears a field by emptying it; the command line writes
YAML (`[a, b]`, `true`, `2017`) for a field that is new or not a string.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.document import load_yaml
from blogtui.domain.site.post import DATE_KEYS
from blogtui.domain.site.schema import ConfigError, Field, load_site_config, matches_pattern

TEXT_WIDGETS = frozenset({"text", "markdown", "code"})
DATE_WIDGETS = frozenset({"datetime", "date"})
YAML_WIDGETS = frozenset({"object", "unknown"})
STRING_WIDGETS = frozenset({"string", *TEXT_WIDGETS})
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
DATE_EXAMPLE = "e.g. 2026-01-31 or 2026-01-31T09:30:00Z"


class FieldError(ValueError):
    """What was typed cannot be this field's value (one line, without the field's name)."""


def kind_of(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "a list", dict: "a mapping", type(None): "empty"})
    return names.get(type(value), f"a {type(value).__name__}")


def schema_field(path: Path, key_path: list[str]) -> Field | None:
    """What the site's CMS config says of a top-level field of this post, if anything."""
    if len(key_path) != 1:
        return None
    try:
        config = load_site_config(path.parent)
    except ConfigError:
        return None
    collection = config.collection_for(path) if config else None
    return collection.field(key_path[0]) if collection else None


@dataclass(frozen=True)
class FieldInput:
    """One field of one post, about to take a typed value."""

    key_path: tuple[str, ...]
    current: Any = None
    """The value the post holds now (None when absent)."""
    present: bool = False
    field: Field | None = None
    """What the site's CMS config says of it, if anything."""

    @property
    def name(self) -> str:
        return ".".join(self.key_path)

    @property
    def widget(self) -> str | None:
        return self.field.widget if self.field is not None else None

    def is_date(self) -> bool:
        if self.widget in DATE_WIDGETS:
            return True
        if len(self.key_path) == 1 and self.key_path[0] in DATE_KEYS and self.widget is None:
            return True
        if isinstance(self.current, (dt.date, dt.datetime)):
            return True
        return isinstance(self.current, str) and parse_date(self.current) is not None

    def is_number(self, text: str) -> bool:
        """A number field, or one holding a number now and given one (a URL typed where
        numbers were stays a URL)."""
        if self.widget == "number":
            return True
        was_number = isinstance(self.current, (int, float)) and not isinstance(self.current, bool)
        return was_number and self.widget in (None, "string") and bool(_NUMBER.fullmatch(text))

    def date(self, text: str) -> str:
        """The date typed, as typed (the edit keeps the file's own style)."""
        if parse_date(text) is None:
            raise FieldError(f"not a date ({DATE_EXAMPLE})")
        return text

    def number(self, text: str) -> int | float:
        try:
            number = float(text)
        except ValueError:
            raise FieldError("not a number") from None
        return int(text) if re.fullmatch(r"[+-]?\d+", text) else number

    def ruled(self, text: str) -> str:
        """A string, checked against the CMS's options and pattern."""
        field = self.field
        if field is None:
            return text
        options = [str(option) for option in field.options]
        if field.widget == "select" and options and text not in options:
            raise FieldError("choose one of: " + ", ".join(options))
        if field.pattern is not None and not matches_pattern(field.pattern[0], text):
            raise FieldError(field.pattern[1] or f"must match {field.pattern[0]}")
        return text

    def yaml(self, text: str) -> Any:
        try:
            return load_yaml(text)
        except Exception as exc:
            raise FieldError("not valid YAML: " + " ".join(str(exc).split())[:120]) from None

    def from_command_line(self, text: str, as_string: bool = False) -> tuple[Any, str | None]:
        """(the value, a note when it changes the field's type) for a VALUE given to `set` or
        `bulk`; FieldError naming the field when it cannot be one."""
        try:
            return self._from_command_line(text, as_string)
        except FieldError as exc:
            raise FieldError(f"{self.name}: {text!r}: {exc}") from None

    def _from_command_line(self, text: str, as_string: bool) -> tuple[Any, str | None]:
        if as_string:
            return text, None
        if self.is_date():
            typed = self.date(text)
            old = parse_date(self.current)
            if old is not None and not old.style.has_time and parse_date(typed).style.has_time:  # type: ignore[union-attr]
                note = f"{self.name} holds dates only ({self.current!s}): the time is dropped"
                return text, note
            return text, None
        if self.is_number(text):
            return self.number(text), None
        if isinstance(self.current, str) or self.widget in STRING_WIDGETS | {"select"}:
            return self.ruled(text), None  # `No`, `3.10`, `#1 tip`, `- item` stay text
        try:
            value = self.yaml(text)
        except FieldError:
            raise FieldError("not valid YAML; use --string") from None
        if isinstance(value, dict) and not text.lstrip().startswith("{"):
            value = text  # `Part 2: the sequel` is a title, not a mapping: maps are `{a: 1}`
        numbers = isinstance(value, (int, float)) and isinstance(self.current, (int, float))
        changed = self.current is not None and type(value) is not type(self.current)
        if changed and not numbers and self.present:
            was, now = kind_of(self.current), kind_of(value)
            return value, f"{self.name} was {was}, is now {now} (--string keeps a string)"
        return value, None
