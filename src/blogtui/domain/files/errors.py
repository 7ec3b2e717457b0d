"""The errors of reading and writing post files, each one line meant for the user.

Messages never name the file: the caller says which file, once.
"""

from __future__ import annotations


class PostReadError(OSError):
    """A post could not be read as text; the message is one line meant for the user."""


class OutsideRootError(PostReadError):
    """The post is a link to a file outside the content folder: never read, never written."""


class ConflictError(RuntimeError):
    """The file changed on disk after it was loaded; nothing was written."""


class WriteError(OSError):
    """A save failed (read-only file, full disk...); the original file is untouched."""


def reason(exc: OSError) -> str:
    """An OS error as words, without Python's `[Errno 13]` or the path it carries."""
    return exc.strerror.lower() if exc.strerror else " ".join(str(exc).split())


def describe(exc: BaseException) -> str:
    """Any error of a file operation as one line for the user."""
    return reason(exc) if isinstance(exc, OSError) else " ".join(str(exc).split())
