"""Where a site begins (the folder links must not lead out of), and where its journal lives."""

from __future__ import annotations

import os
from pathlib import Path

from blogtui.domain.site.generator import detect

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
    """The folder a file's reads and writes must stay in: the nearest folder above it with a
    site marker; else the current folder, when the file is named below it; else the file's
    own folder. Links are judged by where they stand, not by where they point, and a folder
    reached through a link is never the root (`sub -> ../outside` does not make `outside` the
    site): the root is above every link on the way, so that a file reached through one is seen
    to lead out of it."""
    folder = Path(os.path.abspath(path)).parent
    chain = (folder, *folder.parents)
    for candidate in chain:
        if any((candidate / marker).exists() for marker in SITE_MARKERS):
            return candidate
    here = Path(os.path.abspath("."))
    if folder == here or here in folder.parents:
        return here
    linked = [candidate for candidate in chain if candidate.is_symlink()]
    return linked[-1].parent if linked else folder


JOURNAL = ".blogtui-journal"
"""The journal of changes to many posts, in its `journal_home` (see `ops.journal`)."""
APPLYING = "applying"
"""A marker file beside a change set's manifest while it is being applied: finding interrupted
change sets then costs a stat each, not a manifest read (every `list` looks)."""


def applying(home: Path) -> list[str]:
    """The journal's change sets marked as being applied (`home`: the `journal_home`), newest
    first. A stat each: a command that finds none loads nothing more (the journal's modules
    cost 22 ms of a `list`)."""
    try:
        found = [p.name for p in (home / JOURNAL).iterdir() if (p / APPLYING).exists()]
    except OSError:
        return []
    return sorted(found, reverse=True)


def journal_home(root: Path) -> Path:
    """Where a site's journal of changes lives, found from any folder inside it: the site's
    root (its generator's config), else the repository's top or the folder holding
    `.blogtui.toml`, else the folder itself. A publish from the site's root and an undo from
    its content folder meet in one journal."""
    info = detect(root)
    if info.generator != "unknown":
        return Path(os.path.abspath(info.site_root))
    top = Path(os.path.abspath(root))
    for candidate in (top, *top.parents):
        if (candidate / ".blogtui.toml").is_file() or (candidate / ".git").exists():
            return candidate
    return top
