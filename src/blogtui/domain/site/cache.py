"""A metadata cache so that a warm start parses no YAML at all.

One JSON file per content folder in the user's cache folder. An entry is used only while the
file's size and mtime (in nanoseconds) are exactly what they were when it was parsed, so the file
itself always wins. A cache that is missing, corrupt, from another version or written by a
concurrent run is simply ignored; it is replaced atomically, never written in place.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from blogtui.domain.site.post import Post

CACHE_VERSION = 10
_FIELDS = (
    "size",
    "mtime_ns",
    "title",
    "date",
    "sort_date",
    "tags",
    "draft",
    "featured",
    "description",
    "image",
    "error",
    "terms",
    "title_source",
    "date_source",
    "kind",
    "expires",
)
"""A post's row. Its full fields are left out: few queries need them, and every start would
pay to load them (they are read from the files when a query asks: `ContentIndex.fill_details`)."""


_WIDTH = len(_FIELDS)


def cache_folder() -> Path | None:
    """Where caches live; None when caching is switched off (BLOGTUI_NO_CACHE=1)."""
    if os.environ.get("BLOGTUI_NO_CACHE"):
        return None
    override = os.environ.get("BLOGTUI_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("blogtui"))


def cache_path(root: Path) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha1(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:20]
    return folder / f"index-{key}.json"


def load(root: Path, conventions: str = "") -> dict[str, list[Any]]:
    """path -> cached row; empty when there is no usable cache (or one made under other
    conventions: rows depend on how the site's generator reads a post)."""
    path = cache_path(root)
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    if data.get("root") != str(root.resolve()) or not isinstance(data.get("posts"), dict):
        return {}
    if data.get("conventions", "") != conventions:
        return {}
    posts: dict[str, list[Any]] = data["posts"]
    return posts


def post_from_row(path: str, row: list[Any], size: int, mtime_ns: int) -> Post | None:
    """The cached post, if the row is well-formed and the file has not changed since."""
    # Positional and unchecked beyond shape: at 100,000 posts this loop is the warm start.
    if not isinstance(row, list) or len(row) != _WIDTH or row[0] != size or row[1] != mtime_ns:
        return None
    try:
        (size, mtime, title, date, sort_date, tags, draft, featured, text, image, error, terms,
         title_source, date_source, kind, expires) = row  # fmt: skip
        return Post(
            path,
            size,
            mtime,
            title,
            date,
            sort_date,
            tuple(tags),
            draft,
            featured,
            text,
            image,
            error,
            {name: tuple(values) for name, values in terms.items()} if terms else None,
            title_source,
            date_source,
            kind,
            expires,
        )
    except (TypeError, AttributeError, ValueError):
        return None


def save(root: Path, posts: dict[str, Post], conventions: str = "") -> None:
    """Replace the cache with these posts; failures are ignored (a cache is only a speed-up)."""
    path = cache_path(root)
    if path is None:
        return
    rows = {p.path: [getattr(p, name) for name in _FIELDS] for p in posts.values()}
    data = {
        "version": CACHE_VERSION,
        "root": str(root.resolve()),
        "conventions": conventions,
        "posts": rows,
    }
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                # `dumps`, not `dump`: only a one-shot encode runs in C (5 times faster).
                # `default=str`: a value JSON cannot hold is kept as its text, never a failed save.
                text = json.dumps(data, separators=(",", ":"), check_circular=False, default=str)
                handle.write(text)
            os.replace(temp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(temp)
