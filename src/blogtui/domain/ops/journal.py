"""The journal of change sets: written before any file is, so every change can be undone.

Each applied change set keeps, under `<content>/.blogtui-journal/<id>/`, the original bytes of
every file it was about to change (`originals.bin`) and a manifest: each file's checksums before
and after, and the fields it changed. The folder is hidden (never listed as posts) and holds a
`.gitignore`, so git never commits it. The newest 50 change sets are kept.

Undo restores a file's original bytes exactly when the file is as the change set left it, and
only bytes whose checksum proves them: a damaged journal is refused whole, before anything is
written. When the file changed again since, only the change set's own fields are set back (a
field merge), if nobody changed those fields meanwhile; else the file is left and the reason
said. An undo is a change set too: undoing it redoes. An interrupted change set is brought to a
proved state instead (see `recovery`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from blogtui.domain.files.errors import PostReadError, WriteError, reason
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.ops.changeset import ChangeSet, FileChange, raw_post, write_one
from blogtui.domain.ops.edit import (
    DELETE,
    MISSING,
    EditError,
    KeyPath,
    edit_fields,
    load_post,
    lookup,
)
from blogtui.domain.ops.fileops import ignored_folder
from blogtui.domain.ops.manifest import (
    Entry,
    JournalError,
    decode,
    digest,
    encode,
    load,
    save,
)
from blogtui.domain.ops.recovery import finish, plan_recovery
from blogtui.domain.site.folder import JOURNAL, applying
from blogtui.domain.site.folder import journal_home as home

KEEP = 50
_GITIGNORE = "# Change sets applied by blogtui, kept so that they can be undone.\n*\n"


def journal_folder(root: Path) -> Path:
    """The journal's folder, made when missing; WriteError (one line) when it cannot be."""
    try:
        if (root / JOURNAL).exists() and not (root / JOURNAL).is_dir():
            raise WriteError(f"{root / JOURNAL} is a file, not blogtui's journal folder")
        return ignored_folder(root / JOURNAL, _GITIGNORE)
    except OSError as exc:
        if isinstance(exc, WriteError):
            raise WriteError(f"{exc}: move it away; nothing was changed") from None
        raise WriteError(
            f"cannot keep the journal in {root / JOURNAL}: {reason(exc)}; nothing was changed"
        ) from None


def begin(changeset: ChangeSet, undoes: str | None = None) -> Entry:
    """Keep every original byte and the plan, durably, before any post is written."""
    top = home(changeset.root)
    made = not (top / JOURNAL).exists()
    journal = top / JOURNAL
    try:
        journal_folder(top)
    except WriteError:
        _unmake(journal, made)
        raise
    while True:
        # Sorted by time to the microsecond: change sets made in one second keep their order.
        now = dt.datetime.now(dt.timezone.utc)
        change_id = now.strftime("%Y%m%d-%H%M%S-%f")
        folder = journal / change_id
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        except OSError as exc:
            _unmake(journal, made)
            raise WriteError(
                f"cannot write the journal in {journal}: {reason(exc)}; nothing was changed"
            ) from None
        break
    try:
        return _keep(folder, change_id, now, changeset, undoes, top)
    except OSError as exc:
        # A full disk, say: no post was written yet, and no half-written journal stays.
        shutil.rmtree(folder, ignore_errors=True)
        _unmake(journal, made)
        raise WriteError(
            f"cannot write the journal in {journal}: {reason(exc)}; nothing was changed"
        ) from None


def _unmake(journal: Path, made: bool) -> None:
    """Take away the journal folder this change set made, when it failed before holding one."""
    if made:
        shutil.rmtree(journal, ignore_errors=True)


def _keep(
    folder: Path,
    change_id: str,
    now: dt.datetime,
    changeset: ChangeSet,
    undoes: str | None,
    top: Path,
) -> Entry:
    # Paths are kept relative to the journal's home, whichever folder the change was made from.
    prefix = Path(os.path.relpath(os.path.abspath(changeset.root), top)).as_posix()

    def kept(path: str | None) -> str | None:
        return path if path is None or prefix == "." else f"{prefix}/{path}"

    records: list[dict[str, Any]] = []
    offset = 0
    with open(folder / "originals.bin", "wb") as handle:
        for change in changeset.changed:
            before, after = change.before, change.after
            handle.write(before)
            records.append(
                {
                    "path": kept(change.path),
                    "offset": offset,
                    "length": len(before),
                    "before": digest(before),
                    "after": digest(after),
                    "status": "planned",
                    "moved_to": kept(change.move_to),
                    "fields": [
                        [list(key), encode(old), encode(new)]
                        for key, (old, new) in change.fields.items()
                    ],
                }
            )
            offset += len(before)
        handle.flush()
        os.fsync(handle.fileno())
    entry = Entry(folder, change_id, now.isoformat(timespec="seconds"), changeset.summary,
                  "applying", records, undoes)  # fmt: skip
    save(entry)
    return entry


def apply(
    changeset: ChangeSet,
    progress: Callable[[int, int], None] | None = None,
    undoes: str | None = None,
) -> ChangeSet:
    """Write the planned files, the journal first; returns the change set with each file's
    outcome (changed, conflict or error) and its journal id.

    WriteError (nothing written) when the journal cannot be kept. A change set that changed no
    file in the end (every write failed) leaves no journal behind."""
    todo = changeset.changed
    if not todo:
        return changeset
    entry = begin(changeset, undoes)
    for number, change in enumerate(todo, 1):
        write_one(change)
        if progress is not None:
            progress(number, len(todo))
    outcome = {change.path: change.status for change in todo}
    if "changed" not in outcome.values():
        shutil.rmtree(entry.folder, ignore_errors=True)
        return changeset
    for record in entry.files:
        record["status"] = outcome.get(record["path"], "planned")
    entry.state = "applied"
    # If this fails it stays "applying": its checksums tell later what was written (recovery).
    with contextlib.suppress(OSError):
        save(entry)
    changeset.id = entry.id
    _prune(home(changeset.root))
    return changeset


def entries(root: Path) -> list[Entry]:
    """The journal's change sets, newest first; damaged ones too, marked as such. Their
    paths are relative to `home(root)`."""
    root = home(root)
    folder = root / JOURNAL
    try:
        names = sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True)
    except OSError:
        return []
    return [load(folder / name, root) for name in names]


def interrupted(root: Path) -> list[Entry]:
    """The change sets whose apply was cut short (a crash, a kill), newest first. Cheap when
    there are none: a stat of each change set's marker."""
    root = home(root)
    loaded = (load(root / JOURNAL / name, root) for name in applying(root))
    return [entry for entry in loaded if entry.interrupted]


def find(root: Path, change_id: str | None = None) -> Entry | None:
    """The change set with this id. Without an id: an interrupted one first, else the newest
    change still in force (not an undo: `undo` again goes further back; an undo is redone by
    its id). JournalError when a damaged change set stands before it: never skipped silently."""
    found = entries(root)
    if change_id is not None:
        return next((entry for entry in found if entry.id == change_id), None)
    cut_short = [entry for entry in found if entry.interrupted]
    if cut_short:
        return cut_short[0]
    for entry in found:
        if entry.damaged:
            raise JournalError(
                f"the newest change set, {entry.id}, is damaged ({entry.problem}); nothing was "
                "undone (`blogtui undo --list` shows the others; undo one by its id)"
            )
        if entry.state != "undone" and entry.undoes is None:
            return entry
    return None


def plan_undo(root: Path, entry: Entry) -> ChangeSet:
    """What undoing `entry` would do to each of its files, written nowhere yet; for an
    interrupted change set, what brings it to a proved state. JournalError when the journal
    cannot prove the bytes it would restore. The plan's paths are relative to `home(root)`."""
    root = home(root)
    if entry.damaged:
        raise entry.refusal(f"it is damaged: {entry.problem}")
    if entry.interrupted:
        return plan_recovery(root, entry, _undone_by(root, entry)).changeset
    files: list[FileChange] = []
    for record in entry.files:
        if record["status"] not in ("changed", "planned"):
            continue  # it never changed this file (conflict or error when applied)
        entry.original(record)  # every original proved before any plan is shown
        files.append(_undo_file(root, entry, record))
    tidy = entry.summary.startswith("move ")
    return ChangeSet(root, f"undo {entry.id}: {entry.summary}", files, tidy=tidy)


def _undone_by(root: Path, entry: Entry) -> Entry | None:
    return find(root, entry.undoes) if entry.undoes else None


def _undo_file(root: Path, entry: Entry, record: dict[str, Any]) -> FileChange:
    # A file the change set moved is undone where it went, then moved back.
    moved_to = record.get("moved_to")
    relative = moved_to or record["path"]
    back = record["path"] if moved_to else None
    try:
        post = load_post(root / relative, root)
    except (PostReadError, FrontmatterError) as exc:
        try:  # an image moved with its post, or a post that no longer parses: its bytes
            post = raw_post(root, relative)
        except PostReadError:
            return FileChange(relative, "error", str(exc))
    now = digest(post.raw)
    if now == record["before"] and back is None:
        return FileChange(relative, "unchanged", "already as before", post)
    original = entry.original(record)
    if now in (record["after"], record["before"]):
        return FileChange(relative, "changed", post=post, new_raw=original, move_to=back)
    # Changed again since: set back only this change set's fields, if they are as it left them.
    changes: dict[KeyPath, Any] = {}
    for key, old, new in record["fields"]:
        path = tuple(key)
        current = lookup(post.metadata, path)
        if current != decode(new) or type(current) is not type(decode(new)):
            name = ".".join(path)
            why = f"{name} was changed again since; left as it is"
            return FileChange(relative, "skipped", why, post)
        before = decode(old)
        changes[path] = DELETE if before is MISSING else before
    try:
        edit = edit_fields(post, changes)
    except EditError as exc:
        return FileChange(relative, "error", str(exc), post)
    return FileChange(relative, "changed", post=post, edit=edit, move_to=back)


def undo(
    root: Path,
    entry: Entry,
    progress: Callable[[int, int], None] | None = None,
    planned: ChangeSet | None = None,
) -> ChangeSet:
    """Undo a change set (or bring an interrupted one to a proved state); the undo is
    journalled in turn. WriteError or JournalError, with nothing written, when the journal
    cannot be trusted or kept.

    `planned` is the undo's plan when it was shown first (see `plan_undo`)."""
    root = home(root)
    if entry.interrupted:
        recovery = plan_recovery(root, entry, _undone_by(root, entry))
        if planned is not None and planned.summary == recovery.changeset.summary:
            recovery.changeset = planned  # what was shown; each write still checks the disk
        return finish(recovery, progress)
    changeset = planned if planned is not None else plan_undo(root, entry)
    try:
        save(entry)  # proves the journal can record the undo before any post is written
    except OSError as exc:
        raise entry.refusal(f"its journal folder cannot be written ({reason(exc)})") from None
    apply(changeset, progress, undoes=entry.id)
    if not any(c.status in ("conflict", "error", "skipped") for c in changeset.files):
        entry.state = "undone"
        save(entry)
        undone = _undone_by(root, entry)
        if undone is not None:  # undoing an undo redoes: that change set is in force again
            undone.state = "applied"
            save(undone)
    return changeset


def _prune(root: Path) -> None:
    # By name alone (ids sort by time): loading and proving 50 manifests after every change
    # made a one-field change take 0.5 s once the journal held large change sets.
    folder = root / JOURNAL
    try:
        names = sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True)
    except OSError:
        return
    for name in names[KEEP:]:
        shutil.rmtree(folder / name, ignore_errors=True)
