"""The cyclic garbage collector kept out of the way of big jobs.

A full collection walks every object it tracks, holding the GIL: with the index and a change
set of 10,000 posts in memory that is 0.3-1.3 s, and the UI thread waits for it (measured by
`benchmarks/app_probe.py`'s stall meter). The objects these jobs make are acyclic and freed by
reference counting, so the collector is paused while any such job runs. What the job made is
then frozen out of its reach (freed all the same when no longer referenced): else the first
young collection afterwards walks every object made meanwhile, 0.27 s at 10,000 posts.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0


@contextmanager
def quiet_gc() -> Iterator[None]:
    """No cyclic collection while the block runs (in any thread; nested and concurrent jobs
    count, and the last one out turns it back on)."""
    global _running
    with _lock:
        _running += 1
        gc.disable()
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            gc.freeze()
            if _running == 0:
                gc.enable()


def freeze_kept() -> None:
    """Move what was just made to be kept long (a sorted list's texts and places at 100,000
    posts) out of the collector's reach, as a job's objects are: else every young collection
    walks its lists, each reference a cache miss (7-10 ms, a keystroke's share), and every full
    one (40-65 ms)."""
    gc.freeze()
