"""The content folder's changes as batches of relative post paths (watchfiles; no UI here)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from pathlib import Path

from blogtui.domain.files.postfiles import is_post_name, may_hold_posts, relative_post_path

DEBOUNCE_MS = 50
"""watchfiles' default (1,600 ms) is far too slow for a live preview; 50 ms still batches a
`git checkout` of a thousand files into one or two updates."""
STEP_MS = 10


@dataclass(frozen=True)
class WatchBatch:
    """One burst of changes."""

    paths: tuple[str, ...]
    """Relative paths of posts created, changed or removed."""
    rescan: bool = False
    """A folder was added, moved or removed: only a fresh scan knows which posts that touched."""


REATTACH_CHECK_MS = 500
"""How often, with no events, the watcher checks that its folder is still the same folder."""


def _identity(root: Path) -> tuple[int, int] | None:
    try:
        info = root.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


async def watch_folder(root: Path, stop: asyncio.Event | None = None) -> AsyncIterator[WatchBatch]:
    """Yield a batch for every burst of changes under `root` until `stop` is set.

    A checkout or a deploy may replace the whole folder (moved away and recreated): the old
    watch then sees nothing more. The watched folder's own deletion event says so, and its
    identity is checked on every wake-up too; either way the watch re-attaches to the new
    folder and asks for a rescan. (Identity alone is not enough: `rm -rf c && mkdir c` gets
    the same inode number back on ext4.)
    """
    from watchfiles import awatch  # imported here: the scripting commands never need it

    root = root.resolve()
    top = str(root)
    attached = _identity(root)
    while stop is None or not stop.is_set():
        identity = _identity(root)
        if identity is None:  # gone for now: wait for it to come back
            attached = None  # a new folder may reuse the old one's inode number
            await _sleep_or_stop(REATTACH_CHECK_MS / 1000, stop)
            continue
        # A new folder: rescan once the watch runs (its first wake-up), so that nothing
        # created between the swap and the new watch is missed.
        rescan_pending = identity != attached
        attached = identity
        replaced = False
        try:
            async for changes in awatch(
                root,
                debounce=DEBOUNCE_MS,
                step=STEP_MS,
                stop_event=stop,
                watch_filter=lambda _change, path: path == top or may_hold_posts(root, Path(path)),
                recursive=True,
                rust_timeout=REATTACH_CHECK_MS,
                yield_on_timeout=True,
            ):
                if _identity(root) != identity or any(path == top for _, path in changes):
                    replaced = True
                    attached = None  # rescan again once the new watch runs
                    break
                if rescan_pending:
                    rescan_pending = False
                    yield WatchBatch((), rescan=True)
                if changes:
                    yield _batch(root, changes)
        except OSError:  # the folder vanished as the watch started
            replaced, attached = True, None
        if replaced:
            yield WatchBatch((), rescan=True)  # what the old folder held is gone now
        elif stop is None or stop.is_set():
            return


async def _sleep_or_stop(seconds: float, stop: asyncio.Event | None) -> None:
    if stop is None:
        await asyncio.sleep(seconds)
        return
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)


def _batch(root: Path, changes: Iterable[tuple[object, str]]) -> WatchBatch:
    paths: list[str] = []
    rescan = False
    for _change, raw in changes:
        relative = relative_post_path(root, Path(raw))
        if relative is not None:
            paths.append(relative)
        elif not is_post_name(Path(raw).name):
            rescan = True
    return WatchBatch(tuple(sorted(set(paths))), rescan)
