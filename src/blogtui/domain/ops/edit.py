"""Loading a post for editing, changing fields or the body losslessly, and saving it safely.

Every edit is an `Edit`: the new document together with what it is meant to change. `save`
re-reads the new text with the reader that lists posts and writes it only if the result holds
exactly the intended change: every other field keeps its value, the body and the fences their
bytes. A splice bug thus becomes a clear refusal instead of a damaged post.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.files.fsio import atomic_write, check_inside
from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats import jsonedit, tomledit, yamledit
from blogtui.domain.formats.dates import like_old_moment, parse_date, restyle
from blogtui.domain.formats.document import Document, FrontmatterError, parse_matter, split

KeyPath = tuple[str, ...]


class EditError(ValueError):
    """An edit that cannot be made without damaging the file; one line for the user."""


class SharedValueError(EditError):
    """The edited value is shared through a YAML anchor; the edit must say which meaning."""


DELETE: Any = object()
"""A change that removes the field."""


@dataclass(frozen=True)
class LoadedPost:
    """A post as read for editing: the exact bytes (to detect outside changes) and its parts."""

    path: Path
    raw: bytes
    doc: Document
    metadata: dict[str, Any]
    root: Path | None = None
    """The content folder: saves never follow a link out of it."""


@dataclass(frozen=True)
class Edit:
    """A post's new document and the changes it must carry, nothing more."""

    doc: Document
    fields: dict[KeyPath, Any] = field(default_factory=dict)
    """Field path -> the value it must have after the save (DELETE: gone)."""
    body: str | None = None
    """The new body; None when the body must stay as it was."""


def load_post(path: Path, root: Path | None = None) -> LoadedPost:
    """Read and parse a post; PostReadError or FrontmatterError (one line) when it cannot be.

    With `root`, a post whose real path leaves it (a link, or a linked folder on the way) is
    refused before a byte is read: it could never be saved."""
    if root is not None:
        check_inside(path, root)
    raw, doc, metadata = read_post_file(path, root).parsed()
    return LoadedPost(path, raw, doc, metadata, root)


MISSING: Any = type("Missing", (), {"__repr__": lambda self: "MISSING"})()
"""A field that is not in the post (the value a lookup gives for it)."""


def lookup(metadata: Mapping[str, Any], key_path: Iterable[str]) -> Any:
    """The value at a field path, or MISSING."""
    node: Any = metadata
    for key in key_path:
        if not isinstance(node, dict) or key not in node:
            return MISSING
        node = node[key]
    return node


def get_path(metadata: dict[str, Any], key_path: Iterable[str]) -> Any:
    """The value at a dotted path, or None."""
    value = lookup(metadata, key_path)
    return None if value is MISSING else value


def has_path(metadata: dict[str, Any], key_path: Iterable[str]) -> bool:
    return lookup(metadata, key_path) is not MISSING


def split_key(metadata: dict[str, Any], key: str) -> list[str]:
    """`a.b` names a nested field unless the post has a top-level field literally named `a.b`."""
    if key in metadata or "." not in key:
        return [key]
    return key.split(".")


def check_path(metadata: dict[str, Any], key_path: list[str]) -> None:
    """EditError unless every parent on the path is a mapping (or absent, to be created)."""
    node: Any = metadata
    for depth, key in enumerate(key_path[:-1]):
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return
        if not isinstance(node, dict):
            kind = "a list" if isinstance(node, list) else "a single value"
            where = ".".join(key_path[: depth + 1])
            raise EditError(
                f"{where} is {kind}, not a mapping of fields: cannot set {'.'.join(key_path)}"
            )


def edit_fields(
    post: LoadedPost, changes: Mapping[KeyPath, Any], shared: str | None = None
) -> Edit:
    """The post with these fields set (DELETE removes one); only their lines differ.

    `shared` says what a change to a value shared through a YAML anchor means (see
    yamledit.SHARED_MODES); without it such a change raises SharedValueError.
    """
    doc = post.doc
    intended: dict[KeyPath, Any] = {}
    for key_path, value in changes.items():
        path = list(key_path)
        check_path(post.metadata, path)
        if value is DELETE:
            doc = delete_field(doc, post.metadata, path)
            intended[key_path] = DELETE
            continue
        value = written_value(post.metadata, path, value, post.doc)
        doc = set_field(doc, post.metadata, path, value, shared)
        intended[key_path] = value
        if shared == "all" and doc.kind == "yaml":
            for other in yamledit.shared_paths(post.doc.matter, path):
                intended[tuple(other)] = value
    return Edit(doc, intended)


def edit_body(post: LoadedPost, body: str) -> Edit:
    """The post with another body; the frontmatter bytes are untouched."""
    return Edit(post.doc.replace(body=body), body=body)


def written_value(
    metadata: dict[str, Any], key_path: list[str], value: Any, doc: Document | None = None
) -> Any:
    """What setting `value` really writes: a new date takes the old date's format; a value
    replacing a `title: >` block (whose text ends with its one line break) keeps that line
    break, so the block keeps its chomping indicator instead of turning into `>-`."""
    old = get_path(metadata, key_path)
    if isinstance(value, str) and isinstance(old, str) and parse_date(old) is not None:
        return restyle(value, old)
    clipped = isinstance(old, str) and old.endswith("\n") and not old.endswith("\n\n")
    bare = isinstance(value, str) and bool(value.strip()) and not value.endswith("\n")
    in_yaml = doc is not None and doc.kind == "yaml"
    if clipped and bare and in_yaml and yamledit.block_style(doc.matter, key_path):  # type: ignore[union-attr]
        return value + "\n"
    if isinstance(value, str) and isinstance(old, dt.date):  # a TOML date or datetime
        moment = like_old_moment(value, old)
        return value if moment is None else moment
    return value


def set_field(
    doc: Document,
    metadata: dict[str, Any],
    key_path: list[str],
    value: Any,
    shared: str | None = None,
) -> Document:
    """A new document with one field set; only that field's lines differ (unchecked: save
    it through `edit_fields`, which says what the edit means)."""
    value = written_value(metadata, key_path, value)
    current = lookup(metadata, key_path)
    if current is not MISSING and type(current) is type(value) and current == value:
        return doc
    if doc.kind == "none":
        newline = doc.newline
        doc = Document(doc.bom, "---" + newline, "", "---" + newline, doc.body, "yaml")
    try:
        if doc.kind == "yaml":
            matter = yamledit.set_value(doc.matter, key_path, value, shared)
        else:
            matter = _editor(doc.kind).set_value(doc.matter, key_path, value)
    except yamledit.SharedValueError as exc:
        raise SharedValueError(str(exc)) from None
    except (yamledit.YamlEditError, tomledit.TomlEditError, jsonedit.JsonEditError) as exc:
        raise EditError(str(exc)) from None
    return doc.replace(matter=matter)


def _editor(kind: str) -> Any:
    """The module that splices this kind of frontmatter (set_value, delete_value)."""
    editors = {"yaml": yamledit, "toml": tomledit, "json": jsonedit}
    if kind not in editors:
        raise EditError(
            "JavaScript frontmatter (---js) is read, never written: change it in your editor"
        )
    return editors[kind]


def delete_field(doc: Document, metadata: dict[str, Any], key_path: list[str]) -> Document:
    """A new document without the field; only its lines are removed."""
    if not has_path(metadata, key_path):
        return doc
    try:
        matter = _editor(doc.kind).delete_value(doc.matter, key_path)
    except (yamledit.YamlEditError, tomledit.TomlEditError, jsonedit.JsonEditError) as exc:
        raise EditError(str(exc)) from None
    return doc.replace(matter=matter)


# -- the safety net ---------------------------------------------------------------------------


def verify(post: LoadedPost, edit: Edit) -> tuple[Document, dict[str, Any]]:
    """The new text read back as the index would read the file (its parts and metadata);
    EditError unless it carries exactly the intended change."""
    text = edit.doc.text
    try:
        again = split(text)
        metadata = parse_matter(again)
    except FrontmatterError as exc:
        raise EditError(f"the edit would leave frontmatter that does not parse: {exc}") from None
    old = post.doc
    if again.bom != old.bom or (old.kind != "none" and again.kind != old.kind):
        raise EditError("the edit would change how the frontmatter starts; nothing was written")
    if old.head and (again.head, again.tail) != (old.head, old.tail):
        raise EditError("the edit would move the frontmatter's fences; nothing was written")
    body = old.body if edit.body is None else edit.body
    if again.body != body:
        raise EditError("the edit would change the body; nothing was written")
    expected = copy.deepcopy(post.metadata)
    for key_path, value in edit.fields.items():
        _put(expected, key_path, value)
    problem = _difference(expected, metadata, ())
    if problem is not None:
        raise EditError(f"the edit would {problem}; nothing was written")
    return again, metadata


def _put(metadata: dict[str, Any], key_path: KeyPath, value: Any) -> None:
    node = metadata
    for key in key_path[:-1]:
        child = node.get(key)
        if not isinstance(child, dict):
            child = node[key] = {}
        node = child
    if value is DELETE:
        node.pop(key_path[-1], None)
    else:
        node[key_path[-1]] = value


def _difference(expected: Any, actual: Any, where: KeyPath) -> str | None:
    """Why `actual` is not `expected` (types strictly: 1 is not True), or None."""
    name = ".".join(where) or "the frontmatter"
    if isinstance(expected, dict) and isinstance(actual, dict):
        # In the post's own order, so the first difference named is the first in the file.
        for key in [*expected, *(key for key in actual if key not in expected)]:
            if key not in actual:
                return f"remove {'.'.join((*where, key))}"
            if key not in expected:
                return f"add {'.'.join((*where, key))}"
            problem = _difference(expected[key], actual[key], (*where, key))
            if problem is not None:
                return problem
        return None
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for index, (a, b) in enumerate(zip(expected, actual, strict=True)):
            problem = _difference(a, b, (*where, str(index)))
            if problem is not None:
                return problem
        return None
    if type(expected) is not type(actual) or expected != actual:
        return f"change {name} to {_short(actual)} (expected {_short(expected)})"
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def save(post: LoadedPost, edit: Edit) -> LoadedPost:
    """Write the edit over the post if it changes anything, after proving it (see `verify`).

    Raises EditError when the new text would not carry exactly the intended change,
    ConflictError when the file changed on disk since it was loaded, WriteError when the write
    fails; in each case the file is untouched. Returns the post as now on disk.
    """
    data = edit.doc.text.encode("utf-8")
    if data == post.raw:
        return post
    doc, metadata = verify(post, edit)
    atomic_write(post.path, data, expected=post.raw, root=post.root)
    return LoadedPost(post.path, data, doc, metadata, post.root)
