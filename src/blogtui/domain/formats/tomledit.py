"""Lossless edits of TOML (Hugo `+++`) frontmatter with tomlkit, which keeps untouched bytes."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, InlineTable, String, StringType, Table

from blogtui.domain.formats import tomlread
from blogtui.domain.formats.dates import like_old_moment
from blogtui.domain.formats.document import edit_as_lf

_HEADER = re.compile(r"^[ \t]*\[\[?[^\]\r\n]+\]\]?[ \t]*(?:#[^\r\n]*)?\r?$", re.M)


class TomlEditError(ValueError):
    """The edit cannot be made; the message is one line meant for the user."""


def _parse(matter: str) -> tomlkit.TOMLDocument:
    try:
        return tomlkit.parse(matter)
    except TOMLKitError as exc:
        raise TomlEditError(
            f"TOML frontmatter does not parse: {' '.join(str(exc).split())}"
        ) from None


def _container(doc: tomlkit.TOMLDocument, path: list[str], create: bool) -> Any:
    node: Any = doc
    for depth, key in enumerate(path):
        if key not in node:
            if not create:
                return None
            node[key] = tomlkit.table()
        node = node[key]
        if not isinstance(node, (Table, InlineTable, Container)):
            raise TomlEditError(f"{'.'.join(path[: depth + 1])} is not a table of fields")
    return node


def _typed(value: Any, old: Any) -> Any:
    """The new value as a TOML item shaped like the old one (date type, quotes, multi-line list)."""
    if _holds_null(value):
        raise TomlEditError("TOML has no null value: remove the field instead")
    if isinstance(old, dt.date) and isinstance(value, str):
        moment = like_old_moment(value, old)
        if moment is not None:
            return tomlkit.item(moment)
    if isinstance(old, String) and isinstance(value, str) and "\n" not in value:
        literal = old.type == StringType.SLL and "'" not in value
        return tomlkit.string(value, literal=literal)
    if isinstance(old, Array) and isinstance(value, list):
        array = tomlkit.array()
        array.extend(value)
        if "\n" in old.as_string():
            array.multiline(True)
        return array
    return value


def _holds_null(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_holds_null(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_null(item) for item in value)
    return value is None


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float, bool)) and not isinstance(value, dt.date)


def _edit_items(array: Array, value: list[Any]) -> bool:
    """Edit a list of scalars item by item, in place: kept items keep their text, the array
    its layout (one line or many, its indentation, comments). False when it cannot be."""
    old = [item.unwrap() if hasattr(item, "unwrap") else item for item in array]
    if not all(_scalar(v) for v in [*old, *value]):
        return False
    literal = bool(array) and all(
        isinstance(item, String) and item.type == StringType.SLL for item in array
    )

    def made(new: Any) -> Any:
        if isinstance(new, str) and literal and "'" not in new and "\n" not in new:
            return tomlkit.string(new, literal=True)
        return new

    keys = [(type(v).__name__, v) for v in old]
    matcher = difflib.SequenceMatcher(a=keys, b=[(type(v).__name__, v) for v in value])
    for op, a1, a2, b1, b2 in reversed(matcher.get_opcodes()):
        if op == "equal":
            continue
        paired = min(a2 - a1, b2 - b1)
        for offset in range(paired):  # replaced in place: the item's spacing stays
            array[a1 + offset] = made(value[b1 + offset])
        for index in range(a2 - 1, a1 + paired - 1, -1):
            del array[index]
        for offset, new in enumerate(value[b1 + paired : b2]):
            array.insert(a1 + paired + offset, made(new))
    return True


def set_value(matter: str, path: list[str], value: Any) -> str:
    """The frontmatter text with the field at `path` set; other bytes untouched."""
    try:
        return edit_as_lf(matter, lambda text: _set_value(text, path, value))
    except (TOMLKitError, TypeError) as exc:  # a value TOML has no form for (bytes, a set…)
        raise TomlEditError(f"cannot be written as TOML: {' '.join(str(exc).split())}") from None


def _set_value(matter: str, path: list[str], value: Any) -> str:
    doc = _parse(matter)
    parent = _container(doc, path[:-1], create=True)
    key = path[-1]
    if key in parent:
        current = parent[key]
        if isinstance(current, Array) and isinstance(value, list) and _edit_items(current, value):
            return doc.as_string()
        parent[key] = _typed(value, current)
    elif len(path) == 1 and _is_inline(value):
        return _insert_top_level(matter, key, _typed(value, None))
    else:
        parent[key] = _typed(value, None)
    return doc.as_string()


def _is_inline(value: Any) -> bool:
    # A list of tables becomes [[key]] sections; everything else fits on a `key = ...` line.
    if isinstance(value, dict):
        return False
    return not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value))


def _insert_top_level(matter: str, key: str, value: Any) -> str:
    # tomlkit would also add a blank line before the first table; splice the one new line in.
    piece = tomlkit.document()
    piece[key] = value
    line = piece.as_string()
    newline = "\r\n" if "\r\n" in matter else "\n"
    line = line.replace("\r\n", "\n").replace("\n", newline)
    for header in _HEADER.finditer(matter):
        before = matter[: header.start()]
        try:
            tomlread.loads(before)
        except tomlread.TomlError:
            continue  # the bracket is inside a multi-line string or array
        stripped = before.rstrip()
        cut = len(stripped)
        if cut:
            end_of_line = matter.find("\n", cut)
            cut = len(matter) if end_of_line < 0 else end_of_line + 1
        return matter[:cut] + line + matter[cut:]
    if matter and not matter.endswith("\n"):
        return matter + newline + line
    return matter + line


def delete_value(matter: str, path: list[str]) -> str:
    """The frontmatter text without the field at `path`."""
    return edit_as_lf(matter, lambda text: _delete_value(text, path))


def _delete_value(matter: str, path: list[str]) -> str:
    doc = _parse(matter)
    parent = _container(doc, path[:-1], create=False)
    if parent is None or path[-1] not in parent:
        return matter
    del parent[path[-1]]
    return doc.as_string()
