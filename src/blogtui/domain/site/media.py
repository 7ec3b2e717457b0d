"""Where a site keeps its images and files, and whether a path a post names is there."""

from __future__ import annotations

import re
from pathlib import Path

from blogtui.domain.site.schema import SiteConfig


def image_exists(image: str, post_path: Path, root: Path, config: SiteConfig | None) -> bool:
    """The image at `image` (as a post writes it) is found where the site would look."""
    if re.match(r"^[a-z]+://", image) or image.startswith("data:"):
        return True  # a remote image: not ours to check
    relative = image.lstrip("/")
    candidates = [post_path.parent / image, root / relative]
    bases = [root, *root.parents[:3]]
    if config is not None:
        bases.insert(0, config.site_root)
        if config.media_folder is not None and config.public_folder is not None:
            public = config.public_folder.strip("/")
            if relative.startswith(public + "/") or not public:
                candidates.append(config.media_folder / relative[len(public) :].lstrip("/"))
    for base in bases:
        candidates += [base / "static" / relative, base / "public" / relative, base / relative]
    return any(candidate.is_file() for candidate in candidates)


def image_missing(value: str, post_path: Path, root: Path, config: SiteConfig | None) -> bool:
    """An image or file path that does not exist where the site would look for it."""
    return bool(value.strip()) and not image_exists(value.strip(), post_path, root, config)
