"""The search language shared by `blogtui list` and the app's search box, and the sorts.

Free words must all appear (case-insensitively) in the title, description, tags or body;
`tag:NAME` (or `tag:"two words"`), `draft:true|false` and `featured:true|false` narrow further,
and so does any taxonomy: `category:NAME`, `keywords:NAME`, `series:NAME`, or the site's own
(`theme-tags:NAME`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from blogtui.domain.site.generator import KNOWN_TAXONOMIES, SINGULAR
from blogtui.domain.site.post import Post, search_text_of

SORTS = ("newest", "oldest", "title", "modified")
"""The sort cycle, in the order the `s` key walks it."""

_TOKEN = re.compile(
    r"""(?P<key>[A-Za-z][\w-]*):(?:"(?P<dq>[^"]*)"?|'(?P<sq>[^']*)'?|(?P<bare>\S*))"""
    r"""|"(?P<phrase>[^"]*)"?|(?P<word>\S+)"""
)
_PLURAL = {singular: plural for plural, singular in SINGULAR.items()}
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
    terms: tuple[tuple[str, str], ...] = ()
    """(taxonomy, term) pairs besides tags, each of which a post must have."""

    def refines(self, broader: Query) -> bool:
        """Every post this query matches is matched by `broader` (typing on narrows the list).

        True when only free words differ and each of the broader query's words lies inside one
        of this query's words: then only the broader query's results need filtering again.
        """
        same_rest = (self.tags, self.any_tags, self.draft, self.featured, self.terms) == (
            broader.tags,
            broader.any_tags,
            broader.draft,
            broader.featured,
            broader.terms,
        )
        return same_rest and all(any(old in new for new in self.words) for old in broader.words)

    def with_tag(self, tag: str, selected: bool) -> Query:
        """The query with one tag added or removed (the tag panel's toggle)."""
        others = tuple(t for t in self.tags if t.casefold() != tag.casefold())
        return replace(self, tags=(*others, tag) if selected else others)


def taxonomy_key(key: str, taxonomies: Iterable[str] = ()) -> str | None:
    """The taxonomy a query key names (`category` -> categories), or None."""
    key = key.lower()
    if key in ("tag", "tags"):
        return "tags"
    if key in _PLURAL:
        return _PLURAL[key]
    if key in KNOWN_TAXONOMIES or key in {name.lower() for name in taxonomies}:
        return key
    return None


def parse_query(text: str, any_tags: bool = False, taxonomies: Iterable[str] = ()) -> Query:
    """The query typed; `taxonomies` are the site's own, usable as `NAME:term` too."""
    words: list[str] = []
    tags: list[str] = []
    terms: list[tuple[str, str]] = []
    site_taxonomies = tuple(taxonomies)
    draft: bool | None = None
    featured: bool | None = None
    for match in _TOKEN.finditer(text):
        key = (match["key"] or "").lower()
        value = match["dq"] if match["dq"] is not None else match["sq"]
        if value is None:
            value = match["bare"]
        taxonomy = taxonomy_key(key, site_taxonomies) if key else None
        if taxonomy == "tags":
            if value and value.strip():
                tags.append(value.strip())
        elif taxonomy is not None:
            if value and value.strip():
                terms.append((taxonomy, value.strip()))
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
    return Query(tuple(words), tuple(tags), any_tags, draft, featured, tuple(terms))


def query_key(taxonomy: str) -> str:
    """How a taxonomy is named in a query: `tag`, `category`, else its own name."""
    return SINGULAR.get(taxonomy, taxonomy)


def quote_term(name: str, taxonomy: str = "tags") -> str:
    """`tag:NAME` (or `category:NAME`...) as it is typed in a query, quoted when needed."""
    key = query_key(taxonomy)
    if re.fullmatch(r"[^\s\"']+", name):
        return f"{key}:{name}"
    if '"' not in name:
        return f'{key}:"{name}"'
    return f"{key}:'{name}'"


def toggle_term_in_text(text: str, term: str, taxonomy: str = "tags") -> str:
    """The query text with `tag:NAME` (or the taxonomy's key) added, or removed when it is
    there, in any spelling."""
    kept: list[str] = []
    removed = False
    for match in _TOKEN.finditer(text):
        if match["key"] and taxonomy_key(match["key"], (taxonomy,)) == taxonomy:
            value = match["dq"] if match["dq"] is not None else match["sq"]
            if value is None:
                value = match["bare"]
            if (value or "").strip().casefold() == term.casefold():
                removed = True
                continue
        kept.append(match.group())
    if not removed:
        kept.append(quote_term(term, taxonomy))
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
    for taxonomy, term in query.terms:
        folded = term.casefold()
        result = [
            post
            for post in result
            if any(found.casefold() == folded for found in post.terms_of(taxonomy))
        ]
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
