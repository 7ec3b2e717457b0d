"""The content folder's posts: a fast first load, incremental updates, tag counts."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.post import Post, is_post_name, read_post

SKIPPED_DIRS = frozenset({"node_modules", "__pycache__"})
PARALLEL_FROM = 3000
"""A process pool pays for its start-up only above this many posts to parse."""


def is_skipped_dir(name: str) -> bool:
    return name.startswith(".") or name in SKIPPED_DIRS


def scan(root: Path) -> dict[str, tuple[int, int]]:
    """Every post under `root`: relative path -> (size, mtime_ns); unreadable folders skipped."""
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
                    if not is_skipped_dir(name):
                        stack.append((Path(entry.path), prefix + name + "/"))
                elif is_post_name(name):
                    info = entry.stat()
                    found[prefix + name] = (info.st_size, info.st_mtime_ns)
            except OSError:
                continue  # vanished between listing and stat
    return found


def relative_post_path(root: Path, path: Path) -> str | None:
    """The index key for a file under `root`, or None when it is not a post we index."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return None
    if not parts or any(is_skipped_dir(part) for part in parts[:-1]):
        return None
    if not is_post_name(parts[-1]):
        return None
    return "/".join(parts)


def _read_chunk(root: Path, items: list[tuple[str, int, int]]) -> list[Post]:
    return [read_post(root, path, size, mtime) for path, size, mtime in items]


def read_posts(
    root: Path, stats: dict[str, tuple[int, int]], workers: int | None = None
) -> list[Post]:
    """Parse these posts, on several processes when there are many and cores to spare."""
    items = [(path, size, mtime) for path, (size, mtime) in stats.items()]
    cores = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if cores < 2 or len(items) < PARALLEL_FROM:
        return _read_chunk(root, items)
    size = -(-len(items) // (cores * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    try:
        with ProcessPoolExecutor(max_workers=cores) as pool:
            results = pool.map(_read_chunk, [root] * len(chunks), chunks)
            return [post for chunk in results for post in chunk]
    except (OSError, RuntimeError):
        return _read_chunk(root, items)  # no processes allowed here: do it in this one


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
    def load(cls, root: Path, workers: int | None = None) -> ContentIndex:
        stats = scan(root)
        posts = read_posts(root, stats, workers)
        return cls(root, {post.path: post for post in posts})

    def refresh(self, paths: Iterable[str]) -> Changes:
        """Re-read these posts (created, changed or removed); unchanged ones are no-ops."""
        added: list[str] = []
        changed: list[str] = []
        removed: list[str] = []
        for path in dict.fromkeys(paths):
            try:
                info = (self.root / path).stat()
            except OSError:
                if self.posts.pop(path, None) is not None:
                    removed.append(path)
                continue
            old = self.posts.get(path)
            if old is not None and (old.size, old.mtime_ns) == (info.st_size, info.st_mtime_ns):
                continue  # an event for a file already read as it is now
            self.posts[path] = read_post(self.root, path, info.st_size, info.st_mtime_ns)
            (changed if old is not None else added).append(path)
        return Changes(tuple(added), tuple(changed), tuple(removed))

    def rescan(self) -> Changes:
        """Compare the folder with the index and apply every difference (after a watcher gap)."""
        stats = scan(self.root)
        stale = [p for p, post in self.posts.items() if stats.get(p) != (post.size, post.mtime_ns)]
        fresh = [p for p in stats if p not in self.posts]
        return self.refresh([*stale, *fresh])

    def tag_counts(self, posts: Iterable[Post] | None = None) -> list[tuple[str, int]]:
        """(tag, number of posts), most used first, then by name."""
        counts: Counter[str] = Counter()
        for post in self.posts.values() if posts is None else posts:
            counts.update(post.tags)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))
