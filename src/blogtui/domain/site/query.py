"""The search language shared by `blogtui list` and the app's search box, and the sorts.

Free words must all appear (case-insensitively) in the title, description, tags or body;
`tag:NAME` (or `tag:"two words"`), `draft:true|false` and `featured:true|false` narrow further,
and so does any taxonomy: `category:NAME`, `keywords:NAME`, `series:NAME`, or the site's own
(`theme-tags:NAME`).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.site.fieldmatch import (
    FALSE,
    PERIOD,
    TRUE,
    compare,
    field_matches,
    field_value,
    moment_of,
    number_in,
    period_of,
    present,
)
from blogtui.domain.site.generator import KNOWN_TAXONOMIES, SINGULAR
from blogtui.domain.site.listing import Listing
from blogtui.domain.site.post import Post
from blogtui.domain.site.status import STATUSES, status_of
from blogtui.domain.site.words import TextSearch, listing_with, word_tester

_TOKEN = re.compile(
    r"""(?P<neg>-(?=\S))?(?:(?P<key>[A-Za-z][\w.-]*):"""
    r"""(?:"(?P<dq>[^"]*)"?|'(?P<sq>[^']*)'?|(?P<bare>\S*))"""
    r"""|"(?P<phrase>[^"]*)"?|(?P<word>\S+))"""
)
_COMPARISON = re.compile(r"^(>=|<=|>|<)(.*)$")
_PLURAL = {singular: plural for plural, singular in SINGULAR.items()}


class QueryError(ValueError):
    """A term of the query that cannot mean anything (a bad date, an unknown comparison)."""


@dataclass(frozen=True)
class Condition:
    """One term beyond words, tags and flags: a status, a field, has/no, or a negated term."""

    kind: str
    """'status', 'field', 'has', 'no', 'term', 'word', 'flag', 'lang', 'missing'."""
    name: str
    """The field, taxonomy or flag it is about ('' for status and words)."""
    op: str
    """'', '>', '>=', '<', '<='."""
    value: str
    negated: bool = False


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
    conditions: tuple[Condition, ...] = ()
    sort: tuple[str, bool] | None = None
    """`sort:FIELD` (False) or `sort:-FIELD` (True: descending), when the query sets one."""
    error: str | None = None
    """What is wrong with the query, in one line (the rest of it still applies)."""
    zone: dt.tzinfo | None = field(default=None, compare=False)
    """The site's zone, for the status of a date without one."""

    @property
    def reads_files(self) -> bool:
        """Whether the query looks beyond a listing row (the body, or any field): the posts'
        files must be read in full first (`ContentIndex.fill_details`)."""
        words = bool(self.words) or any(c.kind == "word" for c in self.conditions)
        return words or self.reads_fields

    @property
    def reads_fields(self) -> bool:
        """Whether it looks at fields beyond a listing row (`ContentIndex.fill_fields`)."""
        by_field = self.sort is not None and self.sort[0] not in ("date", "title")
        return by_field or any(
            c.kind in ("field", "has", "no") and c.name != "date" for c in self.conditions
        )

    def refines(self, broader: Query) -> bool:
        """Every post this query matches is matched by `broader` (typing on narrows the list).

        True when only free words differ and each of the broader query's words lies inside one
        of this query's words: then only the broader query's results need filtering again.
        """
        mine = (self.tags, self.any_tags, self.draft, self.featured, self.terms)
        theirs = (broader.tags, broader.any_tags, broader.draft, broader.featured, broader.terms)
        same_rest = mine == theirs and self.conditions == broader.conditions
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


def parse_query(
    text: str,
    any_tags: bool = False,
    taxonomies: Iterable[str] = (),
    zone: dt.tzinfo | None = None,
) -> Query:
    """The query typed; `taxonomies` are the site's own, usable as `NAME:term` too. Never
    raises: what cannot be understood is in `error`, and the rest applies."""
    words: list[str] = []
    tags: list[str] = []
    terms: list[tuple[str, str]] = []
    conditions: list[Condition] = []
    errors: list[str] = []
    sort: tuple[str, bool] | None = None
    site_taxonomies = tuple(taxonomies)
    draft: bool | None = None
    featured: bool | None = None
    for match in _TOKEN.finditer(text):
        negated = match["neg"] is not None
        key = (match["key"] or "").lower()
        value = match["dq"] if match["dq"] is not None else match["sq"]
        if value is None:
            value = match["bare"]
        value = (value or "").strip()
        if match["key"] and (not value or value.startswith("//")):
            key = ""  # `note:` alone, or a URL: words, not a field
        taxonomy = taxonomy_key(key, site_taxonomies) if key else None
        if key == "sort" and value:
            descending = value.startswith("-")
            sort = (value.lstrip("-"), descending)
        elif taxonomy is not None and negated:
            conditions.append(Condition("term", taxonomy, "", value, True))
        elif taxonomy == "tags":
            tags.append(value)
        elif taxonomy is not None:
            terms.append((taxonomy, value))
        elif key in ("draft", "featured") and value.lower() in TRUE | FALSE:
            flag = value.lower() in TRUE
            if negated:
                conditions.append(Condition("flag", key, "", str(flag), True))
            elif key == "draft":
                draft = flag
            else:
                featured = flag
        elif key == "status":
            if value.lower() not in STATUSES:
                errors.append(f"status:{value}: one of {', '.join(STATUSES)}")
            else:
                conditions.append(Condition("status", "", "", value.lower(), negated))
        elif key in ("lang", "missing"):
            conditions.append(Condition(key, "", "", value.lower(), negated))
        elif key in ("has", "no"):
            conditions.append(Condition(key, match["dq"] or match["sq"] or value, "", "", negated))
        elif key:
            condition = _field_condition(match["key"], value, negated)
            if isinstance(condition, str):
                errors.append(condition)
            else:
                conditions.append(condition)
        else:
            word = match["phrase"] if match["phrase"] is not None else match["word"]
            if word is None and match["key"]:
                word = match.group()[1:] if negated else match.group()
            if word and word.strip():
                if negated and word.casefold() in ("draft", "featured"):
                    # `-draft`, `-featured`: not a draft, not featured (as the README says).
                    conditions.append(Condition("flag", word.casefold(), "", "True", True))
                elif negated:
                    conditions.append(Condition("word", "", "", word.casefold(), True))
                else:
                    words.append(word.casefold())
    return Query(
        tuple(words),
        tuple(tags),
        any_tags,
        draft,
        featured,
        tuple(terms),
        tuple(conditions),
        sort,
        "; ".join(errors) or None,
        zone,
    )


def _field_condition(name: str, value: str, negated: bool) -> Condition | str:
    """`FIELD:VALUE` or `FIELD:>V` (a Condition), or why it cannot be one (a str)."""
    compared = _COMPARISON.match(value)
    if compared is None:
        if value.startswith(("=", ">", "<")):
            return f"{name}:{value}: unknown comparison (use > >= < <=)"
        if _is_bad_date(name, value):
            return f"{name}:{value}: not a date (2024, 2024-03, 2024-03-05)"
        return Condition("field", name, "", value, negated)
    op, operand = compared.groups()
    if not operand:
        return f"{name}:{value}: nothing to compare with"
    if period_of(operand) is None and parse_date(operand) is None and number_in(operand) is None:
        return f"{name}:{value}: {operand!r} is neither a date nor a number"
    if _is_bad_date(name, operand):
        return f"{name}:{value}: {operand!r} is not a date (2024, 2024-03, 2024-03-05)"
    return Condition("field", name, op, operand, negated)


def _is_bad_date(name: str, value: str) -> bool:
    """`date:2024-13-45`: shaped like a day that no calendar has, or a `date:` that is no date
    at all (`date`, `pubDate`, `publishDate`...). Silently matching nothing would look like an
    empty result."""
    if "date" not in name.lower():
        return False  # `code:1234-56` may be anything
    if PERIOD.match(value.strip()) is not None:
        return period_of(value) is None
    return parse_date(value) is None and number_in(value) is None


def _tester(
    condition: Condition, zone: dt.tzinfo | None, texts: TextSearch | None = None
) -> Callable[[Post], bool]:
    kind, name, op, value = condition.kind, condition.name, condition.op, condition.value
    if kind == "status":
        now = time.time()
        return lambda post: status_of(post, now, zone) == value
    if kind == "has":
        return lambda post: present(field_value(post, name))
    if kind == "no":
        return lambda post: not present(field_value(post, name))
    if kind == "term":
        folded = value.casefold()
        return lambda post: any(t.casefold() == folded for t in post.terms_of(name))
    if kind == "flag":
        flag = value == "True"
        return lambda post: getattr(post, name) == flag
    if kind == "word":
        return word_tester(value, texts)
    if kind in ("lang", "missing"):
        found = texts.translations() if texts is not None else None
        if found is None or not found.languages.many:
            return lambda post: kind == "missing"  # one language: nothing is in `fr`
        if kind == "lang":
            return lambda post: found.lang(post.path) == value
        return lambda post: not found.has(post.path, value)
    if name == "date":
        # The post's date is already a sort key: no date is parsed again per post.
        period = period_of(value)
        moment = moment_of(value) if period is None else None
        if period is not None or moment is not None:
            start, end = period if period is not None else (moment or 0.0, moment or 0.0)
            inside: Callable[[float], bool] = {
                "": lambda key: start <= key < end if period else key == start,
                ">": lambda key: key >= end if period else key > start,
                ">=": lambda key: key >= start,
                "<": lambda key: key < start,
                "<=": lambda key: key < end if period else key <= start,
            }[op]
            return lambda post: post.sort_date is not None and inside(post.sort_date)
    if op:
        return lambda post: compare(field_value(post, name), op, value)
    return lambda post: field_matches(field_value(post, name), value)


def filter_posts(
    posts: Iterable[Post], query: Query, texts: TextSearch | None = None
) -> list[Post]:
    """The posts that match the query, in their order."""
    return filter_listing(Listing(list(posts)), query, texts).posts


def filter_listing(listing: Listing, query: Query, texts: TextSearch | None = None) -> Listing:
    """The listing's posts that match the query, in their order: one pass per term.

    A keystroke filters every post: simple comprehensions keep 100,000 posts within a frame,
    and free words run over the listing's texts (see `Listing`).
    """
    result = listing.posts
    if query.draft is not None:
        result = [post for post in result if post.draft == query.draft]
    if query.featured is not None:
        result = [post for post in result if post.featured == query.featured]
    if query.tags:
        wanted = frozenset(tag.casefold() for tag in query.tags)
        if query.any_tags:
            result = [post for post in result if not wanted.isdisjoint(post.folded_tags)]
        else:
            for tag in wanted:  # a membership test in a post's few tags each
                result = [post for post in result if tag in post.folded_tags]
    for taxonomy, term in query.terms:
        folded = term.casefold()
        result = [
            post
            for post in result
            if any(found.casefold() == folded for found in post.terms_of(taxonomy))
        ]
    for condition in query.conditions:
        test = _tester(condition, query.zone, texts)
        keep = not condition.negated
        result = [post for post in result if test(post) == keep]
    if result is not listing.posts:
        listing = Listing(result)
    for word in query.words:
        listing = listing_with(listing, word, texts)
    return listing
