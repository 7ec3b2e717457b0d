"""Bulk edits: one field set, unset, or a list item added or removed, over many posts.

Values are typed per post like the field they replace (see `fieldinput.FieldInput`), so a date
stays a date in each file's own format and a title stays a string.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from blogtui.domain.ops.changeset import ChangeSet, FieldChanges, plan
from blogtui.domain.ops.edit import DELETE, LoadedPost, get_path, has_path, split_key
from blogtui.domain.ops.fieldinput import FieldInput
from blogtui.domain.ops.terms import replace_terms
from blogtui.domain.site.generator import detect
from blogtui.domain.site.schema import Field

Operation = Literal["set", "unset", "add", "remove"]


class BulkError(ValueError):
    """A bulk edit that cannot be made to one post; one line, the post is left as it is."""


def plan_bulk(
    root: Path,
    paths: Iterable[str],
    operation: Operation,
    key: str,
    value: str | None = None,
    as_string: bool = False,
    field_of: Callable[[Path, list[str]], Field | None] | None = None,
) -> ChangeSet:
    """Plan one operation on `key` over these posts (relative paths)."""
    space_separated = detect(root).space_separated_terms

    def change(post: LoadedPost) -> FieldChanges | None:
        key_path = split_key(post.metadata, key)
        present = has_path(post.metadata, key_path)
        current = get_path(post.metadata, key_path)
        if operation == "unset":
            return {tuple(key_path): DELETE} if present else None
        assert value is not None
        if operation == "set":
            field = field_of(post.path, key_path) if field_of else None
            typing = FieldInput(tuple(key_path), current, present, field)
            typed, _ = typing.from_command_line(value, as_string)
            if present and current == typed and type(current) is type(typed):
                return None
            return {tuple(key_path): typed}
        updated = _list_change(current, present, value, operation == "add", space_separated)
        return None if updated is _UNCHANGED else {tuple(key_path): updated}

    summary = {
        "set": f"set {key} = {value}",
        "unset": f"unset {key}",
        "add": f"add {value} to {key}",
        "remove": f"remove {value} from {key}",
    }[operation]
    return plan(root, list(paths), change, summary)


_UNCHANGED: Any = object()


def _list_change(current: Any, present: bool, item: str, add: bool, words: bool) -> Any:
    if not present or current is None:
        return [item] if add else _UNCHANGED
    if isinstance(current, list):
        items = list(current)
    elif isinstance(current, str) and words:
        items = current.split()
    elif isinstance(current, (str, int, float)) and not isinstance(current, bool):
        items = [current]
    else:
        raise BulkError(f"holds {type(current).__name__}, not a list")
    has = any(str(existing).strip().casefold() == item.casefold() for existing in items)
    if add == has:
        return _UNCHANGED
    updated = [*items, item] if add else replace_terms(items, [item], None)
    if isinstance(current, list):
        return updated
    if isinstance(current, str) and words:
        return " ".join(str(i) for i in updated) if updated else DELETE
    return updated[0] if len(updated) == 1 else (updated or DELETE)
