"""Lossless edits of JSON frontmatter: only the edited member's text is rewritten."""

from __future__ import annotations

import json
import re
from typing import Any


class JsonEditError(ValueError):
    """The edit cannot be made; the message is one line meant for the user."""


def set_value(matter: str, path: list[str], value: Any) -> str:
    """The JSON object's text with the member at `path` set; other bytes untouched."""
    return _edit(matter, path, value, delete=False)


def delete_value(matter: str, path: list[str]) -> str:
    """The JSON object's text without the member at `path`."""
    return _edit(matter, path, None, delete=True)


def _json_members(matter: str) -> list[tuple[str, int, int, int]]:
    """(key, key start, value start, value end) of each top-level member of a JSON object."""
    decoder = json.JSONDecoder()
    members: list[tuple[str, int, int, int]] = []
    pos = matter.index("{") + 1
    while True:
        pos = _skip_ws(matter, pos)
        if matter[pos] == "}":
            return members
        key, after_key = decoder.raw_decode(matter, pos)
        value_start = _skip_ws(matter, matter.index(":", after_key) + 1)
        _, value_end = decoder.raw_decode(matter, value_start)
        members.append((str(key), pos, value_start, value_end))
        pos = _skip_ws(matter, value_end)
        if matter[pos] == ",":
            pos += 1


def _skip_ws(text: str, pos: int) -> int:
    while text[pos] in " \t\r\n":
        pos += 1
    return pos


def _edit(matter: str, key_path: list[str], value: Any, delete: bool) -> str:
    # Splice like YAML: only the edited member's text changes; nested paths rewrite their
    # top-level member.
    data = json.loads(matter)
    top = key_path[0]
    if len(key_path) > 1:
        node = data.setdefault(top, {})
        for key in key_path[1:-1]:
            node = node.setdefault(key, {}) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise JsonEditError(f"{'.'.join(key_path[:-1])} is not an object")
        if delete:
            node.pop(key_path[-1], None)
        else:
            node[key_path[-1]] = value
        value, delete = data[top], False
    members = {key: (start, vstart, vend) for key, start, vstart, vend in _json_members(matter)}
    text = json.dumps(value, ensure_ascii=False)
    if top in members:
        start, vstart, vend = members[top]
        if not delete:
            return matter[:vstart] + text + matter[vend:]
        after = re.match(r"\s*,\s*", matter[vend:])
        if after:
            return matter[:start] + matter[vend + after.end() :]
        before = re.search(r",\s*$", matter[:start])
        cut = before.start() if before else start
        return matter[:cut] + matter[vend:]
    if delete:
        return matter
    close = matter.rindex("}")
    member = json.dumps(top, ensure_ascii=False) + ": " + text
    if not members:
        return matter[:close] + member + matter[close:]
    last_start = max(start for start, _, _ in members.values())
    last_end = max(vend for _, _, vend in members.values())
    indent = matter[matter.rfind("\n", 0, last_start) + 1 : last_start]
    separator = ",\n" + indent if indent.strip() == "" and "\n" in matter[:last_start] else ", "
    return matter[:last_end] + separator + member + matter[last_end:]
