"""An index load: begun early (the folder scanned, the cache read, the parsers forked before
the app starts its threads), finished in the background."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.files.fsio import sweep_temps
from blogtui.domain.site import cache
from blogtui.domain.site.generator import detect
from blogtui.domain.site.index import ContentIndex, is_page, scan
from blogtui.domain.site.parsers import Progress, Reading, start_reading
from blogtui.domain.site.post import Post
from blogtui.domain.site.scope import scope_of
from blogtui.domain.site.store import Store


@dataclass
class Loading:
    """An index load begun: the folder scanned, the cache read, the parsers started.
    `finish` waits for them and gives the index (see `Reading` for why begin early).

    A warm start with many posts begins with less: the newest posts as the persistent index
    last saw them (`first_page`, shown at once), and the folder is scanned and reconciled by
    `finish`, in the background."""

    root: Path
    conventions: str
    store: Store | None
    with_text: bool
    workers: int | None = None
    posts: dict[str, Post] = field(default_factory=dict)
    """The posts the cache already holds (once scanned)."""
    reading: Reading | None = None
    stats_count: int = 0
    cached_count: int = 0
    first_page: list[Post] = field(default_factory=list)
    """The newest posts as the index last saw them, for a first screen before the scan."""
    known_count: int = 0
    """How many posts the persistent index holds (the total shown before the scan)."""
    cancelled: bool = False
    stale: bool = False
    """The cache differs from the files (set by `finish`)."""
    _misses: dict[str, tuple[int, int]] | None = None
    """The files the cache does not hold as they are (once scanned)."""
    _scanner: threading.Thread | None = None
    _gone: list[str] = field(default_factory=list)
    """Paths the cache holds rows for that are no posts now (gone, or no longer pages)."""
    _parsed: list[str] = field(default_factory=list)
    """The posts parsed (the cache did not hold them as they are)."""

    @property
    def total(self) -> int:
        """How many posts the folder holds (as last indexed, until it is scanned)."""
        return self.stats_count if self.reading is not None else self.known_count

    def cancel(self) -> None:
        """Stop (the app quits while it loads): `finish` returns what it has."""
        self.cancelled = True
        if self.reading is not None:
            self.reading.cancel()

    def _prepare(self, busy: bool) -> None:
        self._read_folder()
        self._start_parsers(busy)

    def _read_folder(self) -> None:
        """Scan the folder and take what the cache holds; `_misses` are left to parse."""
        temps: list[str] = []
        stats = scan(self.root, temps)
        if temps:
            sweep_temps(temps)  # left by saves that were killed; never one a writer holds
        cached = 0
        for chunk in self.store.row_chunks() if self.store is not None else ():
            cached += len(chunk)
            for path, row in chunk:
                stat = stats.get(path)
                if stat is None:
                    self._gone.append(path)
                post = cache.post_from_row(path, row, *stat) if stat is not None else None
                if post is not None:
                    self.posts[path] = post
        self.stats_count, self.cached_count = len(stats), cached
        self._misses = {path: stat for path, stat in stats.items() if path not in self.posts}

    def _read_folder_apart(self) -> None:
        # In a thread: what fails here is done again by `_start_parsers`, which says why.
        try:
            self._read_folder()
        except Exception:
            self._misses = None
            self.posts.clear()
            self._gone.clear()

    def _start_parsers(self, busy: bool) -> None:
        if self._misses is None:  # the scan failed in its thread: again here, to say why
            self._read_folder()
        assert self._misses is not None
        self.reading = start_reading(self.root, self._misses, self.workers, self.with_text, busy)

    def start_parsers(self) -> None:
        """After `begin_load(..., scan_apart=True)`: wait for the scan and start the parsers
        (they fork: the scan's thread is gone by then, and no other may run)."""
        if self._scanner is not None:
            self._scanner.join()
            self._scanner = None
            self._start_parsers(busy=True)

    def finish(self, save: bool = True, progress: Progress | None = None) -> ContentIndex:
        """The index. `save=False` leaves the cache to `save_cache`, for a caller that shows
        the index first (at 100,000 posts the save takes over half a second). `progress`
        hears the cached posts, then each batch parsed."""
        self.start_parsers()  # begun apart: forks only now, with no other thread
        if self.reading is None:
            self._prepare(busy=False)
        assert self.reading is not None
        if self.cancelled:
            self.reading.cancel()
        posts = self.posts
        if progress is not None and posts and not self.first_page:
            progress(list(posts.values()))
        parsed = self.reading.finish(progress)
        scope = scope_of(self.root)
        for post in parsed:
            posts[post.path] = post
        for path in [path for path, post in posts.items() if not is_page(post, scope)]:
            del posts[path]
            self._gone.append(path)
        self._parsed = [post.path for post in parsed if post.path in posts]
        self.stale = bool(parsed) or self.cached_count != self.stats_count
        index = ContentIndex(self.root, posts, self.store)
        if self.store is not None and self.store.note:
            index.notes.append(self.store.note)
        if save:
            self.save_cache(posts)  # nobody else holds the index yet: no snapshot needed
        if self.with_text:
            index.fill_details()
            index.fill_fields()
        return index

    def save_cache(self, posts: dict[str, Post]) -> None:
        """Write to the cache what the load found changed: the posts parsed, and the rows of
        files gone (`posts`: the index's rows, a snapshot when the index is already in use).
        Only those: reading every row's stat back to compare took 0.3 s at 100,000 posts."""
        if self.store is not None and self.stale:
            changed = [post for path in self._parsed if (post := posts.get(path)) is not None]
            # Only the next start's speed-up: on failure it reads the files again.
            with contextlib.suppress(sqlite3.Error):
                self.store.put_rows(changed, self._gone)


FIRST_PAGE = 300
"""Posts a warm start shows before it scans the folder (a few screens of the newest)."""
FIRST_PAGE_FROM = 20_000
"""Below this many posts a warm start scans at once: the whole list comes within a second."""


def begin_load(
    root: Path,
    workers: int | None = None,
    with_text: bool = True,
    use_cache: bool = True,
    busy: bool = False,
    first_page_from: int | None = None,
    scan_apart: bool = False,
) -> Loading:
    """Begin indexing the folder (see `ContentIndex.load`); `finish` the returned load.
    `busy`: see `start_reading`. `first_page_from`: when the persistent index holds at least
    this many posts, take only the newest now and leave the scan to `finish`. `scan_apart`:
    the folder is scanned in a thread while the caller goes on (loading Textual: at 100,000
    posts the scan takes 0.4 s), and `start_parsers` forks the parsers once it is through."""
    conventions = detect(root).signature
    store = Store.open(root, conventions) if use_cache else None
    loading = Loading(root, conventions, store, with_text, workers)
    if store is not None and first_page_from is not None:
        with contextlib.suppress(sqlite3.Error):
            loading.known_count = store.count()
            if loading.known_count >= first_page_from:
                newest = store.newest(FIRST_PAGE)
                loading.first_page = [
                    post
                    for path, row in newest.items()
                    if (post := cache.post_from_row(path, row, row[0], row[1])) is not None
                ]
                return loading
    if scan_apart:
        loading._scanner = threading.Thread(target=loading._read_folder_apart, daemon=True)
        loading._scanner.start()
        return loading
    loading._prepare(busy)
    return loading
