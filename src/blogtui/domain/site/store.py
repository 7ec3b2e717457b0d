"""The persistent index: one SQLite file per content folder, in the user's cache folder, shared
by the app and the command line.

It holds each post's listing row (what the list shows, as `cache` encodes it) with the size and
mtime it was read at, its fields, and a full-text index of what free-text search looks in (path,
title, description, terms and body, case-folded). A second start lists the posts from it and
reads only the files whose stat differs; search never needs the bodies in memory.

Why a trigram index over case-folded text: it answers exactly today's search, a substring of
the case-folded text (measured on 1,397 random needles at 100,000 posts), CJK included, where
a word tokenizer (unicode61) would miss `blog` in `weblogs` and every Chinese phrase. It costs
build time and disk, not query time (a rare word: 3 ms warm). Words under three characters
have no trigram: every text is scanned for them with `instr()`.

Never trusted over the disk: a row is used only while the file's size and mtime are what they
were; a text only while it was indexed at the row's stat. A file that cannot be used (corrupt,
from another version, half-written) is set aside and rebuilt, with one line saying so; a cache
folder that cannot be written leaves the index in memory. Writers take the write lock first
(`BEGIN IMMEDIATE`) and wait their turn (`busy_timeout`): two apps and a command line on one
site never see "database is locked".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.site.cache import CACHE_VERSION, cache_folder, row_of
from blogtui.domain.site.lookups import Lookups

SCHEMA = 3
_BUSY_MS = 10_000
_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS posts(
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    row TEXT NOT NULL,
    sort_date REAL,
    text_size INTEGER,
    text_mtime_ns INTEGER,
    fields TEXT
);
CREATE INDEX IF NOT EXISTS posts_by_date ON posts(sort_date);
-- The posts whose text is missing or stale, kept by SQLite as rows change: whether every
-- text is indexed is then one lookup, not a count of every row (42 ms at 100,000 posts).
CREATE INDEX IF NOT EXISTS posts_untexted ON posts(id)
    WHERE text_size IS NULL OR text_size != size OR text_mtime_ns != mtime_ns;
CREATE TABLE IF NOT EXISTS texts(id INTEGER PRIMARY KEY, text TEXT NOT NULL);
CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(
    text, content='texts', content_rowid='id', tokenize='trigram'
);
"""


_UNTEXTED = "text_size IS NULL OR text_size != size OR text_mtime_ns != mtime_ns"
"""Exactly the `posts_untexted` index's condition: SQLite uses a partial index only then."""


@dataclass(frozen=True)
class Text:
    """What one post's full-text entry holds, read at this size and mtime."""

    path: str
    size: int
    mtime_ns: int
    text: str
    fields: dict[str, Any] | None


def _drop_texts(db: sqlite3.Connection, ids: list[int]) -> None:
    """Take these posts' texts out of the full-text index (it needs the text it indexed)."""
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        marks = ",".join("?" * len(chunk))
        old = db.execute(f"SELECT id, text FROM texts WHERE id IN ({marks})", chunk).fetchall()
        db.executemany("INSERT INTO fts(fts, rowid, text) VALUES ('delete', ?, ?)", old)
        db.executemany("DELETE FROM texts WHERE id = ?", [(i,) for i, _ in old])


def _json(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), default=str)


def store_path(root: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha1(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return folder / f"index-{key}.sqlite"


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        path, timeout=_BUSY_MS / 1000, isolation_level=None, check_same_thread=False
    )
    connection.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")
    return connection


class Store:
    """One site's index file. Safe to share between threads: each reads on a connection of its
    own, and writers take turns."""

    def __init__(self, path: Path, root: Path, conventions: str) -> None:
        self.path = path
        self.root = root
        self.conventions = conventions
        self.note: str | None = None
        """One line for the user when the file found could not be used and was set aside."""
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._write_connection: sqlite3.Connection | None = None
        self._lookups = Lookups(lambda: _connect(self.path))

    @classmethod
    def open(cls, root: Path, conventions: str) -> Store | None:
        """The index of a content folder (made when missing); None when there is none to keep
        (caching off, or a cache folder that cannot be written: the index stays in memory)."""
        path = store_path(root)
        if path is None:
            return None
        store = cls(path, root, conventions)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            store._prepare()
        except (sqlite3.DatabaseError, OSError) as exc:
            if isinstance(exc, sqlite3.OperationalError) and not path.exists():
                return None  # a read-only cache folder: the index lives in memory
            try:
                store._set_aside(f"could not be used ({exc})")
                store._prepare()
            except (sqlite3.DatabaseError, OSError):
                return None
        return store

    def _prepare(self) -> None:
        connection = self._writer()
        mode = connection.execute("PRAGMA journal_mode = WAL").fetchone()
        if mode is None or str(mode[0]).lower() != "wal":
            raise sqlite3.DatabaseError("cannot use write-ahead logging here")
        connection.execute("PRAGMA synchronous = NORMAL")
        wanted = {
            "schema": str(SCHEMA),
            "version": str(CACHE_VERSION),
            "root": str(self.root.resolve()),
            "conventions": self.conventions,
        }
        with self._writing() as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            found = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if found and any(found.get(key) != value for key, value in wanted.items()):
                # Rows read by another version, or under other conventions, mean other things;
                # another version's tables may not even have the same columns.
                for table in ("fts", "texts", "posts"):
                    db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute("DELETE FROM meta")
                found = {}
            if not found:
                db.executemany("INSERT INTO meta VALUES (?, ?)", wanted.items())
        with self._write_lock:
            connection.executescript(_TABLES)  # each statement idempotent: safe in a race
        tuned = "SELECT 1 FROM fts_config WHERE k = 'automerge'"
        if self._reader().execute(tuned).fetchone() is None:  # once: no write lock each open
            with self._writing() as db:
                # Segments merged 16 at a time, not 4: a build does a quarter less work (50,000
                # posts: 12 s, not 16), and a lookup stays within a millisecond or two.
                db.execute("INSERT INTO fts(fts, rank) VALUES ('automerge', 16)")
                db.execute("INSERT INTO fts(fts, rank) VALUES ('crisismerge', 64)")
        # A file that is not a database passes the statements above only while unread.
        self._reader().execute("SELECT count(*) FROM posts").fetchone()
        self._lookups.open()

    def _set_aside(self, why: str) -> None:
        self.close()
        aside = self.path.with_name(f"{self.path.name}.broken-{int(time.time())}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(self.path) + suffix)
            if source.exists():
                os.replace(source, Path(str(aside) + suffix))
        self.note = f"The search index {self.path} {why}: set aside as {aside.name}, rebuilt."

    def _writer(self) -> sqlite3.Connection:
        if self._write_connection is None:
            self._write_connection = _connect(self.path)
        return self._write_connection

    def _reader(self) -> sqlite3.Connection:
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = _connect(self.path)
            self._local.connection = connection
        return connection

    @contextlib.contextmanager
    def _writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, the file's write lock taken first: never a deadlock, and a
        second writer waits for the first instead of failing."""
        with self._write_lock:
            db = self._writer()
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        if self._write_connection is not None:
            self._write_connection.close()
            self._write_connection = None
        self._lookups.close()
        reader = getattr(self._local, "connection", None)
        if reader is not None:
            reader.close()
            self._local.connection = None

    # Rows --------------------------------------------------------------------------------

    def row_chunks(self, size: int = 4000) -> Iterator[list[tuple[str, list[Any]]]]:
        """The rows kept, (path, row) a few thousand at a time. A chunk at a time: decoding
        100,000 rows at once left 90 MB of the process's memory in holes between the strings
        kept (the lists freed around them), never given back."""
        try:
            cursor = self._reader().execute("SELECT path, row FROM posts")
            while found := cursor.fetchmany(size):
                # One C-speed decode of the chunk's rows at once.
                rows = json.loads("[" + ",".join(row for _, row in found) + "]")
                yield [(path, row) for (path, _), row in zip(found, rows, strict=True)]
        except sqlite3.DatabaseError:
            return

    def newest(self, limit: int) -> dict[str, list[Any]]:
        """The newest posts' rows as last indexed (a first screen before the folder is
        scanned: each row is checked against its file when the scan comes)."""
        query = "SELECT path, row FROM posts ORDER BY sort_date DESC LIMIT ?"
        return {path: json.loads(row) for path, row in self._reader().execute(query, (limit,))}

    def put_rows(self, posts: Iterable[Any], gone: Iterable[str] = ()) -> None:
        """Keep these posts' rows (their text goes stale where their stat changed), and forget
        the paths gone."""
        values = [(p.path, p.size, p.mtime_ns, _json(row_of(p)), p.sort_date) for p in posts]
        with self._writing() as db:
            db.executemany(
                "INSERT INTO posts(path, size, mtime_ns, row, sort_date) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET size = excluded.size, "
                "mtime_ns = excluded.mtime_ns, row = excluded.row, sort_date = excluded.sort_date",
                values,
            )
            gone_ids = [
                found[0]
                for path in gone
                if (found := db.execute("SELECT id FROM posts WHERE path = ?", (path,)).fetchone())
            ]
            _drop_texts(db, gone_ids)
            db.executemany("DELETE FROM posts WHERE id = ?", [(i,) for i in gone_ids])

    # Texts -------------------------------------------------------------------------------

    def untexted(self) -> list[str]:
        """Posts whose full-text entry is missing or older than their row."""
        query = f"SELECT path FROM posts WHERE {_UNTEXTED} ORDER BY id"
        return [path for (path,) in self._reader().execute(query)]

    def complete(self) -> bool:
        """Whether every post's text is indexed as the post is (through `posts_untexted`)."""
        query = f"SELECT NOT EXISTS (SELECT 1 FROM posts WHERE {_UNTEXTED})"
        return bool(self._reader().execute(query).fetchone()[0])

    def put_texts(self, texts: Iterable[Text]) -> int:
        """Index these posts' texts (each only if its row is still at that stat); how many."""
        entries = {entry.path: entry for entry in texts}
        if not entries:
            return 0
        with self._writing() as db:
            rows = []
            for start in range(0, len(entries), 900):  # under SQLite's limit of parameters
                paths = list(entries)[start : start + 900]
                marks = ",".join("?" * len(paths))
                rows += db.execute(
                    "SELECT id, path, size, mtime_ns, text_size IS NOT NULL FROM posts "
                    f"WHERE path IN ({marks})",
                    paths,
                ).fetchall()
            # A row at another stat changed again meanwhile: its newer reading will come.
            # In rowid order: the full-text index appends, where out of order it costs twice.
            current = sorted(
                (post_id, entries[path], had_text)
                for post_id, path, size, mtime_ns, had_text in rows
                if (size, mtime_ns) == (entries[path].size, entries[path].mtime_ns)
            )
            _drop_texts(db, [i for i, _, had in current if had])
            fresh = [(i, e.text) for i, e, _ in current]
            # Explicitly, not by trigger: a trigger made the build take twice as long.
            db.executemany("INSERT INTO texts(id, text) VALUES (?, ?)", fresh)
            db.executemany("INSERT INTO fts(rowid, text) VALUES (?, ?)", fresh)
            db.executemany(
                "UPDATE posts SET text_size = ?, text_mtime_ns = ?, fields = ? WHERE id = ?",
                [
                    (e.size, e.mtime_ns, _json(e.fields) if e.fields is not None else None, i)
                    for i, e, _ in current
                ],
            )
        return len(current)

    def stats(self) -> dict[str, tuple[int, int]]:
        """path -> (size, mtime_ns) each row was read at (without decoding the rows)."""
        query = "SELECT path, size, mtime_ns FROM posts"
        return {path: (size, mtime) for path, size, mtime in self._reader().execute(query)}

    def count(self) -> int:
        """How many posts it holds (cheap: no text is looked at)."""
        return int(self._reader().execute("SELECT count(*) FROM posts").fetchone()[0])

    def counts(self) -> tuple[int, int]:
        """(posts, posts whose text is indexed as they are)."""
        posts, texted = (
            self._reader()
            .execute(
                "SELECT count(*), count(*) FILTER "
                "(WHERE text_size = size AND text_mtime_ns = mtime_ns) FROM posts"
            )
            .fetchone()
        )
        return int(posts), int(texted)

    def interrupt(self) -> None:
        """Stop the full-text lookup running now, if any (see `Lookups.interrupt`)."""
        self._lookups.interrupt()

    def matching(self, needle: str, budget: float | None = None) -> set[str]:
        """Posts whose indexed text holds `needle` (see `Lookups.matching`)."""
        return self._lookups.matching(needle, budget)

    def fields(self) -> dict[str, dict[str, Any]]:
        """path -> the post's fields, for the posts whose text is indexed as they are."""
        query = (
            "SELECT path, fields FROM posts WHERE fields IS NOT NULL "
            "AND text_size = size AND text_mtime_ns = mtime_ns"
        )
        return {path: json.loads(text) for path, text in self._reader().execute(query)}

    def status(self) -> dict[str, Any]:
        """Where the index is, its size on disk and how fresh it is."""
        files = [Path(str(self.path) + suffix) for suffix in ("", "-wal", "-shm")]
        stats = [file.stat() for file in files if file.exists()]
        posts, texted = self.counts()
        return {
            "path": str(self.path),
            "bytes": sum(stat.st_size for stat in stats),
            "posts": posts,
            "texts": texted,
            "modified": max((stat.st_mtime for stat in stats), default=None),
        }

    def remove(self) -> None:
        """Delete the file (a rebuild starts from nothing)."""
        self.close()
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(self.path) + suffix)
