"""A post's listing row as the persistent index keeps it (see `store`), so that a warm start
parses no YAML at all; and where caches live.

A row is used only while the file's size and mtime (in nanoseconds) are exactly what they were
when it was parsed, so the file itself always wins.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from blogtui.domain.site.post import Post, shared

CACHE_VERSION = 11
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
    "lang",
    "translation_key",
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


def post_from_row(path: str, row: list[Any], size: int, mtime_ns: int) -> Post | None:
    """The cached post, if the row is well-formed and the file has not changed since."""
    # Positional and unchecked beyond shape: at 100,000 posts this loop is the warm start.
    if not isinstance(row, list) or len(row) != _WIDTH or row[0] != size or row[1] != mtime_ns:
        return None
    try:
        (size, mtime, title, date, sort_date, tags, draft, featured, text, image, error, terms,
         title_source, date_source, kind, expires, lang, translation_key) = row  # fmt: skip
        return Post(
            path,
            size,
            mtime,
            title,
            date,
            sort_date,
            shared(tuple(map(shared, tags))),
            draft,
            featured,
            text,
            image,
            error,
            {shared(name): shared(tuple(map(shared, values))) for name, values in terms.items()}
            if terms
            else None,
            shared(title_source),
            shared(date_source),
            shared(kind),
            expires,
            shared(lang),
            translation_key,
        )
    except (TypeError, AttributeError, ValueError):
        return None


def row_of(post: Post) -> list[Any]:
    """A post's listing row, as `post_from_row` reads it back."""
    return [getattr(post, name) for name in _FIELDS]
