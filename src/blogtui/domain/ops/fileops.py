"""Renaming, duplicating and deleting (to a trash folder) posts, never over another file.

Each operation either happens whole or leaves the folder as it was: no second copy of a post
after a failed move, no half-written duplicate, no trash entry for a delete that failed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from blogtui.domain.files.errors import ConflictError
from blogtui.domain.files.fsio import create_new, fsync_folder, place_new, read_bytes
from blogtui.domain.files.locking import writer_lock
from blogtui.domain.files.naming import MAX_NAME_LENGTH, slugify, unique_path

TRASH = ".blogtui-trash"
"""Hidden, so the index never lists what is in it; under the content folder, so it is easy to
find and to move a post back from."""
_TRASH_GITIGNORE = "# Deleted posts, kept by blogtui so that a delete can be undone.\n*\n"


_DATED = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-")


def renamed_path(path: Path, new_name: str) -> Path:
    """The path a rename gives: the new name made a safe slug, the extension kept.

    In a Jekyll `_posts/` folder the date prefix stays: Jekyll builds only dated names there,
    and a rename that dropped it would take the post off the site without a word."""
    stem = slugify(Path(new_name).stem if new_name.endswith(path.suffix) else new_name)
    dated = _DATED.match(path.name)
    if path.parent.name == "_posts" and dated and not _DATED.match(stem):
        stem = f"{dated.group(1)}-{stem}"
    return path.with_name(f"{stem[:MAX_NAME_LENGTH]}{path.suffix}")


def duplicate_post(path: Path, root: Path | None = None) -> Path:
    """A copy next to the original, named `<stem>-copy`, `<stem>-copy-2`..."""
    data = read_bytes(path, root=root)
    return create_unique(path.parent, f"{path.stem}-copy", path.suffix.lstrip("."), data)


def create_unique(folder: Path, stem: str, extension: str, data: bytes) -> Path:
    """A new file `stem.ext` (else `stem-2.ext`...) holding `data`, created whole or not at all."""
    return at_free_name(folder, stem, extension, lambda target: create_new(target, data))


def at_free_name(folder: Path, stem: str, extension: str, place: Callable[[Path], object]) -> Path:
    """`place` a file at `stem.ext`, else `stem-2.ext`...: the first name nobody holds."""
    while True:
        target = unique_path(folder, stem, extension)
        try:
            place(target)
        except ConflictError:
            continue  # another program took the name in between: try the next one
        return target


def trash_folder(root: Path) -> Path:
    """The trash, created with a `.gitignore` so that `git add -A` never commits deleted posts."""
    return ignored_folder(root / TRASH, _TRASH_GITIGNORE)


def ignored_folder(folder: Path, gitignore: str) -> Path:
    """A folder of blogtui's own (hidden from the index by its dot), with a `.gitignore` that
    keeps git from ever committing it."""
    folder.mkdir(exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(ConflictError):
            create_new(ignore, gitignore.encode())
    return folder


def trash_post(root: Path, path: Path, when: dt.datetime | None = None) -> Path:
    """Move the post into `<root>/.blogtui-trash/<time>/<its relative path>`; returns where.

    A post that is a link is trashed as the link, under its own name; its target is untouched.
    """
    when = when or dt.datetime.now()
    # The folder resolved, the name kept: a link is moved as itself.
    location = Path(os.path.realpath(path.parent)) / path.name
    relative = location.relative_to(os.path.realpath(root))
    slot = trash_folder(root) / when.strftime("%Y%m%d-%H%M%S") / relative.parent
    slot.mkdir(parents=True, exist_ok=True)
    with writer_lock(location):
        stem, extension = Path(relative.name).stem, path.suffix.lstrip(".")
        target = at_free_name(slot, stem, extension, lambda free: place_new(location, free))
    fsync_folder(location.parent)
    return target


@dataclass(frozen=True)
class FileOperation:
    """A duplicate or delete that was done, with what undoing it needs."""

    kind: Literal["duplicate", "delete"]
    before: Path
    """The post's path before the operation (for a duplicate: the original)."""
    after: Path
    """Where it is now: the copy, or its place in the trash."""


def undo(root: Path, operation: FileOperation) -> Path:
    """Reverse an operation; returns where the file is now (an undone duplicate: in the trash).

    Never over another file: if the old name was taken meanwhile, ConflictError and nothing
    changes. An undone duplicate goes to the trash, not away: nothing is ever unlinked.
    """
    if operation.kind == "duplicate":
        return trash_post(root, operation.after)
    with writer_lock(operation.after):
        place_new(operation.after, operation.before)
    fsync_folder(operation.before.parent)
    return operation.before
