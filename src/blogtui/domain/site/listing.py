"""A list of posts beside their texts and paths, kept in step.

A keystroke filters every post in the list. Read through each post object that costs 35 ms at
100,000 posts: sorted by date, the objects lie scattered over 200 MB and nearly every read
misses the CPU's cache. Over plain lists of strings the same filter runs in C (`map`,
`compress`) in 6-12 ms, and a post object is touched only to be kept. A listing is never
changed once made (a filter, a removal or a placement makes a new one), so the last result can
be kept and narrowed, and a list handed out is never changed under its reader.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from itertools import compress, repeat
from operator import contains, not_

from blogtui.domain.site.post import Post
from blogtui.domain.site.sorting import place_post

MAKE_STEP = 2_000
"""Posts whose texts and places are made between two pauses: about 1 ms, and up to 20 where
the posts' listing texts are still to be made (after a change to many posts re-read them:
10,000 at once held the screen 109-144 ms while 10,000 posts changed)."""


class Listing:
    """Posts in their order; their texts and paths are made on first use, then kept."""

    __slots__ = ("_holds", "_paths", "_places", "_texts", "posts")

    def __init__(
        self, posts: list[Post], texts: list[str] | None = None, paths: list[str] | None = None
    ) -> None:
        self.posts = posts
        self._texts = texts
        self._paths = paths
        self._holds: dict[str, bool] = {}
        """Whether every text holds a word: asked twice by one keystroke (whether to look
        the bodies up, then the filter)."""
        self._places: dict[str, int] | None = None
        """Each post's place by path, made by `make` for a listing kept long (the sorted
        list): posts found by path are then picked, not filtered out of every post."""

    def __len__(self) -> int:
        return len(self.posts)

    @property
    def texts(self) -> list[str]:
        """What a free word is looked for in, in memory: the text with the body once read,
        else the listing's own (path, title, description, terms)."""
        if self._texts is None:
            self._texts = [p.search_text or p.listing_text or p.text for p in self.posts]
        return self._texts

    @property
    def paths(self) -> list[str]:
        if self._paths is None:
            self._paths = [p.path for p in self.posts]
        return self._paths

    @property
    def made(self) -> bool:
        """Whether the texts and places are made."""
        return self._places is not None and self._texts is not None

    def make(self) -> None:
        for _ in self.making():
            pass

    def making(self, size: int = MAKE_STEP) -> Iterator[None]:
        """Make the texts and places `size` posts at a time, pausing (yielding) between: the
        screen lets the keys in between (50 ms at once at 100,000 posts)."""
        posts = self.posts
        made = self._texts  # carried over a change: only the places are made anew
        texts: list[str] = []
        places: dict[str, int] = {}
        for start in range(0, len(posts), size):
            part = posts[start : start + size]
            if made is None:
                texts += [p.search_text or p.listing_text or p.text for p in part]
            places.update(zip([p.path for p in part], range(start, start + len(part)), strict=True))
            yield
        if made is None:
            self._texts = texts
        self._places = places

    def place_of(self, path: str) -> int | None:
        """Where the post at `path` is, when the places are made (else None: not known)."""
        return self._places.get(path) if self._places is not None else None

    def select(self, chosen: Iterable[bool]) -> Listing:
        """The posts whose flag is true, in their order (`chosen`: one flag per post)."""
        keep = list(chosen)
        return Listing(
            list(compress(self.posts, keep)),
            None if self._texts is None else list(compress(self._texts, keep)),
            None if self._paths is None else list(compress(self._paths, keep)),
        )

    def every_holds(self, word: str) -> bool:
        held = self._holds.get(word)
        if held is None:
            held = self._holds[word] = all(map(contains, self.texts, repeat(word)))
        return held

    def holding(self, word: str) -> Listing:
        """The posts whose text in memory holds `word`."""
        if self.every_holds(word):
            return self
        return self.select(map(contains, self.texts, repeat(word)))

    def among(self, paths: Collection[str]) -> Listing:
        """The posts at these paths: picked by place where the places are made (3 posts
        found by a rare word: under 1 ms, not 21 ms at 100,000 posts)."""
        places = self._places
        if places is None:
            return self.select(map(paths.__contains__, self.paths))
        found = sorted(place for place in map(places.get, paths) if place is not None)
        posts, texts = self.posts, self.texts
        picked = [posts[place] for place in found]
        return Listing(picked, [texts[place] for place in found], [p.path for p in picked])

    def without(self, paths: Collection[str]) -> Listing:
        """The posts not at these paths (a few posts changed on disk are taken out by place,
        where the places are made)."""
        places = self._places
        if places is None:
            return self.select(map(not_, map(paths.__contains__, self.paths)))
        posts, texts = list(self.posts), list(self.texts)
        kept_paths = None if self._paths is None else list(self._paths)
        for place in sorted((places[p] for p in paths if p in places), reverse=True):
            del posts[place], texts[place]
            if kept_paths is not None:
                del kept_paths[place]
        return Listing(posts, texts, kept_paths)

    def part(self, start: int, stop: int) -> Listing:
        return Listing(
            self.posts[start:stop],
            None if self._texts is None else self._texts[start:stop],
            None if self._paths is None else self._paths[start:stop],
        )

    def placed(self, posts: Iterable[Post], sort: str) -> Listing:
        """These posts put in where `sort` puts them (see `sorting.place_post`)."""
        items = list(self.posts)
        texts = None if self._texts is None else list(self._texts)
        paths = None if self._paths is None else list(self._paths)
        for post in posts:
            at = place_post(items, post, sort)
            items.insert(at, post)
            if texts is not None:
                texts.insert(at, post.text)
            if paths is not None:
                paths.insert(at, post.path)
        return Listing(items, texts, paths)
