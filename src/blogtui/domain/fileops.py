"""Renaming, duplicating and deleting (to a trash folder) posts, never over another file."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

from blogtui.domain.fsio import ConflictError, create_new, read_bytes
from blogtui.domain.naming import MAX_NAME_LENGTH, slugify, unique_path

TRASH = ".blogtui-trash"
"""Hidden, so the index never lists what is in it; under the content folder, so it is easy to
find and to move a post back from."""


def _no_clobber_move(source: Path, target: Path) -> None:
    # A hard link fails if the target exists, so two programs can never overwrite each other.
    try:
        os.link(source, target)
    except FileExistsError:
        raise ConflictError(f"{target.name}: already exists") from None
    except OSError:
        if target.exists():
            raise ConflictError(f"{target.name}: already exists") from None
        shutil.move(source, target)  # a file system without hard links
        return
    os.unlink(source)


def rename_post(path: Path, new_name: str) -> Path:
    """Rename within the same folder; the new name is made a safe slug, the extension kept."""
    stem = slugify(Path(new_name).stem if new_name.endswith(path.suffix) else new_name)
    target = path.with_name(f"{stem[:MAX_NAME_LENGTH]}{path.suffix}")
    if target == path:
        return path
    if target.exists():
        raise ConflictError(f"{target.name} already exists; choose another name")
    _no_clobber_move(path, target)
    return target


def duplicate_post(path: Path) -> Path:
    """A copy next to the original, named `<stem>-copy`, `<stem>-copy-2`..."""
    data = read_bytes(path)
    while True:
        target = unique_path(path.parent, f"{path.stem}-copy", path.suffix.lstrip("."))
        try:
            create_new(target, data)
        except ConflictError:
            continue
        return target


def trash_post(root: Path, path: Path, when: dt.datetime | None = None) -> Path:
    """Move the post into `<root>/.blogtui-trash/<time>/<its relative path>`; returns where."""
    when = when or dt.datetime.now()
    relative = path.resolve().relative_to(root.resolve())
    target = root / TRASH / when.strftime("%Y%m%d-%H%M%S") / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target = unique_path(target.parent, target.stem, target.suffix.lstrip("."))
    _no_clobber_move(path, target)
    return target
