"""Full-text lookups in the persistent index: one connection that every thread asking shares,
a time budget for a lookup made within a keystroke, and a stop for one a newer query replaced.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Callable

CHECK_EVERY = 2_000
"""SQLite steps between two looks at a lookup's clock (see `Lookups.matching`)."""
_FRESH = "p.text_size = p.size AND p.text_mtime_ns = p.mtime_ns"


class Lookups:
    """The index's full-text lookups. One connection, whichever thread asks: its page cache
    stays warm (a common word on a fresh connection: seconds, not 100 ms), and it is open from
    the start (a cache folder emptied later leaves it readable)."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._lock = threading.Lock()
        self._connection: sqlite3.Connection | None = None

    def open(self) -> None:
        with self._lock:
            self._connection = self._connection or self._connect()

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def interrupt(self) -> None:
        """Stop the lookup running now, if any: it raises `sqlite3.OperationalError`
        ("interrupted") in its thread. Safe from any thread."""
        connection = self._connection
        if connection is not None:
            connection.interrupt()

    def matching(self, needle: str, budget: float | None = None) -> set[str]:
        """Posts whose indexed text holds `needle` (case-folded). Given a `budget` (seconds), a
        lookup that takes longer stops with `sqlite3.OperationalError` ("interrupted"): a rare
        word answers within a keystroke, a common one is asked again in a worker."""
        if len(needle) >= 3:
            argument = '"' + needle.replace('"', '""') + '"'
            query = (
                "SELECT p.path FROM fts JOIN posts p ON p.id = fts.rowid "
                f"WHERE fts MATCH ? AND {_FRESH}"
            )
        else:  # no trigram to look up: every text is scanned (`LIKE` is unsafe over trigrams)
            argument = needle
            query = (
                "SELECT p.path FROM texts t JOIN posts p ON p.id = t.id "
                f"WHERE instr(t.text, ?) AND {_FRESH}"
            )
        with self._lock:
            connection = self._connection
            if connection is None:  # closed (set aside, removed): opened again
                connection = self._connection = self._connect()
            if budget is not None:
                deadline = time.perf_counter() + budget
                connection.set_progress_handler(lambda: time.perf_counter() > deadline, CHECK_EVERY)
            try:
                return {path for (path,) in connection.execute(query, (argument,))}
            finally:
                if budget is not None:
                    connection.set_progress_handler(None, 0)
