"""What the link graph found in each post last time (its URLs and its links as written), kept
in the cache folder so that the next `links`, `mv`, `media` or app start reads only the posts
that changed. A post's entry is used only while its size and mtime are what they were, and
only under the same conventions (generator config, languages, media folders).

A cache file that is damaged, foreign or unreadable is ignored (and rewritten); one that cannot
be written is not kept: the graph is then built from the files, as the first time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from blogtui.domain.site.cache import cache_folder

VERSION = 2
"""Raised whenever what is found in a post changes (a new kind of link, a field read deeper)."""
Written = tuple[str, str, int, int]
"""(kind, target as written, line, where the target starts in the file's text)."""
Found = tuple[str, list[str], list[Written]]
"""(URL, its and its aliases' keys, the links written)."""
Entry = tuple[int, int, Found]
"""(size, mtime_ns, what was found)."""


def _path(root: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    digest = hashlib.sha256(os.path.abspath(root).encode("utf-8", "surrogateescape")).hexdigest()
    return folder / f"links-{digest[:24]}.json"


def load(root: Path, conventions: str) -> dict[str, Entry]:
    path = _path(root)
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return {}
    if data.get("conventions") != conventions or not isinstance(data.get("posts"), dict):
        return {}
    found: dict[str, Entry] = {}
    for path, entry in data["posts"].items():
        made = _entry(entry)
        if made is not None:
            found[path] = made
    return found


def _entry(raw: Any) -> Entry | None:
    """An entry as written, checked for shape and types (a crafted file can at worst make a
    link point at a wrong path, which the graph then looks for on disk like any other)."""
    try:
        size, mtime, (url, keys, links) = raw
        written = [(k, t, line, start) for k, t, line, start in links]
    except (TypeError, ValueError):
        return None
    if type(size) is not int or type(mtime) is not int or type(url) is not str:
        return None
    if not isinstance(keys, list) or any(type(key) is not str for key in keys):
        return None
    for k, t, line, start in written:
        if (
            type(k) is not str
            or type(t) is not str
            or type(line) is not int
            or type(start) is not int
        ):
            return None
    return size, mtime, (url, keys, written)


def save(root: Path, conventions: str, entries: dict[str, Entry]) -> None:
    path = _path(root)
    if path is None:
        return
    data = {"version": VERSION, "conventions": conventions, "posts": entries}
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=".links-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, separators=(",", ":"))
            os.replace(temp, path)  # whole or not at all; two writers: the last one stays
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
