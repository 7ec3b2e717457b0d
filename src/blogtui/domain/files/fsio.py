"""Reading posts with limits, and writing them atomically without ever losing a byte.

Every write holds the writers' lock of the file's folder (`writer_lock`) from its compare to its
rename; a caller that reads and then writes (`blogtui set`) takes it before reading, so two
blogtui writers run one after the other and both edits land.

Messages of the errors raised here never name the file: the caller says which file, once.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

from blogtui.domain.files.errors import (
    ConflictError,
    OutsideRootError,
    PostReadError,
    WriteError,
    reason,
)
from blogtui.domain.files.locking import writer_lock

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, single writer assumed
    fcntl = None  # type: ignore[assignment]

MAX_POST_BYTES = 8 * 1024 * 1024
"""A larger file is listed with an error, never parsed or written: no blog post is 8 MB of text."""

TEMP_SUFFIX = ".blogtui-tmp"
STALE_TEMP_SECONDS = 5.0
"""A temp file younger than this is never swept, even when no writer seems to hold it."""

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


# -- links and the content root -------------------------------------------------------------


def is_inside(path: str | Path, root: str | Path) -> bool:
    """Whether `path`, with every link resolved, is `root` or lies below it."""
    real = os.path.realpath(path)
    top = os.path.realpath(root)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def check_inside(path: str | Path, root: str | Path) -> None:
    """OutsideRootError unless `path` resolves inside `root` (a link to ~/.ssh/config does not,
    nor a file in a linked folder that leads out)."""
    if not is_inside(path, root):
        how = "is a link to" if os.path.islink(path) else "is reached through a linked folder, at"
        raise OutsideRootError(
            f"{how} {os.path.realpath(path)}, outside the content folder; "
            "blogtui neither reads nor writes it"
        )


# -- reading --------------------------------------------------------------------------------


def read_bytes(path: Path | str, limit: int = MAX_POST_BYTES, root: Path | None = None) -> bytes:
    """The file's bytes; PostReadError (one line) when it vanished, is unreadable or too large.

    Only regular files are read, and opening never blocks (a FIFO named `post.md` is refused,
    not waited on). With `root`, a link that resolves outside it is refused unread.
    """
    flags = os.O_RDONLY | _O_CLOEXEC | _O_NONBLOCK
    try:
        # Raw descriptors: indexing reads every post, and a file object costs more than the read.
        if root is None:
            fd = os.open(path, flags)
        else:
            try:
                fd = os.open(path, flags | _O_NOFOLLOW)
            except OSError as exc:
                if exc.errno != errno.ELOOP:
                    raise
                check_inside(path, root)  # a link: read it only if it stays in the site
                fd = os.open(path, flags)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise PostReadError("is a folder, not a file")
            if not stat.S_ISREG(info.st_mode):
                raise PostReadError(f"is not a regular file ({_file_kind(info.st_mode)}); not read")
            # read(limit + 1) would allocate `limit` bytes for every small post: ask the size.
            size = info.st_size
            data = os.read(fd, min(size, limit) + 1)
            while len(data) != size and len(data) <= limit:  # a short read, or it grew
                more = os.read(fd, limit + 1 - len(data))
                if not more:
                    break
                data += more
        finally:
            os.close(fd)
    except PostReadError:
        raise
    except FileNotFoundError:
        raise PostReadError("file not found (removed?)") from None
    except IsADirectoryError:
        raise PostReadError("is a folder, not a file") from None
    except PermissionError:
        raise PostReadError("permission denied; check the file's permissions") from None
    except OSError as exc:
        kind = _kind_of(path) if exc.errno == errno.ENXIO else None  # a socket, say
        if kind is not None:
            raise PostReadError(f"is not a regular file ({kind}); not read") from None
        raise PostReadError(f"cannot read: {reason(exc)}") from None
    if len(data) > limit:
        raise PostReadError(f"file is too large (over {limit // (1024 * 1024)} MB); not read")
    return data


def _kind_of(path: Path | str) -> str | None:
    try:
        return _file_kind(os.stat(path).st_mode)
    except OSError:
        return None


def _file_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a file"


def decode(data: bytes) -> str:
    """UTF-8 text (a BOM is kept as U+FEFF); PostReadError names the first bad byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise PostReadError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line} (offset {exc.start})"
        ) from None


# -- the writers' lock ----------------------------------------------------------------------


# -- writing --------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes, expected: bytes | None, root: Path | None = None) -> None:
    """Replace the file's content with `data`, atomically.

    `expected` is what the caller loaded: if the file on disk no longer holds exactly that,
    ConflictError is raised and nothing is written. None means the file must not exist yet.
    The comparison runs once, under the writers' lock, right before the rename, after the new
    bytes are already on disk. Writes through a symlink to its target (with `root`, only a target
    inside it), and keeps the target's permissions, owner and extended attributes.
    """
    if root is not None:
        check_inside(path, root)
    target = Path(os.path.realpath(path))
    folder = target.parent
    with writer_lock(target):
        _check_writable(target)
        temp = _write_temp(folder, target.name, data)
        try:
            # Compared after the fsync: a program that does not lock (an editor) has a window
            # of a few system calls, not of a disk flush.
            _check_current(target, expected)
            _copy_metadata(target, temp.name, expected is not None)
            os.replace(temp.name, target)
        except OSError as exc:
            temp.discard()
            raise WriteError(f"save failed: {reason(exc)}; nothing was changed") from None
        except BaseException:
            temp.discard()
            raise
        temp.close()
    fsync_folder(folder)


def is_read_only(path: str | Path) -> bool:
    """The file (a link's target) has no write bit, or this user may not write it."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False  # not there (yet): the comparison says what that means
    # No write bit at all means read-only even to root, who os.access() lets write anything.
    return not os.access(path, os.W_OK) or not mode & 0o222


def _check_writable(target: Path) -> None:
    if is_read_only(target):
        raise WriteError("file is read-only; nothing was written")


def _check_current(target: Path, expected: bytes | None) -> None:
    try:
        # Through a descriptor that never blocks: the target could have become a FIFO.
        current: bytes | None = read_bytes(target, limit=max(MAX_POST_BYTES, len(expected or b"")))
    except PostReadError as exc:
        if not target.exists() and not target.is_symlink():
            current = None
        else:
            raise WriteError(f"cannot read before saving: {exc}") from None
    if current != expected:
        if current is None:
            raise ConflictError("was removed since it was loaded")
        if expected is None:
            raise ConflictError("already exists")
        raise ConflictError("changed on disk since it was loaded")


class _Temp:
    """A temp file being written, flocked so that a sweep never takes it from a live writer."""

    def __init__(self, fd: int, name: str) -> None:
        self.fd = fd
        self.name = name

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.name)
        self.close()


def _write_temp(folder: Path, name: str, data: bytes) -> _Temp:
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=TEMP_SUFFIX, dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write in {folder}: {reason(exc)}; nothing was changed") from None
    temp = _Temp(fd, temp_name)
    try:
        if fcntl is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        os.fsync(fd)
    except OSError as exc:
        temp.discard()
        raise WriteError(f"save failed: {reason(exc)}; nothing was changed") from None
    return temp


def _copy_metadata(target: Path, temp_name: str, exists: bool) -> None:
    if not exists:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp_name, 0o666 & ~umask)
        return
    info = target.stat()
    os.chmod(temp_name, info.st_mode & 0o7777)
    with contextlib.suppress(OSError):
        os.chown(temp_name, info.st_uid, info.st_gid)
    copy_xattrs(target, temp_name)


def copy_xattrs(source: Path | str, target: Path | str) -> None:
    """Extended attributes (ACLs among them) copied where the file system has them."""
    if not hasattr(os, "listxattr"):  # pragma: no cover - not Linux
        return
    try:
        names = os.listxattr(source)
    except OSError:
        return
    for name in names:
        with contextlib.suppress(OSError):
            os.setxattr(target, name, os.getxattr(source, name))


def fsync_folder(folder: Path | str) -> None:
    """Make a rename durable: the folder entry itself must reach the disk."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | _O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def create_new(path: Path, data: bytes) -> None:
    """Write a new file that appears complete or not at all; never replaces an existing one.

    The bytes go to a temp file first, which is then hard-linked to the final name (the link
    fails if the name is taken, so nothing is clobbered). On failure nothing is left behind.
    """
    folder = path.parent
    with writer_lock(path):
        temp = _write_temp(folder, path.name, data)
        try:
            _copy_metadata(path, temp.name, exists=False)
            place_new(Path(temp.name), path)
        except BaseException:
            temp.discard()
            raise
        temp.close()
    fsync_folder(folder)


def place_new(source: Path, target: Path) -> None:
    """Move `source` to the unused name `target`, never over an existing file.

    A hard link fails if the target exists, so two programs can never overwrite each other.
    Where links are impossible (some file systems, or an immutable file), a rename after a
    check stands in; never a copy, which would leave two files when the removal then fails.
    ConflictError when the name is taken; WriteError when the move fails (nothing changed).
    """
    try:
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise ConflictError(f"{target.name} already exists") from None
    except OSError as exc:
        if target.exists() or target.is_symlink():
            raise ConflictError(f"{target.name} already exists") from None
        if exc.errno == errno.EXDEV:
            raise WriteError("cannot move across file systems; nothing was changed") from None
        try:
            os.rename(source, target)
        except OSError as rename_exc:
            raise WriteError(f"cannot move: {reason(rename_exc)}; nothing was changed") from None
        return
    try:
        os.unlink(source)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(target)  # undo the link: one file, as before
        raise WriteError(f"cannot move: {reason(exc)}; nothing was changed") from None


def is_temp_name(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def sweep_temps(paths: Iterable[Path | str]) -> list[str]:
    """Remove temp files left by killed saves; returns the ones removed.

    A temp file is stale only when no live writer holds its flock, its folder's writers' lock
    can be taken, and it is older than a few seconds.
    """
    removed: list[str] = []
    now = time.time()
    for raw in paths:
        path = Path(raw)
        if not is_temp_name(path.name):
            continue
        try:
            with writer_lock(path):
                fd = os.open(path, os.O_RDONLY | _O_NOFOLLOW | _O_NONBLOCK | _O_CLOEXEC)
                try:
                    info = os.fstat(fd)
                    if not stat.S_ISREG(info.st_mode) or now - info.st_mtime < STALE_TEMP_SECONDS:
                        continue
                    if fcntl is not None:
                        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # a live writer: raises
                    os.unlink(path)
                    removed.append(str(path))
                finally:
                    os.close(fd)
        except OSError:
            continue
    return removed
