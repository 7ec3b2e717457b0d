"""Where a site begins: the folder that links must not lead out of."""

from __future__ import annotations

import os
from pathlib import Path

SITE_MARKERS = (
    ".git",
    ".blogtui.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "_config.yml",
    "astro.config.mjs",
    "astro.config.ts",
    "eleventy.config.js",
    ".eleventy.js",
    "gatsby-config.js",
    "package.json",
    "netlify.toml",
)
"""A folder holding one of these is a site's (or its repository's) top."""


def site_root(path: Path) -> Path:
    """The site a file belongs to: the nearest folder above it with a site marker, else the
    file's own folder. Links are judged by where they stand, not by where they point."""
    folder = Path(os.path.abspath(path)).parent
    for candidate in (folder, *folder.parents):
        if any((candidate / marker).exists() for marker in SITE_MARKERS):
            return candidate
    return folder
