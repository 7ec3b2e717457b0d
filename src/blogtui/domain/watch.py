"""The content folder's changes as batches of relative post paths (watchfiles; no UI here)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from blogtui.domain.index import is_skipped_dir, relative_post_path
from blogtui.domain.post import is_post_name

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


def _interesting(root: Path, path: str) -> bool:
    candidate = Path(path)
    try:
        parts = candidate.relative_to(root).parts
    except ValueError:
        return False
    if any(is_skipped_dir(part) for part in parts[:-1]):
        return False
    name = candidate.name
    if is_post_name(name):
        return True
    # A folder event (no suffix, not a temp file): posts may have moved with it.
    return "." not in name and not name.endswith("~") and name != "4913"


async def watch_folder(root: Path, stop: asyncio.Event | None = None) -> AsyncIterator[WatchBatch]:
    """Yield a batch for every burst of changes under `root` until `stop` is set."""
    from watchfiles import awatch  # imported here: the scripting commands never need it

    root = root.resolve()
    async for changes in awatch(
        root,
        debounce=DEBOUNCE_MS,
        step=STEP_MS,
        stop_event=stop,
        watch_filter=lambda _change, path: _interesting(root, path),
        recursive=True,
    ):
        paths: list[str] = []
        rescan = False
        for _change, raw in changes:
            relative = relative_post_path(root, Path(raw))
            if relative is not None:
                paths.append(relative)
            elif not is_post_name(Path(raw).name):
                rescan = True
        yield WatchBatch(tuple(sorted(set(paths))), rescan)
