"""Reading posts with limits, and writing them atomically without ever losing a byte."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

MAX_POST_BYTES = 8 * 1024 * 1024
"""A larger file is listed with an error, never parsed or written: no blog post is 8 MB of text."""

TEMP_SUFFIX = ".blogtui-tmp"


class PostReadError(OSError):
    """A post could not be read as text; the message is one line meant for the user."""


class ConflictError(RuntimeError):
    """The file changed on disk after it was loaded; nothing was written."""


class WriteError(OSError):
    """A save failed (read-only file, full disk...); the original file is untouched."""


def read_bytes(path: Path | str, limit: int = MAX_POST_BYTES) -> bytes:
    """The file's bytes; PostReadError (one line) when it vanished, is unreadable or too large."""
    try:
        # Raw descriptors: indexing reads every post, and a file object costs more than the read.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            # read(limit + 1) would allocate `limit` bytes for every small post: ask the size.
            size = os.fstat(fd).st_size
            data = os.read(fd, min(size, limit) + 1)
            while len(data) != size and len(data) <= limit:  # a short read, or it grew
                more = os.read(fd, limit + 1 - len(data))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    except FileNotFoundError:
        raise PostReadError(f"{path}: file not found (removed?)") from None
    except IsADirectoryError:
        raise PostReadError(f"{path}: is a folder, not a file") from None
    except PermissionError:
        raise PostReadError(f"{path}: permission denied") from None
    except OSError as exc:
        raise PostReadError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > limit:
        raise PostReadError(f"file is too large (over {limit // (1024 * 1024)} MB)")
    return data


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is kept as U+FEFF); PostReadError names the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PostReadError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line} (offset {exc.start})"
        ) from None


def read_text(path: Path, limit: int = MAX_POST_BYTES) -> tuple[bytes, str]:
    """The file's bytes and its text."""
    data = read_bytes(path, limit)
    return data, decode(data)


def atomic_write(path: Path, data: bytes, expected: bytes | None) -> None:
    """Replace the file's content with `data`, atomically.

    `expected` is what the caller loaded: if the file on disk no longer holds exactly that,
    ConflictError is raised and nothing is written. None means the file must not exist yet.
    Writes through a symlink to its target, and keeps the target's permissions.
    """
    target = Path(os.path.realpath(path))
    try:
        current: bytes | None = target.read_bytes()
    except FileNotFoundError:
        current = None
    except OSError as exc:
        raise WriteError(f"{path}: cannot read before saving: {exc.strerror or exc}") from None
    if current != expected:
        if current is None:
            raise ConflictError(f"{path}: changed on disk (it was removed)")
        if expected is None:
            raise ConflictError(f"{path}: already exists")
        raise ConflictError(f"{path}: changed on disk since it was loaded")
    mode: int | None = None
    if current is not None:
        info = target.stat()
        mode = info.st_mode & 0o7777
        # No write bit at all means read-only even to root, who os.access() lets write anything.
        if not os.access(target, os.W_OK) or not mode & 0o222:
            raise WriteError(f"{path}: file is read-only; nothing was written")
    folder = target.parent
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(temp_name, mode)
            with contextlib.suppress(OSError):
                os.chown(temp_name, info.st_uid, info.st_gid)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp_name, 0o666 & ~umask)
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise WriteError(
            f"{path}: save failed: {exc.strerror or exc}; nothing was changed"
        ) from None
    _fsync_folder(folder)


def _fsync_folder(folder: Path) -> None:
    # The rename is durable only once the folder entry is on disk; not every OS allows it.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_new(path: Path, data: bytes) -> None:
    """Write a new file; never replaces an existing one (ConflictError)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise ConflictError(f"{path}: already exists") from None
    except OSError as exc:
        raise WriteError(f"{path}: cannot create: {exc.strerror or exc}") from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
