"""Bringing an interrupted change set (a crash, a kill) to a state the journal can prove.

Each file of an interrupted change set is in one of a few states, told apart by the checksums
the journal kept: as before, written, written but not yet moved, or changed by someone else
since. The change set is then rolled *forward* when the journal holds every byte it still has
to write, else rolled *back*, which the kept originals always allow:

- an interrupted undo finishes (its bytes are the originals of the change set it undoes), so a
  crash never re-applies an undone change to the posts already undone;
- an ordinary change whose every file was written is simply marked done; one that wrote only
  some is rolled back; one that wrote nothing is dropped from the journal.

Files changed by someone since are left as they are, with the reason said.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import read_bytes
from blogtui.domain.formats.document import Document
from blogtui.domain.ops.changeset import ChangeSet, FileChange, write_one
from blogtui.domain.ops.edit import LoadedPost
from blogtui.domain.ops.manifest import Entry, digest, save

Where = Literal["before", "written", "unmoved", "other"]
Direction = Literal["forward", "back"]


@dataclass
class _File:
    record: dict[str, Any]
    where: Where
    at: str
    """Where the file is now (its path, or where the change set moved it)."""
    raw: bytes | None


def _read(root: Path, relative: str) -> bytes | None:
    try:
        return read_bytes(root / relative, root=root)
    except PostReadError:
        return None


def _locate(root: Path, record: dict[str, Any]) -> _File:
    path, moved_to = record["path"], record.get("moved_to")
    if moved_to:
        there = _read(root, moved_to)
        if there is not None and digest(there) == record["after"]:
            return _File(record, "written", moved_to, there)
    here = _read(root, path)
    if here is not None:
        if digest(here) == record["before"]:
            return _File(record, "before", path, here)
        if digest(here) == record["after"]:
            return _File(record, "unmoved" if moved_to else "written", path, here)
    return _File(record, "other", moved_to or path, here)


def _afters(entry: Entry, undone: Entry | None) -> dict[str, bytes]:
    """The bytes an interrupted undo still has to write: the proved originals of the change set
    it undoes, by checksum."""
    if entry.undoes is None or undone is None or undone.damaged:
        return {}
    return {record["before"]: undone.original(record) for record in undone.files}


@dataclass
class Recovery:
    """What bringing an interrupted change set to a proved state will write."""

    entry: Entry
    direction: Direction
    changeset: ChangeSet
    undone: Entry | None
    """The change set an interrupted undo undoes (marked undone once the undo finishes)."""


def outcome(entry: Entry, changeset: ChangeSet) -> str:
    """Where `finish` left an interrupted change set, in words for the user."""
    if entry.state == "applied":
        return f"the interrupted change was rolled forward: {entry.summary} is complete"
    if entry.state == "undone" or not entry.folder.exists():
        return f"the interrupted change was rolled back: {entry.summary} is not in effect"
    failed = sum(1 for change in changeset.files if change.status in ("error", "conflict"))
    return f"the interrupted change is still interrupted: {failed} files could not be written"


def plan_recovery(root: Path, entry: Entry, undone: Entry | None) -> Recovery:
    """Which way the interrupted `entry` goes, and the writes that take it there."""
    files = [_locate(root, record) for record in entry.files]
    afters = _afters(entry, undone)
    pending = [f for f in files if f.where == "before"]
    forward = bool(files) and all(f.record["after"] in afters for f in pending)
    if not entry.undoes:
        forward = not pending  # an ordinary change's new bytes are kept nowhere
    direction: Direction = "forward" if forward else "back"
    changes = [_change(root, entry, f, direction, afters) for f in files]
    verb = "finish" if forward else "roll back"
    summary = f"{verb} the interrupted {entry.summary}"
    return Recovery(entry, direction, ChangeSet(root, summary, changes), undone)


def _change(
    root: Path, entry: Entry, file: _File, direction: Direction, afters: dict[str, bytes]
) -> FileChange:
    record, raw = file.record, file.raw
    if file.where == "other" or raw is None:
        reason = "changed since the interrupted change; left as it is"
        return FileChange(file.at, "skipped", reason)
    post = LoadedPost(root / file.at, raw, _as_text(raw), {}, root)
    moved_to = record.get("moved_to")
    if direction == "forward":
        if file.where == "written":
            return FileChange(file.at, "unchanged", "already done", post)
        new = raw if file.where == "unmoved" else afters[record["after"]]
        return FileChange(file.at, "changed", post=post, new_raw=new, move_to=moved_to)
    if file.where == "before":
        return FileChange(file.at, "unchanged", "never written", post)
    back = record["path"] if file.at != record["path"] else None
    original = entry.original(record)  # proved by its checksum, or the whole plan is refused
    return FileChange(file.at, "changed", post=post, new_raw=original, move_to=back)


def _as_text(raw: bytes) -> Document:
    # Only the bytes matter to a recovery (it restores whole files): no parse needed.
    return Document("", "", "", "", raw.decode("utf-8", "replace"), "none")


def finish(recovery: Recovery, progress: Any = None) -> ChangeSet:
    """Write what the recovery planned; then the journal says where the change set stands.

    A file that fails leaves the change set interrupted, to be tried again."""
    entry, changeset = recovery.entry, recovery.changeset
    todo = changeset.changed
    for number, change in enumerate(todo, 1):
        write_one(change)
        if progress is not None:
            progress(number, len(todo))
    if any(change.status == "error" or change.status == "conflict" for change in todo):
        return changeset
    if recovery.direction == "back" and not todo:
        shutil.rmtree(entry.folder, ignore_errors=True)  # it never wrote a byte
        return changeset
    if recovery.direction == "forward":
        for record in entry.files:
            record["status"] = "changed"
        entry.state = "applied"
        changeset.id = entry.id
    else:
        entry.state = "undone"
    save(entry)
    if recovery.direction == "forward" and recovery.undone is not None:
        recovery.undone.state = "undone"
        save(recovery.undone)
    return changeset
