"""Taxonomy terms across the site: rename, merge and delete them, and find near-duplicates.

A term matches every spelling the tag panel groups together (case-folded). The field keeps its
style: a flow or block list, quoting, a TOML array, a Jekyll space-separated string, a scalar
`category: release`; the splice only rewrites the field's own lines.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.files.errors import PostReadError
from blogtui.domain.files.fsio import read_bytes
from blogtui.domain.ops.changeset import ChangeSet, FieldChanges, plan
from blogtui.domain.ops.edit import DELETE, LoadedPost
from blogtui.domain.site.generator import SINGULAR, SiteInfo, detect
from blogtui.domain.site.index import ContentIndex
from blogtui.domain.site.taxonomy import taxonomy_field


def _items(value: Any, site: SiteInfo) -> tuple[list[Any], str]:
    """(the terms, how they are written: 'list', 'words' or 'scalar')."""
    if isinstance(value, list):
        return list(value), "list"
    if isinstance(value, str) and site.space_separated_terms:
        return value.split(), "words"
    return ([] if value is None else [value]), "scalar"


def _written(items: list[Any], style: str) -> Any:
    if style == "list":
        return items
    if not items:
        return DELETE
    if style == "words":
        if any(len(str(item).split()) > 1 for item in items):
            return items  # `tags: a b` cannot hold a term with a space: it becomes a list
        return " ".join(str(item) for item in items)
    return items[0] if len(items) == 1 else items


def _folded(item: Any) -> str:
    return str(item).strip().casefold()


def replace_terms(items: list[Any], olds: Iterable[str], new: str | None) -> list[Any]:
    """The items with every `olds` spelling replaced by `new` once, at the first one's place (or
    the target's, if it comes first); removed when `new` is None. Other items keep their order
    and their exact values."""
    wanted = {old.casefold() for old in olds}
    target = new.casefold() if new is not None else None
    result: list[Any] = []
    placed = False
    for item in items:
        folded = _folded(item)
        if folded in wanted or (target is not None and folded == target):
            if new is not None and not placed:
                # The target as given, unless this item already spells it (kept exactly).
                result.append(item if folded == target and folded not in wanted else new)
                placed = True
            continue
        result.append(item)
    return result


def plan_terms(
    root: Path,
    taxonomy: str,
    olds: list[str],
    new: str | None,
    index: ContentIndex | None = None,
) -> ChangeSet:
    """Rename (one old), merge (several) or delete (`new` None) terms in every post."""
    site = detect(root)
    index = index or ContentIndex.load(root, with_text=False)
    wanted = {old.casefold() for old in olds}
    paths = sorted(
        post.path
        for post in index.posts.values()
        if wanted & {term.casefold() for term in post.terms_of(taxonomy)}
        or (post.error and _mentions(root, post.path, wanted))
    )

    def change(post: LoadedPost) -> FieldChanges | None:
        key = taxonomy_field(post.metadata, taxonomy, site)
        if key is None:
            return None
        value: Any = post.metadata
        for part in key:
            value = value[part]
        items, style = _items(value, site)
        updated = replace_terms(items, olds, new)
        if updated == items and [type(i) for i in updated] == [type(i) for i in items]:
            return None
        return {key: _written(updated, style)}

    existing = {term.casefold(): term for term, _ in index.term_counts(taxonomy)}
    label = SINGULAR.get(taxonomy, taxonomy)
    if new is None:
        summary = f"delete {label} {', '.join(olds)}"
    elif (len(olds) == 1 and new.casefold() not in existing) or olds == [new]:
        summary = f"rename {label} {olds[0]} -> {new}"
    else:
        into = f"{new} (which exists)" if new.casefold() in existing else new
        summary = f"merge {label} {', '.join(olds)} into {into}"
    return plan(root, paths, change, summary)


def _mentions(root: Path, relative: str, folded_terms: set[str]) -> bool:
    """A post that cannot be read as a post may still hold the term: it is reported, not
    silently left with the old spelling."""
    try:
        text = read_bytes(root / relative, root=root).decode("utf-8", "replace").casefold()
    except PostReadError:
        return False
    return any(term in text for term in folded_terms)


# -- near-duplicates --------------------------------------------------------------------------


@dataclass(frozen=True)
class Cluster:
    terms: list[tuple[str, int]]
    """(term, posts), most used first."""
    suggested: str

    def to_json(self) -> dict[str, Any]:
        return {
            "terms": [{"name": name, "count": count} for name, count in self.terms],
            "suggested": self.suggested,
        }


def _key(term: str) -> str:
    """Equal after case, accents and separators: Static Sites = static-sites = stàtic_sites."""
    plain = unicodedata.normalize("NFKD", term.casefold())
    plain = "".join(char for char in plain if not unicodedata.combining(char))
    return re.sub(r"[\s_\-./]+", "", plain)


def _singular(key: str) -> str:
    for ending, replacement in (("ies", "y"), ("es", ""), ("s", "")):
        if key.endswith(ending) and len(key) > len(ending) + 2:
            return key[: -len(ending)] + replacement
    return key


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def similar(counts: list[tuple[str, int]]) -> list[Cluster]:
    """Clusters of terms that are probably one: same letters apart from case, accents and
    separators; singular and plural; one edit apart (terms of 5 characters or more)."""
    parent = list(range(len(counts)))

    def root_of(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(i: int, j: int) -> None:
        parent[root_of(i)] = root_of(j)

    keys = [_key(term) for term, _ in counts]
    by_key: dict[str, int] = {}
    for i, key in enumerate(keys):
        for variant in {key, _singular(key)}:
            if variant in by_key:
                join(i, by_key[variant])
            else:
                by_key[variant] = i
    long_keys = [(i, key) for i, key in enumerate(keys) if len(key) >= 5]
    by_length: dict[int, list[tuple[int, str]]] = {}
    for i, key in long_keys:
        by_length.setdefault(len(key), []).append((i, key))
    for i, key in long_keys:
        for length in (len(key), len(key) + 1):
            for j, other in by_length.get(length, []):
                if j != i and _one_edit_apart(key, other):
                    join(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(len(counts)):
        groups.setdefault(root_of(i), []).append(i)
    clusters = []
    for members in groups.values():
        if len(members) < 2:
            continue
        terms = sorted((counts[i] for i in members), key=lambda t: (-t[1], t[0].casefold()))
        clusters.append(Cluster(terms, terms[0][0]))
    return sorted(clusters, key=lambda c: (-sum(n for _, n in c.terms), c.suggested.casefold()))
