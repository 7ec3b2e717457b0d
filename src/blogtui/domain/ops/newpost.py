"""Creating a post from the folder's CMS collection (or the folder's own habits)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from blogtui.domain.files.fsio import check_inside
from blogtui.domain.files.naming import render_slug_template, slugify
from blogtui.domain.formats import tomledit, yamledit
from blogtui.domain.formats.dates import DEFAULT_STYLE, DateStyle, format_date, parse_date
from blogtui.domain.formats.document import FrontmatterError, parse_matter, split
from blogtui.domain.ops.fileops import create_unique
from blogtui.domain.ops.placement import Placement, place_new
from blogtui.domain.site.folder import site_root
from blogtui.domain.site.post import sample_folder
from blogtui.domain.site.schema import SiteConfig

_SAMPLE = 20
"""Posts of the folder looked at to learn its date style and frontmatter format."""


@dataclass(frozen=True)
class FolderHabits:
    """How the posts already in a folder are written."""

    kind: str = "yaml"
    date_style: DateStyle = DEFAULT_STYLE
    dated_text: bool = False
    """The posts write their dates as text (a TOML post may write `date = "2026-01-01"`)."""
    undated: bool = False
    """The posts looked at have no date field at all (Jekyll's come from their file names)."""


DATE_FIELDS = ("date", "publishDate", "pubDate", "published")
"""Where posts keep their date, in the order looked at to learn its style."""


def folder_habits(folder: Path, date_fields: tuple[str, ...] = DATE_FIELDS) -> FolderHabits:
    kinds: dict[str, int] = {}
    style: DateStyle | None = None
    samples = sample_folder(folder, _SAMPLE)
    undated = bool(samples) and not any(
        name in metadata for _, metadata in samples for name in date_fields
    )
    for doc, metadata in samples:
        if doc.kind in ("yaml", "toml"):
            kinds[doc.kind] = kinds.get(doc.kind, 0) + 1
        for name in date_fields if style is None else ():
            value = metadata.get(name)
            parsed = parse_date(value) if isinstance(value, str) else None
            if parsed is not None:
                style = parsed.style
                break
    kind = max(kinds, key=lambda k: kinds[k]) if kinds else "yaml"
    return FolderHabits(kind, style or DEFAULT_STYLE, style is not None, undated)


def _initial_values(
    placement: Placement, title: str, tags: list[str], date_value: Any, draft: bool
) -> list[tuple[str, Any]]:
    """The new post's fields, in the schema's order when there is one."""
    wanted_draft = placement.draft_field if draft else None
    if not placement.fields:
        values: list[tuple[str, Any]] = [("title", title), ("date", date_value)]
        values += [("tags", tags)] if tags else []
        return values + ([wanted_draft] if wanted_draft else [])
    values = []
    for field in placement.fields:
        if field.name == "body" or field.widget == "markdown":
            continue
        if field.name == "title":
            values.append((field.name, title))
        elif wanted_draft is not None and field.name == wanted_draft[0]:
            values.append(wanted_draft)
        elif field.name == "tags" and tags:
            values.append((field.name, tags))
        elif field.has_default and field.default is not None:
            values.append((field.name, field.default))
        elif field.widget in ("datetime", "date"):
            values.append((field.name, date_value))
        elif placement.fill_required and field.required and field.widget in ("string", "text"):
            values.append((field.name, ""))
    if wanted_draft is not None and not any(name == wanted_draft[0] for name, _ in values):
        values.append(wanted_draft)
    return values


def create_post(
    folder: Path,
    title: str,
    tags: list[str] | None = None,
    when: dt.datetime | None = None,
    config: SiteConfig | None = None,
    draft: bool = False,
) -> Path:
    """Create a post where the site's generator reads it (see `placement`) and return its path.

    With `draft`, the post is a draft the way the generator honours one (Jekyll's `_drafts/`,
    `draft: true`...): a post created to be filled in later must never be published
    half-written by the next build. NoDraftError when the site has no drafts.

    The name comes from the slug template; it never replaces an existing file and never
    leaves the site.
    """
    when = when or dt.datetime.now(dt.timezone.utc)
    placement = place_new(folder, config, draft)
    target = placement.folder
    habits = folder_habits(target)
    kind = placement.kind or habits.kind
    date_value: Any = format_date(when, habits.date_style)
    if kind == "toml" and not habits.dated_text:
        date_value = when.date()  # TOML has dates of its own: `date = 2026-12-06`
    values = _initial_values(placement, title, tags or [], date_value, draft)
    if habits.undated and "{{year}}" in placement.template:
        values = [(k, v) for k, v in values if k != "date"]  # its name carries the date
    module: Any = tomledit if kind == "toml" else yamledit
    start = archetype_matter(placement.archetype, title, when) if placement.archetype else None
    if start is not None:
        kind, matter = start
        module = tomledit if kind == "toml" else yamledit
        values = [(k, v) for k, v in values if k in ("title", "tags") or k == "draft"]
        values += [] if draft or "draft" not in matter else [("draft", False)]
    else:
        matter = ""
    for key, value in values:
        matter = module.set_value(matter, [key], value)
    fence = "+++\n" if kind == "toml" else "---\n"
    data = (fence + matter + fence).encode("utf-8")
    # The folder (a CMS config's `folder:`, a linked folder on the way) must not lead out of
    # the site: checked before any folder is made.
    check_inside(target, site_root(folder / "_"))
    target.mkdir(parents=True, exist_ok=True)
    name = render_slug_template(placement.template, title, when)
    return create_unique(target, name, placement.extension, data)


_TEMPLATE = re.compile(r"\{\{-?\s*(.*?)\s*-?\}\}", re.S)


def archetype_matter(path: Path, title: str, when: dt.datetime) -> tuple[str, str] | None:
    """Hugo's archetype as the new post's frontmatter: (kind, text), its Go templates filled
    the way `hugo new` fills the common ones (`.Date`, the file's name as a title); any other
    template is left empty. None when it is no frontmatter we can read."""
    try:
        with open(path, "rb") as handle:
            text = handle.read(64 * 1024).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    name = slugify(title).replace("-", " ")  # replaced by the exact title once parsed

    def fill(match: re.Match[str]) -> str:
        expression = match.group(1)
        if re.search(r"\.Date\b", expression):
            return when.isoformat(timespec="seconds")
        if re.search(r"\.(File\.ContentBaseName|File\.BaseFileName|Name|Title)\b", expression):
            return name
        return ""

    doc = split(_TEMPLATE.sub(fill, text))
    if doc.kind not in ("yaml", "toml"):
        return None
    try:
        parse_matter(doc)
    except FrontmatterError:
        return None
    return doc.kind, doc.matter
