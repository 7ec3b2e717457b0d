"""Loading a post for editing, changing fields or the body losslessly, and saving it safely."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain import tomledit, yamledit
from blogtui.domain.dates import parse_date, restyle
from blogtui.domain.document import Document, FrontmatterError, parse_matter, split
from blogtui.domain.fsio import atomic_write, read_text


class EditError(ValueError):
    """An edit that cannot be made without damaging the file; one line for the user."""


@dataclass(frozen=True)
class LoadedPost:
    """A post as read for editing: the exact bytes (to detect outside changes) and its parts."""

    path: Path
    raw: bytes
    doc: Document
    metadata: dict[str, Any]


def load_post(path: Path) -> LoadedPost:
    """Read and parse a post; PostReadError or FrontmatterError (one line) when it cannot be."""
    raw, text = read_text(path)
    doc = split(text)
    return LoadedPost(path, raw, doc, parse_matter(doc))


_MISSING = object()


def _lookup(metadata: dict[str, Any], key_path: list[str]) -> Any:
    node: Any = metadata
    for key in key_path:
        if not isinstance(node, dict) or key not in node:
            return _MISSING
        node = node[key]
    return node


def get_path(metadata: dict[str, Any], key_path: list[str]) -> Any:
    """The value at a dotted path, or None."""
    value = _lookup(metadata, key_path)
    return None if value is _MISSING else value


def has_path(metadata: dict[str, Any], key_path: list[str]) -> bool:
    return _lookup(metadata, key_path) is not _MISSING


def split_key(metadata: dict[str, Any], key: str) -> list[str]:
    """`a.b` names a nested field unless the post has a top-level field literally named `a.b`."""
    if key in metadata or "." not in key:
        return [key]
    return key.split(".")


def set_field(doc: Document, metadata: dict[str, Any], key_path: list[str], value: Any) -> Document:
    """A new document with one field set; only that field's lines differ."""
    if has_path(metadata, key_path) and get_path(metadata, key_path) == value:
        old_type = type(get_path(metadata, key_path))
        if old_type is type(value):
            return doc
    old = get_path(metadata, key_path)
    if isinstance(value, str) and isinstance(old, str) and parse_date(old) is not None:
        value = restyle(value, old)
    if doc.kind == "none":
        newline = doc.newline
        doc = Document(doc.bom, "---" + newline, "", "---" + newline, doc.body, "yaml")
    try:
        if doc.kind == "yaml":
            matter = yamledit.set_value(doc.matter, key_path, value)
        elif doc.kind == "toml":
            matter = tomledit.set_value(doc.matter, key_path, value)
        else:
            matter = _json_edit(doc.matter, key_path, value, delete=False)
    except (yamledit.YamlEditError, tomledit.TomlEditError) as exc:
        raise EditError(str(exc)) from None
    return doc.replace(matter=matter)


def delete_field(doc: Document, metadata: dict[str, Any], key_path: list[str]) -> Document:
    """A new document without the field; only its lines are removed."""
    if not has_path(metadata, key_path):
        return doc
    try:
        if doc.kind == "yaml":
            matter = yamledit.delete_value(doc.matter, key_path)
        elif doc.kind == "toml":
            matter = tomledit.delete_value(doc.matter, key_path)
        else:
            matter = _json_edit(doc.matter, key_path, None, delete=True)
    except (yamledit.YamlEditError, tomledit.TomlEditError) as exc:
        raise EditError(str(exc)) from None
    return doc.replace(matter=matter)


def set_body(doc: Document, body: str) -> Document:
    """A new document with another body; the frontmatter bytes are untouched."""
    return doc.replace(body=body)


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


def _json_edit(matter: str, key_path: list[str], value: Any, delete: bool) -> str:
    # Splice like YAML: only the edited member's text changes; nested paths rewrite their
    # top-level member.
    data = json.loads(matter)
    top = key_path[0]
    if len(key_path) > 1:
        node = data.setdefault(top, {})
        for key in key_path[1:-1]:
            node = node.setdefault(key, {}) if isinstance(node, dict) else None
        if not isinstance(node, dict):
            raise EditError(f"{'.'.join(key_path[:-1])} is not an object")
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


def save(post: LoadedPost, doc: Document) -> LoadedPost:
    """Write `doc` over the post if it differs from what was loaded.

    Raises ConflictError when the file changed on disk since it was loaded, WriteError when the
    write fails; in both cases the file is untouched. Returns the post as now on disk.
    """
    data = doc.text.encode("utf-8")
    if data == post.raw:
        return post
    try:
        metadata = parse_matter(doc)
    except FrontmatterError as exc:  # never write a file we could not read back
        raise EditError(f"the edit would leave frontmatter that does not parse: {exc}") from None
    atomic_write(post.path, data, expected=post.raw)
    return LoadedPost(post.path, data, doc, metadata)
