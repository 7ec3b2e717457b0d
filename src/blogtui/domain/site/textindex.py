"""What free-text search and field queries need beyond a listing row, read once and kept.

With the persistent index (`store`), a post's search text goes to its full-text table and
never stays in memory: a second start reads only the files changed since. Without one (caching
off, a cache folder that cannot be written) the texts are kept on the posts, as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from blogtui.domain.site.post import Post, fill_details, read_details
from blogtui.domain.site.store import Text

if TYPE_CHECKING:
    from blogtui.domain.site.index import ContentIndex

BATCH = 500
"""Posts read and indexed in one write: small enough that a search or another writer never
waits long for the file, large enough that the build is not all transactions."""

TextProgress = Callable[[int, int], None]
"""Told (posts indexed, posts to index) after each batch."""


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def fill(
    index: ContentIndex,
    progress: TextProgress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> None:
    """Make every post's text searchable: into the store (only the files changed since it
    was built are read; their fields are kept there too, see `fill_fields`), else onto the
    posts themselves with their fields. Runs in a worker thread while the watcher may update
    the index: it works on a snapshot."""
    posts = dict(index.posts)
    store = index.store
    if store is None:
        for post in posts.values():
            if cancelled():
                return
            if post.search_text is None or post.fields is None:
                fill_details(index.root, post)
        index.forget_matches()
        return
    todo = [path for path in store.untexted() if path in posts]
    done = 0
    for chunk in _batches(todo, BATCH):
        if cancelled():
            return  # what was indexed so far is kept
        if index.store is not store:  # given up meanwhile (a lookup failed): into memory
            fill(index, progress, cancelled)
            return
        entries = []
        for path in chunk:
            post = posts[path]
            if post.search_text is not None and post.fields is not None:
                text, fields = post.search_text, post.fields  # read with its body already
            else:
                text, fields = read_details(index.root, post)
            entries.append(Text(path, post.size, post.mtime_ns, text, fields))
        store.put_texts(entries)
        for path in chunk:
            posts[path].search_text = None  # searched in the store from now on
        index.forget_matches()
        done += len(chunk)
        if progress is not None:
            progress(done, len(todo))


def ready_for_keys(index: ContentIndex) -> None:
    """Make what the first tag toggle and the first word typed would (each post's folded tags
    and listing text: 0.6 s at 100,000 posts), in the app's worker, off the UI thread. A
    command asks for what its query needs alone."""
    for post in list(index.posts.values()):
        post.folded_tags  # noqa: B018
        if post.search_text is None:
            post.text  # noqa: B018


def keep(index: ContentIndex, updates: Iterable[tuple[str, Post | None]]) -> None:
    """Write posts just read (None: gone) to the store, rows and texts together; their texts
    then leave memory. Nothing without a store."""
    store = index.store
    if store is None:
        return
    read = [(path, post) for path, post in updates]
    store.put_rows(
        [post for _, post in read if post is not None], [p for p, v in read if v is None]
    )
    store.put_texts(
        Text(post.path, post.size, post.mtime_ns, post.search_text, post.fields)
        for _, post in read
        if post is not None and post.search_text is not None  # read with its body
    )
    for _, post in read:
        if post is not None:
            post.search_text = None
    index.forget_matches()


def fill_fields(index: ContentIndex) -> None:
    """Give every post its fields (for a query on a field): from the store where it holds
    them for the file as it is, else from the file."""
    posts = [post for post in list(index.posts.values()) if post.fields is None]
    kept = index.store.fields() if index.store is not None and posts else {}
    for post in posts:
        fields = kept.get(post.path)
        if fields is not None:
            post.fields = fields
        else:
            fill_details(index.root, post)
            if index.store is not None:
                post.search_text = None  # its text is the store's to hold
    if index.store is None and posts:
        index.forget_matches()  # their bodies' texts are in memory now
