"""The search language shared by `blogtui list` and the app's search box, and the sorts.

Free words must all appear (case-insensitively) in the title, description, tags or body;
`tag:NAME` (or `tag:"two words"`), `draft:true|false` and `featured:true|false` narrow further.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from blogtui.domain.site.post import Post, search_text_of

SORTS = ("newest", "oldest", "title", "modified")
"""The sort cycle, in the order the `s` key walks it."""

_TOKEN = re.compile(
    r"""(?P<key>[A-Za-z]+):(?:"(?P<dq>[^"]*)"?|'(?P<sq>[^']*)'?|(?P<bare>\S*))"""
    r"""|"(?P<phrase>[^"]*)"?|(?P<word>\S+)"""
)
_TRUE = {"true", "yes", "y", "1", "on"}
_FALSE = {"false", "no", "n", "0", "off"}


@dataclass(frozen=True)
class Query:
    """A parsed search; `filter_posts` is the one definition of which posts pass it."""

    words: tuple[str, ...] = ()
    """Case-folded words or phrases that must all appear."""
    tags: tuple[str, ...] = ()
    """Tag names as typed; compared case-insensitively."""
    any_tags: bool = False
    """Any of the tags is enough (else all of them are needed)."""
    draft: bool | None = None
    featured: bool | None = None

    def refines(self, broader: Query) -> bool:
        """Every post this query matches is matched by `broader` (typing on narrows the list).

        True when only free words differ and each of the broader query's words lies inside one
        of this query's words: then only the broader query's results need filtering again.
        """
        same_rest = (self.tags, self.any_tags, self.draft, self.featured) == (
            broader.tags,
            broader.any_tags,
            broader.draft,
            broader.featured,
        )
        return same_rest and all(any(old in new for new in self.words) for old in broader.words)

    def with_tag(self, tag: str, selected: bool) -> Query:
        """The query with one tag added or removed (the tag panel's toggle)."""
        others = tuple(t for t in self.tags if t.casefold() != tag.casefold())
        return replace(self, tags=(*others, tag) if selected else others)


def parse_query(text: str, any_tags: bool = False) -> Query:
    words: list[str] = []
    tags: list[str] = []
    draft: bool | None = None
    featured: bool | None = None
    for match in _TOKEN.finditer(text):
        key = (match["key"] or "").lower()
        value = match["dq"] if match["dq"] is not None else match["sq"]
        if value is None:
            value = match["bare"]
        if key == "tag":
            if value and value.strip():
                tags.append(value.strip())
        elif key in ("draft", "featured") and value and value.lower() in _TRUE | _FALSE:
            flag = value.lower() in _TRUE
            if key == "draft":
                draft = flag
            else:
                featured = flag
        elif match["key"]:
            words.append(match.group().casefold())
        elif match["phrase"] is not None:
            if match["phrase"].strip():
                words.append(match["phrase"].casefold())
        else:
            words.append(match["word"].casefold())
    return Query(tuple(words), tuple(tags), any_tags, draft, featured)


def quote_tag(name: str) -> str:
    """`tag:NAME` as it is typed in a query, quoted when the name needs it."""
    if re.fullmatch(r"[^\s\"']+", name):
        return f"tag:{name}"
    if '"' not in name:
        return f'tag:"{name}"'
    return f"tag:'{name}'"


def toggle_tag_in_text(text: str, tag: str) -> str:
    """The query text with `tag:NAME` added, or removed when it is there (any spelling of it)."""
    kept: list[str] = []
    removed = False
    for match in _TOKEN.finditer(text):
        if (match["key"] or "").lower() == "tag":
            value = match["dq"] if match["dq"] is not None else match["sq"]
            if value is None:
                value = match["bare"]
            if (value or "").strip().casefold() == tag.casefold():
                removed = True
                continue
        kept.append(match.group())
    if not removed:
        kept.append(quote_tag(tag))
    return " ".join(kept)


def filter_posts(posts: Iterable[Post], query: Query) -> list[Post]:
    """The posts that match the query, in their order: one pass per term.

    A keystroke filters every post: simple comprehensions keep 100,000 posts within a frame.
    """
    result = list(posts)
    if query.draft is not None:
        result = [post for post in result if post.draft == query.draft]
    if query.featured is not None:
        result = [post for post in result if post.featured == query.featured]
    if query.tags:
        wanted = frozenset(tag.casefold() for tag in query.tags)
        if query.any_tags:
            result = [post for post in result if not wanted.isdisjoint(post.folded_tags)]
        else:
            result = [post for post in result if wanted <= post.folded_tags]
    for word in query.words:
        # A post whose body is not read yet is searched in its title, description and tags.
        result = [
            post
            for post in result
            if word
            in (post.search_text if post.search_text is not None else search_text_of(post, ""))
        ]
    return result


def _title_key(post: Post) -> str:
    return post.display_title.casefold()


def sort_posts(posts: Iterable[Post], sort: str) -> list[Post]:
    """Posts in the given order; posts with no date go last in date orders."""
    items = sorted(posts, key=_title_key)
    if sort == "title":
        return items
    if sort == "modified":
        return sorted(items, key=lambda post: -post.mtime_ns)
    dated = [post for post in items if post.sort_date is not None]
    undated = [post for post in items if post.sort_date is None]
    dated.sort(key=lambda post: post.sort_date or 0.0, reverse=sort != "oldest")
    return dated + undated
