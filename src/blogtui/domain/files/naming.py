"""Safe file names for new, renamed and duplicated posts."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

MAX_NAME_LENGTH = 100
"""Characters of a file name before its extension; far under every file system's limit."""


def slugify(text: str) -> str:
    """Lower-case words joined by `-`: letters and digits of any script, nothing else.

    No path separators, dots, control characters or leading dashes survive, so the result is
    always a plain name inside its folder.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    words = re.split(r"[^\w]+|_", text)
    slug = "-".join(word for word in words if word)
    slug = slug[:MAX_NAME_LENGTH].strip("-")
    return slug or "untitled"


def render_slug_template(template: str, title: str, when: dt.datetime) -> str:
    """A Decap `slug` template (`{{year}}-{{month}}-{{day}}-{{slug}}`) filled in, made safe."""
    values = {
        "slug": slugify(title),
        "year": f"{when.year:04d}",
        "month": f"{when.month:02d}",
        "day": f"{when.day:02d}",
        "hour": f"{when.hour:02d}",
        "minute": f"{when.minute:02d}",
        "second": f"{when.second:02d}",
        "fields.title": slugify(title),
        "title": slugify(title),
    }

    def fill(match: re.Match[str]) -> str:
        return values.get(match.group(1).strip(), "")

    name = re.sub(r"\{\{\s*([^}]+?)\s*\}\}", fill, template)
    # The template's own text could hold separators or dots: keep the name a plain file name.
    name = re.sub(r"[\x00-\x1f\x7f/\\:]+", "-", name).strip(" .-")
    return name[:MAX_NAME_LENGTH] or "untitled"


def unique_path(folder: Path, stem: str, extension: str) -> Path:
    """`folder/stem.ext`, or `stem-2.ext`, `stem-3.ext`... whichever does not exist yet."""
    stem = stem[:MAX_NAME_LENGTH]
    candidate = folder / f"{stem}.{extension}"
    number = 2
    while candidate.exists() or candidate.is_symlink():
        candidate = folder / f"{stem}-{number}.{extension}"
        number += 1
    return candidate
