"""Loading a post for editing, changing fields or the body losslessly, and saving it safely."""

from __future__ import annotations

import json
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


def get_path(metadata: dict[str, Any], key_path: list[str]) -> Any:
    """The value at a dotted path, or None."""
    node: Any = metadata
    for key in key_path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def has_path(metadata: dict[str, Any], key_path: list[str]) -> bool:
    node: Any = metadata
    for key in key_path:
        if not isinstance(node, dict) or key not in node:
            return False
        node = node[key]
    return True


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


def _json_edit(matter: str, key_path: list[str], value: Any, delete: bool) -> str:
    data = json.loads(matter)
    layout = _json_layout(matter, data)
    if layout is None:
        raise EditError("JSON frontmatter cannot be edited without reformatting it")
    node = data
    for key in key_path[:-1]:
        node = node.setdefault(key, {})
        if not isinstance(node, dict):
            raise EditError(f"{key} is not an object")
    if delete:
        node.pop(key_path[-1], None)
    else:
        node[key_path[-1]] = value
    indent, ascii_only = layout
    return json.dumps(data, indent=indent, ensure_ascii=ascii_only)


def _json_layout(matter: str, data: Any) -> tuple[int | str | None, bool] | None:
    # JSON has no comments or styles to keep: edit it when json.dumps reproduces it exactly.
    for indent in (2, 4, "\t", None):
        for ascii_only in (False, True):
            if json.dumps(data, indent=indent, ensure_ascii=ascii_only) == matter:
                return indent, ascii_only
    return None


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
