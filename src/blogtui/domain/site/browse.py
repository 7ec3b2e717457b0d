"""The list's session: the sort, the search text and the tag mode, and what they show.

A keystroke only filters: the sorted list is kept until the index or the sort changes, and a
query that narrows the last one filters the last result instead of every post. A free-text
search over very many bodies can run in steps, so the screen stays responsive.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from blogtui.domain.site.index import Changes, ContentIndex
from blogtui.domain.site.listing import Listing
from blogtui.domain.site.post import Post
from blogtui.domain.site.query import Query, filter_listing, parse_query
from blogtui.domain.site.query_text import toggle_term_in_text
from blogtui.domain.site.sorting import SORTS, sort_posts
from blogtui.domain.site.status import status_of
from blogtui.domain.site.words import ListingsOnly, TextSearch, answered

GROUPS = ("none", "year", "month", "status", "tag")
"""What `g` cycles through: the list in groups with headings."""
_STATUS_ORDER = {"draft": 0, "scheduled": 1, "published": 2, "expired": 3}

SEARCH_IN_STEPS_FROM = 20_000
"""Free-text search over more posts than this runs in steps (a rare word scans every body)."""
SEARCH_STEP = 10_000
LOOKUP_APART_FROM = 2_000
"""Over this many posts, a word the index is slow on is looked up in a worker (a two-letter
word scans every body: 40 ms at 10,000 posts)."""
LOOKUP_BUDGET = 0.015
"""Seconds a keystroke may spend asking the persistent index about a word."""
PLACED_UP_TO = 1_000
"""Up to this many posts changed at once are placed into the sorted list one by one; more are
sorted anew with the rest (a sort of 100,000 costs 95 ms, a placement 10 µs)."""


@dataclass
class Search:
    """One run of the current query: `all()` at once, or `steps()` a slice at a time."""

    query: Query
    listing: Listing
    """The posts it filters: every post, or the last result when the query narrows it."""
    browse: Browse
    texts: TextSearch | None = None
    """Where free words are looked for (the index)."""

    @property
    def candidates(self) -> list[Post]:
        return self.listing.posts

    @property
    def in_steps(self) -> bool:
        """Whether some word must be looked for in very many bodies in memory (no index
        holds them all yet): the search then runs in steps."""
        if len(self.candidates) <= SEARCH_IN_STEPS_FROM:
            return False
        return not all(
            self._in_every_listing(word) or answered(word, self.texts) for word in self._words
        )

    def _in_every_listing(self, word: str) -> bool:
        """Whether every listing holds `word` ('p', 'post': in every path), so that no body
        need be asked about it: it matches every post. A negated word of three letters or
        more is asked all the same (its filter asks the index, see `word_tester`)."""
        return (len(word) < 3 or word in self.query.words) and self.listing.every_holds(word)

    @property
    def _words(self) -> list[str]:
        """The free words, negated ones too: what the bodies are searched for."""
        negated = [c.value for c in self.query.conditions if c.kind == "word"]
        return [*self.query.words, *negated]

    def lookups(self) -> list[str]:
        """The words (negated ones too) the persistent index must still be asked about, in a
        worker: over very many posts, those it does not answer within a keystroke's share (a
        rare word: under 5 ms at 100,000 posts; a common one: 80-200 ms)."""
        texts = self.texts
        if texts is None or len(self.candidates) <= LOOKUP_APART_FROM:
            return []
        return [
            word
            for word in self._words
            if not texts.looked_up(word)
            and not self._in_every_listing(word)
            and not texts.look_up(word, LOOKUP_BUDGET)
        ]

    def listed(self) -> list[Post]:
        """The posts whose listings alone match (shown while the bodies are looked up)."""
        texts = ListingsOnly(self.texts) if self.texts is not None else None
        return filter_listing(self.listing, self.query, texts).posts

    def all(self) -> list[Post]:
        shown = filter_listing(self.listing, self.query, self.texts)
        self.browse.remember(self.query, shown)
        return shown.posts

    def steps(self, size: int | None = None) -> Iterator[tuple[list[Post], bool]]:
        """(found so far, whether that is all) after each slice of `size` posts."""
        size = size or SEARCH_STEP
        found: list[Post] = []
        start = 0
        while True:
            part = self.listing.part(start, start + size)
            found.extend(filter_listing(part, self.query, self.texts).posts)
            start += size
            done = start >= len(self.listing)
            if done:
                self.browse.remember(self.query, Listing(found))
            yield found, done
            if done:
                return


class Browse:
    """What the list shows; plain data, so that scripts and tests can drive it."""

    def __init__(self) -> None:
        self.text = ""
        """The search box's text."""
        self.any_tags = False
        """Posts with any selected tag (else all of them)."""
        self.sort = SORTS[0]
        self.group = "none"
        """The list's grouping (see GROUPS)."""
        self._sorted: Listing | None = None
        """Every post in the current sort; None: to sort anew from the index."""
        self._epoch = -1
        """The index's `texts_epoch` the listings' texts were read in."""
        self.counts: list[tuple[str, int]] = []
        """(term, posts) of the shown taxonomy, for the panel."""
        self.taxonomy = "tags"
        """The taxonomy the panel shows (tags, categories, keywords...)."""
        self.taxonomies: list[str] = []
        """The site's taxonomies that posts use, in the site's order."""
        self.zone: dt.tzinfo | None = None
        """The site's time zone (for the status of dates written without one)."""
        self.statuses: Counter[str] = Counter()
        """How many posts are in each status (drafts, scheduled...)."""
        self._by: tuple[str, bool] | None = None
        """The `sort:FIELD` the sorted list was made for."""
        self._last: tuple[Query, Listing] | None = None
        """The last query and its result, which a refining query filters instead of all."""
        self._filed: Counter[str] = Counter()
        """How many posts use each taxonomy (the panel lists those some post uses)."""
        self._spelled: Counter[str] = Counter()
        """Each term of the shown taxonomy as spelled, over every post: `counts` before the
        generator's folding, kept up to date change by change."""

    @property
    def sorted(self) -> list[Post]:
        return self._sorted.posts if self._sorted is not None else []

    @property
    def cold(self) -> bool:
        """Whether the sorted list's texts and places are still to be made (see `warming`)."""
        return self._sorted is not None and not self._sorted.made

    def warming(self) -> Iterator[None]:
        """Make the sorted list's texts and places a slice at a time (see `Listing.making`),
        in the pauses between keys, rather than in the first keystroke that needs them (50 ms
        at 100,000 posts). Stops when the list is sorted anew meanwhile."""
        listing = self._sorted
        if listing is None:
            return
        for _ in listing.making():
            if self._sorted is not listing:
                return
            yield

    def place_of(self, path: str) -> int | None:
        """Where the post at `path` is in the sorted list, when that is known at once."""
        return self._sorted.place_of(path) if self._sorted is not None else None

    def invalidate(self) -> None:
        """The index, the sort or the bodies changed: sort and filter anew."""
        self._sorted = None

    def update(self, index: ContentIndex | None, changes: Changes) -> None:
        """Posts changed (on disk, or by us): each is taken out of the sorted list and put back
        where it now belongs, and the counts follow it; many at once are sorted anew."""
        touched = {*changes.added, *changes.changed, *changes.removed}
        if not touched:
            return
        if (
            self._sorted is None
            or index is None
            or self._by is not None
            or len(touched) > PLACED_UP_TO
        ):
            self.invalidate()
            return
        new = [index.posts[path] for path in touched if path in index.posts]
        if not {name for post in new for name in _taxonomies_of(post)} <= {*self.taxonomies}:
            self.invalidate()  # a taxonomy no post used before: the panel's list changes
            return
        kept = self._sorted.without(touched)
        old = list(changes.before)
        if len(self._sorted) - len(kept) != len(old):
            # Changes this list never heard of (or told without the posts they replaced): the
            # counts cannot be taken back exactly.
            self.invalidate()
            return
        self._sorted = kept.placed(new, self.sort)
        self._last = None
        now = time.time()
        self.statuses.subtract(status_of(post, now, self.zone) for post in old)
        self.statuses.update(status_of(post, now, self.zone) for post in new)
        self.statuses = +self.statuses
        for post in old:
            self._spelled.subtract(post.terms_of(self.taxonomy))
        for post in new:
            self._spelled.update(post.terms_of(self.taxonomy))
        self._spelled = +self._spelled
        for post in old:
            self._filed.subtract(_taxonomies_of(post))
        for post in new:
            self._filed.update(_taxonomies_of(post))
        self._filed = +self._filed
        if len(self._filed) < len(self.taxonomies):  # the last post filed under one is gone
            self.taxonomies = index.in_site_order(self._filed)
            if self.taxonomy not in self.taxonomies:
                self.invalidate()  # the panel showed that one: it shows another now
                return
        self.counts = index.fold_terms(self.taxonomy, self._spelled, self._sorted.posts)

    def search(self, index: ContentIndex | None) -> Search:
        """The current query over `index`, starting from the last result when it can."""
        query = parse_query(self.text, self.any_tags, self.taxonomies, self.zone)
        if query.reads_fields and index is not None:
            # Once, on the first query on a field: at 100,000 posts 1.3 s, and 140 MB that
            # a site searched by words and tags alone never pays for.
            index.fill_fields()
        if query.sort != self._by:
            self._sorted = None  # `sort:FIELD` typed, changed or removed
        epoch = index.texts_epoch if index is not None else 0
        if self._sorted is not None and epoch != self._epoch:
            # Texts were read or indexed since: the listings' texts are made anew.
            self._sorted = Listing(self._sorted.posts)
            self._last = None
        self._epoch = epoch
        if self._sorted is None:
            self._by = query.sort
            posts = sort_posts(index.posts.values() if index else (), self.sort, query.sort)
            self._sorted = Listing(posts)
            now = time.time()
            self.statuses = Counter(status_of(post, now, self.zone) for post in posts)
            known = self.taxonomies
            self._filed = Counter()
            for post in posts:
                if post.tags or post.terms:
                    self._filed.update(_taxonomies_of(post))
            self.taxonomies = index.in_site_order(self._filed) if index else []
            if self.taxonomy not in self.taxonomies and self.taxonomies:
                self.taxonomy = self.taxonomies[0]
            self._spelled = Counter()
            for post in posts:  # one C-speed pass
                self._spelled.update(post.terms_of(self.taxonomy))
            self.counts = index.fold_terms(self.taxonomy, self._spelled, posts) if index else []
            self._last = None
            if self.taxonomies != known:  # `NAME:term` may name a taxonomy only now in use
                query = parse_query(self.text, self.any_tags, self.taxonomies, self.zone)
        candidates = self._sorted
        last = self._last
        if last is not None and query.refines(last[0]):
            candidates = last[1]
        return Search(query, candidates, self, index)

    def remember(self, query: Query, shown: Listing) -> None:
        self._last = (query, shown)

    def cycle_group(self) -> str:
        self.group = GROUPS[(GROUPS.index(self.group) + 1) % len(GROUPS)]
        return self.group

    def group_of(self, post: Post) -> str:
        """The heading a post is shown under, in the current grouping."""
        if self.group == "year":
            return post.date[:4] if post.date else "No date"
        if self.group == "month":
            return post.date[:7] if post.date else "No date"
        if self.group == "status":
            return status_of(post, None, self.zone)
        if self.group == "tag":
            return post.tags[0] if post.tags else "No tags"
        return ""

    def grouped(self, shown: list[Post]) -> list[tuple[str, list[Post]]]:
        """The shown posts in groups, each group keeping the sort inside it. Years and months
        come in the order the sort meets them; statuses in their order; tags by name."""
        if self.group == "none":
            return [("", shown)]
        groups: dict[str, list[Post]] = {}
        for post in shown:
            groups.setdefault(self.group_of(post), []).append(post)
        names = list(groups)
        if self.group == "status":
            names.sort(key=lambda name: _STATUS_ORDER.get(name, 9))
        elif self.group == "tag":
            names.sort(key=lambda name: (name == "No tags", name.casefold()))
        return [(name, groups[name]) for name in names]

    def cycle_sort(self) -> None:
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self.invalidate()

    def toggle_term(self, term: str) -> None:
        """Add the shown taxonomy's term to the query, or take it out."""
        self.text = toggle_term_in_text(self.text, term, self.taxonomy)

    def selected(self, query: Query) -> set[str]:
        """The shown taxonomy's terms that the query asks for, case-folded."""
        if self.taxonomy == "tags":
            return {tag.casefold() for tag in query.tags}
        return {term.casefold() for name, term in query.terms if name == self.taxonomy}

    def next_taxonomy(self) -> str | None:
        """Show the next taxonomy in the panel; None when there is no other."""
        if len(self.taxonomies) < 2:
            return None
        position = self.taxonomies.index(self.taxonomy) if self.taxonomy in self.taxonomies else -1
        self.taxonomy = self.taxonomies[(position + 1) % len(self.taxonomies)]
        self.invalidate()
        return self.taxonomy

    def clear(self) -> None:
        self.text = ""
        self.any_tags = False


def _taxonomies_of(post: Post) -> list[str]:
    return (["tags"] if post.tags else []) + list(post.terms or ())
