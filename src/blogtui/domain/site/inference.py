"""A schema for a folder with no CMS config: inferred from the values its posts hold."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from blogtui.domain.formats.dates import parse_date
from blogtui.domain.site.schema import Field

GENERATOR_FIELDS: dict[str, dict[str, str]] = {
    "hugo": {
        "title": "string",
        "linktitle": "string",
        "description": "text",
        "summary": "text",
        "date": "datetime",
        "publishdate": "datetime",
        "expirydate": "datetime",
        "lastmod": "datetime",
        "draft": "boolean",
        "headless": "boolean",
        "weight": "number",
        "aliases": "list",
        "tags": "list",
        "categories": "list",
        "keywords": "list",
        "slug": "string",
        "url": "string",
        "type": "string",
        "layout": "string",
    },
    "jekyll": {
        "title": "string",
        "date": "datetime",
        "layout": "string",
        "permalink": "string",
        "published": "boolean",
        "tags": "list",
        "categories": "list",
    },
    "eleventy": {
        "title": "string",
        "date": "datetime",
        "layout": "string",
        "permalink": "string",
        "tags": "list",
        "eleventyExcludeFromCollections": "boolean",
    },
    "astro": {
        "title": "string",
        "description": "text",
        "pubDate": "datetime",
        "updatedDate": "datetime",
        "heroImage": "image",
        "draft": "boolean",
        "tags": "list",
    },
    "zola": {
        "title": "string",
        "description": "text",
        "date": "datetime",
        "updated": "datetime",
        "draft": "boolean",
        "weight": "number",
        "aliases": "list",
        "slug": "string",
        "path": "string",
        "template": "string",
    },
}
"""The fields each generator defines itself, with the widget their values need."""


_WIDENS_TO_TEXT = {"string", "text", "datetime", "image", "number"}


def infer_fields(
    metadata_of_posts: Iterable[dict[str, Any]], generator: str = "unknown"
) -> tuple[Field, ...]:
    """A schema from the values across the folder: the generator's own fields as it defines
    them, the others by the kind of value they hold.

    A field whose posts disagree (a number in some, a URL in others) is edited as text: one
    post's number never makes the field refuse another post's URL."""
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    for metadata in metadata_of_posts:
        for key, value in metadata.items():
            if value is not None:
                kinds[key][_kind(key, value)] += 1
    known = GENERATOR_FIELDS.get(generator, {})
    lowered = {name.lower(): widget for name, widget in known.items()}
    fields = [
        Field(
            name=key,
            widget=known.get(key) or lowered.get(key.lower()) or _agreed(counter),
            label=key,
            required=key == "title",
        )
        for key, counter in kinds.items()
    ]
    order = {"title": 0, "date": 1, "description": 2, "tags": 3}
    return tuple(sorted(fields, key=lambda f: order.get(f.name, 4)))


def _agreed(kinds: Counter[str]) -> str:
    if len(kinds) == 1:
        return next(iter(kinds))
    if set(kinds) <= _WIDENS_TO_TEXT:
        return "text" if "text" in kinds else "string"
    return kinds.most_common(1)[0][0]


def _kind(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "list" if all(not isinstance(v, (dict, list)) for v in value) else "object"
    if isinstance(value, str):
        if parse_date(value) is not None:
            return "datetime"
        if "\n" in value.strip():
            return "text"
        if key.lower().endswith(("image", "img", "cover")):
            return "image"
    return "string"
