"""Lossless edits of TOML (Hugo `+++`) frontmatter with tomlkit, which keeps untouched bytes."""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Array, InlineTable, String, StringType, Table

from blogtui.domain.formats.dates import like_old_moment
from blogtui.domain.formats.document import edit_as_lf

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

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
    if value is None:
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


def set_value(matter: str, path: list[str], value: Any) -> str:
    """The frontmatter text with the field at `path` set; other bytes untouched."""
    return edit_as_lf(matter, lambda text: _set_value(text, path, value))


def _set_value(matter: str, path: list[str], value: Any) -> str:
    doc = _parse(matter)
    parent = _container(doc, path[:-1], create=True)
    key = path[-1]
    if key in parent:
        parent[key] = _typed(value, parent[key])
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
            tomllib.loads(before)
        except tomllib.TOMLDecodeError:
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
