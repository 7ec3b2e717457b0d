"""A first build of the link graph on two cores: a forked process reads half the posts and
finds their links while this one does the other half (reading and finding are most of a first
build; resolving needs every post's URL, so it stays here)."""

from __future__ import annotations

import os
import pickle
import tempfile
from typing import TYPE_CHECKING

from blogtui.domain.site.parsers import fork_is_safe

if TYPE_CHECKING:
    from blogtui.domain.site import linkcache
    from blogtui.domain.site.linkgraph import LinkGraph

FORK_FROM = 2_000
"""Below this many posts to read, a fork costs more than half the reading saves."""


def found_apart(graph: LinkGraph, paths: list[str]) -> dict[str, linkcache.Found | None] | None:
    """What each post says, read on two cores; None where forking is not safe here (threads
    running: the app) or not worth it, and the caller reads them itself."""
    if len(paths) < FORK_FROM or (os.cpu_count() or 1) < 2 or not fork_is_safe():
        return None
    graph.conventions  # noqa: B018  worked out once, before the fork: both halves use it
    mine, theirs = paths[: len(paths) // 2], paths[len(paths) // 2 :]
    # An unnamed file, not a pipe: a pipe would make the child wait for this half to be read.
    with tempfile.TemporaryFile() as out:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child process
            code = 1
            try:
                pickle.dump([(path, graph.found_in(path)) for path in theirs], out)
                out.flush()
                code = 0
            finally:
                os._exit(code)
        found = {path: graph.found_in(path) for path in mine}
        _, status = os.waitpid(pid, 0)
        if status != 0:  # the child failed: its half is read here
            found.update((path, graph.found_in(path)) for path in theirs)
            return found
        out.seek(0)
        found.update(pickle.load(out))
    return found
