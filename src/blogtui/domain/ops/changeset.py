"""Change sets: one change planned over many posts, shown as a diff, applied safely, undone.

Planning reads and edits in memory only. Each file's edit is the same lossless splice, proved
the same way, as a single save. Applying writes the journal first (every original byte), then
saves file by file under the writers' lock and the conflict check: a file changed since the
plan is a conflict and keeps its bytes; the others apply.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from blogtui.domain.files.errors import ConflictError, PostReadError, WriteError, describe
from blogtui.domain.files.fsio import (
    atomic_write,
    check_inside,
    fsync_folder,
    is_read_only,
    place_new,
    read_bytes,
)
from blogtui.domain.files.locking import writer_lock
from blogtui.domain.formats.document import Document, FrontmatterError
from blogtui.domain.ops.edit import (
    MISSING,
    Edit,
    EditError,
    KeyPath,
    LoadedPost,
    SharedValueError,
    edit_fields,
    load_post,
    lookup,
    save,
)

Status = Literal["changed", "unchanged", "skipped", "conflict", "error"]
FieldChanges = Mapping[KeyPath, Any]


@dataclass
class FileChange:
    """One file of a change set: what it holds now, what it will hold, or why it is left."""

    path: str
    """Relative to the change set's root, with `/` separators."""
    status: Status
    reason: str | None = None
    post: LoadedPost | None = None
    """The post as read when planning (its bytes are what the apply expects on disk)."""
    edit: Edit | None = None
    """A field edit, proved when saved."""
    new_raw: bytes | None = None
    """Or the file's whole new bytes (an undo restoring an original exactly)."""
    fields: dict[KeyPath, tuple[Any, Any]] = field(default_factory=dict)
    """Field -> (value before, value after); MISSING for a field that was not there."""
    move_to: str | None = None
    """Where the file goes once written (a Jekyll draft published into `_posts/`)."""

    @property
    def before(self) -> bytes:
        return self.post.raw if self.post is not None else b""

    @property
    def after(self) -> bytes:
        if self.new_raw is not None:
            return self.new_raw
        if self.edit is not None:
            return self.edit.doc.text.encode("utf-8")
        return self.before

    def diff(self) -> str:
        """The change as a unified diff (`--- a/path` / `+++ b/path`); '' when none."""
        if self.status != "changed" and not (self.status == "conflict" and self.post):
            return ""
        old = self.before.decode("utf-8", "replace").splitlines(keepends=True)
        new = self.after.decode("utf-8", "replace").splitlines(keepends=True)
        lines = difflib.unified_diff(old, new, f"a/{self.path}", f"b/{self.move_to or self.path}")
        moved = f"rename from {self.path}\nrename to {self.move_to}\n" if self.move_to else ""
        return moved + "".join(
            line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"
            for line in lines
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "reason": self.reason,
            "diff": self.diff(),
        }


@dataclass
class ChangeSet:
    """A change planned over many posts; nothing is written until `apply`."""

    root: Path
    summary: str
    """What the change does, in a few words ("rename tag Python -> python")."""
    files: list[FileChange]
    id: str | None = None
    """The journal's id once applied."""
    notes: list[str] = field(default_factory=list)
    """What the user should know of the change beyond its diff (an old URL that will 404)."""
    tidy: bool = False
    """A move (or its undo): the folders its files left, once empty, are taken away."""

    def tidy_up(self) -> None:
        """Take away the folders this move left empty (its undo makes them again). Only a
        move's: a Jekyll `_drafts/` emptied by a publish stays, the site's way of drafting."""
        for change in self.files if self.tidy else ():
            if change.move_to is None or change.status != "changed":
                continue
            folder = (self.root / change.path).parent
            while folder != self.root and folder.is_relative_to(self.root):
                try:
                    folder.rmdir()
                except OSError:
                    break  # not empty, or not ours to remove
                folder = folder.parent

    def count(self, status: Status) -> int:
        return sum(1 for change in self.files if change.status == status)

    @property
    def changed(self) -> list[FileChange]:
        return [change for change in self.files if change.status == "changed"]

    @property
    def left_out(self) -> list[FileChange]:
        """Files that will not (or did not) change for a reason: skipped, conflict, error."""
        return [c for c in self.files if c.status in ("skipped", "conflict", "error")]

    def diff(self) -> str:
        return "".join(change.diff() for change in self.files)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "summary": self.summary,
            "changed": self.count("changed"),
            "skipped": len(self.left_out),
            "notes": self.notes,
            "files": [change.to_json() for change in self.files],
        }


def plan(
    root: Path,
    paths: Iterable[str],
    change: Callable[[LoadedPost], FieldChanges | None],
    summary: str,
    read: Mapping[str, LoadedPost] | None = None,
) -> ChangeSet:
    """Plan `change` over these posts (relative paths): for each, the fields it sets.

    `change` returns {field path: new value or DELETE} (empty or None: nothing to change). A post
    that cannot be read or parsed, or is read-only, is left with its reason, never written.
    `read`: posts the caller has just read, by path.
    """
    files: list[FileChange] = []
    for relative in paths:
        path = root / relative
        try:
            # A post the caller just read is not read again (its bytes are what the apply's
            # conflict check compares with, as when read here).
            post = (
                read[relative] if read is not None and relative in read else load_post(path, root)
            )
        except (PostReadError, FrontmatterError) as exc:
            files.append(FileChange(relative, "error", str(exc)))
            continue
        try:
            wanted = change(post)
            if not wanted:
                files.append(FileChange(relative, "unchanged", post=post))
                continue
            edit = edit_fields(post, wanted)
        except SharedValueError as exc:
            files.append(FileChange(relative, "skipped", f"{exc}; edit it alone", post))
            continue
        except ValueError as exc:  # EditError, or a value this post's field cannot take
            files.append(FileChange(relative, "error", str(exc), post))
            continue
        if edit.doc.text.encode("utf-8") == post.raw:
            files.append(FileChange(relative, "unchanged", post=post))
            continue
        if is_read_only(path):
            files.append(FileChange(relative, "skipped", "read-only: never written", post))
            continue
        before = {key: lookup(post.metadata, key) for key in edit.fields}
        fields = {key: (before[key], _after(value)) for key, value in edit.fields.items()}
        files.append(FileChange(relative, "changed", post=post, edit=edit, fields=fields))
    return ChangeSet(root, summary, files)


MAX_MOVED_FILE = 256 * 1024 * 1024
"""A file moved with its post (an image, a video) is kept whole in the journal up to this size."""


def raw_post(root: Path, relative: str, limit: int = MAX_MOVED_FILE) -> LoadedPost:
    """A file as bytes only (an image, a post that no longer parses): enough to move it or to
    restore its bytes, with the conflict check. PostReadError when it cannot be read."""
    raw = read_bytes(root / relative, limit, root)
    text = raw.decode("utf-8", "replace")
    return LoadedPost(root / relative, raw, Document("", "", "", "", text, "none"), {}, root)


def restore_plan(root: Path, relative: str, content: bytes, summary: str) -> ChangeSet:
    """Give a post these exact bytes (an earlier version): planned like any change. A post
    that no longer parses (a bad edit, conflict markers) can be restored too: only its bytes
    are needed, for the conflict check."""
    changeset = plan(root, [relative], lambda post: None, summary)
    for number, change in enumerate(changeset.files):
        if change.post is None and change.status == "error":
            try:
                post = raw_post(root, relative)
            except PostReadError:
                continue  # gone or unreadable: the error stands
            changeset.files[number] = change = FileChange(relative, "unchanged", post=post)
        if change.post is not None and change.post.raw != content:
            if is_read_only(root / relative):
                change.status, change.reason = "skipped", "read-only: never written"
            else:
                change.status, change.new_raw = "changed", content
    return changeset


def _after(value: Any) -> Any:
    from blogtui.domain.ops.edit import DELETE

    return MISSING if value is DELETE else value


def write_one(change: FileChange) -> None:
    """Apply one planned file: its status becomes changed, conflict or error."""
    assert change.post is not None
    try:
        if change.edit is not None:
            save(change.post, change.edit)
        else:
            atomic_write(change.post.path, change.after, change.post.raw, change.post.root)
    except ConflictError:
        change.status = "conflict"
        change.reason = "changed on disk since the plan; left as it is"
    except (WriteError, EditError, OSError) as exc:
        change.status = "error"
        change.reason = describe(exc)
        return
    if change.move_to is not None:
        root = change.post.root or change.post.path.parent
        target = root / change.move_to
        try:
            check_inside(target.parent, root)
            target.parent.mkdir(parents=True, exist_ok=True)
            with writer_lock(change.post.path):
                place_new(change.post.path, target)
            fsync_folder(target.parent)
        except (ConflictError, OSError) as exc:
            change.reason = f"written, but not moved to {change.move_to}: {describe(exc)}"
