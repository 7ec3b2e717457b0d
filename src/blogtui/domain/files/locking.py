"""The writers' lock: one blogtui writer at a time in a folder, across processes and threads
(an advisory `flock` on the folder itself, re-entrant in this process)."""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from blogtui.domain.files.errors import WriteError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, single writer assumed
    fcntl = None  # type: ignore[assignment]

_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

LOCK_WAIT_SECONDS = 10.0
"""How long a writer waits for another blogtui writer in the same folder before giving up."""


_process_lock = threading.RLock()


_held: dict[str, list[int]] = {}
"""Folder -> [descriptor holding its flock (-1: none could be taken), depth], this process."""


@contextlib.contextmanager
def writer_lock(path: Path | str) -> Iterator[None]:
    """Hold the exclusive writers' lock of the folder that holds `path` (links resolved).

    The lock is an advisory `flock` on the folder itself: its inode survives every rename of
    the files in it, and no lock file is left behind. It is re-entrant in this process and
    serialises this process's threads too. WriteError after LOCK_WAIT_SECONDS of waiting.
    Where the file system has no locks, writers go on unlocked (the compare still runs).
    """
    folder = os.path.dirname(os.path.realpath(path))
    with _process_lock:
        entry = _held.get(folder)
        if entry is None:
            entry = _held[folder] = [_take_flock(folder), 0]
        entry[1] += 1
        try:
            yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                del _held[folder]
                if entry[0] >= 0:
                    os.close(entry[0])  # closing the descriptor releases the flock


def _take_flock(folder: str) -> int:
    if fcntl is None:  # pragma: no cover
        return -1
    try:
        fd = os.open(folder, os.O_RDONLY | _O_CLOEXEC | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return -1  # the folder does not exist (yet): the write itself will say so
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    delay = 0.001
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return fd
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(fd)
                raise WriteError(
                    f"another blogtui has been writing in {folder} for "
                    f"{LOCK_WAIT_SECONDS:.0f} s; try again"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        except OSError:
            return fd  # no locks on this file system: keep the descriptor, lock nothing
