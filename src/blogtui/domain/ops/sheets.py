"""Posts as a table of fields, and back: what `export`, `import` and the app's grid share.

A cell is a field's value as text: a list is its items joined by `; `, a nested value is JSON,
nothing is ''. Importing compares each cell with the post as it is now: only a cell that
differs becomes a change, typed like the value it replaces (a date stays a date, a number a
number, under the CMS's options and patterns), and all of them are one change set.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.ops.changeset import ChangeSet, plan
from blogtui.domain.ops.edit import DELETE, KeyPath, LoadedPost, get_path, has_path, load_post
from blogtui.domain.ops.fieldinput import FieldError, FieldInput
from blogtui.domain.site.schema import SiteConfig

LIST_SEPARATOR = "; "


def cell_text(value: Any) -> str:
    """A field's value as a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list) and all(not isinstance(v, (list, dict)) for v in value):
        return LIST_SEPARATOR.join(cell_text(item) for item in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def table(posts: Iterable[Any], fields: list[str]) -> list[dict[str, str]]:
    """A row a post: `path`, then each field's cell (posts with their fields read)."""
    return [
        {
            "path": post.path,
            **{n: cell_text(get_path(post.fields or {}, n.split("."))) for n in fields},
        }
        for post in posts
    ]


def known_fields(posts: Iterable[Any], config: SiteConfig | None) -> set[str]:
    """The fields a column may name: any post's (nested ones dotted: `seo.title`), or the
    CMS's (posts with their fields read)."""
    known = {name for post in posts for name in _names(post.fields or {})}
    if config is not None:
        known |= {f.name for collection in config.collections for f in collection.fields}
    return known


def _names(fields: Mapping[str, Any], prefix: str = "") -> list[str]:
    names = []
    for key, value in fields.items():
        name = f"{prefix}{key}"
        names.append(name)
        if isinstance(value, dict):
            names += _names(value, name + ".")
    return names


@dataclass
class ImportPlan:
    changeset: ChangeSet
    problems: list[str] = field(default_factory=list)
    """One line each: a row for no post, an unknown column, a value that does not type."""
    cells: int = 0
    """How many cells differ from the posts now."""


def plan_import(
    root: Path,
    rows: Sequence[Mapping[str, Any]],
    known: set[str],
    partial: bool = False,
    summary: str = "import",
    fields: Mapping[str, Mapping[str, Any]] | None = None,
    config: SiteConfig | None = None,
) -> ImportPlan:
    """The change set that makes the posts what the rows say. `known`: the fields a column may
    name (any post's, or the CMS's). `fields`: the index's fields by path, so that only a row
    with a differing cell is read in full. `config`: the site's CMS config, whose options and
    patterns a cell must meet. With problems and not `partial`, nothing is
    planned."""
    problems: list[str] = []
    wanted: dict[str, dict[KeyPath, Any]] = {}
    read: dict[str, LoadedPost] = {}
    columns = list(dict.fromkeys(name for row in rows for name in row if name != "path"))
    for name in columns:
        if not name or name not in known:
            problems.append(f"column {name!r}: no post has such a field (a typo?)")
    good_columns = [name for name in columns if name and name in known]
    cells = 0
    for number, row in enumerate(rows, 2):
        relative = str(row.get("path") or "").strip()
        indexed = fields.get(relative) if fields is not None else None
        if indexed is not None and all(
            row.get(name) is None
            or row.get(name) == cell_text(get_path(dict(indexed), name.split(".")))
            for name in good_columns
        ):
            continue  # the index says nothing differs: the file is not read (most rows)
        post = _post(root, relative)
        if isinstance(post, str):
            problems.append(f"row {number}: {post}")
            continue
        changes: dict[KeyPath, Any] = {}
        for name in good_columns:
            text = row.get(name)
            if text is None:
                continue
            key_path = tuple(name.split("."))
            current = get_path(post.metadata, key_path)
            if isinstance(text, str) and text == cell_text(current):
                continue
            try:
                changes[key_path] = _typed(post, key_path, current, text, config)
            except FieldError as exc:
                problems.append(f"row {number} ({relative}): {exc}")
                continue
            cells += 1
        if changes:
            wanted[relative] = changes
            read[relative] = post
    if problems and not partial:
        return ImportPlan(ChangeSet(root, summary, []), problems, cells)
    changeset = plan(
        root, sorted(wanted), lambda post: wanted[_relative(root, post)], summary, read
    )
    return ImportPlan(changeset, problems, cells)


def _relative(root: Path, post: LoadedPost) -> str:
    return post.path.relative_to(root).as_posix()


def _post(root: Path, relative: str) -> LoadedPost | str:
    if not relative:
        return "no path"
    target = (root / relative).resolve()
    if not target.is_relative_to(root.resolve()):
        return f"{relative}: outside the folder; refused"
    try:
        return load_post(root / relative, root)
    except (PostReadError, FrontmatterError) as exc:
        return f"{relative}: {exc}"


def _typed(
    post: LoadedPost, key_path: KeyPath, current: Any, text: Any, config: SiteConfig | None
) -> Any:
    """A cell as the value its field takes (a JSON import's values are taken as they are)."""
    if not isinstance(text, str):
        return text
    if text == "":
        return DELETE  # emptied: the field goes (an absent one never differs from '')
    if isinstance(current, list):
        return [item.strip() for item in text.split(";") if item.strip()]
    if isinstance(current, dict) or (current is None and text.lstrip().startswith(("{", "["))):
        try:
            return json.loads(text)
        except ValueError:
            raise FieldError(f"{'.'.join(key_path)}: {text[:40]!r}: not valid JSON") from None
    collection = config.collection_for(post.path) if config is not None else None
    rules = collection.field(key_path[0]) if collection and len(key_path) == 1 else None
    typing = FieldInput(key_path, current, has_path(post.metadata, key_path), rules)
    return typing.from_command_line(text)[0]
