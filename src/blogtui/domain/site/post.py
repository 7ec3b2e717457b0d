"""What the index knows about one post, read from its frontmatter the way static sites read it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from blogtui.domain.files.postfiles import is_post_name
from blogtui.domain.files.reading import read_post_file
from blogtui.domain.formats.dates import iso_and_sort_key
from blogtui.domain.formats.document import Document

DATE_KEYS = ("date", "pubDate", "publishDate", "published_at", "publishedAt", "created")
FEATURED_KEYS = ("featuredpost", "featured")
IMAGE_KEYS = ("featuredimage", "featured_image", "heroImage", "image", "cover")
_JEKYLL_NAME = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})-")


@dataclass(slots=True)
class Post:
    """One post of the folder as the index holds it."""

    path: str
    """Relative to the content folder, with `/` separators: the post's identity."""
    size: int
    mtime_ns: int
    title: str | None = None
    date: str | None = None
    """ISO 8601, as the file wrote it when it already was ISO."""
    sort_date: float | None = None
    tags: tuple[str, ...] = ()
    draft: bool = False
    featured: bool = False
    description: str | None = None
    image: str | None = None
    error: str | None = None
    search_text: str | None = field(default=None, repr=False)
    """Title, description, tags and body, case-folded: what free-text search looks in.
    None until the body has been read (a cached index row has no body)."""
    folded_tags: frozenset[str] = field(init=False, repr=False, compare=False)
    """The tags case-folded, so a tag filter is one set operation per post."""

    def __post_init__(self) -> None:
        self.folded_tags = frozenset(tag.casefold() for tag in self.tags)

    @property
    def display_title(self) -> str:
        return self.title if self.title else Path(self.path).stem

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "title": self.title,
            "date": self.date,
            "tags": list(self.tags),
            "draft": self.draft,
            "featured": self.featured,
            "description": self.description,
            "error": self.error,
        }


def _scalar_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def tags_of(metadata: dict[str, Any]) -> tuple[str, ...]:
    """Tags as sites read them: a list, a Jekyll space-separated string, or a lone number."""
    value = metadata.get("tags")
    if value is None:
        value = metadata.get("tag")
    if value is None:
        return ()
    if isinstance(value, str):
        items: list[Any] = value.split()
    elif isinstance(value, list):
        items = value
    else:
        items = [value]
    seen: dict[str, None] = {}
    for item in items:
        text = _scalar_text(item)
        if text is not None and text.strip():
            seen.setdefault(text.strip(), None)
    return tuple(seen)


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("true", "yes", "on", "1")
    return value is True or (isinstance(value, int) and value == 1)


def _falsy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in ("false", "no", "off", "0")
    return value is False


def date_value(metadata: dict[str, Any], path: str) -> Any:
    """The post's date field's value; else the date in a Jekyll-style file name."""
    for key in DATE_KEYS:
        if metadata.get(key) not in (None, ""):
            return metadata[key]
    match = _JEKYLL_NAME.match(Path(path).name)
    return match.group(1) if match else None


def search_text_of(post: Post, body: str) -> str:
    """What free-text search looks in: the file's path (a post listed by its file name can be
    found by it), title, description, tags and body, case-folded."""
    fields = (post.path, post.title or "", post.description or "", " ".join(post.tags), body)
    return "\n".join(fields).casefold()


def summarize(
    path: str, size: int, mtime_ns: int, metadata: dict[str, Any], body: str | None
) -> Post:
    """The index row for a post that parsed (with its search text when the body is given)."""
    title = _scalar_text(metadata.get("title"))
    description = _scalar_text(metadata.get("description"))
    raw_date = date_value(metadata, path)
    iso, sort_key = iso_and_sort_key(raw_date) if raw_date is not None else (None, None)
    tags = tags_of(metadata)
    draft = _truthy(metadata.get("draft")) or _falsy(metadata.get("published"))
    featured = any(_truthy(metadata.get(key)) for key in FEATURED_KEYS)
    image = next((_scalar_text(metadata[k]) for k in IMAGE_KEYS if metadata.get(k)), None)
    post = Post(
        path=path,
        size=size,
        mtime_ns=mtime_ns,
        title=title,
        date=iso,
        sort_date=sort_key,
        tags=tags,
        draft=draft,
        featured=featured,
        description=description,
        image=image,
    )
    if body is not None:
        post.search_text = search_text_of(post, body)
    return post


def broken(path: str, size: int, mtime_ns: int, error: str, text: str | None = "") -> Post:
    """The index row for a post that could not be read or parsed: listed, marked, never written."""
    search = (path + "\n" + text).casefold() if text is not None else None
    return Post(path=path, size=size, mtime_ns=mtime_ns, error=error, search_text=search)


def read_post(
    root: Path, path: str, size: int = -1, mtime_ns: int = 0, with_text: bool = True
) -> Post:
    """Read and summarize one post; never raises for a bad file (the row carries the error).

    Without `with_text` the body is not kept for search: cheaper when only listing.
    """
    reading = read_post_file(os.path.join(root, path), root)
    if size < 0:
        size = len(reading.raw) if reading.raw is not None else 0
    if reading.metadata is None:
        if reading.text is None:  # unreadable: found by its file name alone
            return broken(path, size, mtime_ns, reading.error or "")
        text = reading.text if with_text else None
        return broken(path, size, mtime_ns, reading.error or "", text)
    body = reading.doc.body if with_text and reading.doc else None
    return summarize(path, size, mtime_ns, reading.metadata, body)


def fill_search_text(root: Path, post: Post) -> None:
    """Read the body of a post that came from the cache, for free-text search."""
    reading = read_post_file(root / post.path, root)
    post.search_text = search_text_of(post, reading.doc.body if reading.doc else "")


def sample_folder(folder: Path, limit: int) -> list[tuple[Document, dict[str, Any]]]:
    """The last `limit` readable posts of one folder by name (the newest, for dated names).

    What a folder's posts have in common (fields, date style, frontmatter format) is learnt
    from these, for a new post or a form without a CMS schema.
    """
    try:
        names = sorted(entry.name for entry in os.scandir(folder) if is_post_name(entry.name))
    except OSError:
        return []
    readings = (read_post_file(folder / name) for name in names[-limit:])
    return [(r.doc, r.metadata) for r in readings if r.doc is not None and r.metadata is not None]
