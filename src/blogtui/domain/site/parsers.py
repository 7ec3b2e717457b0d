"""Posts parsed by processes forked at the start: batches sent back as they are parsed, drained
by a thread so that no parser waits on a full pipe, gathered on `finish`; this process parses
what a failed parser did not send."""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import selectors
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from blogtui.domain.site.generator import detect
from blogtui.domain.site.post import Post, read_post

PARALLEL_FROM = 3000
"""A process pool pays for its start-up only above this many posts to parse."""


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
FIRST_FRAME = 200
"""Posts in a forked parser's first frame (parsed in 30 ms: the first screen comes sooner)."""


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
                # A small first frame: the app lists the first posts while the rest parse.
                starts = [0, *range(min(FIRST_FRAME, FRAME), len(share), FRAME)]
                for start, end in zip(starts, [*starts[1:], len(share)], strict=True):
                    if start == end:
                        continue  # an empty share: nothing to tell
                    posts = _read_chunk(root, share[start:end], with_text)
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
