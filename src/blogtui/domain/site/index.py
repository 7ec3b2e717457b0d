"""The content folder's posts: a fast first load, incremental updates, tag counts."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import selectors
import signal
import stat
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.files.fsio import is_temp_name, sweep_temps
from blogtui.domain.files.postfiles import is_post_name, is_skipped_dir
from blogtui.domain.site import cache
from blogtui.domain.site.generator import detect
from blogtui.domain.site.post import Post, fill_details, read_post
from blogtui.domain.site.scope import Scope, scope_of

PARALLEL_FROM = 3000
"""A process pool pays for its start-up only above this many posts to parse."""


def scan(root: Path, temps: list[str] | None = None) -> dict[str, tuple[int, int]]:
    """Every post under `root`: relative path -> (size, mtime_ns); unreadable folders skipped.

    Only regular files (or links to them) are posts: a FIFO or a device named `*.md` is never
    opened. At a site's root, only what the generator builds (see `scope`). Temp files of
    blogtui's saves found on the way are added to `temps`.
    """
    scope = scope_of(root)
    found: dict[str, tuple[int, int]] = {}
    stack = [(root, "")]
    while stack:
        folder, prefix = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not is_skipped_dir(name) and (
                        scope is None or scope.descends(prefix + name)
                    ):
                        stack.append((Path(entry.path), prefix + name + "/"))
                elif is_post_name(name) and (scope is None or scope.admits(prefix + name)):
                    # is_file() answers from the folder listing for all but links: no syscall.
                    if entry.is_file() or entry.is_symlink():
                        info = (
                            entry.stat() if entry.is_file() else entry.stat(follow_symlinks=False)
                        )
                        found[prefix + name] = (info.st_size, info.st_mtime_ns)
                elif temps is not None and is_temp_name(name):
                    temps.append(entry.path)
            except OSError:
                continue  # vanished between listing and stat
    return found


def is_page(post: Post, scope: Scope | None) -> bool:
    """Whether the generator builds the post as a page (Jekyll copies a file with no front
    matter as it is)."""
    return scope is None or not scope.needs_frontmatter or post.kind != "static"


def _read_chunk(root: Path, items: list[tuple[str, int, int]], with_text: bool) -> list[Post]:
    site = detect(root)  # once per chunk, not per post
    return [read_post(root, path, size, mtime, with_text, site) for path, size, mtime in items]


Item = tuple[str, int, int]
"""A post to parse: its relative path, size and mtime_ns."""


@dataclass
class Reading:
    """Posts being parsed: by processes forked at the start, and by this one on `finish`.

    Begun early on purpose: the app forks its parsers before it loads Textual (forking beside
    threads is unsafe), so the posts are parsed while the interface starts.
    """

    root: Path
    items: list[Item]
    """What this process parses itself."""
    with_text: bool
    children: list[tuple[int, int, list[Item]]] = field(default_factory=list)
    """Each forked parser: its pid, the read end of its pipe, and its share."""
    spawn: list[list[Item]] = field(default_factory=list)
    """Shares for a spawned pool, where forking is not safe."""
    cancelled: bool = False
    """Stopped (see `cancel`)."""
    frames: queue.SimpleQueue[bytes | None] = field(default_factory=queue.SimpleQueue)
    """The parsers' batches as they arrive (None: one parser is through), drained from their
    pipes by a thread from the start, so no parser ever waits for this process to read."""
    drainer: threading.Thread | None = None

    def cancel(self) -> None:
        """Stop the forked parsers (the app quits while it loads): `finish` returns what it
        has, and parses nothing more here."""
        self.cancelled = True
        for pid, _, _ in self.children:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def finish(self, progress: Progress | None = None) -> list[Post]:
        """Every post parsed: this process's share here, the others' gathered. A parser that
        failed (or a pool that could not start: a sandbox, stdio that is not a file) only
        means what it had not sent is parsed here. `progress` hears each batch as it comes."""
        tell = progress or (lambda _posts: None)
        if self.spawn:
            try:
                posts = _read_spawned(self.root, [self.items, *self.spawn], self.with_text)
            except (OSError, RuntimeError, ValueError, EOFError, pickle.UnpicklingError):
                everything = self.items + [item for share in self.spawn for item in share]
                posts = _read_chunk(self.root, everything, self.with_text)
            tell(posts)
            return posts
        posts = _read_chunk(self.root, self.items, self.with_text)
        if posts:
            tell(posts)
        done = 0
        while done < len(self.children):
            frame = self.frames.get()
            if frame is None:
                done += 1  # a parser is through (or failed: see below)
                continue
            try:
                found: list[Post] = pickle.loads(frame)
            except (pickle.UnpicklingError, EOFError, ValueError, TypeError):
                continue  # its posts are parsed here afterwards
            posts += found
            tell(found)
        if self.drainer is not None:
            self.drainer.join()  # gone before anyone asks whether forking is safe again
        if self.children and not self.cancelled:  # what a failed parser did not send
            sent = {post.path for post in posts}
            shares = [share for _, _, share in self.children]
            missing = [item for share in shares for item in share if item[0] not in sent]
            if missing:
                found = _read_chunk(self.root, missing, self.with_text)
                posts += found
                tell(found)
        return posts


Progress = Callable[[list[Post]], None]
"""Hears each batch of posts as it is parsed."""

FRAME = 2000
"""Posts a forked parser sends at once: the app shows the first ones while the rest parse."""


def _drain(
    children: list[tuple[int, int, list[Item]]], frames: queue.SimpleQueue[bytes | None]
) -> None:
    """Read the forked parsers' pipes as they write (length-prefixed pickles) into `frames`,
    and reap each parser when its pipe ends. Runs in a thread: this process may be busy."""
    pending = {read_end: (pid, bytearray()) for pid, read_end, _ in children}
    with selectors.DefaultSelector() as selector:
        for read_end in pending:
            selector.register(read_end, selectors.EVENT_READ)
        while pending:
            for key, _ in selector.select():
                read_end = key.fd
                pid, buffer = pending[read_end]
                try:
                    chunk = os.read(read_end, 1 << 20)
                except OSError:
                    chunk = b""
                buffer += chunk
                while len(buffer) >= 8 and len(buffer) >= 8 + int.from_bytes(buffer[:8], "big"):
                    size = int.from_bytes(buffer[:8], "big")
                    frames.put(bytes(buffer[8 : 8 + size]))
                    del buffer[: 8 + size]
                if not chunk:
                    selector.unregister(read_end)
                    os.close(read_end)
                    del pending[read_end]
                    with contextlib.suppress(ChildProcessError):
                        os.waitpid(pid, 0)
                    frames.put(None)


def start_reading(
    root: Path,
    stats: dict[str, tuple[int, int]],
    workers: int | None = None,
    with_text: bool = True,
    busy: bool = False,
) -> Reading:
    """Begin parsing these posts: other processes start now when there are many posts and
    cores to spare; `finish` parses the rest here and gathers everything. `busy`: this process
    has other work meanwhile (the app loads Textual), so every share goes to another process."""
    items = [(path, size, mtime) for path, (size, mtime) in stats.items()]
    cores = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if cores < 2 or len(items) < PARALLEL_FROM:
        return Reading(root, items, with_text)
    # This process parses one share itself while `cores - 1` others parse the rest.
    # Two ways to start them, on purpose: a bare fork costs nothing and re-imports nothing,
    # which is what makes 10,000 posts in under a second possible; but forking beside other
    # threads can deadlock the child, and macOS forbids it for system libraries. There a spawned
    # pool is the safe way, paying its start-up (about 0.3 s).
    shares = [items[i::cores] for i in range(cores)]
    if not fork_is_safe():
        return Reading(root, shares[0], with_text, spawn=shares[1:])
    if busy:
        shares = [[], *shares]
    reading = Reading(root, shares[0], with_text)
    for share in shares[1:]:
        try:
            pid, read_end = _fork_parser(root, share, with_text)
        except OSError:
            reading.items += share  # no more processes: this one parses it
            continue
        reading.children.append((pid, read_end, share))
    if reading.children:
        reading.drainer = threading.Thread(
            target=_drain, args=(reading.children, reading.frames), daemon=True
        )
        reading.drainer.start()
    return reading


def _fork_parser(root: Path, share: list[Item], with_text: bool) -> tuple[int, int]:
    # A bare fork and a pipe: a process pool's start-up costs more than it saves at 10,000 posts.
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process
        code = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                for start in range(0, len(share), FRAME):
                    posts = _read_chunk(root, share[start : start + FRAME], with_text)
                    data = pickle.dumps(posts, pickle.HIGHEST_PROTOCOL)
                    out.write(len(data).to_bytes(8, "big") + data)
                    out.flush()
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _read_spawned(
    root: Path, shares: list[list[tuple[str, int, int]]], with_text: bool
) -> list[Post]:
    # Imported here: most runs index a few posts, or use the cache, and never need them.
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=len(shares) - 1, mp_context=context) as pool:
        futures = [pool.submit(_read_chunk, root, share, with_text) for share in shares[1:]]
        posts = _read_chunk(root, shares[0], with_text)
        for future in futures:
            posts += future.result()
        return posts


def fork_is_safe() -> bool:
    # Forking a process that runs other threads can deadlock the child.
    return threading.active_count() == 1 and sys.platform != "darwin"


@dataclass(frozen=True)
class Changes:
    """What an update did to the index, by relative path."""

    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)


@dataclass
class ContentIndex:
    """All posts of one content folder, keyed by relative path."""

    root: Path
    posts: dict[str, Post] = field(default_factory=dict)

    @classmethod
    def load(
        cls,
        root: Path,
        workers: int | None = None,
        with_text: bool = True,
        use_cache: bool = True,
    ) -> ContentIndex:
        """Index the folder: cached rows for unchanged files, a parse for the others.

        Without `with_text` the posts' bodies and full fields are not read (see `fill_details`).
        """
        return begin_load(root, workers, with_text, use_cache).finish()

    def fill_details(self) -> None:
        """Read what free-text search and field queries need and the cache does not hold.

        Runs in a worker thread while the watcher may update the index: it works on a snapshot.
        """
        for post in list(self.posts.values()):
            if post.search_text is None or post.fields is None:
                fill_details(self.root, post)
            # Made here, off the UI thread, so the first tag toggle does not pay for them all.
            post.folded_tags  # noqa: B018

    def read_updates(self, paths: Iterable[str]) -> dict[str, Post | None]:
        """Read these posts as they are now (None: gone); touches no index state.

        Safe to run in a worker thread; `apply` the result on the thread that owns the index.
        Files whose size and mtime did not change since they were read are skipped.
        """
        updates: dict[str, Post | None] = {}
        scope = scope_of(self.root)
        for path in dict.fromkeys(paths):
            if scope is not None and not scope.admits(path):
                updates[path] = None  # not content of the site (a README at its root)
                continue
            try:
                info = (self.root / path).stat()
            except OSError:
                info = None
            if info is None or not stat.S_ISREG(info.st_mode):
                if os.path.islink(self.root / path):  # a dangling link or one to a FIFO
                    updates[path] = read_post(self.root, path)
                else:
                    updates[path] = None  # gone, or no longer a regular file
                continue
            old = self.posts.get(path)
            if old is not None and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns):
                continue  # an event for a file already read as it is now (our own save)
            post = read_post(self.root, path, info.st_size, info.st_mtime_ns)
            updates[path] = post if is_page(post, scope) else None
        return updates

    def apply(self, updates: dict[str, Post | None]) -> Changes:
        """Put read posts into the index; returns what actually changed."""
        added: list[str] = []
        changed: list[str] = []
        removed: list[str] = []
        for path, post in updates.items():
            if post is None:
                if self.posts.pop(path, None) is not None:
                    removed.append(path)
                continue
            old = self.posts.get(path)
            self.posts[path] = post
            if old is None:
                added.append(path)
            elif old != post:
                changed.append(path)
        return Changes(tuple(added), tuple(changed), tuple(removed))

    def refresh(self, paths: Iterable[str]) -> Changes:
        """Re-read these posts (created, changed or removed); unchanged ones are no-ops."""
        return self.apply(self.read_updates(paths))

    def stale_paths(self) -> list[str]:
        """Posts whose files differ from the index, found by a fresh scan (after a watcher gap,
        a pull). Safe in a worker thread: it reads a snapshot of the index."""
        stats = scan(self.root)
        known = dict(self.posts)
        stale = [p for p, post in known.items() if stats.get(p) != (post.size, post.mtime_ns)]
        return stale + [p for p in stats if p not in known]

    def tag_counts(self, posts: Iterable[Post] | None = None) -> list[tuple[str, int]]:
        """(tag, number of posts), most used first, then by name."""
        return self.term_counts("tags", posts)

    def term_counts(
        self, taxonomy: str, posts: Iterable[Post] | None = None
    ) -> list[tuple[str, int]]:
        """(term, number of posts) of one taxonomy, most used first, then by name. Where the
        generator folds spellings into one page (Hugo, Zola: `HTML` and `html`), they count
        as one term, shown as most posts spell it."""
        chosen = self.posts.values() if posts is None else posts
        site = detect(self.root)
        if not site.folds_terms:
            counts: Counter[str] = Counter()
            for post in chosen:
                counts.update(post.terms_of(taxonomy))
            return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold(), item[0]))
        spellings: dict[str, Counter[str]] = {}
        for post in chosen:
            seen: dict[str, str] = {}
            for term in post.terms_of(taxonomy):
                seen.setdefault(site.term_key(term), term)
            for key, term in seen.items():
                spellings.setdefault(key, Counter())[term] += 1
        folded = [
            (min(found, key=lambda t: (-found[t], t)), sum(found.values()))
            for found in spellings.values()
        ]
        return sorted(folded, key=lambda item: (-item[1], item[0].casefold()))

    def section_dates(self) -> dict[str, tuple[str, float]]:
        """Hugo dates a section (`_index.md`) that has no date by its newest page: (ISO date,
        sort key) by the section's path, for those."""
        if detect(self.root).generator != "hugo":
            return {}
        sections = {
            post.path.rpartition("/")[0]: post
            for post in self.posts.values()
            if post.kind == "section" and post.date is None
        }
        if not sections:
            return {}
        newest: dict[str, tuple[str, float]] = {}
        for post in self.posts.values():
            if post.date is None or post.sort_date is None or post.kind != "post":
                continue
            folder = post.path.rpartition("/")[0]
            while True:
                section = sections.get(folder)
                if section is not None and (
                    section.path not in newest or newest[section.path][1] < post.sort_date
                ):
                    newest[section.path] = (post.date, post.sort_date)
                if not folder:
                    break
                folder = folder.rpartition("/")[0]
        return newest

    def taxonomies(self) -> list[str]:
        """The site's taxonomies that some post uses, in the site's order."""
        used: set[str] = set()
        for post in self.posts.values():
            if post.tags:
                used.add("tags")
            if post.terms:
                used.update(post.terms)
        order = detect(self.root).taxonomies
        return [name for name in order if name in used] + sorted(used - set(order))


@dataclass
class Loading:
    """An index load begun: the folder scanned, the cache read, the parsers started.
    `finish` waits for them and gives the index (see `Reading` for why begin early)."""

    root: Path
    posts: dict[str, Post]
    """The posts the cache already holds."""
    reading: Reading
    stats_count: int
    cached_count: int
    conventions: str
    use_cache: bool
    stale: bool = False
    """The cache differs from the files (set by `finish`)."""

    @property
    def total(self) -> int:
        """How many posts the folder holds."""
        return self.stats_count

    def finish(self, save: bool = True, progress: Progress | None = None) -> ContentIndex:
        """The index. `save=False` leaves the cache to `save_cache`, for a caller that shows
        the index first (at 100,000 posts the save takes over half a second). `progress`
        hears the cached posts, then each batch parsed."""
        posts = self.posts
        if progress is not None and posts:
            progress(list(posts.values()))
        parsed = self.reading.finish(progress)
        scope = scope_of(self.root)
        for post in parsed:
            posts[post.path] = post
        for path in [path for path, post in posts.items() if not is_page(post, scope)]:
            del posts[path]
        self.stale = bool(parsed) or self.cached_count != self.stats_count
        index = ContentIndex(self.root, posts)
        if save:
            self.save_cache(posts)  # nobody else holds the index yet: no snapshot needed
        if self.reading.with_text:
            index.fill_details()
        return index

    def save_cache(self, posts: dict[str, Post]) -> None:
        """Write the cache, when the files differed from it (`posts`: the index's rows, a
        snapshot when the index is already in use)."""
        if self.use_cache and self.stale:
            cache.save(self.root, posts, self.conventions)


def begin_load(
    root: Path,
    workers: int | None = None,
    with_text: bool = True,
    use_cache: bool = True,
    busy: bool = False,
) -> Loading:
    """Begin indexing the folder (see `ContentIndex.load`); `finish` the returned load.
    `busy`: see `start_reading`."""
    temps: list[str] = []
    stats = scan(root, temps)
    if temps:
        sweep_temps(temps)  # left by saves that were killed; never one a writer still holds
    conventions = detect(root).signature
    cached = cache.load(root, conventions) if use_cache else {}
    posts: dict[str, Post] = {}
    misses: dict[str, tuple[int, int]] = {}
    for path, (size, mtime) in stats.items():
        row = cached.get(path)
        post = cache.post_from_row(path, row, size, mtime) if row is not None else None
        if post is None:
            misses[path] = (size, mtime)
        else:
            posts[path] = post
    reading = start_reading(root, misses, workers, with_text, busy)
    return Loading(root, posts, reading, len(stats), len(cached), conventions, use_cache)
