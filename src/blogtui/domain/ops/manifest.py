"""A change set's record in the journal: its manifest, read as data and never as instructions.

A manifest is a file anyone can edit, damage or commit (past its `.gitignore`): every value read
from it is checked before use. Paths must be relative, stay inside the content folder with every
link resolved, and appear once; checksums must look like checksums; offsets must be numbers.
A manifest that fails any check is *damaged*: listed as such, never undone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from blogtui.domain.files.fsio import fsync_folder
from blogtui.domain.ops.edit import MISSING
from blogtui.domain.site.folder import APPLYING

State = Literal["applying", "applied", "undone", "damaged"]
STATES = ("applying", "applied", "undone")
RECORD_STATUSES = ("planned", "changed", "unchanged", "skipped", "conflict", "error")
_DIGEST = re.compile(r"[0-9a-f]{64}")


class JournalError(ValueError):
    """The journal cannot be trusted for what was asked; one line for the user, nothing written."""


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
    problem: str | None = None
    """Why the manifest cannot be trusted (state "damaged"); None when it can."""

    @property
    def interrupted(self) -> bool:
        """Its apply never finished (a crash): undo brings it to a state the journal proves."""
        return self.state == "applying"

    @property
    def damaged(self) -> bool:
        return self.state == "damaged"

    def original(self, record: dict[str, Any]) -> bytes:
        """The file's bytes before the change, proved by the checksum kept beside them."""
        try:
            with open(self.folder / "originals.bin", "rb") as handle:
                handle.seek(record["offset"])
                data = handle.read(record["length"])
        except OSError as exc:
            raise self.refusal(f"its saved originals cannot be read ({exc.strerror})") from None
        if len(data) != record["length"] or digest(data) != record["before"]:
            raise self.refusal(f"the saved original of {record['path']} is damaged")
        return data

    def refusal(self, why: str) -> JournalError:
        return JournalError(
            f"change set {self.id} cannot be undone: {why}; nothing was changed "
            "(the journal is in " + str(self.folder) + ")"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "time": self.time,
            "summary": self.summary,
            "state": "interrupted" if self.interrupted else self.state,
            "undoes": self.undoes,
            "files": [record["path"] for record in self.files],
            "problem": self.problem,
        }


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def encode(value: Any) -> Any:
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
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {"$map": [[str(k), encode(v)] for k, v in value.items()]}
    return value


def decode(value: Any) -> Any:
    """A value `encode` wrote; ValueError (or KeyError, TypeError) for anything else."""
    if isinstance(value, list):
        return [decode(item) for item in value]
    if isinstance(value, dict):
        if "$missing" in value:
            return MISSING
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
        if "$time" in value:
            return dt.time.fromisoformat(value["$time"])
        return {str(k): decode(v) for k, v in value["$map"]}
    return value


def save(entry: Entry) -> None:
    """Write the manifest atomically (a crash leaves the old one or the new one)."""
    path = entry.folder / "manifest.json"
    marker = entry.folder / APPLYING
    if entry.state == "applying":
        marker.touch()
    data = {
        "id": entry.id,
        "time": entry.time,
        "summary": entry.summary,
        "state": entry.state,
        "undoes": entry.undoes,
        "files": entry.files,
    }
    temp = path.with_name(path.name + ".tmp")
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    if entry.state != "applying":
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
    fsync_folder(path.parent)


def load(folder: Path, root: Path) -> Entry:
    """The change set kept in `folder`; a damaged one (state "damaged") when any check fails."""
    try:
        text = (folder / "manifest.json").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return _damaged(folder, f"its manifest cannot be read ({_words(exc)})")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return _damaged(folder, "its manifest is not valid JSON")
    try:
        return _checked(folder, root, data)
    except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
        return _damaged(folder, f"its manifest {_words(exc)}")


def _checked(folder: Path, root: Path, data: Any) -> Entry:
    if not isinstance(data, dict):
        raise ValueError("is not a JSON object")
    change_id, time, summary = data["id"], data["time"], data["summary"]
    if not all(isinstance(value, str) for value in (change_id, time, summary)):
        raise ValueError("has an id, time or summary that is not text")
    if change_id != folder.name:
        raise ValueError(f"names change set {change_id!r}, not its folder's")
    state, undoes = data["state"], data.get("undoes")
    if state not in STATES:
        raise ValueError(f"has an unknown state {state!r}")
    if undoes is not None and not isinstance(undoes, str):
        raise ValueError("has an `undoes` that is not an id")
    files = data["files"]
    if not isinstance(files, list):
        raise ValueError("has no list of files")
    seen: set[str] = set()
    real_folders: dict[str, str] = {}
    for record in files:
        _check_record(record, root, seen, real_folders)
    return Entry(folder, change_id, time, summary, state, files, undoes)


def _check_record(record: Any, root: Path, seen: set[str], real_folders: dict[str, str]) -> None:
    if not isinstance(record, dict):
        raise ValueError("has a file record that is not an object")
    for name in ("offset", "length"):
        number = record[name]
        if not isinstance(number, int) or isinstance(number, bool) or number < 0:
            raise ValueError(f"has a bad {name} for {record.get('path')!r}")
    for name in ("before", "after"):
        if not isinstance(record[name], str) or not _DIGEST.fullmatch(record[name]):
            raise ValueError(f"has a bad checksum for {record.get('path')!r}")
    if record["status"] not in RECORD_STATUSES:
        raise ValueError(f"has an unknown status {record['status']!r}")
    for name in ("path", "moved_to"):
        value = record.get(name)
        if value is None and name == "moved_to":
            continue
        relative = confine(value, root, real_folders)
        if relative in seen:
            raise ValueError(f"names {relative!r} twice")
        seen.add(relative)
    fields = record["fields"]
    if not isinstance(fields, list):
        raise ValueError("has fields that are not a list")
    for key, old, new in fields:
        if not isinstance(key, list) or not key or not all(isinstance(k, str) for k in key):
            raise ValueError("has a field name that is not a list of names")
        decode(old), decode(new)


def confine(relative: Any, root: Path, real_folders: dict[str, str] | None = None) -> str:
    """`relative` as a path of a file inside `root`, or ValueError: a journal names only files
    inside the content folder, exactly like a path typed by a user, with every link on the way
    resolved. `real_folders` caches each folder's real path (a change set names thousands of
    files in a few folders)."""
    if not isinstance(relative, str) or not relative or "\x00" in relative:
        raise ValueError("has a path that is not a file name")
    parts = PurePosixPath(relative).parts
    if relative.startswith("/") or "\\" in relative or ".." in parts or "." in parts:
        raise ValueError(f"names {relative!r}, outside the content folder")
    cache = {} if real_folders is None else real_folders
    top = cache.get("") or cache.setdefault("", os.path.realpath(root))
    folder, _, name = relative.rpartition("/")
    real = cache.get(folder)
    if real is None:
        real = cache[folder] = os.path.realpath(os.path.join(top, folder))
    target = os.path.join(real, name)
    if os.path.islink(target):
        target = os.path.realpath(target)
    if target != top and not target.startswith(top.rstrip(os.sep) + os.sep):
        raise ValueError(f"names {relative!r}, which leads out of the content folder")
    return relative


def _damaged(folder: Path, problem: str) -> Entry:
    return Entry(folder, folder.name, "", "(damaged)", "damaged", [], None, problem)


def _words(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, KeyError):
        return f"lacks {exc.args[0]!r}"
    return " ".join(str(exc).split())
