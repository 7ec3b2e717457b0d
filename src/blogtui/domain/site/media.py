"""Where a site keeps its images and files, and whether a path a post names is there."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from blogtui.domain.formats.document import Document
from blogtui.domain.site.post import IMAGE_KEYS
from blogtui.domain.site.schema import SiteConfig


def image_exists(
    image: str,
    post_path: Path,
    root: Path,
    config: SiteConfig | None,
    seen: dict[str, bool] | None = None,
) -> bool:
    """The image at `image` (as a post writes it) is found where the site would look: beside
    the post (a page bundle), else in the site's static, public or media folders.

    `seen` remembers site-wide answers for one run over many posts (`check`): a site names the
    same few images in thousands of posts. The app asks without it, so an image added while
    it runs is found."""
    if re.match(r"^[a-z]+://", image) or image.startswith("data:"):
        return True  # a remote image: not ours to check
    if not image.startswith("/") and os.path.isfile(os.path.join(post_path.parent, image)):
        return True
    site_root = str(config.site_root) if config is not None else None
    media = str(config.media_folder) if config is not None and config.media_folder else None
    public = config.public_folder if config is not None and media is not None else None
    relative = image.lstrip("/")
    if seen is None:
        return _in_site(relative, str(root), site_root, media, public)
    if relative not in seen:
        seen[relative] = _in_site(relative, str(root), site_root, media, public)
    return seen[relative]


def _in_site(
    relative: str, root: str, site_root: str | None, media: str | None, public: str | None
) -> bool:
    candidates = [os.path.join(root, relative)]
    bases = [root, *(str(parent) for parent in Path(root).parents[:3])]
    if site_root is not None:
        bases.insert(0, site_root)
    if media is not None and public is not None:
        prefix = public.strip("/")
        if relative.startswith(prefix + "/") or not prefix:
            candidates.append(os.path.join(media, relative[len(prefix) :].lstrip("/")))
    for base in bases:
        candidates += [os.path.join(base, place, relative) for place in ("static", "public", "")]
    return any(os.path.isfile(candidate) for candidate in candidates)


def image_missing(value: str, post_path: Path, root: Path, config: SiteConfig | None) -> bool:
    """An image or file path that does not exist where the site would look for it."""
    return bool(value.strip()) and not image_exists(value.strip(), post_path, root, config)


def media_values(metadata: dict[str, Any], keys: Iterable[str]) -> list[tuple[str, str]]:
    """(field, path) of every image a post's fields name: top-level image fields, and the
    same names one level down (PaperMod's `cover: {image: ...}`)."""
    wanted = set(keys)
    found = []
    for key, value in metadata.items():
        if key in wanted and isinstance(value, str) and value.strip():
            found.append((key, value.strip()))
        elif isinstance(value, dict):
            for inner, item in value.items():
                if (inner in wanted or inner == "src") and isinstance(item, str) and item.strip():
                    found.append((f"{key}.{inner}", item.strip()))
    return found


def image_fields(config: SiteConfig | None) -> tuple[str, ...]:
    """The fields that hold an image or a file: the well-known names, and the CMS's image and
    file widgets."""
    widgets = [
        f.name
        for collection in (config.collections if config is not None else ())
        for f in collection.fields
        if f.widget in ("image", "file")
    ]
    return tuple(dict.fromkeys((*IMAGE_KEYS, *widgets)))


MEDIA_SUFFIXES = (
    *(".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".bmp", ".ico", ".tif"),
    *(".tiff", ".mp4", ".webm", ".mov", ".mp3", ".ogg", ".wav", ".pdf"),
)
"""What a frontmatter value names as a file of the site when it ends so, whatever its field
(Decap's nested `intro.blurbs[].image`, a theme's `cover.image`, `og_image`...)."""


def _named_files(value: Any, keys: frozenset[str], key: str = "") -> Iterator[tuple[str, str]]:
    """(field, value) of every string in the fields, at any depth, that names a file: in an
    image field, or ending as a media file does."""
    if isinstance(value, dict):
        for inner, item in value.items():
            yield from _named_files(item, keys, f"{key}.{inner}" if key else str(inner))
    elif isinstance(value, list):
        for item in value:
            yield from _named_files(item, keys, key)
    elif isinstance(value, str) and value.strip() and "\n" not in value:
        named = value.strip()
        last = key.rpartition(".")[2]
        if (last in keys or named.lower().endswith(MEDIA_SUFFIXES)) and "://" not in named:
            yield key, named


def field_images(
    doc: Document, metadata: dict[str, Any], keys: Iterable[str] = IMAGE_KEYS
) -> list[tuple[str, str, int]]:
    """(field, path, where the path is written in the text) of every file the fields name."""
    start = len(doc.bom) + len(doc.head)
    found = []
    after = 0  # values are found in the order they are written: each after the one before
    for name, value in _named_files(metadata, frozenset(keys)):
        key = re.escape(name.split(".")[-1])
        at = re.compile(rf"^[ \t-]*[\"']?{key}[\"']?[ \t]*[:=]", re.M).search(doc.matter, after)
        where = doc.matter.find(value, at.end() if at else after)
        if where >= 0:
            found.append((name, value, start + where))
            after = where + len(value)
    return found
