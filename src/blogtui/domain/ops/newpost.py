"""Creating a post from the folder's CMS collection (or the folder's own habits)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.files.fsio import check_inside
from blogtui.domain.files.naming import render_slug_template
from blogtui.domain.formats import tomledit, yamledit
from blogtui.domain.formats.dates import DEFAULT_STYLE, DateStyle, format_date, parse_date
from blogtui.domain.ops.fileops import create_unique
from blogtui.domain.site.folder import site_root
from blogtui.domain.site.post import sample_folder
from blogtui.domain.site.schema import Collection, Field, SiteConfig

DEFAULT_SLUG = "{{year}}-{{month}}-{{day}}-{{slug}}"
_SAMPLE = 20
"""Posts of the folder looked at to learn its date style and frontmatter format."""


@dataclass(frozen=True)
class FolderHabits:
    """How the posts already in a folder are written."""

    kind: str = "yaml"
    date_style: DateStyle = DEFAULT_STYLE


def folder_habits(folder: Path) -> FolderHabits:
    kinds: dict[str, int] = {}
    style: DateStyle | None = None
    for doc, metadata in sample_folder(folder, _SAMPLE):
        if doc.kind in ("yaml", "toml"):
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
        parsed = parse_date(metadata.get("date")) if style is None else None
        if parsed is not None and isinstance(metadata.get("date"), str):
            style = parsed.style
    kind = max(kinds, key=lambda k: kinds[k]) if kinds else "yaml"
    return FolderHabits(kind, style or DEFAULT_STYLE)


def _initial_values(
    fields: tuple[Field, ...], title: str, tags: list[str], date_text: str, draft: bool
) -> list[tuple[str, Any]]:
    if not fields:
        values: list[tuple[str, Any]] = [("title", title), ("date", date_text)]
        values += [("tags", tags)] if tags else []
        return values + ([("draft", True)] if draft else [])
    values = []
    for field in fields:
        if field.name == "body" or field.widget == "markdown":
            continue
        if field.name == "title":
            values.append((field.name, title))
        elif field.name == "draft" and draft:
            values.append((field.name, True))
        elif field.name == "tags" and tags:
            values.append((field.name, tags))
        elif field.has_default and field.default is not None:
            values.append((field.name, field.default))
        elif field.widget in ("datetime", "date"):
            values.append((field.name, date_text))
    if draft and not any(name == "draft" for name, _ in values):
        values.append(("draft", True))
    return values


def create_post(
    folder: Path,
    title: str,
    tags: list[str] | None = None,
    when: dt.datetime | None = None,
    config: SiteConfig | None = None,
    draft: bool = False,
) -> Path:
    """Create a post in `folder` (or the CMS collection below it) and return its path.

    With `draft`, the post is marked `draft: true`: a post created to be filled in later must
    never be published half-written by the next build.

    The name comes from the collection's slug template, else `YYYY-MM-DD-slug.md`; it never
    replaces an existing file and never leaves the folder.
    """
    when = when or dt.datetime.now(dt.timezone.utc)
    collection: Collection | None = config.collection_to_create_in(folder) if config else None
    target = collection.folder if collection else folder
    habits = folder_habits(target)
    kind = collection.format if collection else habits.kind
    template = collection.slug if collection else DEFAULT_SLUG
    extension = collection.extension if collection else "md"
    date_text = format_date(when, habits.date_style)
    fields = collection.fields if collection else ()
    values = _initial_values(fields, title, tags or [], date_text, draft)
    matter = ""
    for key, value in values:
        module: Any = tomledit if kind == "toml" else yamledit
        matter = module.set_value(matter, [key], value)
    fence = "+++\n" if kind == "toml" else "---\n"
    data = (fence + matter + fence).encode("utf-8")
    # The folder (a CMS config's `folder:`, a linked folder on the way) must not lead out of
    # the site: checked before any folder is made.
    check_inside(target, site_root(folder / "_"))
    target.mkdir(parents=True, exist_ok=True)
    return create_unique(target, render_slug_template(template, title, when), extension, data)
