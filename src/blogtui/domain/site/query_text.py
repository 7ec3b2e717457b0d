"""The query as text in the search box: a term added or taken away where the user typed it."""

from __future__ import annotations

import re

from blogtui.domain.site.generator import SINGULAR
from blogtui.domain.site.query import _TOKEN, taxonomy_key


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
