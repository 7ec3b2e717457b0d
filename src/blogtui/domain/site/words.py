"""Where a query's free words are looked for: the persistent index's full-text table when the
site has one, else each post's own text in memory."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from blogtui.domain.site.listing import Listing
from blogtui.domain.site.post import Post

if TYPE_CHECKING:
    from blogtui.domain.site.translations import Translations


class TextSearch(Protocol):
    """Where free words are looked for (the index: its persistent full-text table, else each
    post's text in memory)."""

    def matching(self, word: str) -> tuple[set[str], bool] | None: ...

    def searches_bodies(self, word: str) -> bool:
        """Whether `word` is looked for in bodies (else in listings alone)."""

    def look_up(self, word: str, budget: float) -> bool:
        """Ask the persistent index about `word` if it answers within `budget` seconds;
        whether `matching(word)` now answers at once."""

    def looked_up(self, word: str) -> bool:
        """Whether `matching(word)` answers at once (no query of the persistent index)."""

    def stop_lookups(self) -> None:
        """Stop a `matching` running in another thread."""

    def translations(self) -> Translations | None:
        """The posts' languages and translations (for `lang:` and `missing:`)."""


@dataclass(frozen=True)
class ListingsOnly:
    """Free words looked for in the posts' listings alone (path, title, description, terms):
    what the list shows at once while the bodies' index is asked in a worker."""

    texts: TextSearch

    def matching(self, word: str) -> tuple[set[str], bool] | None:
        return None

    def searches_bodies(self, word: str) -> bool:
        return False

    def look_up(self, word: str, budget: float) -> bool:
        return True

    def looked_up(self, word: str) -> bool:
        return True

    def stop_lookups(self) -> None:
        self.texts.stop_lookups()

    def translations(self) -> Translations | None:
        return self.texts.translations()


def answered(word: str, texts: TextSearch | None) -> bool:
    """Whether `word` is found without scanning bodies in memory: the full-text table holds
    every body, or the word is looked for in listings alone. Else a search over very many
    posts runs in steps (see `browse.Search`)."""
    if texts is None:
        return False
    if not texts.searches_bodies(word):
        return True
    found = texts.matching(word)
    return found is not None and found[1]


def listing_with(listing: Listing, word: str, texts: TextSearch | None) -> Listing:
    """The posts holding `word`, in their order (see `Listing`: no call per post, so a
    keystroke over 100,000 posts stays within a frame)."""
    if texts is None or not texts.searches_bodies(word):
        return listing.holding(word)
    if listing.every_holds(word):
        # Every post matches: no body need be asked ('p', 'post' are in nearly every path;
        # a short word has no trigram, and would scan every body).
        return listing
    found = texts.matching(word)
    if found is None:
        return listing.holding(word)
    paths, complete = found
    if complete:
        return listing.among(paths)
    return listing.select(
        path in paths or word in text
        for path, text in zip(listing.paths, listing.texts, strict=True)
    )


def word_tester(word: str, texts: TextSearch | None) -> Callable[[Post], bool]:
    """Whether a post holds `word`. A post whose body is not read (nor indexed) yet is
    searched in its path, title, description and terms."""
    if texts is None:
        return lambda post: word in post.text
    if len(word) < 3 and texts.searches_bodies(word):
        hits: set[str] | None = None

        def test(post: Post) -> bool:
            nonlocal hits
            if word in post.text:
                return True
            if hits is None:
                found = texts.matching(word)
                hits = found[0] if found is not None else set()
            return post.path in hits

        return test
    found = texts.matching(word)
    if found is None:
        return lambda post: word in post.text
    paths, complete = found
    if complete:
        return lambda post: post.path in paths
    return lambda post: post.path in paths or word in post.text
