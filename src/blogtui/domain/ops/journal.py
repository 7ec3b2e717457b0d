"""The journal of change sets: written before any file is, so every change can be undone.

Each applied change set keeps, under `<content>/.blogtui-journal/<id>/`, the original bytes of
every file it was about to change (`originals.bin`) and a manifest: each file's checksums before
and after, and the fields it changed. The folder is hidden (never listed as posts) and holds a
`.gitignore`, so git never commits it. The newest 50 change sets are kept.

Undo restores a file's original bytes exactly when the file is as the change set left it. When
the file changed again since, only the change set's own fields are set back (a field merge), if
nobody changed those fields meanwhile; else the file is left and the reason said. An undo is a
change set too: undoing it redoes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from blogtui.domain.files.fsio import PostReadError, fsync_folder
from blogtui.domain.formats.document import FrontmatterError
from blogtui.domain.ops.changeset import ChangeSet, FileChange, write_one
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

JOURNAL = ".blogtui-journal"
KEEP = 50
_GITIGNORE = "# Change sets applied by blogtui, kept so that they can be undone.\n*\n"

State = Literal["applying", "applied", "undone"]


@dataclass
class Entry:
    """One change set in the journal."""

    folder: Path
    id: str
    time: str
    summary: str
    state: State
    files: list[dict[str, Any]]
    undoes: str | None = None
    """The id of the change set this one undid (None: an ordinary change)."""

    @property
    def interrupted(self) -> bool:
        """Its apply never finished (a crash): undo rolls back what was written."""
        return self.state == "applying"

    def original(self, record: dict[str, Any]) -> bytes:
        with open(self.folder / "originals.bin", "rb") as handle:
            handle.seek(record["offset"])
            return handle.read(record["length"])

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "summary": self.summary,
            "state": "interrupted" if self.interrupted else self.state,
            "undoes": self.undoes,
            "files": [record["path"] for record in self.files],
        }


def journal_folder(root: Path) -> Path:
    return ignored_folder(root / JOURNAL, _GITIGNORE)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _encode(value: Any) -> Any:
    """Field values as JSON; dates (TOML's) and the missing marker tagged, so they come back."""
    if value is MISSING:
        return {"$missing": True}
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$time": value.isoformat()}
    if isinstance(value, list):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"$map": [[str(k), _encode(v)] for k, v in value.items()]}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(item) for item in value]
    if isinstance(value, dict):
        if "$missing" in value:
            return MISSING
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$time" in value:
            return dt.time.fromisoformat(value["$time"])
        return {k: _decode(v) for k, v in value["$map"]}
    return value


def _write_json(path: Path, data: dict[str, Any]) -> None:
    temp = path.with_name(path.name + ".tmp")
    with open(temp, "w", encoding="utf-8") as handle:
        json.dump(data, handle, ensure_ascii=False, indent=1)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)
    fsync_folder(path.parent)


def _save(entry: Entry) -> None:
    _write_json(
        entry.folder / "manifest.json",
        {
            "id": entry.id,
            "time": entry.time,
            "summary": entry.summary,
            "state": entry.state,
            "undoes": entry.undoes,
            "files": entry.files,
        },
    )


def begin(changeset: ChangeSet, undoes: str | None = None) -> Entry:
    """Keep every original byte and the plan, durably, before any post is written."""
    journal = journal_folder(changeset.root)
    while True:
        # Sorted by time to the microsecond: change sets made in one second keep their order.
        now = dt.datetime.now(dt.timezone.utc)
        change_id = now.strftime("%Y%m%d-%H%M%S-%f")
        folder = journal / change_id
        try:
            folder.mkdir()
        except FileExistsError:
            continue
        break
    records: list[dict[str, Any]] = []
    offset = 0
    with open(folder / "originals.bin", "wb") as handle:
        for change in changeset.changed:
            before, after = change.before, change.after
            handle.write(before)
            records.append(
                {
                    "path": change.path,
                    "offset": offset,
                    "length": len(before),
                    "before": _digest(before),
                    "after": _digest(after),
                    "status": "planned",
                    "moved_to": change.move_to,
                    "fields": [
                        [list(key), _encode(old), _encode(new)]
                        for key, (old, new) in change.fields.items()
                    ],
                }
            )
            offset += len(before)
        handle.flush()
        os.fsync(handle.fileno())
    entry = Entry(folder, change_id, now.isoformat(timespec="seconds"), changeset.summary,
                  "applying", records, undoes)  # fmt: skip
    _save(entry)
    return entry


def apply(
    changeset: ChangeSet,
    progress: Callable[[int, int], None] | None = None,
    undoes: str | None = None,
) -> ChangeSet:
    """Write the planned files, the journal first; returns the change set with each file's
    outcome (changed, conflict or error) and its journal id."""
    todo = changeset.changed
    if not todo:
        return changeset
    entry = begin(changeset, undoes)
    for number, change in enumerate(todo, 1):
        write_one(change)
        if progress is not None:
            progress(number, len(todo))
    outcome = {change.path: change.status for change in todo}
    for record in entry.files:
        record["status"] = outcome.get(record["path"], "planned")
    entry.state = "applied"
    _save(entry)
    changeset.id = entry.id
    _prune(changeset.root)
    return changeset


def entries(root: Path) -> list[Entry]:
    """The journal's change sets, newest first (unreadable ones left out)."""
    folder = root / JOURNAL
    try:
        names = sorted((p.name for p in folder.iterdir() if p.is_dir()), reverse=True)
    except OSError:
        return []
    found = []
    for name in names:
        entry = _load(folder / name)
        if entry is not None:
            found.append(entry)
    return found


def _load(folder: Path) -> Entry | None:
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        return Entry(
            folder,
            data["id"],
            data["time"],
            data["summary"],
            data["state"],
            data["files"],
            data.get("undoes"),
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None


def find(root: Path, change_id: str | None = None) -> Entry | None:
    """The change set with this id; without an id, the newest change still in force (not an
    undo: `undo` again goes further back; an undo is redone by its id)."""
    for entry in entries(root):
        if change_id is None and entry.state != "undone" and entry.undoes is None:
            return entry
        if change_id is not None and entry.id == change_id:
            return entry
    return None


def plan_undo(root: Path, entry: Entry) -> ChangeSet:
    """What undoing `entry` would do to each of its files, written nowhere yet."""
    files: list[FileChange] = []
    for record in entry.files:
        if record["status"] not in ("changed", "planned"):
            continue  # it never changed this file (conflict or error when applied)
        files.append(_undo_file(root, entry, record))
    return ChangeSet(root, f"undo {entry.id}: {entry.summary}", files)


def _undo_file(root: Path, entry: Entry, record: dict[str, Any]) -> FileChange:
    # A file the change set moved is undone where it went, then moved back.
    moved_to = record.get("moved_to")
    relative = moved_to or record["path"]
    back = record["path"] if moved_to else None
    try:
        post = load_post(root / relative, root)
    except (PostReadError, FrontmatterError) as exc:
        return FileChange(relative, "error", str(exc))
    now = _digest(post.raw)
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
        if current != _decode(new) or type(current) is not type(_decode(new)):
            name = ".".join(path)
            reason = f"{name} was changed again since; left as it is"
            return FileChange(relative, "skipped", reason, post)
        before = _decode(old)
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
    """Undo a change set (or roll back an interrupted one); the undo is journalled in turn.

    `planned` is the undo's plan when it was shown first (see `plan_undo`)."""
    changeset = planned if planned is not None else plan_undo(root, entry)
    apply(changeset, progress, undoes=entry.id)
    if not any(c.status in ("conflict", "error", "skipped") for c in changeset.files):
        entry.state = "undone"
        _save(entry)
        undone = find(root, entry.undoes) if entry.undoes else None
        if undone is not None:  # undoing an undo redoes: that change set is in force again
            undone.state = "applied"
            _save(undone)
    return changeset


def _prune(root: Path) -> None:
    for old in entries(root)[KEEP:]:
        shutil.rmtree(old.folder, ignore_errors=True)
