"""A value typed on a command line, typed like the field it replaces (as the form does).

A string stays a string (`No`, `3.10`, `#1 tip` are titles), a date field takes only a date,
and a new field's value is read as YAML (`2017`, `true`, `[a, b]`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.formats.document import load_yaml
from blogtui.domain.ops.edit import get_path, has_path
from blogtui.domain.site.post import DATE_KEYS


def kind_of(value: Any) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string"}
    names.update({list: "a list", dict: "a mapping", type(None): "empty"})
    return names.get(type(value), f"a {type(value).__name__}")


def is_date_field(current: Any, key_path: list[str], widget: str | None) -> bool:
    if widget in ("date", "datetime") or (len(key_path) == 1 and key_path[0] in DATE_KEYS):
        return True
    if isinstance(current, (dt.date, dt.datetime)):
        return True
    return isinstance(current, str) and parse_date(current) is not None


def typed_value(
    text: str,
    metadata: dict[str, Any],
    key_path: list[str],
    widget: str | None = None,
    as_string: bool = False,
) -> tuple[Any, str | None]:
    """(the value to write, a note when it changes the field's type); ValueError when `text`
    cannot be what the field holds."""
    if as_string:
        return text, None
    current = get_path(metadata, key_path)
    name = ".".join(key_path)
    if is_date_field(current, key_path, widget):
        typed = parse_date(text)
        if typed is None:
            raise ValueError(
                f"{name}: {text!r} is not a date (e.g. 2024-05-01 or 2024-05-01T09:30:00Z)"
            )
        old = parse_date(current)
        if old is not None and not old.style.has_time and typed.style.has_time:
            return text, f"{name} holds dates only ({current!s}): the time in {text!r} is dropped"
        return text, None
    if isinstance(current, str) or widget in ("string", "text", "markdown"):
        return text, None  # `No`, `3.10`, `#1 tip` and `- item` stay the title they were
    try:
        value = load_yaml(text)
    except Exception as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(f"VALUE is not valid YAML ({reason}); use --string") from None
    if isinstance(value, dict) and not text.lstrip().startswith("{"):
        value = text  # `Part 2: the sequel` is a title, not a mapping: maps are written `{a: 1}`
    numbers = isinstance(value, (int, float)) and isinstance(current, (int, float))
    changed_type = current is not None and type(value) is not type(current) and not numbers
    if changed_type and has_path(metadata, key_path):
        note = f"{name} was {kind_of(current)}, is now {kind_of(value)} (--string keeps a string)"
        return value, note
    return value, None
