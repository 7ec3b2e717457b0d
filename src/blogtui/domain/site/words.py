"""Where a query's free words are looked for: the persistent index's full-text table when the
site has one, else each post's own text in memory."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from blogtui.domain.site.post import Post, search_text_of

if TYPE_CHECKING:
    from blogtui.domain.site.translations import Translations


class TextSearch(Protocol):
    """Where free words are looked for (the index: its persistent full-text table, else each
    post's text in memory)."""

    def matching(self, word: str) -> tuple[set[str], bool] | None: ...

    def text_of(self, post: Post) -> str: ...

    def translations(self) -> Translations | None:
        """The posts' languages and translations (for `lang:` and `missing:`)."""


def word_tester(word: str, texts: TextSearch | None) -> Callable[[Post], bool]:
    """Whether a post holds `word`. A post whose body is not read (nor indexed) yet is
    searched in its path, title, description and terms."""
    if texts is None:
        return lambda post: (
            word in (post.search_text if post.search_text is not None else search_text_of(post, ""))
        )
    text_of = texts.text_of
    if len(word) < 3:
        # No trigram to look up: what a post's listing holds answers at once ('p' is in nearly
        # every path), and the bodies are scanned only for a post whose listing lacks it.
        hits: set[str] | None = None

        def test(post: Post) -> bool:
            nonlocal hits
            if word in text_of(post):
                return True
            if hits is None:
                found = texts.matching(word)
                hits = found[0] if found is not None else set()
            return post.path in hits

        return test
    found = texts.matching(word)
    if found is None:
        return lambda post: word in text_of(post)
    paths, complete = found
    if complete:
        return lambda post: post.path in paths
    return lambda post: post.path in paths or word in text_of(post)
