"""Where a site keeps its images and files, and whether a path a post names is there."""

from __future__ import annotations

import os
import re
from pathlib import Path

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
